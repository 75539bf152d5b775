"""Writes for capture: add to the inbox, turn an item into a task or a note, edit, restore, delete.

Invariants: the inbox is `kind=inbox` with no `processed_at`; an item leaves it by becoming a task
(it stays `kind=inbox`, with `processed_at` set, and remembers nothing of the task) or a note
(`kind=note`, `processed_at` set). Restoring puts any item back in the inbox.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from minime.capture.models import CaptureItem, CaptureKind, CaptureSource
from minime.capture.selectors import inbox
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.models import save_versioned, validate
from minime.outbox import events
from minime.workspaces.models import Workspace

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.tasks.models import Task

EMPTY = "Write something first."
MAX_TEXT = limits.NOTES_MAX
TOO_LONG = f"That is more than {MAX_TEXT:,} characters. Split it into a few items."
TITLE_MAX = 300  # Task.title's length
NOT_IN_INBOX = "This item is no longer in the inbox. Move it back to the inbox first."


def _clean_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Invalid(EMPTY, fields={"text": [EMPTY]})
    if len(text) > MAX_TEXT:
        raise Invalid(TOO_LONG, fields={"text": [TOO_LONG]})
    return text


def capture_add(
    *,
    workspace: Workspace,
    text: str,
    created_by: User | None,
    source: str = CaptureSource.TYPED,
    kind: str = CaptureKind.INBOX,
) -> CaptureItem:
    """Save `text` (trimmed) as one capture item — several lines stay one item.

    `kind="note"` files it straight into the notes. Raises Invalid for empty or overlong text.
    """
    item = CaptureItem(
        workspace=workspace,
        text=_clean_text(text),
        kind=kind,
        source=source,
        created_by=created_by,
        processed_at=timezone.now() if kind == CaptureKind.NOTE else None,
    )
    validate(item)
    with transaction.atomic():
        item.save()
        if kind == CaptureKind.INBOX:
            _record_added(item)
    return item


def _record_added(item: CaptureItem) -> None:
    """The outbox events of a new inbox item: it was added, and the inbox count went up by one
    (the backlog trigger compares the count before and after with its threshold)."""
    kinds = [k for k in ("capture_added", "capture_backlog") if events.wanted(item.workspace_id, k)]
    if not kinds:
        return
    count = inbox(item.workspace).count()
    subject = {
        "item_id": str(item.uuid),
        "text": item.text[:2000],
        "count": count,
        "previous_count": max(count - 1, 0),
    }
    for kind in kinds:
        events.record(
            workspace_id=item.workspace_id, kind=kind, subject=subject, actor_id=item.created_by_id
        )


def capture_update(
    *,
    item: CaptureItem,
    expected_version: int | None,
    text: str | None = None,
    kind: str | None = None,
) -> CaptureItem:
    """Change the text and/or the kind. Becoming a note files it (processed); becoming an inbox
    item puts it back in the inbox. Raises Invalid, or Conflict when the version moved on."""
    fields = []
    if text is not None:
        item.text = _clean_text(text)
        fields.append("text")
    if kind is not None:
        if kind not in CaptureKind.values:
            message = "Choose inbox or note."
            raise Invalid(message, fields={"kind": [message]})
        item.kind = kind
        item.processed_at = (item.processed_at or timezone.now()) if kind == "note" else None
        fields += ["kind", "processed_at"]
    if fields:
        save_versioned(item, fields=fields, expected_version=expected_version)
    return item


def note_update(*, item: CaptureItem, expected_version: int | None, text: str) -> CaptureItem:
    """Edit a note's text. Raises Invalid, or Conflict when it was changed somewhere else."""
    return capture_update(item=item, expected_version=expected_version, text=text)


def capture_file_as_note(*, item: CaptureItem) -> CaptureItem:
    """File the item as a note: it leaves the inbox and shows in the notes."""
    return capture_update(item=item, expected_version=None, kind=CaptureKind.NOTE)


def capture_restore(*, item: CaptureItem) -> CaptureItem:
    """Put the item back in the inbox, unprocessed (a note stops being a note)."""
    return capture_update(item=item, expected_version=None, kind=CaptureKind.INBOX)


def capture_delete(*, item: CaptureItem) -> None:
    item.delete()


def task_title_from(text: str) -> str:
    """The first line of `text`, cut to fit a task title."""
    first = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(first) > TITLE_MAX:
        first = first[: TITLE_MAX - 1].rstrip() + "…"
    return first


def capture_make_task(*, item: CaptureItem, user: User, title: str | None = None) -> Task:
    """Make a task of an inbox item and mark the item processed, in one transaction.

    The title is `title` or the item's first line; the whole text goes to the task's notes when
    it says more than (or other than) the title, so nothing typed is lost. Raises Invalid when
    the item already left the inbox (so a double click makes one task, not two) or the task is
    invalid.
    """
    from minime.tasks.services import task_create

    title = (title or "").strip() or task_title_from(item.text)
    notes = item.text if item.text != title else ""
    now = timezone.now()
    with transaction.atomic():
        claimed = CaptureItem.objects.filter(
            pk=item.pk, kind=CaptureKind.INBOX, processed_at__isnull=True
        ).update(processed_at=now, updated_at=now, version=F("version") + 1)
        if not claimed:
            raise Invalid(NOT_IN_INBOX)
        task = task_create(
            workspace=item.workspace, title=title, created_by=user, source="typed", notes=notes
        )
    item.processed_at = now
    item.updated_at = now
    item.version += 1
    return task
