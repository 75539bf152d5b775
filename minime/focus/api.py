"""/api/v1/focus — the focus timer: the running session, start, interrupt, end, cancel, the
history and the stats.

A session is personal: every endpoint answers the caller's own sessions in the workspace, and
another person's session (or another workspace's) is a 404.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, Paging
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import in_workspace_or_422
from minime.core.types import AuthedRequest
from minime.focus import selectors, services
from minime.focus.models import FocusSession, SessionState
from minime.tasks.models import Task

router = Router(tags=["Focus"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class FocusSessionOut(Schema):
    uuid: UUID
    task: UUID | None = Field(description="The task it is on; null: free focus.")
    task_title: str | None
    state: SessionState
    started_at: datetime
    planned_minutes: int
    break_minutes: int = Field(description="The break planned after it.")
    ends_at: datetime = Field(description="When the timer reaches zero: start + planned minutes.")
    ended_at: datetime | None = Field(description="When it was ended or cancelled.")
    actual_minutes: int | None = Field(
        description="Minutes from start to end, at most the planned ones; null until it ends."
    )
    interruptions: int
    note: str
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_task(obj: FocusSession) -> UUID | None:
        return obj.task.uuid if obj.task else None

    @staticmethod
    def resolve_task_title(obj: FocusSession) -> str | None:
        return obj.task.title if obj.task else None

    @staticmethod
    def resolve_ends_at(obj: FocusSession) -> datetime:
        return obj.planned_end


class FocusRunningOut(Schema):
    session: FocusSessionOut | None = Field(description="Your running session, or null.")
    focus_minutes: int = Field(description="Your usual focus length (Settings → Rules).")
    break_minutes: int = Field(description="Your usual break.")
    now: datetime = Field(description="The server's time, to count down from.")


class FocusStartIn(InputSchema):
    minutes: int | None = Field(
        None,
        ge=1,
        le=limits.FOCUS_MINUTES_MAX,
        description="How long; null or left out: your usual focus length.",
    )
    break_minutes: int | None = Field(
        None,
        ge=0,
        le=limits.FOCUS_BREAK_MINUTES_MAX,
        description="The break after it; null or left out: your usual break.",
    )
    task: UUID | None = Field(None, description="The uuid of one of your open tasks; null: none.")


class FocusEndIn(InputSchema):
    note: str = Field("", max_length=limits.FOCUS_NOTE_MAX, description="A short note.")


class FocusDayOut(Schema):
    date: date
    minutes: int
    sessions: int


class FocusTotalOut(Schema):
    uuid: UUID | None = Field(description="The task, project or area; null: none of them.")
    label: str
    this_week_minutes: int
    last_week_minutes: int


class FocusStatsOut(Schema):
    today: date
    this_week_start: date
    last_week_start: date
    this_week_minutes: int
    last_week_minutes: int
    days: list[FocusDayOut] = Field(description="The last 14 days, today first.")
    by_task: list[FocusTotalOut]
    by_project: list[FocusTotalOut]
    by_area: list[FocusTotalOut] = Field(description="A task's area, else its project's.")


def _totals(rows: list[selectors.FocusTotal]) -> list[FocusTotalOut]:
    return [
        FocusTotalOut(
            uuid=row.uuid,
            label=row.label,
            this_week_minutes=row.this_week,
            last_week_minutes=row.last_week,
        )
        for row in rows
    ]


def _session(request: AuthedRequest, uuid: UUID) -> FocusSession:
    return get_scoped_or_404(FocusSession, request.workspace, uuid=uuid, created_by=request.user)


@router.get(
    "/focus/running",
    response=FocusRunningOut,
    summary="Get the running focus session",
    url_name="focus_running",
)
def get_running(request: AuthedRequest) -> dict[str, Any]:
    """Your running session in this workspace (null when none), your usual lengths, and the
    server's time: a client counts down from `session.ends_at`."""
    defaults = selectors.defaults_for(request.user)
    return {
        "session": selectors.running_session(request.workspace, request.user),
        "focus_minutes": defaults.focus_minutes,
        "break_minutes": defaults.break_minutes,
        "now": timezone.now(),
    }


@router.post(
    "/focus/sessions", response={201: FocusSessionOut, **ERRORS}, summary="Start a focus session"
)
def start_session(request: AuthedRequest, payload: FocusStartIn) -> Status[FocusSession]:
    """Starts now. 422 when a session of yours is already running here, or the task is not one
    of your open tasks."""
    data = in_workspace_or_422(request.workspace, payload.dict(), {"task": Task})
    session = services.session_start(workspace=request.workspace, user=request.user, **data)
    return Status(201, session)


@router.get("/focus/sessions", response=list[FocusSessionOut], summary="List focus sessions")
@paginate(Paging)
def list_sessions(request: AuthedRequest, state: SessionState | None = None) -> list[FocusSession]:
    """Your sessions in this workspace, newest first. Filter by `state`."""
    return selectors.session_list(request.workspace, request.user, state=state)  # type: ignore[return-value]


@router.get(
    "/focus/sessions/{uuid}",
    response={200: FocusSessionOut, **ERRORS},
    summary="Get a focus session",
)
def get_session(request: AuthedRequest, uuid: UUID) -> FocusSession:
    return _session(request, uuid)


@router.post(
    "/focus/sessions/{uuid}/interrupt",
    response={200: FocusSessionOut, **ERRORS},
    summary="Count an interruption",
)
def interrupt_session(request: AuthedRequest, uuid: UUID) -> FocusSession:
    """One more interruption of a running session (422 once it has stopped)."""
    return services.session_interrupt(session=_session(request, uuid))


@router.post(
    "/focus/sessions/{uuid}/end",
    response={200: FocusSessionOut, **ERRORS},
    summary="End a focus session",
)
def end_session(request: AuthedRequest, uuid: UUID, payload: FocusEndIn) -> FocusSession:
    """Ends it now, with an optional note: `actual_minutes` counts from the start to now, at
    most the planned minutes. 422 once it has stopped."""
    return services.session_end(session=_session(request, uuid), note=payload.note)


@router.post(
    "/focus/sessions/{uuid}/cancel",
    response={200: FocusSessionOut, **ERRORS},
    summary="Cancel a focus session",
)
def cancel_session(request: AuthedRequest, uuid: UUID) -> FocusSession:
    """Cancels it: it counts for nothing. 422 once it has stopped."""
    return services.session_cancel(session=_session(request, uuid))


@router.get("/focus/stats", response=FocusStatsOut, summary="Focus stats")
def get_stats(request: AuthedRequest) -> FocusStatsOut:
    """Focus minutes of your ended sessions: by day over the last 14 days (a session counts on
    the day it started, in your time zone), and by task, project and life area this week and
    last week (weeks start on your week start)."""
    stats = selectors.focus_stats(request.workspace, request.user, timezone.localdate())
    return FocusStatsOut(
        today=stats.today,
        this_week_start=stats.this_week_start,
        last_week_start=stats.last_week_start,
        this_week_minutes=stats.this_week,
        last_week_minutes=stats.last_week,
        days=[FocusDayOut(date=d.date, minutes=d.minutes, sessions=d.sessions) for d in stats.days],
        by_task=_totals(stats.by_task),
        by_project=_totals(stats.by_project),
        by_area=_totals(stats.by_area),
    )
