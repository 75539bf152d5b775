"""Reads for tasks, projects and labels. Every list runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.db.models import (
    Count,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone

from minime.core.models import count_of
from minime.tasks.models import Label, Project, ProjectStatus, Task, TaskStatus

if TYPE_CHECKING:
    from minime.goals.models import Goal
    from minime.workspaces.models import Workspace

DueWindow = Literal["overdue", "today", "next7", "none"]
StatusFilter = Literal["open", "done", "dropped", "skipped", "all"]
DUE_WINDOWS: dict[str, str] = {
    "overdue": "Overdue",
    "today": "Due today",
    "next7": "Next 7 days",
    "none": "No due date",
}
STATUS_FILTERS: dict[str, str] = {
    "open": "Open",
    "done": "Done",
    "dropped": "Dropped",
    "skipped": "Skipped",
    "all": "All",
}
DEFAULT_STUCK_DAYS = 7


@dataclass(frozen=True)
class TaskFilters:
    """What a task list shows. The defaults: open top-level tasks, everything else unfiltered.

    `due` windows are relative to `today` (the user's date): "overdue" is before it, "next7"
    is today and the six days after. `fits_in` keeps tasks with an estimate of at most that many
    minutes (tasks without an estimate don't fit). `q` finds text in the title or the notes.
    """

    status: StatusFilter = "open"
    project: UUID | None = None
    area: UUID | None = None
    label: str | None = None
    goal: UUID | None = None
    due: DueWindow | None = None
    due_before: date | None = None
    due_after: date | None = None
    energy: str | None = None
    fits_in: int | None = None
    q: str | None = None
    top_level_only: bool = True

    @property
    def is_default(self) -> bool:
        return self == TaskFilters()


def _subtasks() -> Prefetch:
    return Prefetch("subtasks", queryset=Task.objects.order_by("position", "created_at"))


def task_list(
    workspace: Workspace, *, filters: TaskFilters = TaskFilters(), today: date | None = None
) -> QuerySet[Task]:
    """The workspace's tasks matching `filters`, by position then creation, with project, area,
    goal and parent joined and labels and subtasks prefetched. `today` defaults to the active
    zone's date (the user's, in a request)."""
    today = today or timezone.localdate()
    tasks: QuerySet[Task] = Task.objects.in_workspace(workspace)
    if filters.status != "all":
        tasks = tasks.filter(status=filters.status)
    if filters.top_level_only:
        tasks = tasks.filter(parent__isnull=True)
    if filters.project:
        tasks = tasks.filter(project__uuid=filters.project)
    if filters.area:
        tasks = tasks.filter(area__uuid=filters.area)
    if filters.goal:
        tasks = tasks.filter(goal__uuid=filters.goal)
    if filters.label:
        tasks = tasks.filter(labels__name__iexact=filters.label.strip())
    if filters.energy:
        tasks = tasks.filter(energy=filters.energy)
    if filters.fits_in is not None:
        tasks = tasks.filter(estimate_minutes__isnull=False, estimate_minutes__lte=filters.fits_in)
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        tasks = tasks.filter(Q(title__icontains=text) | Q(notes__icontains=text))
    tasks = _due_window(tasks, filters, today)
    # Related rows are prefetched, not joined: with thousands of open tasks, joining every one of
    # them before taking a page of 50 costs more than four small extra queries (measured on
    # PostgreSQL, where row-level security also hides the row counts from the planner).
    return tasks.prefetch_related(
        "project", "area", "goal", "parent", "labels", _subtasks()
    ).order_by("position", "created_at", "pk")


def _due_window(tasks: QuerySet[Task], filters: TaskFilters, today: date) -> QuerySet[Task]:
    if filters.due == "overdue":
        tasks = tasks.filter(due_date__lt=today)
    elif filters.due == "today":
        tasks = tasks.filter(due_date=today)
    elif filters.due == "next7":
        tasks = tasks.filter(due_date__gte=today, due_date__lte=today + timedelta(days=6))
    elif filters.due == "none":
        tasks = tasks.filter(due_date__isnull=True)
    if filters.due_before:
        tasks = tasks.filter(due_date__lt=filters.due_before)
    if filters.due_after:
        tasks = tasks.filter(due_date__gt=filters.due_after)
    return tasks


def task_detail(workspace: Workspace, uuid: UUID) -> Task:
    """One task with what its page shows. Raises Task.DoesNotExist."""
    return (
        Task.objects.in_workspace(workspace)
        .select_related("project", "area", "goal", "parent")
        .prefetch_related("labels", _subtasks())
        .get(uuid=uuid)
    )


def as_created(task: Task, *, has_labels: bool) -> Task:
    """A task `task_create` just returned, ready to show without reading it back: its related
    rows are the ones it was made with, it has no subtasks yet, and its labels are read only when
    it was given some."""
    _known(task, "subtasks", [])
    if has_labels:
        prefetch_related_objects([task], "labels")
    else:
        _known(task, "labels", [])
    return task


def _known(task: Task, relation: str, rows: list[Any]) -> None:
    """Hold `rows` as the task's `relation`, the way prefetch_related holds what it read, for
    rows the caller already knows. (A Prefetch of an empty queryset is no cheaper: it builds and
    compiles the query it then skips, a millisecond of CPU per task created.)"""
    related = getattr(task, relation).all()
    related._result_cache = rows
    related._prefetch_done = True
    task.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = related


def label_list(workspace: Workspace) -> QuerySet[Label]:
    """The workspace's labels by name (in any case), each with `open_count` (its open tasks)."""
    return (
        Label.objects.in_workspace(workspace)
        .annotate(open_count=Count("tasks", filter=Q(tasks__status=TaskStatus.OPEN)))
        .order_by(Lower("name"), "pk")
    )


# ---------------------------------------------------------------------------------------------
# Projects


def project_list(workspace: Workspace, *, status: str | None = None) -> QuerySet[Project]:
    """The workspace's projects in the user's order, each with `open_count` (open top-level
    tasks)."""
    projects = (
        Project.objects.in_workspace(workspace)
        .select_related("area", "goal")
        .annotate(
            open_count=Count(
                "tasks", filter=Q(tasks__status=TaskStatus.OPEN, tasks__parent__isnull=True)
            ),
        )
        .order_by("position", "created_at", "pk")
    )
    if status:
        projects = projects.filter(status=status)
    return projects


def stuck_days_for(user: Any) -> int:
    """The user's stuck-project threshold in days (their rule settings, else 7)."""
    rules = getattr(user, "rules", None)
    return getattr(rules, "stuck_project_days", None) or DEFAULT_STUCK_DAYS


def project_is_stuck(project: Project, today: date, stuck_days: int = DEFAULT_STUCK_DAYS) -> bool:
    """True when the project is active and has no open task, or nothing in it was completed
    within `stuck_days` before `today`. A new project counts from its creation, so it isn't stuck
    on its first day. Uses project_list's `open_count` when present, else asks the database."""
    if project.status != ProjectStatus.ACTIVE:
        return False
    open_count = getattr(project, "open_count", None)
    if open_count is None:
        open_count = project.tasks.filter(status=TaskStatus.OPEN, parent__isnull=True).count()
    if open_count == 0:
        return True
    last_done = project.last_completed_at
    progress = max(d for d in (last_done, project.created_at) if d is not None)
    return timezone.localdate(progress) < today - timedelta(days=stuck_days)


def with_stuck(projects: Any, today: date, stuck_days: int) -> list[Project]:
    """The projects as a list, each with `is_stuck` set."""
    rows = list(projects)
    for project in rows:
        project.is_stuck = project_is_stuck(project, today, stuck_days)
    return rows


# ---------------------------------------------------------------------------------------------
# The work that serves a goal (the goals app reads it here, so that tasks never read goals)


def _serving(goal: Any) -> QuerySet[Task]:
    """Tasks that serve the outer goal: linked directly, or through one of its projects."""
    return Task.objects.filter(
        Q(goal=goal) | Q(project__goal=goal), workspace=OuterRef("workspace")
    )


def goal_work_counts() -> dict[str, Any]:
    """Annotations for a queryset of goals: ``open_tasks`` and ``done_tasks`` (tasks linked
    directly or through a project), ``project_count`` (projects not dropped),
    ``active_projects``, and ``last_moved_at`` (the latest creation or completion of a linked
    task)."""
    goal = OuterRef("pk")
    projects = Project.objects.filter(goal=goal, workspace=OuterRef("workspace"))
    last_moved = (
        _serving(goal)
        .annotate(moved_at=Coalesce("completed_at", "created_at"))
        .order_by("-moved_at")
        .values("moved_at")[:1]
    )
    return {
        "open_tasks": count_of(_serving(goal).filter(status=TaskStatus.OPEN)),
        "done_tasks": count_of(_serving(goal).filter(status=TaskStatus.DONE)),
        "project_count": count_of(projects.exclude(status=ProjectStatus.DROPPED)),
        "active_projects": count_of(projects.filter(status=ProjectStatus.ACTIVE)),
        "last_moved_at": Subquery(last_moved),
    }


def goal_projects(goal: Goal) -> QuerySet[Project]:
    """The goal's projects, the ones in motion first."""
    return Project.objects.filter(goal=goal, workspace_id=goal.workspace_id).order_by(
        F("completed_at").asc(nulls_first=True), "position", "created_at"
    )


def goal_tasks(goal: Goal) -> QuerySet[Task]:
    """Tasks linked to the goal directly, open ones first (dropped and skipped left out)."""
    return (
        Task.objects.filter(goal=goal, workspace_id=goal.workspace_id)
        .filter(status__in=[TaskStatus.OPEN, TaskStatus.DONE])
        .order_by("-status", "position", "created_at")
    )
