"""The activity list's one background job: every day, forget lines older than ``KEEP``."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from minime.activity import services

EVERY = timedelta(days=1)


@task()
def prune_activity() -> int:
    """Delete activity lines older than ``services.KEEP``; return how many."""
    return services.prune()


def connect() -> None:
    """Add the daily clean-up to the scheduler (from ``ready()``)."""
    from minime.jobs.schedule import PeriodicJob, register

    register(PeriodicJob("prune-activity", EVERY, prune_activity, {}))
