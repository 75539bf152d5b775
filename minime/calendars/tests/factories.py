"""Calendar rows for other apps' tests: an event on a person's calendar without a feed to read."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import timezone

from minime.calendars.models import Calendar, CalendarEvent
from minime.core.crypto import encrypt


def calendar_for(user: Any, name: str = "Work") -> Calendar:
    """The person's calendar called ``name`` (made on first use, with an address of nowhere)."""
    found = Calendar.objects.filter(user=user, name=name).first()
    if found is not None:
        return found
    now = timezone.now()
    return Calendar.objects.create(
        user=user,
        name=name,
        synced_at=now,
        tried_at=now,  # read just now: opening Today does not try to read it again
        url_encrypted=encrypt("https://calendar.invalid/private-0000/basic.ics"),
        url_hint="calendar.invalid/…/basic.ics",
    )


def add_event(
    user: Any, *, title: str, starts_at: datetime, ends_at: datetime, all_day: bool = False
) -> CalendarEvent:
    """One cached event on the person's calendar."""
    return CalendarEvent.objects.create(
        user=user,
        calendar=calendar_for(user),
        uid=f"{title}@{starts_at.isoformat()}",
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        all_day=all_day,
    )
