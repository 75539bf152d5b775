"""Reads for focus sessions: the running one, the history, the defaults and the stats.

A focus timer is personal: each read is one person's sessions in one workspace (in a shared
workspace, Bob's sessions are his). Every function here runs a fixed number of queries, whatever
the number of sessions: the stats read one fortnight of sessions in one query and add them up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from minime.accounts.models import User
from minime.focus.models import FocusSession, SessionState
from minime.preferences.rules import rules_for
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

STATS_DAYS = 14  # the by-day stats: today and the 13 days before it
RECENT_SESSIONS = 10  # the Focus page's "Recent sessions"
TASK_CHOICES_MAX = 200  # open tasks offered by the start form's select
BAR_STEP = 5  # bars are drawn with a class per 5 % (no inline styles under the CSP)

FREE_FOCUS = "Free focus"
NO_PROJECT = "No project"
NO_AREA = "No area"


@dataclass(frozen=True)
class Defaults:
    """What the user's rule settings say about focus: the lengths a new session starts with,
    and the day weeks start on (for the weekly stats)."""

    focus_minutes: int
    break_minutes: int
    week_start: int


@dataclass(frozen=True)
class FocusDay:
    date: date
    minutes: int
    sessions: int
    bar: int  # the day's share of the busiest day, in steps of BAR_STEP (0–100)


@dataclass(frozen=True)
class FocusTotal:
    """Focus minutes on one task, project or area (`uuid` None: none of them) this week and
    last week."""

    uuid: UUID | None
    label: str
    this_week: int
    last_week: int
    bar: int  # this week's share of the largest this-week total, in steps of BAR_STEP


@dataclass(frozen=True)
class FocusStats:
    today: date
    days: list[FocusDay]  # the last STATS_DAYS days, today first
    this_week_start: date
    last_week_start: date
    this_week: int
    last_week: int
    by_task: list[FocusTotal]
    by_project: list[FocusTotal]
    by_area: list[FocusTotal]

    @property
    def fortnight(self) -> int:
        return sum(day.minutes for day in self.days)

    @property
    def is_empty(self) -> bool:
        return not any(day.sessions for day in self.days) and not (self.this_week or self.last_week)


def defaults_for(user: User) -> Defaults:
    """The user's focus length, break and week start (their rules, or the product's defaults)."""
    rules = rules_for(user)
    return Defaults(rules.focus_minutes, rules.break_minutes, rules.week_start)


def session_list(
    workspace: Workspace, user: User, *, state: str | None = None
) -> QuerySet[FocusSession]:
    """The user's sessions in the workspace, newest first, with their task (one query).
    `state` filters when given."""
    sessions = (
        FocusSession.objects.in_workspace(workspace)
        .filter(created_by=user)
        .select_related("task")
        .order_by("-started_at", "-pk")
    )
    if state is not None:
        sessions = sessions.filter(state=state)
    return sessions


def running_session(workspace: Workspace, user: User) -> FocusSession | None:
    """The user's running session in the workspace, with its task, or None."""
    return session_list(workspace, user, state=SessionState.RUNNING).first()


def recent_sessions(
    workspace: Workspace, user: User, limit: int = RECENT_SESSIONS
) -> list[FocusSession]:
    """The user's latest ended sessions, newest first."""
    return list(session_list(workspace, user, state=SessionState.ENDED)[:limit])


def break_until(latest: FocusSession | None, now: datetime) -> datetime | None:
    """When the break after `latest` (the latest ended session) ends, if that is still to come."""
    if latest is None or latest.ended_at is None or not latest.break_minutes:
        return None
    until = latest.ended_at + timedelta(minutes=latest.break_minutes)
    return until if until > now else None


def task_choices(workspace: Workspace) -> QuerySet[Task]:
    """Open tasks a session can be on: planned or due soonest first, then in the user's order."""
    return (
        Task.objects.in_workspace(workspace)
        .filter(status=TaskStatus.OPEN)
        .order_by("do_on", "due_date", "position", "created_at")
    )


def week_starts(today: date, week_start: int) -> tuple[date, date]:
    """The first day of this week and of last week, weeks starting on `week_start` (0 = Monday)."""
    this_week = today - timedelta(days=(today.weekday() - week_start) % 7)
    return this_week, this_week - timedelta(days=7)


def focus_stats(
    workspace: Workspace, user: User, today: date, *, week_start: int | None = None
) -> FocusStats:
    """Focus minutes of the user's ended sessions: by day over the last STATS_DAYS days, and by
    task, project and area this week and last week (weeks start on the user's week start).

    A session counts on the day (in the current time zone) it started. A task's area is its own,
    else its project's. Cancelled and running sessions count for nothing. One query, and one
    more for the user's week start unless `week_start` is given.
    """
    if week_start is None:
        week_start = rules_for(user).week_start
    this_week, last_week = week_starts(today, week_start)
    first = min(today - timedelta(days=STATS_DAYS - 1), last_week)
    sessions = (
        session_list(workspace, user, state=SessionState.ENDED)
        .filter(started_at__gte=_midnight(first), started_at__lt=_midnight(today + timedelta(1)))
        .select_related("task__project__area", "task__area")
        .order_by()
    )
    by_day: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    weekly: dict[str, dict[UUID | None, _Tally]] = {"task": {}, "project": {}, "area": {}}
    for session in sessions:
        day = timezone.localtime(session.started_at).date()
        minutes = session.actual_minutes or 0
        by_day[day][0] += minutes
        by_day[day][1] += 1
        if day < last_week:
            continue
        column = 0 if day >= this_week else 1
        for kind, (key, label) in _keys(session.task).items():
            tally = weekly[kind].setdefault(key, _Tally(label))
            tally.minutes[column] += minutes
    days = [today - timedelta(days=n) for n in range(STATS_DAYS)]
    busiest = max((by_day[d][0] for d in days), default=0)
    totals = {kind: _totals(tallies.items()) for kind, tallies in weekly.items()}
    return FocusStats(
        today=today,
        days=[
            FocusDay(d, by_day[d][0], by_day[d][1], bar_step(by_day[d][0], busiest)) for d in days
        ],
        this_week_start=this_week,
        last_week_start=last_week,
        this_week=sum(t.this_week for t in totals["task"]),
        last_week=sum(t.last_week for t in totals["task"]),
        by_task=totals["task"],
        by_project=totals["project"],
        by_area=totals["area"],
    )


def bar_step(value: int, top: int) -> int:
    """`value` as a percent of `top`, rounded to BAR_STEP; anything above zero shows at least
    one step."""
    if value <= 0 or top <= 0:
        return 0
    step = round(value * 100 / top / BAR_STEP) * BAR_STEP
    return max(BAR_STEP, min(100, step))


# --- Helpers -------------------------------------------------------------------------------------
class _Tally:
    def __init__(self, label: str) -> None:
        self.label = label
        self.minutes = [0, 0]  # this week, last week


def _keys(task: Task | None) -> dict[str, tuple[UUID | None, str]]:
    """What a session on `task` counts towards: the task, its project, its area (or its
    project's); each as (uuid, label), None when there is none."""
    if task is None:
        return {"task": (None, FREE_FOCUS), "project": (None, NO_PROJECT), "area": (None, NO_AREA)}
    project = task.project
    area = task.area or (project.area if project is not None else None)
    return {
        "task": (task.uuid, task.title),
        "project": (project.uuid, project.title) if project else (None, NO_PROJECT),
        "area": (area.uuid, area.name) if area else (None, NO_AREA),
    }


def _totals(tallies: Iterable[tuple[UUID | None, _Tally]]) -> list[FocusTotal]:
    """Rows with some time, the most this week first (then last week's, then by label); the
    row for "none" last among equals."""
    rows = [(key, t) for key, t in tallies if t.minutes[0] or t.minutes[1]]
    rows.sort(key=lambda r: (-r[1].minutes[0], -r[1].minutes[1], r[0] is None, r[1].label.lower()))
    top = max((t.minutes[0] for _, t in rows), default=0)
    return [
        FocusTotal(key, t.label, t.minutes[0], t.minutes[1], bar_step(t.minutes[0], top))
        for key, t in rows
    ]


def _midnight(day: date) -> datetime:
    """The start of `day` in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))
