"""/api/v1/today — the Today plan as JSON, and the same one-tap actions as the page."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema

from minime.core.api import ErrorOut, InputSchema, LocalTime
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.core.vocabulary import EnergyLevel
from minime.tasks.models import Task
from minime.today import engine, services
from minime.today.engine.cards import AttentionKind
from minime.today.selectors import plan_for

router = Router(tags=["Today"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ReasonOut(Schema):
    kind: str
    weight: float
    text: str


class NextStepOut(Schema):
    uuid: UUID
    title: str


class TaskCardOut(Schema):
    uuid: UUID
    title: str
    score: float
    estimate_minutes: int | None = Field(
        description="A task with steps and no estimate of its own: its open steps' minutes."
    )
    due_date: date | None
    reasons: list[ReasonOut]
    next_step: NextStepOut | None = Field(
        description="A task with open subtasks is planned as one unit: its first open step."
    )
    note: str | None = Field(
        description="Why a task ranked below one left out is planned: the free gap it fits."
    )


class StartWithOut(TaskCardOut):
    sentence: str
    planned: bool
    fits: bool = Field(description="False when its minutes are more than today's free minutes.")


class RecommendationOut(Schema):
    kind: str
    heading: str
    text: str
    task: UUID | None = None
    project: UUID | None = None
    goal: UUID | None = None


class BucketsOut(Schema):
    do_first: list[TaskCardOut]
    do_next: list[TaskCardOut]
    if_time: list[TaskCardOut] = Field(description="The first 20 of if_time_count.")
    if_time_count: int
    unplanned: list[TaskCardOut]
    unplanned_count: int


class WorkloadOut(Schema):
    planned_minutes: int
    free_minutes: int
    focus_minutes: int = Field(description="The Do first + Do next budget.")
    focus_text: str = Field(description="The budget and where it comes from, as Today says it.")


class OverloadOut(Schema):
    planned_minutes: int
    free_minutes: int
    text: str
    detail: str


class MoveOut(Schema):
    task: UUID
    title: str
    to: date
    reason: str


class SimplifyOut(Schema):
    moves: list[MoveOut] = Field(description="The first 20 of move_count (applying moves all).")
    move_count: int
    planned_minutes: int
    free_minutes: int
    text: str


class NoBlockOut(Schema):
    tasks: list[TaskCardOut] = Field(description="The first 3 of count.")
    count: int
    longest_minutes: int = Field(description="Today's longest free gap.")
    move_to: date = Field(description="The next work day.")
    text: str


class AttentionOut(Schema):
    kind: AttentionKind = Field(
        description=(
            "In this order: overdue tasks (one item), stuck projects, goals with no work, "
            "decisions past their deadline (decision_overdue) or due for a look back "
            "(decision_revisit), one item each, and the capture backlog."
        )
    )
    text: str
    ids: list[str] = Field(
        description="The first 20 of count: the tasks, the project, the goal or the decision."
    )
    count: int


class TodayRoutineOut(Schema):
    uuid: UUID
    title: str
    exact_time: LocalTime | None
    time_of_day: str
    done_today: bool


class EventOut(Schema):
    title: str
    start: datetime
    end: datetime
    all_day: bool


class BlockOut(Schema):
    start: datetime
    end: datetime
    kind: str
    title: str
    ref: str | None
    part: int
    parts: int


class TodayOut(Schema):
    date: date
    energy: str
    guidance: str
    start_with: StartWithOut | None
    first_step: str | None
    day_over: bool
    tomorrow: StartWithOut | None
    day_off: bool = Field(description="Not a work day: work areas' tasks are left out.")
    recommendations: list[RecommendationOut]
    buckets: BucketsOut
    free_minutes: int
    workload: WorkloadOut
    overload: OverloadOut | None
    simplify: SimplifyOut | None
    no_block: NoBlockOut | None = Field(
        description="Deep work (one unbroken block) that no free gap today can hold."
    )
    attention: list[AttentionOut]
    routines: list[TodayRoutineOut]
    events: list[EventOut]
    timeline: list[BlockOut]


class EnergyIn(InputSchema):
    energy: EnergyLevel


class EnergyOut(Schema):
    date: date
    energy: str


def plan_out(plan: engine.TodayPlan) -> dict[str, object]:
    """The plan as the API's plain data: the plan document's answer (``engine.plan_to_json``),
    which the command ``minime plan`` prints too; fields the API does not list are dropped by
    the schema."""
    return engine.plan_to_json(plan)


def _today(request: AuthedRequest) -> dict[str, object]:
    _, plan = plan_for(user=request.user, workspace=request.workspace, now=timezone.now())
    return plan_out(plan)


def _task(request: AuthedRequest, uuid: UUID) -> Task:
    return get_scoped_or_404(Task, request.workspace, uuid=uuid)


@router.get("/today", response={200: TodayOut, **ERRORS}, summary="Today's plan")
def get_today(request: AuthedRequest) -> dict[str, object]:
    return _today(request)


@router.post(
    "/today/not-now/{uuid}",
    response={200: TodayOut, **ERRORS},
    summary="Not now: hide a task from Today until tomorrow",
)
def not_now(request: AuthedRequest, uuid: UUID) -> dict[str, object]:
    services.task_not_now(task=_task(request, uuid), today=timezone.localdate())
    return _today(request)


@router.post(
    "/today/do-instead/{uuid}",
    response={200: TodayOut, **ERRORS},
    summary="Do this instead: pin a task to today so it comes first",
)
def do_instead(
    request: AuthedRequest, uuid: UUID, replacing: UUID | None = None
) -> dict[str, object]:
    task = _task(request, uuid)
    current = _task(request, replacing) if replacing else None
    services.task_do_instead(task=task, today=timezone.localdate(), replacing=current)
    return _today(request)


@router.post(
    "/today/done/{uuid}", response={200: TodayOut, **ERRORS}, summary="Done: complete a task"
)
def done(request: AuthedRequest, uuid: UUID) -> dict[str, object]:
    services.task_done(task=_task(request, uuid), user=request.user)
    return _today(request)


@router.put("/today/energy", response={200: EnergyOut, **ERRORS}, summary="Set today's energy")
def set_energy(request: AuthedRequest, payload: EnergyIn) -> EnergyOut:
    state = services.energy_set(
        user=request.user,
        workspace=request.workspace,
        day=timezone.localdate(),
        energy=payload.energy,
    )
    return EnergyOut(date=state.date, energy=state.energy)


@router.post(
    "/today/simplify",
    response={200: list[MoveOut], **ERRORS},
    summary="Simplify my day: apply the current proposal",
)
def simplify(request: AuthedRequest) -> list[dict[str, object]]:
    moved = services.simplify_apply(
        user=request.user, workspace=request.workspace, now=timezone.now()
    )
    return [engine.move_to_json(m) for m in moved]
