"""Gmail's one background job: every hour, delete the pulled messages read more than a day ago.
Nothing reads mail in the background: pulling is the person's button."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from minime.gmail import services

EVERY = timedelta(hours=1)


@task()
def prune_pulled_mail() -> int:
    """Delete pulled messages older than ``services.KEEP_PULLED``; return how many."""
    return services.prune()


def connect() -> None:
    """Add the hourly clean-up to the scheduler (from ``ready()``)."""
    from minime.jobs.schedule import PeriodicJob, register

    register(PeriodicJob("prune-pulled-mail", EVERY, prune_pulled_mail, {}, at_start=True))
