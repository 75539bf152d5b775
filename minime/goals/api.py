"""/api/v1/goals and /api/v1/milestones — goals, their progress and their milestones.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic.json_schema import WithJsonSchema

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.api import ApiDate, ErrorOut, InputSchema, Paging, Version, patch_changes
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import in_workspace_or_422
from minime.core.types import AuthedRequest
from minime.goals import selectors, services
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.goals.selectors import Basis
from minime.workspaces.models import Workspace

router = Router(tags=["Goals"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


# A number with at most two decimals, within what the column holds; documented as a number.
Measure = Annotated[
    Decimal,
    Field(
        decimal_places=limits.MEASURE_DECIMAL_PLACES,
        ge=-limits.MEASURE_MAX,
        le=limits.MEASURE_MAX,
    ),
    WithJsonSchema(
        {
            "type": "number",
            "minimum": float(-limits.MEASURE_MAX),
            "maximum": float(limits.MEASURE_MAX),
            "multipleOf": 0.01,
        }
    ),
]


class ProgressOut(Schema):
    percent: int | None = Field(description="0–100, or null when nothing measures the goal.")
    basis: Basis | None = Field(description="What the percent is based on.")
    label: str = Field(examples=["3 of 5 milestones"])


class MilestoneOut(Schema):
    uuid: UUID
    goal: UUID
    title: str
    target_date: date | None
    done: bool
    done_at: datetime | None
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_goal(obj: Milestone) -> UUID:
        return obj.goal.uuid

    @staticmethod
    def resolve_done(obj: Milestone) -> bool:
        return obj.done_at is not None


class GoalOut(Schema):
    uuid: UUID
    title: str
    why: str
    area: UUID | None
    target_date: date | None
    status: GoalStatus
    measure_target: float | None
    measure_unit: str
    measure_current: float | None
    position: int
    achieved_at: datetime | None
    progress: ProgressOut
    has_no_work: bool = Field(
        description="Active, and no task or project serves it or none moved in 14 days."
    )
    milestones_total: int
    milestones_done: int
    open_tasks: int = Field(description="Open tasks linked directly or through its projects.")
    done_tasks: int
    project_count: int = Field(description="Linked projects that are not dropped.")
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_area(obj: Goal) -> UUID | None:
        return obj.area.uuid if obj.area else None

    @staticmethod
    def resolve_progress(obj: Goal) -> selectors.Progress:
        return selectors.goal_progress(obj)

    @staticmethod
    def resolve_has_no_work(obj: Goal) -> bool:
        return selectors.goal_has_no_work(obj, timezone.localdate())


class GoalDetailOut(GoalOut):
    milestones: list[MilestoneOut]

    @staticmethod
    def resolve_milestones(obj: Goal) -> list[Milestone]:
        return list(selectors.goal_milestones(obj).select_related("goal"))


class GoalIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)
    why: str = Field("", max_length=limits.NOTES_MAX)
    area: UUID | None = Field(None, description="The uuid of one of your life areas.")
    target_date: ApiDate | None = None
    measure_target: Measure | None = None
    measure_unit: str = Field("", max_length=limits.MEASURE_UNIT_MAX)
    measure_current: Measure | None = None


class GoalPatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TITLE_MAX)
    why: str | None = Field(None, max_length=limits.NOTES_MAX)
    area: UUID | None = None
    target_date: ApiDate | None = None
    measure_target: Measure | None = None
    measure_unit: str | None = Field(None, max_length=limits.MEASURE_UNIT_MAX)
    measure_current: Measure | None = None


class StatusIn(InputSchema):
    status: GoalStatus


class MilestoneIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)
    target_date: ApiDate | None = None


class MilestonePatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TITLE_MAX)
    target_date: ApiDate | None = None


def _fields(workspace: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    in_workspace_or_422(workspace, data, {"area": LifeArea})
    if data.get("why") is None and "why" in data:
        data["why"] = ""
    if data.get("measure_unit") is None and "measure_unit" in data:
        data["measure_unit"] = ""
    return data


def _counted(goal: Goal) -> Goal:
    return selectors.goal_with_counts(goal)


# --- Goals ---------------------------------------------------------------------------------------
@router.get("/goals", response=list[GoalOut], summary="List goals")
@paginate(Paging)
def list_goals(
    request: AuthedRequest, status: GoalStatus | None = None, area: UUID | None = None
) -> list[Goal]:
    """Goals in the user's order, each with its progress. Filter by `status` or `area` (uuid)."""
    return selectors.goal_list(request.workspace, status=status, area=area)  # type: ignore[return-value]


@router.post("/goals", response={201: GoalDetailOut, **ERRORS}, summary="Create a goal")
def create_goal(request: AuthedRequest, payload: GoalIn) -> Status[Goal]:
    fields = _fields(request.workspace, payload.dict())
    goal = services.goal_create(workspace=request.workspace, **fields)
    return Status(201, _counted(goal))


@router.get("/goals/{uuid}", response={200: GoalDetailOut, **ERRORS}, summary="Get a goal")
def get_goal(request: AuthedRequest, uuid: UUID) -> Goal:
    """The goal with its progress and its milestones in order."""
    return _counted(get_scoped_or_404(Goal, request.workspace, uuid=uuid))


@router.patch("/goals/{uuid}", response={200: GoalDetailOut, **ERRORS}, summary="Change a goal")
def update_goal(request: AuthedRequest, uuid: UUID, payload: GoalPatch) -> Goal:
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    changes = _fields(request.workspace, patch_changes(payload, Goal))
    services.goal_update(goal=goal, expected_version=payload.version, **changes)
    return _counted(goal)


@router.delete("/goals/{uuid}", response={204: None, **ERRORS}, summary="Delete a goal")
def delete_goal(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its milestones too; its projects and tasks stay, without a goal."""
    services.goal_delete(goal=get_scoped_or_404(Goal, request.workspace, uuid=uuid))
    return Status(204, None)


@router.post(
    "/goals/{uuid}/status", response={200: GoalDetailOut, **ERRORS}, summary="Set a goal's status"
)
def set_goal_status(request: AuthedRequest, uuid: UUID, payload: StatusIn) -> Goal:
    """`achieved` records `achieved_at`; any other status clears it."""
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    services.goal_set_status(goal=goal, status=payload.status)
    return _counted(goal)


# --- Milestones ----------------------------------------------------------------------------------
@router.get(
    "/goals/{uuid}/milestones",
    response={200: list[MilestoneOut], **ERRORS},
    summary="List a goal's milestones",
)
@paginate(Paging)
def list_milestones(request: AuthedRequest, uuid: UUID) -> list[Milestone]:
    """The goal's milestones in order."""
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    return selectors.goal_milestones(goal).select_related("goal")  # type: ignore[return-value]


@router.post(
    "/goals/{uuid}/milestones", response={201: MilestoneOut, **ERRORS}, summary="Add a milestone"
)
def create_milestone(request: AuthedRequest, uuid: UUID, payload: MilestoneIn) -> Status[Milestone]:
    """Adds it at the end of the goal's list."""
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    return Status(201, services.milestone_create(goal=goal, **payload.dict()))


def _milestone(request: AuthedRequest, uuid: UUID) -> Milestone:
    return get_scoped_or_404(Milestone, request.workspace, uuid=uuid)


@router.patch(
    "/milestones/{uuid}", response={200: MilestoneOut, **ERRORS}, summary="Change a milestone"
)
def update_milestone(request: AuthedRequest, uuid: UUID, payload: MilestonePatch) -> Milestone:
    changes = patch_changes(payload, Milestone)
    milestone = _milestone(request, uuid)
    return services.milestone_update(
        milestone=milestone, expected_version=payload.version, **changes
    )


@router.delete("/milestones/{uuid}", response={204: None, **ERRORS}, summary="Delete a milestone")
def delete_milestone(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.milestone_delete(milestone=_milestone(request, uuid))
    return Status(204, None)


@router.post(
    "/milestones/{uuid}/complete",
    response={200: MilestoneOut, **ERRORS},
    summary="Complete a milestone",
)
def complete_milestone(request: AuthedRequest, uuid: UUID) -> Milestone:
    """Marks it done now; a done milestone keeps its first done time."""
    return services.milestone_complete(milestone=_milestone(request, uuid))


@router.post(
    "/milestones/{uuid}/reopen",
    response={200: MilestoneOut, **ERRORS},
    summary="Reopen a milestone",
)
def reopen_milestone(request: AuthedRequest, uuid: UUID) -> Milestone:
    return services.milestone_reopen(milestone=_milestone(request, uuid))
