"""Writes for focus sessions. Keyword-only, validated, scoped to the session's workspace.

A session is `running` until it is ended (its actual minutes are then counted) or cancelled (it
counts for nothing). One person has at most one running session per workspace. Every function
raises `Invalid` with a message fit to show: a bad length, a task of another workspace or one
that is no longer open, a second running session, a session that already stopped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from minime.accounts.models import User
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.models import validate
from minime.focus.models import FocusSession, SessionState
from minime.outbox import events
from minime.preferences.rules import rules_for
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

ALREADY_RUNNING = "A focus session is already running. End it or cancel it first."
NOT_RUNNING = "This session is no longer running: it was ended or cancelled."
TASK_ELSEWHERE = "Choose one of your tasks."
TASK_NOT_OPEN = "This task is no longer open. Pick an open task, or focus without one."
MINUTES_RANGE = f"A session lasts from 1 to {limits.FOCUS_MINUTES_MAX} minutes."
BREAK_RANGE = f"A break lasts from 0 to {limits.FOCUS_BREAK_MINUTES_MAX} minutes."
NOTE_TOO_LONG = f"Keep the note to {limits.FOCUS_NOTE_MAX} characters or fewer."
TOO_MANY_INTERRUPTIONS = (
    f"At most {limits.FOCUS_INTERRUPTIONS_MAX} interruptions in one session: end it and start "
    "a fresh one."
)


def session_start(
    *,
    workspace: Workspace,
    user: User,
    minutes: int | None = None,
    break_minutes: int | None = None,
    task: Task | None = None,
    now: datetime | None = None,
) -> FocusSession:
    """Start a running session for `user` now, on `task` or on nothing in particular.

    `minutes` and `break_minutes` default to the user's rules (focus length and break).
    Raises Invalid: a length out of range, a task of another workspace or not open, or a session
    of the user already running in this workspace.
    """
    rules = rules_for(user)
    minutes = rules.focus_minutes if minutes is None else minutes
    break_minutes = rules.break_minutes if break_minutes is None else break_minutes
    errors: dict[str, list[str]] = {}
    if isinstance(minutes, bool) or not 1 <= minutes <= limits.FOCUS_MINUTES_MAX:
        errors["minutes"] = [MINUTES_RANGE]
    if isinstance(break_minutes, bool) or not 0 <= break_minutes <= limits.FOCUS_BREAK_MINUTES_MAX:
        errors["break_minutes"] = [BREAK_RANGE]
    if task is not None:
        if task.workspace_id != workspace.pk:
            errors["task"] = [TASK_ELSEWHERE]
        elif task.status != TaskStatus.OPEN:
            errors["task"] = [TASK_NOT_OPEN]
    if errors:
        raise Invalid("Some fields need another look.", fields=errors)
    if _running(workspace, user).exists():
        raise Invalid(ALREADY_RUNNING)
    session = FocusSession(
        workspace=workspace,
        created_by=user,
        task=task,
        started_at=now or timezone.now(),
        planned_minutes=minutes,
        break_minutes=break_minutes,
    )
    validate(session)
    try:
        with transaction.atomic():
            session.save()
    except IntegrityError as exc:  # two starts at once: the partial unique index decides
        raise Invalid(ALREADY_RUNNING) from exc
    return session


def session_interrupt(*, session: FocusSession) -> FocusSession:
    """Count one interruption of a running session. Raises Invalid when it is no longer running
    or has counted the most a session can."""
    if session.interruptions >= limits.FOCUS_INTERRUPTIONS_MAX:
        raise Invalid(TOO_MANY_INTERRUPTIONS)
    _update_running(
        session,
        extra_filter={"interruptions__lt": limits.FOCUS_INTERRUPTIONS_MAX},
        interruptions=F("interruptions") + 1,
    )
    return session


def session_end(
    *, session: FocusSession, note: str = "", now: datetime | None = None
) -> FocusSession:
    """End a running session now with an optional short note; its actual minutes are counted
    from its start to now, at most the planned minutes (see `actual_minutes`).

    Raises Invalid: a note over FOCUS_NOTE_MAX characters, or a session no longer running.
    """
    note = (note or "").strip()
    if len(note) > limits.FOCUS_NOTE_MAX:
        raise Invalid("Some fields need another look.", fields={"note": [NOTE_TOO_LONG]})
    ended_at = now or timezone.now()
    with transaction.atomic():
        _update_running(
            session,
            state=SessionState.ENDED,
            ended_at=ended_at,
            actual_minutes=actual_minutes(session.started_at, ended_at, session.planned_minutes),
            note=note,
        )
        if events.wanted(session.workspace_id, "focus_finished"):
            events.record(
                workspace_id=session.workspace_id,
                kind="focus_finished",
                subject=_focus_subject(session),
                actor_id=session.created_by_id,
                occurred_at=ended_at,
            )
    return session


def _focus_subject(session: FocusSession) -> dict[str, Any]:
    """What the outbox event of a finished session says: its minutes and its task, if any."""
    task = session.task
    subject: dict[str, Any] = {"minutes": session.actual_minutes or 0}
    if task is not None:
        subject |= {
            "item_id": str(task.uuid),
            "title": task.title,
            "project_id": str(task.project.uuid) if task.project else None,
            "project_name": task.project.title if task.project else "",
            "area_id": str(task.area.uuid) if task.area else None,
            "area_name": task.area.name if task.area else "",
        }
    return subject


def session_cancel(*, session: FocusSession, now: datetime | None = None) -> FocusSession:
    """Cancel a running session: it stays in the history as cancelled and counts for nothing.
    Raises Invalid when it is no longer running."""
    _update_running(session, state=SessionState.CANCELLED, ended_at=now or timezone.now())
    return session


def actual_minutes(started_at: datetime, ended_at: datetime, planned_minutes: int) -> int:
    """Whole minutes from start to end, rounded to the nearest, never below 0 and never above
    the planned length: the timer stops there, and the time until someone presses End (a
    forgotten tab, a night) is not focus."""
    seconds = max(0.0, (ended_at - started_at).total_seconds())
    return min(int((seconds + 30) // 60), planned_minutes)


# --- Helpers -------------------------------------------------------------------------------------
def _running(workspace: Workspace, user: User) -> Any:
    return FocusSession.objects.in_workspace(workspace).filter(
        created_by=user, state=SessionState.RUNNING
    )


def _update_running(
    session: FocusSession, *, extra_filter: dict[str, Any] | None = None, **values: Any
) -> None:
    """Write `values` only while the session is still running (another device may have ended
    it since this one read it), bump its version, and read back what was written."""
    now = timezone.now()
    rows = FocusSession.objects.filter(
        pk=session.pk, workspace_id=session.workspace_id, state=SessionState.RUNNING
    )
    if extra_filter:
        rows = rows.filter(**extra_filter)
    with transaction.atomic():
        if rows.update(**values, version=F("version") + 1, updated_at=now) == 0:
            session.refresh_from_db()
            if session.state == SessionState.RUNNING:
                raise Invalid(TOO_MANY_INTERRUPTIONS)
            raise Invalid(NOT_RUNNING)
    session.refresh_from_db()
