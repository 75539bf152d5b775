"""Enqueue periodic jobs, each slot exactly once however many schedulers run.

`run_scheduler` is the loop: `manage.py run_scheduler` runs it on its own (one per machine is
fine), `manage.py run_worker --with-scheduler` in a thread beside the worker. It waits out a
database outage (minime.jobs.resilience); a slot missed meanwhile is enqueued on the first tick
after, as long as its period has not passed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from threading import Event

from django.db import IntegrityError, close_old_connections, transaction
from django.utils import timezone

from minime.jobs.models import ScheduledSlot
from minime.jobs.resilience import close_connections, run_resiliently
from minime.jobs.schedule import SCHEDULE, PeriodicJob

logger = logging.getLogger(__name__)


def slot_start(now: datetime, job: PeriodicJob) -> datetime:
    """The start of the slot `now` falls in (UTC, aligned to the epoch)."""
    every = int(job.every.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // every * every, UTC)


def enqueue_due(now: datetime, jobs: Iterable[PeriodicJob] = SCHEDULE) -> list[str]:
    """Claim and enqueue the current slot of every job not yet claimed; return the names enqueued.

    The claim (a unique row) and the enqueue share one transaction: if enqueueing fails the claim
    rolls back and the next tick tries again; if another scheduler claimed first, we skip.
    """
    enqueued = []
    for job in jobs:
        slot = slot_start(now, job)
        try:
            with transaction.atomic():
                claim = ScheduledSlot.objects.create(job=job.name, slot=slot)
                result = job.task.enqueue(**job.kwargs)
                claim.task_id = str(result.id)
                claim.save(update_fields=["task_id"])
        except IntegrityError:
            continue  # another scheduler has this slot
        logger.info("periodic job enqueued", extra={"job": job.name, "slot": slot.isoformat()})
        enqueued.append(job.name)
    return enqueued


def enqueue_at_start(jobs: Iterable[PeriodicJob] = SCHEDULE) -> list[str]:
    """Queue each ``at_start`` job once (a scheduler starting); return their names. Several
    schedulers starting queue it several times: such jobs must be cheap to repeat."""
    names = []
    with transaction.atomic():
        for job in jobs:
            if job.at_start:
                job.task.enqueue(**job.kwargs)
                names.append(job.name)
    return names


def run_scheduler(stop: Event, interval: float = 1.0) -> None:
    """Tick every `interval` seconds until `stop` is set; close this thread's connections after."""

    started = False

    def tick() -> float:
        nonlocal started
        close_old_connections()
        if not started:  # once, on the first tick that reaches the database
            enqueue_at_start()
            started = True
        enqueue_due(timezone.now())
        return interval

    try:
        run_resiliently(tick, stop, "scheduler")
    finally:
        close_connections()
