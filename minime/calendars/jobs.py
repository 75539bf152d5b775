"""Calendar jobs: read one calendar (``sync_calendar``), and every hour (and when a scheduler
starts) queue a read of each calendar not read for an hour (``sync_calendars``), so the morning
recap's meetings and Today's timeline stay current even on days nobody opens the app. Reading is
idempotent: a second run reads the feed again and replaces the same events."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from minime.calendars import services
from minime.calendars.models import Calendar
from minime.core.db import SERVICE_DB

EVERY = timedelta(hours=1)


@task()
def sync_calendar(*, calendar_id: int, user_id: int) -> str:
    """Read one calendar's feed (see ``services.sync``)."""
    return services.sync(calendar_id=calendar_id, user_id=user_id)


@task()
def sync_calendars() -> int:
    """Queue a read of every calendar not read in the last hour; return how many."""
    cutoff = timezone.now() - EVERY + timedelta(minutes=1)
    due = (
        Calendar.objects.using(SERVICE_DB)
        .filter(Q(tried_at__isnull=True) | Q(tried_at__lt=cutoff))
        .values_list("pk", "user_id")
    )
    queued = 0
    for calendar_id, user_id in due:
        sync_calendar.enqueue(calendar_id=calendar_id, user_id=user_id)
        queued += 1
    return queued


def connect() -> None:
    """Add the hourly read to the scheduler (from ``ready()``)."""
    from minime.jobs.schedule import PeriodicJob, register

    register(PeriodicJob("sync-calendars", EVERY, sync_calendars, {}, at_start=True))
