"""Reads for Today: one ``Snapshot`` of a user's workspace, for the engine.

``build_snapshot`` runs a fixed number of queries whatever the workspace's size (one per kind of
row, aggregates computed in SQL, kept on the rows, or counted from rows already loaded) and reads
plain values, never model instances. The open tasks, most of the work, are kept between requests
(``open_tasks``): a view of an unchanged workspace reads none of them, a view after a change
reads only the rows that changed. Every id in the snapshot is the row's public UUID as a string,
so the page and the API can link straight to it.
"""

from __future__ import annotations

import secrets
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import IntegrityError, connections, transaction
from django.db.models import Count, Func, OuterRef, Q, QuerySet, Subquery, TextField

from minime.accounts.models import OnboardingAnswers, RuleSettings, User
from minime.accounts.onboarding import answers_for
from minime.accounts.rules import rules_for
from minime.areas.models import LifeArea
from minime.capture.selectors import backlog, inbox
from minime.core.db import fetch_rows
from minime.goals.models import Goal
from minime.routines.models import OccurrenceStatus, RoutineOccurrence
from minime.routines.models import Routine as RoutineModel
from minime.routines.selectors import is_scheduled
from minime.tasks.models import Project, Task, TaskListStamp, TaskStatus
from minime.tasks.stamps import ALL_TRIGGERS
from minime.today import engine
from minime.today.models import CalendarEvent, DayState
from minime.workspaces.models import Workspace

_PROJECT, _GOAL, _PARENT = itemgetter(8), itemgetter(9), itemgetter(14)  # engine.Task's fields

# Events that started this long before today are not looked at (a cache of calendar events
# grows with time; longer events than this are rare enough to miss on Today).
EVENT_LOOKBACK_DAYS = 60

# The open tasks' columns, in engine.Task's order after the primary key.
_TASK_COLUMNS = (
    "id",
    "row_stamp",
    "uuid",
    "title",
    "priority",
    "due_date",
    "due_time",
    "do_on",
    "estimate_minutes",
    "energy",
    "project_id",
    "goal_id",
    "area_id",
    "created_at",
    "pinned_on",
    "snoozed_until",
    "parent_id",
    "recurrence",
)
# Read as text on SQLite (see _read_rows): the dates and times, and created_at.
_SQLITE_TEXT = {"due_date", "due_time", "do_on", "created_at", "pinned_on", "snoozed_until"}


class _DashedUuid(Func):
    """A UUID column as its dashed text, computed by the database (SQLite keeps 32 hex digits)."""

    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        dashes = "||'-'||".join(
            f"substr(%(expressions)s, {start}, {length})"
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
        return self.as_sql(compiler, connection, template=f"({dashes})", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra)


class _Text(Func):
    """A column as text, so SQLite's driver hands it over unconverted (``|| ''`` keeps NULL)."""

    template = "(%(expressions)s || '')"
    output_field = TextField()


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local day ``day`` in ``zone`` as [start, end) instants."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def events_on(workspace: Workspace, day: date, zone: ZoneInfo) -> list[CalendarEvent]:
    """The workspace's calendar events touching local ``day`` (one query), by start."""
    start, end = day_bounds(day, zone)
    return list(
        CalendarEvent.objects.in_workspace(workspace)
        .filter(starts_at__lt=end, starts_at__gte=start - timedelta(days=EVENT_LOOKBACK_DAYS))
        .filter(Q(ends_at__gt=start) | Q(starts_at__gte=start))
        .order_by("starts_at", "title")
    )


def energy_on(*, user: User, workspace: Workspace, day: date) -> str | None:
    """The energy the user chose for ``day`` (None: not chosen, the onboarding default applies)."""
    return (
        DayState.objects.in_workspace(workspace)
        .filter(user=user, date=day)
        .values_list("energy", flat=True)
        .first()
    )


def routines_due(workspace: Workspace, day: date, tz: str) -> list[tuple[RoutineModel, str]]:
    """Active routines due on local ``day`` with that day's recorded status ("" when nothing is
    recorded), in one query; "due" is minime.routines' rule (``is_scheduled``)."""
    status = RoutineOccurrence.objects.filter(routine=OuterRef("pk"), date=day).values("status")
    rows = (
        RoutineModel.objects.in_workspace(workspace)
        .filter(is_active=True, starts_on__lte=day)
        .annotate(day_status=Subquery(status[:1]))
        .order_by("position", "created_at")
    )
    return [
        (r, r.day_status or "")
        for r in rows
        if _scheduled(r.recurrence, r.starts_on, r.exact_time, day, tz)
    ]


@lru_cache(maxsize=4096)
def _scheduled(
    recurrence: str, starts_on: date, exact_time: time | None, day: date, tz: str
) -> bool:
    """minime.routines' ``is_scheduled``, remembered: it expands the rule from its first day,
    which costs more the older the routine; its answer depends only on these values."""
    routine = RoutineModel(recurrence=recurrence, starts_on=starts_on, exact_time=exact_time)
    return is_scheduled(routine, day, tz)


def _settings(
    *, user: User, workspace: Workspace, day: date, now: datetime
) -> tuple[RuleSettings, OnboardingAnswers, str | None, engine.CaptureBacklog, str | None]:
    """The user's rules, onboarding answers, energy for ``day``, the capture backlog (the
    capture app's ``inbox``) and the workspace's task-list stamp (None: not known), in one query
    once the rules row exists (``rules_for`` creates it on first use)."""
    energy = (
        DayState.objects.in_workspace(workspace).filter(user=user, date=day).values("energy")[:1]
    )
    items = inbox(workspace).order_by()
    count = items.values("workspace").annotate(n=Count("id")).values("n")
    found = (
        RuleSettings.objects.filter(user=user)
        .select_related("user__onboarding")
        .annotate(
            day_energy=Subquery(energy),
            inbox_count=Subquery(count),
            inbox_oldest=Subquery(items.order_by("created_at").values("created_at")[:1]),
            task_stamp=Subquery(
                TaskListStamp.objects.filter(workspace=workspace).values("stamp")[:1]
            ),
        )
        .first()
    )
    if found is None:
        rules = rules_for(user)
        pile = backlog(workspace, now, rules.capture_backlog_items, rules.capture_backlog_days)
        return (
            rules,
            answers_for(user),
            energy_on(user=user, workspace=workspace, day=day),
            engine.CaptureBacklog(count=pile.count, oldest_days=pile.oldest_age_days),
            None,
        )
    try:
        answers = found.user.onboarding
    except OnboardingAnswers.DoesNotExist:
        answers = OnboardingAnswers(user=user)  # the defaults, as answers_for gives
    oldest = found.inbox_oldest
    age = max(now - oldest, timedelta(0)).days if oldest else 0
    capture = engine.CaptureBacklog(count=found.inbox_count or 0, oldest_days=age)
    return found, answers, found.day_energy, capture, found.task_stamp


class _Row(NamedTuple):
    """An open task as read: its key, its row stamp, its parent's key, and the engine.Task
    (``parent_id`` left None: ``_assemble`` sets it from the open tasks of the moment)."""

    pk: int
    row_stamp: int
    parent: int | None
    task: engine.Task


def _read_rows(
    rows: QuerySet[Task],
    projects: dict[int, str],
    goals: dict[int, str],
    areas: dict[int, str],
) -> list[_Row]:
    """``rows`` (open tasks) read as ``_Row``s in one query; ``projects``, ``goals`` and
    ``areas`` map primary keys to UUIDs.

    Thirteen thousand rows cost more to convert than to query, so they are read raw
    (``fetch_rows``) and converted in one pass, in C where possible: the database writes the
    UUIDs as dashed text, and on SQLite dates, times and datetimes arrive as ISO text for
    ``fromisoformat`` (Django's per-value converters cost five times as much). engine.Task is a
    named tuple: ``tuple.__new__`` makes one without keyword handling (the snapshot checks the
    values once, column by column)."""
    sqlite = connections[rows.db].vendor == "sqlite"
    columns = [
        _DashedUuid(name)
        if name == "uuid"
        else _Text(name)
        if sqlite and name in _SQLITE_TEXT
        else name
        for name in _TASK_COLUMNS
    ]
    raw = fetch_rows(rows.values_list(*columns).order_by())
    day, clock, moment = date.fromisoformat, time.fromisoformat, datetime.fromisoformat
    make, task, row = tuple.__new__, engine.Task, _Row
    return [
        make(
            row,
            (
                pk,
                row_stamp,
                parent_id,
                make(
                    task,
                    (
                        uuid,
                        title,
                        priority,
                        day(due_date) if sqlite and due_date else due_date,
                        clock(due_time) if sqlite and due_time else due_time,
                        day(do_on) if sqlite and do_on else do_on,
                        estimate,
                        energy,
                        project_id and projects[project_id],
                        goal_id and goals[goal_id],
                        area_id and areas[area_id],
                        moment(created_at).replace(tzinfo=UTC) if sqlite else created_at,
                        day(pinned_on) if sqlite and pinned_on else pinned_on,
                        day(snoozed_until) if sqlite and snoozed_until else snoozed_until,
                        None,
                        bool(recurrence),
                    ),
                ),
            ),
        )
        for (
            pk,
            row_stamp,
            uuid,
            title,
            priority,
            due_date,
            due_time,
            do_on,
            estimate,
            energy,
            project_id,
            goal_id,
            area_id,
            created_at,
            pinned_on,
            snoozed_until,
            parent_id,
            recurrence,
        ) in raw
    ]


def _assemble(
    rows: list[_Row], before: _Kept | None = None
) -> tuple[list[engine.Task], dict[int, engine.Task]]:
    """The engine.Tasks of ``rows``, each subtask linked to its parent when the parent is among
    them (an open task); a subtask of a closed task has no parent here. Also returns the
    subtasks by key. A subtask whose row and parent are as in ``before`` (the list kept last
    time) is the very object it was then, so the plan's memo sees it unchanged."""
    uuids = {r.pk: r.task.id for r in rows}
    kept_rows = before.rows if before is not None else {}
    kept_subtasks = before.subtasks if before is not None else {}
    tasks: list[engine.Task] = []
    subtasks: dict[int, engine.Task] = {}
    for row in rows:
        if row.parent is None:
            tasks.append(row.task)
            continue
        parent = uuids.get(row.parent)
        task = kept_subtasks.get(row.pk)
        if task is None or task.parent_id != parent or kept_rows.get(row.pk) is not row:
            task = row.task._replace(parent_id=parent)
        subtasks[row.pk] = task
        tasks.append(task)
    return tasks, subtasks


def _open(workspace: Workspace) -> QuerySet[Task]:
    return Task.objects.in_workspace(workspace).filter(status=TaskStatus.OPEN)


# --- The open tasks between requests ------------------------------------------------------------
# Reading and converting ten thousand open tasks is most of a Today request. They change far
# less often than Today is looked at, so each process keeps the last lists it built, keyed by the
# workspace's TaskListStamp: a token that database triggers replace on every write to the tasks
# table, whatever the code path. A stale list would need a write the triggers do not see, which
# is why the cache is used only where the triggers are found in place (``_stamped``).
CACHE_TASK_BUDGET = 200_000  # open tasks kept per process, all workspaces together
# When the stamp has moved, only the rows whose row_stamp moved are read again, unless there are
# more than this many of them (then one full read is cheaper).
REREAD_LIMIT = 2_000


class _Kept(NamedTuple):
    stamp: str
    rows: dict[int, _Row]  # by primary key
    tasks: list[engine.Task]
    subtasks: dict[int, engine.Task]  # the assembled subtasks, by primary key


# (database alias, database name, workspace id) -> what was read; least recently used first.
_cache: OrderedDict[tuple[str, str, int], _Kept] = OrderedDict()
_cached_tasks = 0
_cache_lock = threading.Lock()
_triggers_found: dict[tuple[str, str], bool] = {}


def _stamped(alias: str) -> bool:
    """Whether the database behind ``alias`` has the stamp triggers (checked once per process
    and database; a table rebuilt by a later migration on SQLite would lose them)."""
    connection = connections[alias]
    key = (alias, str(connection.settings_dict["NAME"]))
    if key not in _triggers_found:
        names = list(ALL_TRIGGERS)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT tgname FROM pg_trigger WHERE tgrelid = 'tasks_task'::regclass"
                    " AND NOT tgisinternal"
                )
            else:
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                    " AND tbl_name = 'tasks_task'"
                )
            found = {row[0] for row in cursor.fetchall()}
        _triggers_found[key] = found.issuperset(names)
    return _triggers_found[key]


def open_tasks(
    workspace: Workspace,
    stamp: str | None,
    projects: dict[int, str],
    goals: dict[int, str],
    areas: dict[int, str],
) -> list[engine.Task]:
    """The workspace's open tasks as engine.Tasks.

    This process's list when it was read at ``stamp``. When the stamp has moved: the open
    tasks' keys and row stamps (one narrow query), then only the rows that are new or moved (a
    second query, skipped when none did); closed and deleted tasks simply drop out. The first
    time, or past ``REREAD_LIMIT`` changed rows: one full read. A workspace without a stamp
    gets one, and triggers missing from the database turn the cache off (``_stamped``)."""
    global _cached_tasks
    alias = Task.objects.db
    if not _stamped(alias) or stamp is None:
        if stamp is None:
            _ensure_stamp(workspace)
        return _assemble(_read_rows(_open(workspace), projects, goals, areas))[0]
    key = (alias, str(connections[alias].settings_dict["NAME"]), workspace.pk)
    with _cache_lock:
        kept = _cache.get(key)
        if kept is not None:
            _cache.move_to_end(key)
            if kept.stamp == stamp:
                return kept.tasks
    rows = _reread(workspace, kept, projects, goals, areas) if kept is not None else None
    if rows is None:
        rows = _read_rows(_open(workspace), projects, goals, areas)
    tasks, subtasks = _assemble(rows, kept)
    kept_rows = {r.pk: r for r in rows}
    with _cache_lock:
        replaced = _cache.pop(key, None)  # one list per workspace: the latest
        _cached_tasks += len(tasks) - (len(replaced.tasks) if replaced else 0)
        _cache[key] = _Kept(stamp, kept_rows, tasks, subtasks)
        while _cached_tasks > CACHE_TASK_BUDGET and len(_cache) > 1:
            _, dropped = _cache.popitem(last=False)
            _cached_tasks -= len(dropped.tasks)
    return tasks


def _reread(
    workspace: Workspace,
    kept: _Kept,
    projects: dict[int, str],
    goals: dict[int, str],
    areas: dict[int, str],
) -> list[_Row] | None:
    """The open tasks now, re-reading only the rows that are new or moved since ``kept``; None
    when so many moved that a full read is cheaper."""
    current = fetch_rows(_open(workspace).values_list("id", "row_stamp").order_by())
    known = kept.rows
    moved = [pk for pk, row_stamp in current if (r := known.get(pk)) is None or r[1] != row_stamp]
    if len(moved) > REREAD_LIMIT:
        return None
    fresh = (
        {r.pk: r for r in _read_rows(_open(workspace).filter(pk__in=moved), projects, goals, areas)}
        if moved
        else {}
    )
    # A moved row that is gone from the second read was closed or deleted in between: skip it.
    changed = set(moved)
    return [
        fresh[pk] if pk in changed else known[pk]
        for pk, _ in current
        if pk not in changed or pk in fresh
    ]


def clear_open_task_cache() -> None:
    """Forget every kept list (tests measuring a cold read; never needed for correctness)."""
    global _cached_tasks
    with _cache_lock:
        _cache.clear()
        _cached_tasks = 0


def _ensure_stamp(workspace: Workspace) -> None:
    try:
        with transaction.atomic():
            TaskListStamp.objects.get_or_create(
                workspace=workspace, defaults={"stamp": secrets.token_hex(16)}
            )
    except IntegrityError:  # made at the same moment by another request
        pass


# --- Plans between requests ---------------------------------------------------------------------
# The engine's Memo keeps what the last plan learned about a workspace's open tasks (their
# ranking), so the next plan scores again only what changed. One per workspace and user (today's
# energy is the user's); least recently used first, within a budget of open tasks per process
# (a memo holds about 230 bytes per open task besides the tasks themselves: 46 MB at most).
MEMO_TASK_BUDGET = 200_000

_memos: OrderedDict[tuple[str, str, int, int], tuple[engine.Memo, int]] = OrderedDict()
_memo_tasks = 0
_memo_lock = threading.Lock()


def _memo_for(workspace: Workspace, user: User, size: int) -> engine.Memo:
    """This process's memo for ``user`` in ``workspace`` (made on first use); ``size`` is the
    number of open tasks it will hold, for the budget."""
    global _memo_tasks
    alias = Task.objects.db
    key = (alias, str(connections[alias].settings_dict["NAME"]), workspace.pk, user.pk)
    with _memo_lock:
        found = _memos.pop(key, None)
        memo = found[0] if found is not None else engine.Memo()
        _memo_tasks += size - (found[1] if found is not None else 0)
        _memos[key] = (memo, size)
        while _memo_tasks > MEMO_TASK_BUDGET and len(_memos) > 1:
            _, (_, dropped) = _memos.popitem(last=False)
            _memo_tasks -= dropped
    return memo


def clear_plan_memos() -> None:
    """Forget every kept plan memo (benchmarks measuring a first plan; never needed for
    correctness: a plan is the same with or without one)."""
    global _memo_tasks
    with _memo_lock:
        _memos.clear()
        _memo_tasks = 0


def plan_for(
    *, user: User, workspace: Workspace, now: datetime
) -> tuple[engine.Snapshot, engine.TodayPlan]:
    """Today for ``user`` in ``workspace`` at ``now``: the snapshot and its plan, planned with
    this process's memo of the workspace's tasks (``engine.Memo``)."""
    snapshot = build_snapshot(user=user, workspace=workspace, now=now)
    memo = _memo_for(workspace, user, len(snapshot.tasks))
    return snapshot, engine.plan_today(snapshot, memo=memo)


def _uuid_map(rows: Iterable[tuple[Any, ...]]) -> dict[int, str]:
    return {row[0]: str(row[1]) for row in rows}


def build_snapshot(*, user: User, workspace: Workspace, now: datetime) -> engine.Snapshot:
    """Everything Today needs about ``user`` in ``workspace`` at ``now``, in a fixed number of
    queries."""
    tz = user.time_zone
    zone = ZoneInfo(tz)
    now = now.astimezone(zone)
    today = now.date()

    area_rows = list(
        LifeArea.objects.in_workspace(workspace).values_list(
            "id", "uuid", "name", "importance", "last_completed_at"
        )
    )
    goal_rows = list(
        Goal.objects.in_workspace(workspace).values_list(
            "id", "uuid", "title", "status", "area_id", "target_date", "last_completed_at"
        )
    )
    project_rows = list(
        Project.objects.in_workspace(workspace).values_list(
            "id",
            "uuid",
            "title",
            "status",
            "area_id",
            "goal_id",
            "deadline",
            "created_at",
            "last_completed_at",
        )
    )
    areas, goals, projects = _uuid_map(area_rows), _uuid_map(goal_rows), _uuid_map(project_rows)
    rules, answers, energy, capture, stamp = _settings(
        user=user, workspace=workspace, day=today, now=now
    )
    snapshot_tasks = open_tasks(workspace, stamp, projects, goals, areas)
    # Open top-level tasks per project, open tasks per goal (by UUID, as the tasks link them).
    # Counted at C speed (thirteen thousand tasks): project of each top-level task, goal of each.
    top_level = map(is_, map(_PARENT, snapshot_tasks), repeat(None))
    open_top_level = Counter(compress(map(_PROJECT, snapshot_tasks), top_level))
    goal_open_tasks = Counter(map(_GOAL, snapshot_tasks))

    goal_projects: dict[int, int] = {}
    for _pk, _uuid, _title, status, _area, goal_id, *_rest in project_rows:
        if goal_id is not None and status == "active":
            goal_projects[goal_id] = goal_projects.get(goal_id, 0) + 1
    snapshot_projects = [
        engine.Project(
            id=str(uuid),
            title=title,
            status=status,
            area_id=areas.get(area_id) if area_id is not None else None,
            goal_id=goals.get(goal_id) if goal_id is not None else None,
            deadline=deadline,
            last_completed_at=last_completed_at,
            open_task_count=open_top_level[projects[pk]],
            created_at=created_at,
        )
        for pk, uuid, title, status, area_id, goal_id, deadline, created_at, last_completed_at in (
            project_rows
        )
    ]
    snapshot_goals = [
        engine.Goal(
            id=str(uuid),
            title=title,
            status=status,
            area_id=areas.get(area_id) if area_id is not None else None,
            target_date=target_date,
            linked_open_tasks=goal_open_tasks[goals[pk]],
            linked_projects=goal_projects.get(pk, 0),
            last_activity_at=last_completed_at,
        )
        for pk, uuid, title, status, area_id, target_date, last_completed_at in goal_rows
    ]
    snapshot_areas = [
        engine.Area(
            id=str(uuid),
            name=name,
            importance=min(5, max(1, importance)),
            last_activity_at=last_completed_at,
        )
        for pk, uuid, name, importance, last_completed_at in area_rows
    ]
    routines = [
        engine.Routine(
            id=str(r.uuid),
            title=r.title,
            exact_time=r.exact_time,
            time_of_day=r.time_of_day,
            estimate_minutes=r.estimate_minutes,
            done_today=status in (OccurrenceStatus.DONE, OccurrenceStatus.SKIPPED),
        )
        for r, status in routines_due(workspace, today, tz)
    ]
    events = [
        engine.Event(title=e.title, start=e.starts_at, end=e.ends_at, all_day=e.all_day)
        for e in events_on(workspace, today, zone)
        if e.ends_at >= e.starts_at
    ]
    return engine.Snapshot(
        now=now,
        tz=tz,
        tasks=tuple(snapshot_tasks),
        projects=tuple(snapshot_projects),
        goals=tuple(snapshot_goals),
        areas=tuple(snapshot_areas),
        routines=tuple(routines),
        events=tuple(events),
        rules=engine.Rules(
            priorities_per_day=max(1, rules.priorities_per_day),
            workday_start=rules.workday_start,
            workday_end=rules.workday_end,
            work_days=tuple(d for d in rules.work_days if 0 <= d <= 6),
            quick_win_minutes=rules.quick_win_minutes,
            stuck_project_days=rules.stuck_project_days,
            capture_backlog_items=rules.capture_backlog_items,
            capture_backlog_days=rules.capture_backlog_days,
        ),
        onboarding=engine.Onboarding(
            guidance=answers.guidance,
            available_time=answers.available_time,
            default_energy=answers.default_energy,
        ),
        energy=energy,
        capture=capture,
    )
