"""Enqueue periodic jobs, each slot exactly once however many schedulers run."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import UTC, datetime

from django.db import IntegrityError, transaction

from minime.jobs.models import ScheduledSlot
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
