"""Reads for Today: one ``Snapshot`` of a user's workspace, for the engine.

``build_snapshot`` runs a fixed number of queries whatever the workspace's size (one per kind of
row, aggregates computed in SQL, kept on the rows, or counted from rows already loaded) and reads
plain values, never model instances (the decisions waiting today come from the decisions app's
own selector, one query, and are turned into plain values at once); the open tasks, most of the
work, are read by ``task_rows.open_tasks``. Nothing is kept between requests: every view reads
the workspace as it is. Every id in the snapshot is the row's public UUID as a string, so the
page and the API can link straight to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Q, Subquery

from minime.accounts.models import User
from minime.areas.models import LifeArea
from minime.calendars.models import CalendarEvent
from minime.capture.selectors import backlog, inbox
from minime.decisions.selectors import decisions_needing_attention
from minime.goals.models import Goal
from minime.preferences.models import OnboardingAnswers, RuleSettings
from minime.preferences.onboarding import answers_for
from minime.preferences.rules import rules_for
from minime.routines.models import OccurrenceStatus, RoutineOccurrence
from minime.routines.models import Routine as RoutineModel
from minime.routines.selectors import is_scheduled
from minime.tasks.models import Project
from minime.today import engine
from minime.today.models import DayState
from minime.today.task_rows import assigned_elsewhere, open_tasks
from minime.workspaces.models import Workspace

# Events that started this long before today are not looked at (a cache of calendar events
# grows with time; longer events than this are rare enough to miss on Today).
EVENT_LOOKBACK_DAYS = 60


def day_bounds(day: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """The local day ``day`` in ``zone`` as [start, end) instants."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    end = datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)
    return start, end


def events_on(user: User, day: date, zone: ZoneInfo) -> list[CalendarEvent]:
    """The user's calendar events touching local ``day`` (one query), by start: their own
    calendars, on every workspace's Today."""
    start, end = day_bounds(day, zone)
    return list(
        CalendarEvent.objects.filter(user=user)
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
    capture app's ``inbox``), in one query, whether or not the user saved rules or answers (the
    defaults stand in, as ``rules_for`` and ``answers_for`` give them)."""
    energy = (
        DayState.objects.in_workspace(workspace).filter(user=user, date=day).values("energy")[:1]
    )
    items = inbox(workspace).order_by()
    count = items.values("workspace").annotate(n=Count("id")).values("n")
    found = (
        User.objects.filter(pk=user.pk)
        .select_related("rules", "onboarding")
        .annotate(
            day_energy=Subquery(energy),
            inbox_count=Subquery(count),
            inbox_oldest=Subquery(items.order_by("created_at").values("created_at")[:1]),
        )
        .first()
    )
    if found is None:  # the user's row is gone (deleted during this request)
        rules = rules_for(user)
        pile = backlog(workspace, now, rules.capture_backlog_items, rules.capture_backlog_days)
        return (
            rules,
            answers_for(user),
            energy_on(user=user, workspace=workspace, day=day),
            engine.CaptureBacklog(count=pile.count, oldest_days=pile.oldest_age_days),
        )
    try:
        rules = found.rules
    except RuleSettings.DoesNotExist:
        rules = RuleSettings(user=user)  # the defaults, as rules_for gives
    try:
        answers = found.onboarding
    except OnboardingAnswers.DoesNotExist:
        answers = OnboardingAnswers(user=user)  # the defaults, as answers_for gives
    oldest = found.inbox_oldest
    age = max(now - oldest, timedelta(0)).days if oldest else 0
    capture = engine.CaptureBacklog(count=found.inbox_count or 0, oldest_days=age)
    return rules, answers, found.day_energy, capture


def plan_for(
    *, user: User, workspace: Workspace, now: datetime
) -> tuple[engine.Snapshot, engine.TodayPlan]:
    """Today for ``user`` in ``workspace`` at ``now``: the snapshot and its plan."""
    snapshot = build_snapshot(user=user, workspace=workspace, now=now)
    return snapshot, engine.plan_today(snapshot)


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
            "id", "uuid", "name", "importance", "last_completed_at", "is_work"
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
    rules, answers, energy, capture = _settings(user=user, workspace=workspace, day=today, now=now)
    snapshot_tasks = open_tasks(workspace, projects, goals, areas)
    # Open top-level tasks per project, open tasks per goal (by UUID, as the tasks link them):
    # everyone's, so a project whose next steps another member took on is not stuck.
    open_top_level = Counter(t.project_id for t in snapshot_tasks if t.parent_id is None)
    goal_open_tasks = Counter(t.goal_id for t in snapshot_tasks)
    # In a shared workspace, a task assigned to another member (and its steps) is theirs to plan.
    theirs = assigned_elsewhere(workspace, user.pk)
    if theirs:
        snapshot_tasks = [
            t for t in snapshot_tasks if t.id not in theirs and t.parent_id not in theirs
        ]

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
            is_work=is_work,
        )
        for pk, uuid, name, importance, last_completed_at, is_work in area_rows
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
        for e in events_on(user, today, zone)
        if e.ends_at >= e.starts_at
    ]
    decisions = [
        engine.Decision(id=str(d.decision.uuid), title=d.decision.question, kind=d.kind, due=d.due)
        for d in decisions_needing_attention(workspace, today)
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
            deep_work_minutes=rules.deep_work_minutes,
        ),
        onboarding=engine.Onboarding(
            guidance=answers.guidance,
            available_time=answers.available_time,
            default_energy=answers.default_energy,
        ),
        energy=energy,
        capture=capture,
        decisions=tuple(decisions),
    )
