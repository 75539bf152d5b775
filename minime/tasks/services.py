"""Writes for tasks, subtasks, labels and projects: keyword-only, validated, workspace-scoped.

Recurring tasks: each occurrence is its own row; all rows of one series share `Task.series`.
Completing (or skipping) an open occurrence keeps it as history and creates the next one, computed
in the completing user's time zone by `minime.core.recurrence` (see this app's README).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db import IntegrityError, models, transaction
from django.db.models import F, Max
from django.utils import timezone

from minime.activity import services as activity
from minime.activity.models import Verb
from minime.areas.models import LifeArea
from minime.core import limits
from minime.core import recurrence as rec
from minime.core.errors import Invalid
from minime.core.models import linked_model, renumber, save_versioned, validate
from minime.tasks import events
from minime.tasks.models import (
    Label,
    Project,
    ProjectStatus,
    RepeatFrom,
    Task,
    TaskLabel,
    TaskStatus,
)
from minime.workspaces.models import Membership
from minime.workspaces.signals import member_leaving

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.goals.models import Goal
    from minime.workspaces.models import Workspace

TASK_EDITABLE = (
    "title",
    "notes",
    "priority",
    "due_date",
    "due_time",
    "do_on",
    "estimate_minutes",
    "energy",
    "deep_work",
    "project",
    "goal",
    "area",
    "labels",
    "parent",
    "recurrence",
    "repeat_from",
    "pinned_on",
    "snoozed_until",
    "assignee",
)
PROJECT_EDITABLE = ("title", "description", "status", "area", "goal", "deadline")

NEEDS_DUE = "A repeating task needs a due date."
TIME_NEEDS_DATE = "A due time needs a due date."
SUBTASK_NO_REPEAT = "A subtask can't repeat; let its parent task repeat instead."
NOT_HERE = "Choose one from this workspace."
NOT_A_MEMBER = "Choose a member of this workspace."
ONLY_SHARED = "Tasks are assigned in a shared workspace; this one is yours alone."
# A date-only occurrence is computed at local noon: far from midnight, where some zones have their
# daylight-saving gap, so the date never slips.
NOON = time(12, 0)


# ---------------------------------------------------------------------------------------------
# Labels


def label_ensure(*, workspace: Workspace, name: str) -> Label:
    """The workspace's label called `name` (any case), created if missing. Raises Invalid."""
    name = " ".join(name.split())
    found = Label.objects.in_workspace(workspace).filter(name__iexact=name).first()
    if found is not None:
        return found
    label = Label(workspace=workspace, name=name)
    validate(label)
    try:
        with transaction.atomic():
            label.save()
    except IntegrityError:  # created at the same moment by another request
        return Label.objects.in_workspace(workspace).get(name__iexact=name)
    return label


def label_delete(*, label: Label) -> None:
    """Delete the label; its tasks stay, without it."""
    label.delete()


def _labels(workspace: Workspace, names: Iterable[str]) -> list[Label]:
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join(str(raw).split())
        if name and name.lower() not in wanted:
            wanted[name.lower()] = name
    if len(wanted) > limits.LABELS_PER_TASK:
        message = limits.too_many("labels on a task", limits.LABELS_PER_TASK)
        raise Invalid(message, fields={"labels": [message]})
    labels = []
    for name in wanted.values():
        try:
            labels.append(label_ensure(workspace=workspace, name=name))
        except Invalid as exc:
            raise Invalid(
                exc.message, fields={"labels": [f"“{name}”: {m}" for m in _flat(exc)]}
            ) from exc
    return labels


def _flat(exc: Invalid) -> list[str]:
    return [m for messages in exc.fields.values() for m in messages] or [exc.message]


def _set_labels(task: Task, labels: Sequence[Label]) -> None:
    task.labels.set(labels, through_defaults={"workspace": task.workspace})


# ---------------------------------------------------------------------------------------------
# Tasks: create and update


def _check_workspace(workspace: Workspace, **related: models.Model | None) -> None:
    """Refuse related objects (project, goal, area, parent) from another workspace."""
    wrong = {
        field: [NOT_HERE]
        for field, obj in related.items()
        if obj is not None and obj.workspace_id != workspace.pk  # type: ignore[attr-defined]
    }
    if wrong:
        raise Invalid("Some fields need another look.", fields=wrong)


def _check_assignee(workspace: Workspace, assignee: User | None) -> None:
    """Refuse an assignee who is not a member of the workspace, and any in a personal one."""
    if assignee is None:
        return
    if workspace.is_personal:
        raise Invalid(ONLY_SHARED, fields={"assignee": [ONLY_SHARED]})
    if not Membership.objects.filter(workspace_id=workspace.pk, user_id=assignee.pk).exists():
        raise Invalid(NOT_A_MEMBER, fields={"assignee": [NOT_A_MEMBER]})


def member_by_email(workspace: Workspace, email: str) -> User:
    """The member of ``workspace`` with this address (any case). Raises Invalid on `assignee`.
    (Whether a task may be assigned to them is `task_create`'s and `task_update`'s check.)"""
    membership = (
        Membership.objects.filter(workspace_id=workspace.pk, user__email__iexact=email.strip())
        .select_related("user")
        .first()
    )
    if membership is None:
        raise Invalid(NOT_A_MEMBER, fields={"assignee": [NOT_A_MEMBER]})
    return membership.user


def _note_assignment(task: Task, *, by: User | None, before: int | None) -> None:
    """An activity line when the task's assignee changed from ``before``."""
    if task.assignee_id == before:
        return
    verb = Verb.UNASSIGNED if task.assignee_id is None else Verb.ASSIGNED
    activity.record(task, verb, actor_id=by.pk if by else None, person_id=task.assignee_id)


def _check_task_rules(task: Task, *, has_subtasks: bool) -> None:
    """The rules a task must follow, whatever changed. Normalises `recurrence`."""
    errors: dict[str, list[str]] = {}
    if task.parent is not None:
        if task.parent.pk == task.pk and task.pk is not None:
            errors["parent"] = ["A task can't be its own subtask."]
        elif task.parent.parent_id is not None:
            errors["parent"] = ["Subtasks can't have subtasks of their own."]
        elif has_subtasks:
            errors["parent"] = ["This task has subtasks, so it can't become a subtask."]
    if task.recurrence:
        try:
            task.recurrence = rec.validate(task.recurrence)
        except rec.RecurrenceError as exc:
            errors["recurrence"] = [str(exc)]
        else:
            if task.parent_id is not None:
                errors["recurrence"] = [SUBTASK_NO_REPEAT]
            elif task.due_date is None:
                errors["due_date"] = [NEEDS_DUE]
    if task.due_time is not None and task.due_date is None:
        errors.setdefault("due_date", []).append(TIME_NEEDS_DATE)
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(
            first if len(errors) == 1 else "Some fields need another look.", fields=errors
        )


def _next_position(workspace: Workspace) -> int:
    last = Task.objects.in_workspace(workspace).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


def task_create(
    *,
    workspace: Workspace,
    title: str,
    created_by: User | None = None,
    assignee: User | None = None,
    source: str = "typed",
    notes: str = "",
    priority: int = 0,
    due_date: date | None = None,
    due_time: time | None = None,
    do_on: date | None = None,
    estimate_minutes: int | None = None,
    energy: str = "",
    deep_work: bool = False,
    project: Project | None = None,
    goal: Goal | None = None,
    area: LifeArea | None = None,
    labels: Iterable[str] = (),
    parent: Task | None = None,
    recurrence: str = "",
    repeat_from: str = "due",
) -> Task:
    """Create a task (a subtask when `parent` is given) at the end of the list.

    `labels` are label names, created in the workspace when missing (matched in any case).
    Raises Invalid: a blank title, a related object of another workspace, an invalid repeat rule,
    a repeating task without a due date, a repeating subtask.
    """
    _check_workspace(workspace, project=project, goal=goal, area=area, parent=parent)
    _check_assignee(workspace, assignee)
    task = Task(
        workspace=workspace,
        title=(title or "").strip(),
        created_by=created_by,
        assignee=assignee,
        source=source,
        notes=notes or "",
        priority=priority,
        due_date=due_date,
        due_time=due_time,
        do_on=do_on,
        estimate_minutes=estimate_minutes,
        energy=energy or "",
        deep_work=bool(deep_work),
        project=project,
        goal=goal,
        area=area,
        parent=parent,
        recurrence=(recurrence or "").strip(),
        repeat_from=repeat_from or RepeatFrom.DUE,
    )
    _check_task_rules(task, has_subtasks=False)
    if task.recurrence:
        task.new_series()
    task.position = _next_position(workspace)
    validate(task)
    names = list(labels)
    with transaction.atomic():
        chosen = _labels(workspace, names) if names else []
        task.save()
        if chosen:
            _set_labels(task, chosen)
        actor_id = created_by.pk if created_by else None
        events.record(task, "task_created", actor_id=actor_id)
        if parent is None:
            activity.record(task, Verb.ADDED, actor_id=actor_id)
            if assignee is not None and assignee.pk != actor_id:
                _note_assignment(task, by=created_by, before=None)
    return task


def task_update(
    *, task: Task, expected_version: int | None, by: User | None = None, **changes: Any
) -> Task:
    """Change some of TASK_EDITABLE (`labels` as a list of names replaces the task's labels).
    `by` made the change (the shared workspace's activity names them).

    Same rules as task_create. Raises Invalid, or Conflict when the version moved on.
    """
    unknown = set(changes) - set(TASK_EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    workspace = task.workspace
    _check_workspace(
        workspace, **{k: changes[k] for k in ("project", "goal", "area", "parent") if k in changes}
    )
    if "assignee" in changes:
        _check_assignee(workspace, changes["assignee"])
    was_project, was_assignee = task.project_id, task.assignee_id
    label_names = changes.pop("labels", None)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    for field in ("notes", "energy", "recurrence"):
        if field in changes and changes[field] is None:
            changes[field] = ""
    if changes.get("repeat_from") is None and "repeat_from" in changes:
        changes["repeat_from"] = RepeatFrom.DUE
    if changes.get("deep_work") is None and "deep_work" in changes:
        changes["deep_work"] = False
    for field, value in changes.items():
        setattr(task, field, value)
    has_subtasks = changes.get("parent") is not None and task.subtasks.exists()
    _check_task_rules(task, has_subtasks=has_subtasks)
    fields = list(changes)
    if task.recurrence and task.series is None:
        task.new_series()
        fields.append("series")
    with transaction.atomic():
        chosen = _labels(workspace, label_names) if label_names is not None else None
        save_versioned(task, fields=fields, expected_version=expected_version)
        if chosen is not None:
            _set_labels(task, chosen)
        if task.parent_id is None:
            _note_changes(task, by=by, was_project=was_project, was_assignee=was_assignee)
    return task


def _note_changes(
    task: Task, *, by: User | None, was_project: int | None, was_assignee: int | None
) -> None:
    """Activity lines for a task moved to another project, or given to someone else."""
    if task.project_id != was_project:
        where = task.project.title if task.project else ""
        activity.record(task, Verb.MOVED, actor_id=by.pk if by else None, where=where)
    _note_assignment(task, by=by, before=was_assignee)


def task_delete(*, task: Task, by: User | None = None) -> None:
    """Delete the task and its subtasks. Other occurrences of its series stay."""
    with transaction.atomic():
        if task.parent_id is None:
            activity.record(task, Verb.DELETED, actor_id=by.pk if by else None)
        task.delete()


# ---------------------------------------------------------------------------------------------
# Tasks: complete, skip, reopen, drop


@dataclass(frozen=True)
class _Due:
    date: date
    time: time | None


def _set_status(task: Task, *, status: str, now: datetime | None, only_from: Sequence[str]) -> bool:
    """Move `task` to `status` if it is still in one of `only_from` (atomic: of two concurrent
    requests only one wins, so a series never gets two next occurrences)."""
    completed_at = now if status in (TaskStatus.DONE, TaskStatus.SKIPPED) else None
    stamp = timezone.now()
    rows = Task.objects.filter(pk=task.pk, status__in=list(only_from))
    changed = rows.update(
        status=status, completed_at=completed_at, version=F("version") + 1, updated_at=stamp
    )
    if changed:
        task.status, task.completed_at, task.updated_at = status, completed_at, stamp
        task.version = Task.objects.filter(pk=task.pk).values_list("version", flat=True).get()
    return bool(changed)


def task_complete(*, task: Task, user: User, now: datetime | None = None) -> Task | None:
    """Mark the task done (a subtask too: subtasks never repeat).

    For an open occurrence of a repeating task, keep it as done history and create the next
    occurrence (see `_next_occurrence`); return that new task, or None when the task doesn't
    repeat, its series has ended, or it was not open (completing twice does nothing the second
    time). Completing a parent leaves its subtasks as they are, except an occurrence's: its open
    subtasks are done with it (see `_settle_steps`).
    """
    now = now or timezone.now()
    with transaction.atomic():
        if not _set_status(task, status=TaskStatus.DONE, now=now, only_from=[TaskStatus.OPEN]):
            return None
        _stamp_progress(task, now)
        _settle_steps(task, TaskStatus.DONE, now)
        events.record(task, "task_completed", actor_id=user.pk)
        if task.parent_id is None:
            activity.record(task, Verb.COMPLETED, actor_id=user.pk)
        return _next_occurrence(task, user=user, now=now)


def _settle_steps(task: Task, status: str, at: datetime) -> None:
    """Close the open subtasks of a repeating task's occurrence with it (done or skipped): the
    next occurrence gets its own fresh copies, so the old ones must not stay open beside them."""
    if task.recurrence and task.parent_id is None:
        Task.objects.filter(parent_id=task.pk, status=TaskStatus.OPEN).update(
            status=status, completed_at=at, version=F("version") + 1, updated_at=timezone.now()
        )


def _stamp_progress(task: Task, at: datetime) -> None:
    """Move the "last completed" stamp of the task's project, goal (else its project's) and area
    (else its project's) to ``at`` unless it is already later. Today reads these stamps for
    stuck projects, quiet goals and neglected areas.

    The three stamps are owned by this app: nothing else writes them. Goals sit above tasks, so
    their table is reached through the task's own link to it (``linked_model``)."""
    project = (
        Project.objects.filter(pk=task.project_id).values("goal_id", "area_id").first()
        if task.project_id is not None
        else None
    )
    goal_id = task.goal_id or (project and project["goal_id"])
    area_id = task.area_id or (project and project["area_id"])
    earlier = models.Q(last_completed_at__isnull=True) | models.Q(last_completed_at__lt=at)
    stamped = (
        (Project, task.project_id),
        (linked_model(Task, "goal"), goal_id),
        (LifeArea, area_id),
    )
    for model, pk in stamped:
        if pk is not None:
            model._default_manager.filter(earlier, pk=pk).update(last_completed_at=at)


def task_skip(*, task: Task, user: User, now: datetime | None = None) -> Task | None:
    """Skip an open occurrence of a repeating task: it stays as "skipped" history (its open
    subtasks skipped with it) and the next occurrence is created, as when completing. Returns
    the next occurrence or None (series ended). Raises Invalid for a task that doesn't repeat or
    isn't open."""
    if not task.recurrence or task.parent_id is not None:
        raise Invalid("Only a repeating task can be skipped.")
    now = now or timezone.now()
    with transaction.atomic():
        if not _set_status(task, status=TaskStatus.SKIPPED, now=now, only_from=[TaskStatus.OPEN]):
            raise Invalid("Only an open task can be skipped.")
        _settle_steps(task, TaskStatus.SKIPPED, now)
        return _next_occurrence(task, user=user, now=now)


def task_reopen(*, task: Task, by: User | None = None) -> Task:
    """Open a done, dropped or skipped task again. A repeating task's next occurrence, if one was
    created, stays: reopening brings back this occurrence, it doesn't undo the series."""
    closed = [TaskStatus.DONE, TaskStatus.DROPPED, TaskStatus.SKIPPED]
    with transaction.atomic():
        if (
            _set_status(task, status=TaskStatus.OPEN, now=None, only_from=closed)
            and task.parent_id is None
        ):
            activity.record(task, Verb.REOPENED, actor_id=by.pk if by else None)
    return task


def task_drop(*, task: Task, by: User | None = None) -> Task:
    """Drop an open task (it won't be done). Dropping a repeating task ends its series: no next
    occurrence is created."""
    with transaction.atomic():
        if (
            _set_status(task, status=TaskStatus.DROPPED, now=None, only_from=[TaskStatus.OPEN])
            and task.parent_id is None
        ):
            activity.record(task, Verb.DROPPED, actor_id=by.pk if by else None)
    return task


def _count_limit(rule: str) -> int | None:
    for part in rule.split(";"):
        key, _, value = part.partition("=")
        if key == "COUNT":
            return int(value)
    return None


def _next_due(task: Task, *, tz: str, now: datetime) -> _Due | None:
    """The next occurrence's due date (and time, when the task has one), or None at series end,
    and when the rule can't be followed any more (a rule or a date stored before they were
    checked): completing such a task still works, it just doesn't come back.

    COUNT counts the rows of the series (done, skipped or open): each occurrence restarts the rule
    from itself, so the rule alone can't know how many came before.
    """
    assert task.due_date is not None  # a repeating task always has one (_check_task_rules)
    limit = _count_limit(task.recurrence)
    if limit is not None:
        so_far = Task.objects.filter(workspace_id=task.workspace_id, series=task.series).count()
        if so_far >= limit:
            return None
    at = task.due_time or NOON
    try:
        if task.repeat_from == RepeatFrom.COMPLETION:
            nxt = rec.next_from_completion(task.recurrence, completed_at=now, time_of_day=at, tz=tz)
        else:
            zone = ZoneInfo(tz)
            anchor = datetime.combine(task.due_date, at, tzinfo=zone)
            # Never schedule into the past: completing last week's overdue occurrence gives the
            # first one from today on, not another overdue task.
            start_of_today = datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)
            after = max(anchor, start_of_today - timedelta(microseconds=1))
            nxt = rec.next_occurrence(task.recurrence, anchor=anchor, after=after, tz=tz)
    except rec.RecurrenceError:
        return None
    if nxt is None:
        return None
    return _Due(date=nxt.date(), time=nxt.time().replace(tzinfo=None) if task.due_time else None)


def _next_occurrence(task: Task, *, user: User, now: datetime) -> Task | None:
    if not task.recurrence or task.parent_id is not None:
        return None
    if task.series is None:  # a row made outside the services: start its series now
        task.new_series()
        Task.objects.filter(pk=task.pk).update(series=task.series)
    due = _next_due(task, tz=user.time_zone, now=now)
    if due is None:
        return None
    assert task.due_date is not None
    do_on = task.do_on + (due.date - task.due_date) if task.do_on else None
    nxt = Task.objects.create(
        workspace_id=task.workspace_id,
        title=task.title,
        notes=task.notes,
        priority=task.priority,
        due_date=due.date,
        due_time=due.time,
        do_on=do_on,
        estimate_minutes=task.estimate_minutes,
        energy=task.energy,
        deep_work=task.deep_work,
        project_id=task.project_id,
        goal_id=task.goal_id,
        area_id=task.area_id,
        position=task.position,  # the next one takes this one's place in the list
        recurrence=task.recurrence,
        repeat_from=task.repeat_from,
        series=task.series,
        source=task.source,
        created_by_id=task.created_by_id,
    )
    _copy_labels({task.pk: nxt}, task.workspace_id)
    # The checklist resets: subtasks are copied as open; the done copy keeps its own.
    subtasks = list(Task.objects.filter(parent_id=task.pk).order_by("position", "created_at"))
    copies = Task.objects.bulk_create(
        [
            Task(
                workspace_id=task.workspace_id,
                parent=nxt,
                title=sub.title,
                notes=sub.notes,
                priority=sub.priority,
                estimate_minutes=sub.estimate_minutes,
                energy=sub.energy,
                deep_work=sub.deep_work,
                position=sub.position,
                source=sub.source,
                created_by_id=sub.created_by_id,
            )
            for sub in subtasks
        ]
    )
    if copies and copies[0].pk is None:  # databases that don't return ids from bulk inserts
        copies = list(Task.objects.filter(parent=nxt).order_by("position", "created_at", "pk"))
    _copy_labels(
        {sub.pk: copy for sub, copy in zip(subtasks, copies, strict=True)}, task.workspace_id
    )
    return nxt


def _copy_labels(pairs: dict[int, Task], workspace_id: int) -> None:
    """Give each new task the labels of the old task whose pk maps to it."""
    if not pairs:
        return
    links = TaskLabel.objects.filter(task_id__in=list(pairs)).values_list("task_id", "label_id")
    TaskLabel.objects.bulk_create(
        [
            TaskLabel(workspace_id=workspace_id, task=pairs[task_id], label_id=label_id)
            for task_id, label_id in links
        ]
    )


# ---------------------------------------------------------------------------------------------
# Ordering (tasks and projects)


def _reorder_within(subset: list[Any], ordered: list[Any], all_rows: list[Any], model: Any) -> None:
    """Give the rows of `subset` the new order `ordered` using the positions they already hold,
    so rows outside the subset keep their places. Ties are broken by renumbering everything."""
    slots = sorted(row.position for row in subset)
    if len(set(slots)) != len(slots):
        for position, row in enumerate(all_rows, start=1):
            row.position = position
        slots = sorted(row.position for row in subset)
        changed = list(all_rows)
    else:
        changed = []
    for slot, row in zip(slots, ordered, strict=True):
        if row.position != slot:
            row.position = slot
            changed.append(row)
    model.objects.bulk_update({row.pk: row for row in changed}.values(), ["position"])


def _task_siblings(task_or_ws: Task | Workspace, parent_id: int | None) -> list[Task]:
    workspace_id = getattr(task_or_ws, "workspace_id", None) or task_or_ws.pk
    return list(
        Task.objects.filter(workspace_id=workspace_id, parent_id=parent_id).order_by(
            "position", "created_at", "pk"
        )
    )


def _task_subset(rows: list[Task], *, parent_id: int | None, project: Project | None) -> list[Task]:
    subset = rows if parent_id is not None else [t for t in rows if t.status == TaskStatus.OPEN]
    if project is not None:
        subset = [t for t in subset if t.project_id == project.pk]
    return subset


def task_move(*, task: Task, offset: int, project: Project | None = None) -> None:
    """Move the task up (offset < 0) or down (> 0) among its open siblings (subtasks: among the
    parent's subtasks); with `project`, among that project's open tasks. Others stay put."""
    rows = _task_siblings(task, task.parent_id)
    subset = _task_subset(rows, parent_id=task.parent_id, project=project)
    ordered = list(subset)
    index = next((i for i, t in enumerate(ordered) if t.pk == task.pk), None)
    if index is None:
        return
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _reorder_within(subset, ordered, rows, Task)


def task_move_to(
    *, task: Task, position: int, among: Iterable[Task] | None = None
) -> tuple[int, int]:
    """Put the task at `position` (1 is first; clamped to the list) among `among`: the tasks of
    the list it is moved in, the task itself included (a group of the task list, a project's
    tasks), else among its open siblings. Their current order is read afresh; they trade the
    places they already hold, so every task outside the list keeps its place.

    Returns (the position it took, how many tasks the list holds). Raises Invalid when the task
    is not in `among`."""
    rows = _task_siblings(task, task.parent_id)
    if among is None:
        subset = _task_subset(rows, parent_id=task.parent_id, project=None)
    else:
        wanted = {t.pk for t in among}
        subset = [row for row in rows if row.pk in wanted]
    moving = next((row for row in subset if row.pk == task.pk), None)
    if moving is None:
        raise Invalid("This task isn't in that list any more. Reload the page to see it.")
    ordered = [row for row in subset if row.pk != task.pk]
    index = max(0, min(len(ordered), position - 1))
    ordered.insert(index, moving)
    _reorder_within(subset, ordered, rows, Task)
    task.position = moving.position
    return index + 1, len(subset)


def task_reorder(
    *, workspace: Workspace, order: list[UUID], project: Project | None = None
) -> None:
    """Put the open top-level tasks (of `project`, when given) in the given order; tasks not
    listed keep their relative order after the listed ones."""
    _check_workspace(workspace, project=project)
    rows = _task_siblings(workspace, None)
    subset = _task_subset(rows, parent_id=None, project=project)
    rank = {u: i for i, u in enumerate(order)}
    ordered = sorted(subset, key=lambda t: rank.get(t.uuid, len(rank)))
    _reorder_within(subset, ordered, rows, Task)


# ---------------------------------------------------------------------------------------------
# Projects


def project_create(
    *,
    workspace: Workspace,
    title: str,
    description: str = "",
    status: str = ProjectStatus.ACTIVE,
    area: LifeArea | None = None,
    goal: Goal | None = None,
    deadline: date | None = None,
    by: User | None = None,
) -> Project:
    """Create a project at the end of the list. Raises Invalid."""
    _check_workspace(workspace, area=area, goal=goal)
    last = Project.objects.in_workspace(workspace).aggregate(last=Max("position"))["last"]
    project = Project(
        workspace=workspace,
        title=(title or "").strip(),
        description=description or "",
        status=status,
        area=area,
        goal=goal,
        deadline=deadline,
        position=(last or 0) + 1,
    )
    if status == ProjectStatus.DONE:
        project.completed_at = timezone.now()
    validate(project)
    with transaction.atomic():
        project.save()
        activity.record(project, Verb.ADDED, actor_id=by.pk if by else None)
    return project


def project_update(
    *, project: Project, expected_version: int | None, by: User | None = None, **changes: Any
) -> Project:
    """Change some of PROJECT_EDITABLE. Raises Invalid, or Conflict when the version moved on.
    A change of `status` follows project_set_status's rules (and is a line of the shared
    workspace's activity, made by `by`)."""
    unknown = set(changes) - set(PROJECT_EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    _check_workspace(project.workspace, **{k: changes[k] for k in ("area", "goal") if k in changes})
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    if "description" in changes and changes["description"] is None:
        changes["description"] = ""
    fields = list(changes)
    was = project.status
    if "status" in changes and changes["status"] != project.status:
        project.completed_at = timezone.now() if changes["status"] == ProjectStatus.DONE else None
        fields.append("completed_at")
    for field, value in changes.items():
        setattr(project, field, value)
    with transaction.atomic():
        save_versioned(project, fields=fields, expected_version=expected_version)
        verb = _status_verb(was, project.status)
        if verb is not None:
            activity.record(project, verb, actor_id=by.pk if by else None)
    return project


def _status_verb(was: str, now: str) -> Verb | None:
    """What the shared workspace's activity says of a project's status change: completed,
    dropped, or reopened (active again after either). On hold and someday are planning."""
    closed = (ProjectStatus.DONE, ProjectStatus.DROPPED)
    if was == now:
        return None
    if now == ProjectStatus.DONE:
        return Verb.COMPLETED
    if now == ProjectStatus.DROPPED:
        return Verb.DROPPED
    if now == ProjectStatus.ACTIVE and was in closed:
        return Verb.REOPENED
    return None


def project_set_status(*, project: Project, status: str, by: User | None = None) -> Project:
    """Set the status. Done sets `completed_at` (other statuses clear it). A done or dropped
    project leaves its open tasks as they are. Raises Invalid for an unknown status."""
    if status not in ProjectStatus.values:
        raise Invalid("Choose a status.", fields={"status": ["Choose a status."]})
    if status == project.status:
        return project
    return project_update(project=project, expected_version=None, by=by, status=status)


def project_delete(*, project: Project, by: User | None = None) -> None:
    """Delete the project. Its tasks stay, without a project."""
    with transaction.atomic():
        activity.record(project, Verb.DELETED, actor_id=by.pk if by else None)
        project.delete()


def project_move(*, project: Project, offset: int) -> None:
    """Move the project up (offset < 0) or down (> 0) among projects of the same status (the
    groups the list shows); other projects keep their places."""
    rows = list(
        Project.objects.filter(workspace_id=project.workspace_id).order_by(
            "position", "created_at", "pk"
        )
    )
    subset = [p for p in rows if p.status == project.status]
    ordered = list(subset)
    index = next(i for i, p in enumerate(ordered) if p.pk == project.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    _reorder_within(subset, ordered, rows, Project)


def project_reorder(*, workspace: Workspace, order: list[UUID]) -> None:
    """Put the projects in the given order; projects not listed keep their order after."""
    rows = list(Project.objects.in_workspace(workspace).order_by("position", "created_at", "pk"))
    rank = {u: i for i, u in enumerate(order)}
    rows.sort(key=lambda p: rank.get(p.uuid, len(rank)))
    renumber(rows)


# ---------------------------------------------------------------------------------------------
# Members


def _member_leaving(*, workspace_id: int, user_id: int, **_: Any) -> None:
    """Someone leaves a shared workspace (or is removed): the tasks assigned to them there are
    anyone's again, and Today plans them for every member."""
    Task.objects.filter(workspace_id=workspace_id, assignee_id=user_id).update(
        assignee=None, version=F("version") + 1, updated_at=timezone.now()
    )


def connect() -> None:
    """Listen to the workspaces app's membership signals (from ``ready()``)."""
    member_leaving.connect(_member_leaving, sender=Membership, dispatch_uid="tasks-unassign")
