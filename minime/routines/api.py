"""/api/v1/routines — routines, their checklist steps and their daily occurrences."""

from datetime import date, datetime
from typing import Annotated, Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.api import (
    ApiDate,
    ErrorOut,
    InputSchema,
    LocalTime,
    LocalTimeIn,
    Paging,
    Version,
    patch_changes,
)
from minime.core.errors import Invalid
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import in_workspace_or_422
from minime.core.types import AuthedRequest
from minime.routines import services
from minime.routines.models import (
    OccurrenceStatus,
    Routine,
    RoutineOccurrence,
    RoutineStep,
    TimeOfDay,
)
from minime.routines.selectors import (
    due_on,
    history,
    occurrence_list,
    routines_for_day,
)
from minime.routines.services import CadenceKind

router = Router(tags=["Routines"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# ---------------------------------------------------------------------------------------------
# Schemas


class StepOut(Schema):
    uuid: UUID
    routine: UUID
    title: str
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_routine(obj: RoutineStep) -> UUID:
        return obj.routine.uuid


class OccurrenceOut(Schema):
    uuid: UUID
    date: date
    status: OccurrenceStatus
    checked_steps: list[UUID] = Field(description="The steps ticked that day.")
    note: str
    version: int
    created_at: datetime
    updated_at: datetime


class RoutineOut(Schema):
    uuid: UUID
    title: str
    area: UUID | None
    recurrence: str = Field(description="An RFC 5545 RRULE, e.g. FREQ=WEEKLY;BYDAY=MO,WE,FR.")
    cadence: str = Field(description="The rule in plain English.")
    starts_on: date
    time_of_day: TimeOfDay
    exact_time: LocalTime | None
    estimate_minutes: int | None
    is_active: bool
    position: int
    steps: list[StepOut]
    occurrence: OccurrenceOut | None = Field(
        None, description="What is recorded for the day listed: today, or the `due_on` date."
    )
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_area(obj: Routine) -> UUID | None:
        return obj.area.uuid if obj.area else None


class HistoryOut(Schema):
    days: int = Field(description="The window: this many days up to today.")
    current_streak: int
    best_streak: int
    completion_rate: float | None = Field(
        description="Done = 1, partly = 0.5, over the window's due days up to today (0..1)."
    )
    missed: int
    due_today: bool


class RoutineDetailOut(RoutineOut):
    history: HistoryOut


Weekday = Annotated[str, Field(max_length=limits.CODE_MAX)]
StepTitle = Annotated[str, Field(max_length=limits.TITLE_MAX)]


class CadenceIn(InputSchema):
    kind: CadenceKind
    weekdays: list[Weekday] = Field(
        [], max_length=7, description="For weekly_on: MO, TU, WE, TH, FR, SA, SU."
    )
    every_n: int | None = Field(
        None, ge=1, le=limits.EVERY_N_DAYS_MAX, description="For every_n_days."
    )
    month_day: int | None = Field(
        None, ge=-1, le=31, description="For monthly: 1..31, or -1 (last day)."
    )


class RoutineIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)
    recurrence: str | None = Field(
        None, max_length=limits.RECURRENCE_MAX, description="An RRULE; or give `cadence` instead."
    )
    cadence: CadenceIn | None = Field(None, description="A friendly cadence, turned into an RRULE.")
    starts_on: ApiDate | None = Field(None, description="Default: today.")
    area: UUID | None = None
    time_of_day: TimeOfDay = TimeOfDay.ANYTIME
    exact_time: LocalTimeIn | None = None
    estimate_minutes: int | None = Field(None, ge=1, le=limits.ESTIMATE_MINUTES_MAX)
    is_active: bool = True
    steps: list[StepTitle] = Field(
        [],
        max_length=limits.STEPS_MAX,
        description=f"Checklist step titles, in order (at most {limits.STEPS_MAX}).",
    )


class RoutinePatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TITLE_MAX)
    recurrence: str | None = Field(None, max_length=limits.RECURRENCE_MAX)
    cadence: CadenceIn | None = None
    starts_on: ApiDate | None = None
    area: UUID | None = None
    time_of_day: TimeOfDay | None = None
    exact_time: LocalTimeIn | None = None
    estimate_minutes: int | None = Field(None, ge=1, le=limits.ESTIMATE_MINUTES_MAX)
    is_active: bool | None = None


class StepIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)


class StepPatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TITLE_MAX)
    position: int | None = Field(
        None, ge=1, le=limits.STEPS_MAX, description="Move to this place (1 = first)."
    )


class CheckIn(InputSchema):
    status: OccurrenceStatus | None = Field(
        None, description="Default: from checked_steps (all → done, some → partly)."
    )
    checked_steps: list[UUID] | None = Field(
        None, max_length=limits.STEPS_MAX, description="The ticked steps' uuids."
    )
    note: str | None = Field(None, max_length=limits.CHECK_IN_NOTE_MAX)


# ---------------------------------------------------------------------------------------------
# Helpers


def _routine(request: AuthedRequest, uuid: UUID) -> Routine:
    return get_scoped_or_404(Routine, request.workspace, uuid=uuid)


def _fields(request: AuthedRequest, data: dict[str, Any]) -> dict[str, Any]:
    """Payload → service fields: the cadence becomes the RRULE, the area uuid a LifeArea."""
    cadence = data.pop("cadence", None)
    if cadence is not None:
        data["recurrence"] = services.cadence_rule(
            cadence["kind"],
            weekdays=cadence.get("weekdays") or (),
            every_n=cadence.get("every_n"),
            month_day=cadence.get("month_day"),
        )
    return in_workspace_or_422(request.workspace, data, {"area": LifeArea})


def _detail(request: AuthedRequest, uuid: UUID) -> Routine:
    today = timezone.localdate()
    routine = routines_for_day(request.workspace, today).get(uuid=uuid)
    past = history(routine, today=today)
    statuses = past.statuses.values()
    routine.history = {  # type: ignore[attr-defined]
        "days": len(past.days),
        "current_streak": past.current_streak,
        "best_streak": past.best_streak,
        "completion_rate": past.completion_rate,
        "missed": sum(1 for s in statuses if s == "missed"),
        "due_today": routine.is_active and today in past.statuses,
    }
    return routine


# ---------------------------------------------------------------------------------------------
# Routines


@router.get("/routines", response=list[RoutineOut], summary="List routines")
@paginate(Paging)
def list_routines(
    request: AuthedRequest, active: bool | None = None, due_on: ApiDate | None = None
) -> Any:
    """In the user's order. `due_on=YYYY-MM-DD`: the active routines due that day, in time
    order, each with what is recorded for that day."""
    if due_on is not None:
        found = _due_on(request, due_on)
        return found if active is None else [r for r in found if r.is_active == active]
    return routines_for_day(request.workspace, timezone.localdate(), active=active)


def _due_on(request: AuthedRequest, day: date) -> list[Routine]:
    return due_on(request.workspace, day, timezone.get_current_timezone_name())


@router.post("/routines", response={201: RoutineDetailOut, **ERRORS}, summary="Create a routine")
def create_routine(request: AuthedRequest, payload: RoutineIn) -> Status[Routine]:
    data = _fields(request, payload.dict())
    if not data.get("recurrence"):
        message = "Say how often: a recurrence rule, or a cadence."
        raise Invalid(message, fields={"recurrence": [message]})
    data["starts_on"] = data["starts_on"] or timezone.localdate()
    routine = services.routine_create(workspace=request.workspace, **data)
    return Status(201, _detail(request, routine.uuid))


@router.get("/routines/{uuid}", response={200: RoutineDetailOut, **ERRORS}, summary="Get a routine")
def get_routine(request: AuthedRequest, uuid: UUID) -> Routine:
    _routine(request, uuid)  # 404 first
    return _detail(request, uuid)


@router.patch(
    "/routines/{uuid}", response={200: RoutineDetailOut, **ERRORS}, summary="Change a routine"
)
def update_routine(request: AuthedRequest, uuid: UUID, payload: RoutinePatch) -> Routine:
    routine = _routine(request, uuid)
    changes = _fields(request, patch_changes(payload, Routine))
    services.routine_update(routine=routine, expected_version=payload.version, **changes)
    return _detail(request, uuid)


@router.delete("/routines/{uuid}", response={204: None, **ERRORS}, summary="Delete a routine")
def delete_routine(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.routine_delete(routine=_routine(request, uuid))
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Steps


@router.get("/routines/{uuid}/steps", response={200: list[StepOut], **ERRORS}, summary="List steps")
@paginate(Paging)
def list_steps(request: AuthedRequest, uuid: UUID) -> Any:
    routine = _routine(request, uuid)
    return routine.steps.select_related("routine").order_by("position", "created_at")


@router.post(
    "/routines/{uuid}/steps", response={201: StepOut, **ERRORS}, summary="Add a checklist step"
)
def create_step(request: AuthedRequest, uuid: UUID, payload: StepIn) -> Status[RoutineStep]:
    routine = _routine(request, uuid)
    return Status(201, services.step_add(routine=routine, title=payload.title))


@router.patch(
    "/routine-steps/{uuid}", response={200: StepOut, **ERRORS}, summary="Rename or move a step"
)
def update_step(request: AuthedRequest, uuid: UUID, payload: StepPatch) -> RoutineStep:
    step = get_scoped_or_404(RoutineStep, request.workspace, uuid=uuid)
    title = payload.title if payload.title is not None else step.title
    services.step_update(step=step, expected_version=payload.version, title=title)
    if payload.position is not None:
        services.step_move(step=step, offset=payload.position - _place(step))
        step.refresh_from_db()
    return step


def _place(step: RoutineStep) -> int:
    order = list(
        RoutineStep.objects.filter(routine_id=step.routine_id)
        .order_by("position", "created_at")
        .values_list("pk", flat=True)
    )
    return order.index(step.pk) + 1


@router.delete("/routine-steps/{uuid}", response={204: None, **ERRORS}, summary="Delete a step")
def delete_step(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.step_delete(step=get_scoped_or_404(RoutineStep, request.workspace, uuid=uuid))
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Occurrences


@router.get(
    "/routines/{uuid}/occurrences",
    response={200: list[OccurrenceOut], **ERRORS},
    summary="List recorded days",
)
@paginate(Paging)
def list_occurrences(
    request: AuthedRequest,
    uuid: UUID,
    date_from: Annotated[ApiDate | None, Query(alias="from")] = None,
    date_to: Annotated[ApiDate | None, Query(alias="to")] = None,
) -> Any:
    """Newest first; `from` and `to` (YYYY-MM-DD, inclusive) narrow the range. Days with
    nothing recorded are not listed."""
    return occurrence_list(_routine(request, uuid), start=date_from, end=date_to)


@router.put(
    "/routines/{uuid}/occurrences/{date}",
    response={200: OccurrenceOut, 204: None, **ERRORS},
    summary="Check in for a day",
)
def put_occurrence(
    request: AuthedRequest, uuid: UUID, date: Annotated[ApiDate, Path()], payload: CheckIn
) -> RoutineOccurrence | Status[None]:
    """Record `status` and/or the ticked `checked_steps` for a due day (today or past). With no
    status the ticks decide it; ticking nothing clears the day (204)."""
    occurrence = services.check_in(
        routine=_routine(request, uuid),
        day=date,
        status=payload.status,
        checked_steps=payload.checked_steps,
        note=payload.note,
    )
    return Status(204, None) if occurrence is None else occurrence


@router.delete(
    "/routines/{uuid}/occurrences/{date}",
    response={204: None, **ERRORS},
    summary="Clear a day",
)
def delete_occurrence(
    request: AuthedRequest, uuid: UUID, date: Annotated[ApiDate, Path()]
) -> Status[None]:
    services.clear(routine=_routine(request, uuid), day=date)
    return Status(204, None)
