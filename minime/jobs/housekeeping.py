"""The jobs app's own periodic job: pruning the queue's history. Like every job it is idempotent
(docs/jobs.md)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from minime.core.db import SERVICE_DB
from minime.jobs.models import ScheduledSlot

KEEP_HISTORY = timedelta(days=7)


@task()
def prune_job_history() -> dict[str, int]:
    """Scheduled: forget finished task results and slot claims older than a week."""
    cutoff = timezone.now() - KEEP_HISTORY
    results, _ = (
        DBTaskResult.objects.using(SERVICE_DB).finished().filter(finished_at__lt=cutoff).delete()
    )
    slots, _ = ScheduledSlot.objects.using(SERVICE_DB).filter(enqueued_at__lt=cutoff).delete()
    return {"task_results": results, "slots": slots}
