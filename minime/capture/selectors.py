"""Reads for capture: the inbox, the notes, and whether the inbox is backing up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, QuerySet

from minime.capture.models import CaptureItem, CaptureKind
from minime.workspaces.models import Workspace


def inbox(workspace: Workspace) -> QuerySet[CaptureItem]:
    """Unprocessed inbox items, oldest first."""
    return (
        CaptureItem.objects.in_workspace(workspace)
        .filter(kind=CaptureKind.INBOX, processed_at__isnull=True)
        .order_by("created_at", "id")
    )


def _search(items: QuerySet[CaptureItem], q: str | None) -> QuerySet[CaptureItem]:
    for word in (q or "").split():
        items = items.filter(text__icontains=word)
    return items


def notes(workspace: Workspace, q: str | None = None) -> QuerySet[CaptureItem]:
    """Notes, the most recently filed first; `q` keeps those containing every word of it."""
    items = _search(CaptureItem.objects.in_workspace(workspace).filter(kind=CaptureKind.NOTE), q)
    return items.order_by(F("processed_at").desc(nulls_last=True), "-created_at", "-id")


def capture_list(
    workspace: Workspace,
    *,
    kind: str = CaptureKind.INBOX,
    processed: bool | None = None,
    q: str | None = None,
) -> QuerySet[CaptureItem]:
    """The API's list. Inbox items oldest first (by default only unprocessed ones: the inbox);
    notes newest first. `processed` and `q` filter."""
    if kind == CaptureKind.NOTE:
        items = notes(workspace, q)
        if processed is not None:
            items = items.filter(processed_at__isnull=not processed)
        return items
    items = CaptureItem.objects.in_workspace(workspace).filter(kind=CaptureKind.INBOX)
    items = items.filter(processed_at__isnull=not processed)
    return _search(items, q).order_by("created_at", "id")


@dataclass(frozen=True)
class Backlog:
    count: int
    oldest_age_days: int  # 0 when the inbox is empty
    is_backlog: bool


def backlog(
    workspace: Workspace, now: datetime, items_threshold: int, days_threshold: int
) -> Backlog:
    """How full the inbox is (one query). It is a backlog at `items_threshold` items or more, or
    when the oldest item is `days_threshold` days old or older."""
    found = inbox(workspace).order_by().aggregate(count=Count("id"), oldest=Min("created_at"))
    count = found["count"] or 0
    oldest = found["oldest"]
    age = (now - oldest) if oldest else timedelta(0)
    age = max(age, timedelta(0))
    return Backlog(
        count=count,
        oldest_age_days=age.days,
        is_backlog=count > 0
        and (count >= items_threshold or age >= timedelta(days=days_threshold)),
    )
