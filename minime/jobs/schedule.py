"""The periodic jobs: one table, read by the scheduler.

The jobs app's own and those of the apps below it are listed here; an app above (Today's
morning recap) cannot be imported from here, so it adds its job with ``register`` from its
``AppConfig.ready()``, before any scheduler runs.

Each job runs once per slot: the period is cut into fixed slots aligned to the Unix epoch
(hourly jobs at :00, daily ones at 00:00 UTC), and whichever scheduler process claims a slot first
enqueues the task. Tasks must be idempotent and thin: they call a service. A job runs at least
once (a job whose worker died runs again): see docs/jobs.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from minime.accounts.jobs import prune_sign_in_records
from minime.jobs.housekeeping import prune_job_history


@dataclass(frozen=True)
class PeriodicJob:
    """A job run once per slot of ``every``; ``at_start`` also queues it once when a scheduler
    starts (a fresh start catches up at once instead of waiting for the next slot)."""

    name: str
    every: timedelta
    task: Any  # a django_tasks Task
    kwargs: dict[str, Any]
    at_start: bool = False


SCHEDULE: list[PeriodicJob] = [
    PeriodicJob("prune-sign-in-records", timedelta(hours=1), prune_sign_in_records, {}),
    PeriodicJob("prune-job-history", timedelta(days=1), prune_job_history, {}),
]


def register(job: PeriodicJob) -> None:
    """Add ``job`` to SCHEDULE (in place: the scheduler reads this very list). Registering a
    name again replaces that job, so a repeated ``ready()`` does not list it twice."""
    for index, listed in enumerate(SCHEDULE):
        if listed.name == job.name:
            SCHEDULE[index] = job
            return
    SCHEDULE.append(job)
