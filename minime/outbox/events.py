"""Recording events: the one function the domain services call, and the hook its consumer sets.

    from minime.outbox.events import record

    record(workspace_id=task.workspace_id, kind="task_completed", actor_id=user.pk,
           subject={"item_id": str(task.uuid), "title": task.title, ...})

* **Same transaction.** ``record`` inserts the event on the caller's connection, inside whatever
  transaction the service is in: the event commits with the change or not at all.
* **Only when someone listens.** The outbox sits below the app that consumes it (automations),
  so that app registers a ``Consumer`` from its ``AppConfig.ready()``: ``wants(workspace_id,
  kind)`` says whether the workspace has an enabled rule for the kind (an event nobody would
  match is not written: a workspace without rules pays one indexed lookup per change), and
  ``wake(workspace_id)`` is called once the transaction commits, to queue the matching job.
  Services that need a query to build the subject (labels, a count) ask ``wanted`` first.
* **Depth.** Changes made while an automation runs its actions happen inside
  ``caused_by(depth)``: their events get ``depth + 1``, which the matcher uses to stop chains.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from minime.outbox.models import Event


@dataclass(frozen=True, slots=True)
class Consumer:
    """Who reads the outbox: whether it wants a kind of event in a workspace, and how to wake
    it once events were committed."""

    wants: Callable[[int, str], bool]
    wake: Callable[[int], None]


_consumer: Consumer | None = None
_depth: ContextVar[int] = ContextVar("outbox_depth", default=0)


def register(consumer: Consumer | None) -> None:
    """Set (or, with None, remove) the outbox's consumer."""
    global _consumer
    _consumer = consumer


def wanted(workspace_id: int, kind: str) -> bool:
    """Whether an event of ``kind`` in the workspace would be read by anyone."""
    return _consumer is not None and _consumer.wants(workspace_id, kind)


def current_depth() -> int:
    """The depth events recorded now get (0 outside any automation)."""
    return _depth.get()


@contextmanager
def caused_by(depth: int) -> Iterator[None]:
    """Within the block, recorded events are caused by an event at ``depth``: they get
    ``depth + 1``."""
    token = _depth.set(depth + 1)
    try:
        yield
    finally:
        _depth.reset(token)


def record(
    *,
    workspace_id: int,
    kind: str,
    subject: dict[str, Any],
    actor_id: int | None = None,
    occurred_at: datetime | None = None,
) -> Event | None:
    """Write one event in the caller's transaction (None when nobody wants its kind here) and,
    once that commits, wake the consumer."""
    consumer = _consumer
    if consumer is None or not consumer.wants(workspace_id, kind):
        return None
    event = Event.objects.create(
        workspace_id=workspace_id,
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        depth=_depth.get(),
        actor_id=actor_id,
        subject=subject,
    )
    transaction.on_commit(partial(consumer.wake, workspace_id))
    return event
