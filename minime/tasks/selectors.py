"""Reads for tasks, projects and labels. Every list runs a constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, Literal
from uuid import UUID

from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    OrderBy,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest, Lower
from django.utils import timezone

from minime.core.models import count_of
from minime.tasks.models import Label, Priority, Project, ProjectStatus, Task, TaskStatus

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
GroupBy = Literal["when", "project", "priority", "area", "none"]
SortBy = Literal["manual", "due", "priority", "created"]
GROUPINGS: dict[str, str] = {
    "when": "When",
    "project": "Project",
    "priority": "Priority",
    "area": "Life area",
    "none": "No groups",
}
SORTS: dict[str, str] = {
    "manual": "My order",
    "due": "Due date",
    "priority": "Priority",
    "created": "Newest first",
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
    assignee: int | Literal["nobody"] | None = None  # a member's user id, or unassigned tasks
    top_level_only: bool = True

    @property
    def is_default(self) -> bool:
        return self == TaskFilters()


@dataclass(frozen=True)
class TaskView:
    """How a task list is laid out: its tasks grouped by `group`, each group in `sort` order.

    "when" groups by the task's *when*, the earlier of its do-on date and its due date (see
    `when_of`): Overdue (before today), Today, then one group per later day, and Someday (no
    date). Only "manual" order (the tasks' `position`, which the user sets) can be changed by
    hand; the other orders are computed."""

    group: GroupBy = "when"
    sort: SortBy = "manual"

    @property
    def is_manual(self) -> bool:
        return self.sort == "manual"


@dataclass
class TaskGroup:
    """One group of a laid-out list: its heading, how many tasks it holds in the whole list (not
    only on this page), and this page's tasks of it. `empty` says what to say when it has none."""

    title: str
    count: int
    tasks: list[Task] = field(default_factory=list)
    empty: str = ""
    value: Any = None  # what its tasks are grouped on (see `group_value`)


def when_of(task: Task) -> date | None:
    """The day a task is for: the earlier of its do-on date and its due date (None: neither)."""
    days = [day for day in (task.do_on, task.due_date) if day is not None]
    return min(days) if days else None


def _when() -> Case:
    """`when_of` in SQL."""
    return Case(
        When(do_on__isnull=True, then=F("due_date")),
        When(due_date__isnull=True, then=F("do_on")),
        When(do_on__lt=F("due_date"), then=F("do_on")),
        default=F("due_date"),
        output_field=DateField(),
    )


def _overdue_mark(today: date) -> date:
    """The `when_key` every overdue task shares: they form one group, whatever their days."""
    return today - timedelta(days=1)


def _when_key(today: date) -> Case:
    return Case(
        When(when_on__lt=today, then=Value(_overdue_mark(today))),
        default=F("when_on"),
        output_field=DateField(),
    )


# The column each grouping groups on (the "when" one is an annotation, see `task_list`).
_GROUP_FIELDS: dict[str, str] = {
    "when": "when_key",
    "project": "project_id",
    "priority": "priority",
    "area": "area_id",
}


def _asc(name: str) -> OrderBy:
    return F(name).asc(nulls_last=True)


def _group_order(group: str) -> list[Any]:
    if group == "when":
        return [_asc("when_key")]
    if group == "project":  # the user's order of projects; no project last
        return [_asc("project__position"), _asc("project__created_at"), _asc("project_id")]
    if group == "area":
        return [_asc("area__position"), _asc("area__name"), _asc("area_id")]
    if group == "priority":
        return ["-priority"]
    return []


MANUAL_ORDER = ("position", "created_at", "pk")
_SORT_ORDER: dict[str, list[Any]] = {
    "manual": list(MANUAL_ORDER),
    "due": [_asc("due_date"), _asc("due_time"), *MANUAL_ORDER],
    "priority": ["-priority", *MANUAL_ORDER],
    "created": ["-created_at", "-pk"],
}


def _subtasks() -> Prefetch:
    return Prefetch("subtasks", queryset=Task.objects.order_by("position", "created_at"))


def task_list(
    workspace: Workspace,
    *,
    filters: TaskFilters = TaskFilters(),
    today: date | None = None,
    view: TaskView | None = None,
) -> QuerySet[Task]:
    """The workspace's tasks matching `filters`, with project, area, goal and parent joined and
    labels and subtasks prefetched. `today` defaults to the active zone's date (the user's, in a
    request).

    Without `view`: by position then creation. With it: group after group in the view's order
    (tasks grouped by when carry `when_key`: their when, or the day before `today` for every
    overdue one), each group in the view's sort order."""
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
    if filters.assignee == "nobody":
        tasks = tasks.filter(assignee__isnull=True)
    elif filters.assignee is not None:
        tasks = tasks.filter(assignee_id=filters.assignee)
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
    related: list[str | Prefetch[Any, Any, Any]] = [
        "project",
        "area",
        "goal",
        "parent",
        "labels",
        _subtasks(),
    ]
    if not workspace.is_personal:
        related.append("assignee")  # rows name who does each task
    tasks = tasks.prefetch_related(*related)
    if view is None:
        return tasks.order_by(*MANUAL_ORDER)
    if view.group == "when":
        tasks = tasks.alias(when_on=_when()).annotate(when_key=_when_key(today))
    return tasks.order_by(*_group_order(view.group), *_SORT_ORDER[view.sort])


def task_group_counts(tasks: QuerySet[Task], view: TaskView) -> dict[Any, int]:
    """How many of `tasks` (a `task_list` with this `view`) each group holds, by the value the
    view groups on (a `when_key`, a project id, a priority, an area id; None for "none"). One
    query, whatever the number of groups."""
    column = _GROUP_FIELDS.get(view.group)
    if column is None:
        return {None: tasks.count()}
    rows = tasks.prefetch_related(None).order_by().values(column).annotate(n=Count("pk"))
    return {row[column]: row["n"] for row in rows}


def group_value(task: Task, view: TaskView) -> Any:
    """The value `task` (from a `task_list` with this `view`) is grouped on."""
    column = _GROUP_FIELDS.get(view.group)
    return getattr(task, column) if column else None


def day_title(day: date, today: date) -> str:
    """A day as a group heading: "Today", "Tomorrow", "Wednesday 9 December" (and the year when
    it isn't this one's)."""
    if day == today:
        return "Today"
    if day == today + timedelta(days=1):
        return "Tomorrow"
    year = f" {day.year}" if day.year != today.year else ""
    return f"{day:%A} {day.day} {day:%B}{year}"


def group_title(task: Task, view: TaskView, today: date, *, open_only: bool = True) -> str:
    """The heading of the group `task` is in ("" for a view without groups). The days before
    today are "Overdue" in a list of open tasks, "Earlier" in one that holds closed ones."""
    if view.group == "when":
        key = getattr(task, "when_key", None)
        if key is None:
            return "Someday"
        if key < today:
            return "Overdue" if open_only else "Earlier"
        return day_title(key, today)
    if view.group == "project":
        return task.project.title if task.project is not None else "No project"
    if view.group == "area":
        return task.area.name if task.area is not None else "No life area"
    if view.group == "priority":
        return f"{Priority(task.priority).label} priority" if task.priority else "No priority"
    return ""


NOTHING_TODAY = "Nothing due or planned for today."


def group_tasks(
    tasks: list[Task],
    *,
    view: TaskView,
    counts: dict[Any, int],
    today: date,
    open_only: bool = True,
    first_page: bool = True,
    last_page: bool = True,
) -> list[TaskGroup]:
    """A page of a `task_list` with this `view` cut into its groups (the rows come group after
    group). Grouped by when, a list of open tasks always shows Today, with `NOTHING_TODAY` when
    it has none, where Today would be: after the overdue tasks and before the later days."""
    groups: list[TaskGroup] = []
    last: Any = object()
    for task in tasks:
        value = group_value(task, view)
        if not groups or value != last:
            title = group_title(task, view, today, open_only=open_only)
            groups.append(TaskGroup(title=title, count=counts.get(value, 0), value=value))
            last = value
        groups[-1].tasks.append(task)
    if view.group == "when" and open_only and groups and today not in counts:
        _add_empty_today(groups, today, first_page=first_page, last_page=last_page)
    return groups


def _add_empty_today(
    groups: list[TaskGroup], today: date, *, first_page: bool, last_page: bool
) -> None:
    """Put an empty Today group where Today would be, when that place is on this page."""
    overdue = sum(1 for g in groups if g.value is not None and g.value < today)
    later = len(groups) - overdue
    if (first_page or overdue) and (last_page or later):
        groups.insert(overdue, TaskGroup(title="Today", count=0, empty=NOTHING_TODAY, value=today))


def task_group_members(
    workspace: Workspace,
    task: Task,
    *,
    filters: TaskFilters = TaskFilters(),
    group: GroupBy = "none",
    today: date | None = None,
) -> list[Task]:
    """The tasks of `task`'s group in the list `filters` and `group` show, in manual order: the
    list a task is moved in (by hand, only open top-level tasks are ordered). Empty when `task`
    is not in that list. Only the task columns are read (nothing prefetched)."""
    today = today or timezone.localdate()
    if filters.status != "open" or task.status != TaskStatus.OPEN or task.parent_id is not None:
        return []
    view = TaskView(group=group)
    tasks = task_list(workspace, filters=filters, today=today, view=view).prefetch_related(None)
    column = _GROUP_FIELDS.get(group)
    if column is not None:
        value: Any
        if group == "when":
            when = when_of(task)
            value = _overdue_mark(today) if when is not None and when < today else when
        else:
            value = getattr(task, column)
        tasks = tasks.filter(**{f"{column}__isnull": True} if value is None else {column: value})
    members = list(tasks)
    return members if any(t.pk == task.pk for t in members) else []


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
    task = (
        Task.objects.in_workspace(workspace)
        .select_related("project", "area", "goal", "parent", "assignee")
        .prefetch_related("labels", _subtasks())
        .get(uuid=uuid)
    )
    task.workspace = workspace  # known: writes read whether it is shared without asking again
    return task


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


def project_has_done_tasks(project: Project) -> bool:
    """True when at least one top-level task of the project is done."""
    return Task.objects.filter(
        workspace_id=project.workspace_id,
        project=project,
        parent__isnull=True,
        status=TaskStatus.DONE,
    ).exists()


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


def _serving(goal: Any) -> tuple[QuerySet[Task], QuerySet[Task]]:
    """Tasks that serve the outer goal, in two parts that never overlap: linked directly, and
    through one of its projects without being linked directly. Two parts rather than one OR
    across the project join: each part is an index lookup (the task's goal; the goal's projects,
    then their tasks), where the OR read every task of the workspace once per goal."""
    # No workspace filter of their own: the goal is in the workspace, and so are its tasks and
    # projects (PostgreSQL holds every link inside its workspace); naming the workspace here
    # made SQLite walk the workspace's tasks instead of the goal's.
    direct = Task.objects.filter(goal=goal)
    through = Task.objects.filter(project__goal=goal).exclude(goal=goal)
    return direct, through


def _latest(rows: QuerySet[Task]) -> Subquery:
    moved = rows.annotate(moved_at=Coalesce("completed_at", "created_at")).order_by("-moved_at")
    return Subquery(moved.values("moved_at")[:1])


def goal_work_counts() -> dict[str, Any]:
    """Annotations for a queryset of goals: ``open_tasks`` and ``done_tasks`` (tasks linked
    directly or through a project), ``project_count`` (projects not dropped),
    ``active_projects``, and ``last_moved_at`` (the latest creation or completion of a linked
    task)."""
    goal = OuterRef("pk")
    projects = Project.objects.filter(goal=goal, workspace=OuterRef("workspace"))
    direct, through = _serving(goal)
    a, b = _latest(direct), _latest(through)
    return {
        "open_tasks": count_of(direct.filter(status=TaskStatus.OPEN))
        + count_of(through.filter(status=TaskStatus.OPEN)),
        "done_tasks": count_of(direct.filter(status=TaskStatus.DONE))
        + count_of(through.filter(status=TaskStatus.DONE)),
        "project_count": count_of(projects.exclude(status=ProjectStatus.DROPPED)),
        "active_projects": count_of(projects.filter(status=ProjectStatus.ACTIVE)),
        # the later of the two (either may be null; GREATEST treats a null differently on
        # SQLite and PostgreSQL, so neither argument is ever null unless both are)
        "last_moved_at": Greatest(Coalesce(a, b), Coalesce(b, a)),
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
