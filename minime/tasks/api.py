"""/api/v1/tasks, /api/v1/projects, /api/v1/labels.

Related objects go in and out by uuid (project, goal, area, parent); labels by name. A uuid that
isn't in the workspace is a 422 on that field, never a link to another workspace's row.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from django.db.models import Model
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
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
from minime.core.models import linked_model
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import in_workspace_or_422
from minime.core.types import AuthedRequest
from minime.core.vocabulary import Energy, EnergyLevel
from minime.tasks import services
from minime.tasks.models import (
    Label,
    Project,
    ProjectStatus,
    RepeatFrom,
    Source,
    Task,
    TaskStatus,
)
from minime.tasks.selectors import (
    DueWindow,
    StatusFilter,
    TaskFilters,
    as_created,
    label_list,
    project_is_stuck,
    project_list,
    stuck_days_for,
    task_detail,
    task_list,
)

router = Router(tags=["Tasks and projects"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
EnergyIn = Literal["", EnergyLevel]  # "" clears it
LabelName = Annotated[str, Field(max_length=limits.LABEL_NAME_MAX)]
LABELS_DESCRIPTION = (
    f"Label names (at most {limits.LABELS_PER_TASK}, each at most {limits.LABEL_NAME_MAX} "
    "characters); new ones are made."
)
DEEP_WORK_DESCRIPTION = "Needs one unbroken block of time: Today never splits it between meetings."
EMAIL_MAX = 254
ASSIGNEE_OUT = (
    "The email of the member it is assigned to in a shared workspace; null: no one, and Today "
    "plans it for every member."
)
ASSIGNEE_IN = (
    "The email of a member of this shared workspace to give it to (a personal workspace has no "
    "one else to give it to)."
)


def _uuid(obj: Model | None) -> UUID | None:
    return obj.uuid if obj is not None else None  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# Schemas


class TaskOut(Schema):
    uuid: UUID
    title: str
    notes: str
    status: TaskStatus
    priority: int
    due_date: date | None
    due_time: LocalTime | None
    do_on: date | None
    estimate_minutes: int | None
    energy: str
    deep_work: bool = Field(description=DEEP_WORK_DESCRIPTION)
    project: UUID | None
    goal: UUID | None
    area: UUID | None
    parent: UUID | None
    assignee: str | None = Field(description=ASSIGNEE_OUT)
    labels: list[str]
    subtasks: list[UUID]
    recurrence: str
    repeat_from: RepeatFrom
    series: UUID | None
    source: Source
    completed_at: datetime | None
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_project(obj: Task) -> UUID | None:
        return _uuid(obj.project) if obj.project_id else None

    @staticmethod
    def resolve_goal(obj: Task) -> UUID | None:
        return _uuid(obj.goal) if obj.goal_id else None

    @staticmethod
    def resolve_area(obj: Task) -> UUID | None:
        return _uuid(obj.area) if obj.area_id else None

    @staticmethod
    def resolve_parent(obj: Task) -> UUID | None:
        return _uuid(obj.parent) if obj.parent_id else None

    @staticmethod
    def resolve_assignee(obj: Task) -> str | None:
        return obj.assignee.email if obj.assignee_id and obj.assignee else None

    @staticmethod
    def resolve_labels(obj: Task) -> list[str]:
        return [label.name for label in obj.labels.all()]

    @staticmethod
    def resolve_subtasks(obj: Task) -> list[UUID]:
        return [sub.uuid for sub in obj.subtasks.all()]


class TaskIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TASK_TITLE_MAX)
    notes: str = Field("", max_length=limits.NOTES_MAX)
    priority: int = Field(0, ge=0, le=3, description="0 none, 1 low, 2 medium, 3 high")
    due_date: ApiDate | None = None
    due_time: LocalTimeIn | None = None
    do_on: ApiDate | None = None
    estimate_minutes: int | None = Field(None, ge=1, le=limits.ESTIMATE_MINUTES_MAX)
    energy: EnergyIn = ""
    deep_work: bool = Field(False, description=DEEP_WORK_DESCRIPTION)
    project: UUID | None = None
    goal: UUID | None = None
    area: UUID | None = None
    parent: UUID | None = None
    assignee: str | None = Field(None, max_length=EMAIL_MAX, description=ASSIGNEE_IN)
    labels: list[LabelName] = Field(
        default_factory=list, max_length=limits.LABELS_PER_TASK, description=LABELS_DESCRIPTION
    )
    recurrence: str = Field(
        "", max_length=limits.RECURRENCE_MAX, description="An RRULE, e.g. FREQ=WEEKLY;BYDAY=MO"
    )
    repeat_from: RepeatFrom = RepeatFrom.DUE


class TaskPatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TASK_TITLE_MAX)
    notes: str | None = Field(None, max_length=limits.NOTES_MAX)
    priority: int | None = Field(None, ge=0, le=3)
    due_date: ApiDate | None = None
    due_time: LocalTimeIn | None = None
    do_on: ApiDate | None = None
    estimate_minutes: int | None = Field(None, ge=1, le=limits.ESTIMATE_MINUTES_MAX)
    energy: EnergyIn | None = None
    deep_work: bool | None = Field(None, description=DEEP_WORK_DESCRIPTION)
    project: UUID | None = None
    goal: UUID | None = None
    area: UUID | None = None
    parent: UUID | None = None
    assignee: str | None = Field(
        None, max_length=EMAIL_MAX, description=f"{ASSIGNEE_IN} Null: no one."
    )
    labels: list[LabelName] | None = Field(
        None, max_length=limits.LABELS_PER_TASK, description=LABELS_DESCRIPTION
    )
    recurrence: str | None = Field(None, max_length=limits.RECURRENCE_MAX)
    repeat_from: RepeatFrom | None = None
    pinned_on: ApiDate | None = None
    snoozed_until: ApiDate | None = None


class CompletedOut(Schema):
    task: TaskOut
    next: TaskOut | None = Field(description="The next occurrence of a repeating task, if any.")


class ReorderIn(InputSchema):
    order: list[UUID] = Field(
        max_length=limits.REORDER_MAX,
        description=f"Uuids in the new order (at most {limits.REORDER_MAX:,}); "
        "the ones left out follow.",
    )
    project: UUID | None = None


class ProjectOut(Schema):
    uuid: UUID
    title: str
    description: str
    status: ProjectStatus
    area: UUID | None
    goal: UUID | None
    deadline: date | None
    position: int
    open_tasks: int
    stuck: bool
    completed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_area(obj: Project) -> UUID | None:
        return _uuid(obj.area) if obj.area_id else None

    @staticmethod
    def resolve_goal(obj: Project) -> UUID | None:
        return _uuid(obj.goal) if obj.goal_id else None

    @staticmethod
    def resolve_open_tasks(obj: Project) -> int:
        return getattr(obj, "open_count", 0)

    @staticmethod
    def resolve_stuck(obj: Project, context: dict[str, Any]) -> bool:
        request = context["request"]
        days = getattr(request, "_stuck_days", None)
        if days is None:
            days = request._stuck_days = stuck_days_for(request.user)
        return project_is_stuck(obj, timezone.localdate(), days)


class ProjectIn(InputSchema):
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)
    description: str = Field("", max_length=limits.NOTES_MAX)
    status: ProjectStatus = ProjectStatus.ACTIVE
    area: UUID | None = None
    goal: UUID | None = None
    deadline: ApiDate | None = None


class ProjectPatch(InputSchema):
    version: Version
    title: str | None = Field(None, min_length=1, max_length=limits.TITLE_MAX)
    description: str | None = Field(None, max_length=limits.NOTES_MAX)
    status: ProjectStatus | None = None
    area: UUID | None = None
    goal: UUID | None = None
    deadline: ApiDate | None = None


class LabelOut(Schema):
    uuid: UUID
    name: str
    open_tasks: int
    created_at: datetime

    @staticmethod
    def resolve_open_tasks(obj: Label) -> int:
        return getattr(obj, "open_count", 0)


class LabelIn(InputSchema):
    name: str = Field(min_length=1, max_length=limits.LABEL_NAME_MAX)


# ---------------------------------------------------------------------------------------------
# Resolving uuids in the workspace

RELATED: dict[str, type[Model]] = {
    "project": Project,
    "goal": linked_model(Task, "goal"),
    "area": LifeArea,
    "parent": Task,
}


def _task(request: AuthedRequest, uuid: UUID) -> Task:
    try:
        return task_detail(request.workspace, uuid)
    except Task.DoesNotExist as exc:
        raise Http404("No task here.") from exc


def _project(request: AuthedRequest, uuid: UUID) -> Project:
    try:
        return project_list(request.workspace).get(uuid=uuid)
    except Project.DoesNotExist as exc:
        raise Http404("No project here.") from exc


# ---------------------------------------------------------------------------------------------
# Tasks


@router.get("/tasks", response=list[TaskOut], summary="List tasks")
@paginate(Paging)
def list_tasks(
    request: AuthedRequest,
    status: StatusFilter = "open",
    project: UUID | None = None,
    area: UUID | None = None,
    label: Annotated[str | None, Query(max_length=limits.LABEL_NAME_MAX)] = None,
    goal: UUID | None = None,
    due: DueWindow | None = None,
    due_before: ApiDate | None = None,
    due_after: ApiDate | None = None,
    energy: Energy | None = None,
    fits_in: Annotated[int | None, Query(ge=1, le=limits.FITS_IN_MAX)] = None,
    q: Annotated[str | None, Query(max_length=limits.SEARCH_MAX)] = None,
    assignee: Annotated[str | None, Query(max_length=EMAIL_MAX)] = None,
    top_level_only: bool = True,
) -> Any:
    """Open top-level tasks by default. `due`: overdue, today, next7 or none (in your time zone);
    `fits_in`: an estimate of at most N minutes; `q`: text in the title or notes; `assignee`:
    `me`, `nobody` (no one yet) or a member's email."""
    filters = TaskFilters(
        status=status,
        project=project,
        area=area,
        label=label,
        goal=goal,
        due=due,
        due_before=due_before,
        due_after=due_after,
        energy=energy,
        fits_in=fits_in,
        q=q,
        assignee=_assignee_filter(request, assignee),
        top_level_only=top_level_only,
    )
    return task_list(request.workspace, filters=filters)


def _assignee_filter(request: AuthedRequest, value: str | None) -> int | Literal["nobody"] | None:
    if not value:
        return None
    if value in ("me", "nobody"):
        return request.user.pk if value == "me" else "nobody"
    return services.member_by_email(request.workspace, value).pk


def _with_assignee(request: AuthedRequest, data: dict[str, Any]) -> dict[str, Any]:
    """The body's `assignee` email swapped for that member (422 when it is not one)."""
    if data.get("assignee") is not None:
        data["assignee"] = services.member_by_email(request.workspace, data["assignee"])
    return data


@router.post("/tasks", response={201: TaskOut, **ERRORS}, summary="Create a task")
def create_task(request: AuthedRequest, payload: TaskIn) -> Status[Task]:
    data = _with_assignee(request, in_workspace_or_422(request.workspace, payload.dict(), RELATED))
    task = services.task_create(
        workspace=request.workspace, created_by=request.user, source=Source.TYPED, **data
    )
    return Status(201, as_created(task, has_labels=bool(data.get("labels"))))


@router.post("/tasks/reorder", response={204: None, **ERRORS}, summary="Reorder open tasks")
def reorder_tasks(request: AuthedRequest, payload: ReorderIn) -> Status[None]:
    data = in_workspace_or_422(request.workspace, {"project": payload.project}, RELATED)
    services.task_reorder(workspace=request.workspace, order=payload.order, project=data["project"])
    return Status(204, None)


@router.get("/tasks/{uuid}", response={200: TaskOut, **ERRORS}, summary="Get a task")
def get_task(request: AuthedRequest, uuid: UUID) -> Task:
    return _task(request, uuid)


@router.patch("/tasks/{uuid}", response={200: TaskOut, **ERRORS}, summary="Change a task")
def update_task(request: AuthedRequest, uuid: UUID, payload: TaskPatch) -> Task:
    task = _task(request, uuid)
    changes = _with_assignee(
        request, in_workspace_or_422(request.workspace, patch_changes(payload, Task), RELATED)
    )
    services.task_update(task=task, expected_version=payload.version, by=request.user, **changes)
    return _task(request, uuid)


@router.delete("/tasks/{uuid}", response={204: None, **ERRORS}, summary="Delete a task")
def delete_task(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.task_delete(
        task=get_scoped_or_404(Task, request.workspace, uuid=uuid), by=request.user
    )
    return Status(204, None)


def _completed(request: AuthedRequest, uuid: UUID, nxt: Task | None) -> dict[str, Any]:
    return {"task": _task(request, uuid), "next": _task(request, nxt.uuid) if nxt else None}


@router.post(
    "/tasks/{uuid}/complete",
    response={200: CompletedOut, **ERRORS},
    summary="Complete a task (a repeating one gets its next occurrence)",
)
def complete_task(request: AuthedRequest, uuid: UUID) -> dict[str, Any]:
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    return _completed(request, uuid, services.task_complete(task=task, user=request.user))


@router.post(
    "/tasks/{uuid}/skip",
    response={200: CompletedOut, **ERRORS},
    summary="Skip this occurrence of a repeating task",
)
def skip_task(request: AuthedRequest, uuid: UUID) -> dict[str, Any]:
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    return _completed(request, uuid, services.task_skip(task=task, user=request.user))


@router.post("/tasks/{uuid}/reopen", response={200: TaskOut, **ERRORS}, summary="Reopen a task")
def reopen_task(request: AuthedRequest, uuid: UUID) -> Task:
    services.task_reopen(
        task=get_scoped_or_404(Task, request.workspace, uuid=uuid), by=request.user
    )
    return _task(request, uuid)


@router.post("/tasks/{uuid}/drop", response={200: TaskOut, **ERRORS}, summary="Drop a task")
def drop_task(request: AuthedRequest, uuid: UUID) -> Task:
    services.task_drop(task=get_scoped_or_404(Task, request.workspace, uuid=uuid), by=request.user)
    return _task(request, uuid)


# ---------------------------------------------------------------------------------------------
# Projects


@router.get("/projects", response=list[ProjectOut], summary="List projects")
@paginate(Paging)
def list_projects(request: AuthedRequest, status: ProjectStatus | None = None) -> Any:
    return project_list(request.workspace, status=status)


@router.post("/projects", response={201: ProjectOut, **ERRORS}, summary="Create a project")
def create_project(request: AuthedRequest, payload: ProjectIn) -> Status[Project]:
    data = in_workspace_or_422(request.workspace, payload.dict(), RELATED)
    project = services.project_create(workspace=request.workspace, by=request.user, **data)
    return Status(201, _project(request, project.uuid))


@router.post("/projects/reorder", response={204: None, **ERRORS}, summary="Reorder projects")
def reorder_projects(request: AuthedRequest, payload: ReorderIn) -> Status[None]:
    services.project_reorder(workspace=request.workspace, order=payload.order)
    return Status(204, None)


@router.get("/projects/{uuid}", response={200: ProjectOut, **ERRORS}, summary="Get a project")
def get_project(request: AuthedRequest, uuid: UUID) -> Project:
    return _project(request, uuid)


@router.patch("/projects/{uuid}", response={200: ProjectOut, **ERRORS}, summary="Change a project")
def update_project(request: AuthedRequest, uuid: UUID, payload: ProjectPatch) -> Project:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    changes = in_workspace_or_422(request.workspace, patch_changes(payload, Project), RELATED)
    services.project_update(
        project=project, expected_version=payload.version, by=request.user, **changes
    )
    return _project(request, uuid)


@router.delete("/projects/{uuid}", response={204: None, **ERRORS}, summary="Delete a project")
def delete_project(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.project_delete(
        project=get_scoped_or_404(Project, request.workspace, uuid=uuid), by=request.user
    )
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Labels


@router.get("/labels", response=list[LabelOut], summary="List labels")
@paginate(Paging)
def list_labels(request: AuthedRequest) -> Any:
    return label_list(request.workspace)


@router.post(
    "/labels",
    response={201: LabelOut, **ERRORS},
    summary="Create a label (or get the one with that name, in any case)",
)
def create_label(request: AuthedRequest, payload: LabelIn) -> Status[Label]:
    label = services.label_ensure(workspace=request.workspace, name=payload.name)
    return Status(201, label_list(request.workspace).get(pk=label.pk))
