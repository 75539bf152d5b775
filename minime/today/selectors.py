"""Reads for Today: one ``Snapshot`` of a user's workspace, for the engine.

``build_snapshot`` runs a fixed number of queries whatever the workspace's size (one per kind of
row, aggregates computed in SQL or from rows already loaded) and reads plain values
(``values_list``), never model instances, for the tasks: 10,000 open tasks load in a few tens of
milliseconds. Every id in the snapshot is the row's public UUID as a string, so the page and the
API can link straight to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.models import Count, Max, OuterRef, Q, Subquery

from minime.accounts.models import OnboardingAnswers, RuleSettings, User
from minime.accounts.onboarding import answers_for
from minime.accounts.rules import rules_for
from minime.areas.models import LifeArea
from minime.capture.selectors import backlog, inbox
from minime.goals.models import Goal
from minime.routines.models import OccurrenceStatus, RoutineOccurrence
from minime.routines.models import Routine as RoutineModel
from minime.routines.selectors import is_scheduled
from minime.tasks.models import Project, Task, TaskStatus
from minime.today import engine
from minime.today.models import CalendarEvent, DayState
from minime.workspaces.models import Workspace

# Events that started this long before today are not looked at (a cache of calendar events
# grows with time; longer events than this are rare enough to miss on Today).
EVENT_LOOKBACK_DAYS = 60

_TASK_COLUMNS = (
    "id",
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
) -> tuple[RuleSettings, OnboardingAnswers, str | None, engine.CaptureBacklog]:
    """The user's rules, onboarding answers, energy for ``day`` and the capture backlog (the
    capture app's ``inbox``), in one query once the rules row exists (``rules_for`` creates it
    on first use)."""
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
        )
    try:
        answers = found.user.onboarding
    except OnboardingAnswers.DoesNotExist:
        answers = OnboardingAnswers(user=user)  # the defaults, as answers_for gives
    oldest = found.inbox_oldest
    age = max(now - oldest, timedelta(0)).days if oldest else 0
    capture = engine.CaptureBacklog(count=found.inbox_count or 0, oldest_days=age)
    return found, answers, found.day_energy, capture


def _bump(into: dict[int, datetime], key: int | None, value: datetime | None) -> None:
    if key is not None and value is not None and (key not in into or into[key] < value):
        into[key] = value


def _completions(
    workspace: Workspace, project_links: dict[int, tuple[int | None, int | None]]
) -> tuple[dict[int, datetime], dict[int, datetime], dict[int, datetime]]:
    """The last completion per project, per goal and per area (one grouped query over done
    tasks). A task counts for its project, its goal (or its project's) and its area (or its
    project's)."""
    rows = (
        Task.objects.in_workspace(workspace)
        .filter(status=TaskStatus.DONE)
        .values_list("project_id", "goal_id", "area_id")
        .annotate(last=Max("completed_at"))
        .order_by()
    )
    by_project: dict[int, datetime] = {}
    by_goal: dict[int, datetime] = {}
    by_area: dict[int, datetime] = {}
    for project_id, goal_id, area_id, last in rows:
        _bump(by_project, project_id, last)
        project_area, project_goal = project_links.get(project_id, (None, None))
        _bump(by_goal, goal_id or project_goal, last)
        _bump(by_area, area_id or project_area, last)
    return by_project, by_goal, by_area


def _open_task_rows(workspace: Workspace) -> list[tuple[Any, ...]]:
    """The open tasks' ``_TASK_COLUMNS`` (one query). The ORM's per-value converters cost more
    than the query on a big workspace, so the rows are read raw and converted here: SQLite gives
    hex UUIDs and naive UTC datetimes, PostgreSQL native values."""
    rows = (
        Task.objects.in_workspace(workspace)
        .filter(status=TaskStatus.OPEN)
        .values_list(*_TASK_COLUMNS)
        .order_by()
    )
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        raw = cursor.fetchall()
    if connection.vendor != "sqlite":
        return [(r[0], str(r[1]), *r[2:]) for r in raw]
    # Dates and times arrive parsed (the backend's converters); datetimes naive, in UTC.
    return [
        (
            r[0],
            f"{r[1][:8]}-{r[1][8:12]}-{r[1][12:16]}-{r[1][16:20]}-{r[1][20:]}",
            *r[2:12],
            r[12] and r[12].replace(tzinfo=UTC),
            *r[13:],
        )
        for r in raw
    ]


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
        LifeArea.objects.in_workspace(workspace).values_list("id", "uuid", "name", "importance")
    )
    goal_rows = list(
        Goal.objects.in_workspace(workspace).values_list(
            "id", "uuid", "title", "status", "area_id", "target_date"
        )
    )
    project_rows = list(
        Project.objects.in_workspace(workspace).values_list(
            "id", "uuid", "title", "status", "area_id", "goal_id", "deadline", "created_at"
        )
    )
    task_rows = _open_task_rows(workspace)
    areas, goals, projects = _uuid_map(area_rows), _uuid_map(goal_rows), _uuid_map(project_rows)
    tasks = _uuid_map(task_rows)
    project_links = {row[0]: (row[4], row[5]) for row in project_rows}
    last_by_project, last_by_goal, last_by_area = _completions(workspace, project_links)

    open_top_level: dict[int, int] = {}
    goal_open_tasks: dict[int, int] = {}
    snapshot_tasks = []
    for (
        _pk,
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
    ) in task_rows:
        if project_id is not None and parent_id is None:
            open_top_level[project_id] = open_top_level.get(project_id, 0) + 1
        if goal_id is not None:
            goal_open_tasks[goal_id] = goal_open_tasks.get(goal_id, 0) + 1
        snapshot_tasks.append(
            engine.Task(
                id=uuid,
                title=title,
                priority=priority,
                due_date=due_date,
                due_time=due_time,
                do_on=do_on,
                estimate_minutes=estimate,
                energy=energy,
                project_id=projects.get(project_id) if project_id is not None else None,
                goal_id=goals.get(goal_id) if goal_id is not None else None,
                area_id=areas.get(area_id) if area_id is not None else None,
                created_at=created_at,
                pinned_on=pinned_on,
                snoozed_until=snoozed_until,
                parent_id=tasks.get(parent_id) if parent_id is not None else None,
                is_recurring=bool(recurrence),
            )
        )

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
            last_completed_at=last_by_project.get(pk),
            open_task_count=open_top_level.get(pk, 0),
            created_at=created_at,
        )
        for pk, uuid, title, status, area_id, goal_id, deadline, created_at in project_rows
    ]
    snapshot_goals = [
        engine.Goal(
            id=str(uuid),
            title=title,
            status=status,
            area_id=areas.get(area_id) if area_id is not None else None,
            target_date=target_date,
            linked_open_tasks=goal_open_tasks.get(pk, 0),
            linked_projects=goal_projects.get(pk, 0),
            last_activity_at=last_by_goal.get(pk),
        )
        for pk, uuid, title, status, area_id, target_date in goal_rows
    ]
    snapshot_areas = [
        engine.Area(
            id=str(uuid),
            name=name,
            importance=min(5, max(1, importance)),
            last_activity_at=last_by_area.get(pk),
        )
        for pk, uuid, name, importance in area_rows
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
    rules, answers, energy, capture = _settings(user=user, workspace=workspace, day=today, now=now)
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
