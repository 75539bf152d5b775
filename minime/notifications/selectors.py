"""Reads: a user's notifications, devices and quiet hours. A fixed number of queries each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from minime.notifications.models import Notification, PushDevice, QuietHours

if TYPE_CHECKING:
    import datetime as dt

    from minime.accounts.models import User


def notifications(user: User) -> QuerySet[Notification]:
    """The user's notifications, newest first."""
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread(user: User) -> QuerySet[Notification]:
    """The user's notifications not yet read (the navigation counts them)."""
    return Notification.objects.filter(user=user, read_at__isnull=True)


def unread_count(user: User) -> int:
    return unread(user).count()


def devices(user: User) -> QuerySet[PushDevice]:
    """The user's devices, oldest first."""
    return PushDevice.objects.filter(user=user).order_by("created_at", "id")


@dataclass(frozen=True)
class Quiet:
    start: dt.time | None
    end: dt.time | None


def quiet_hours(user: User) -> Quiet:
    row = QuietHours.objects.filter(user=user).first()
    return Quiet(row.start, row.end) if row else Quiet(None, None)
