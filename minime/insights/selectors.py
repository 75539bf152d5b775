"""The numbers of a period (a week, eight weeks): what got done, focus, routines, life areas,
goals and decisions, read in a fixed number of queries.

`period_numbers` is the one reader the Insights page, the weekly review's snapshot and the
Assistant's "How did my week go?" share, so the three always agree.

A period is ``start``–``end`` inclusive, days in the *user's* time zone (``user.time_zone``,
whatever zone is active): a day runs from local midnight to the next local midnight, so a task
completed at 23:30 local time counts that day. Definitions:

- **completed**: tasks of the workspace (anyone's, subtasks included) with status done whose
  ``completed_at`` falls in the period; ``completed_by_day`` by local day; ``completed_items``
  the latest LISTED of them, newest first.
- **focus**: the user's own *ended* focus sessions (cancelled and running ones count for
  nothing), ``actual_minutes`` on the local day they started.
- **routines**: active routines with at least one occurrence due in the period
  (``routines.selectors.due_dates`` in the user's zone); ``done``/``partly``/``skipped`` count
  the routine's recorded occurrences dated in the period. By title.
- **areas**: active life areas, most important first, then by name. ``minutes`` is the sum of
  (1) the user's focus minutes in the period on tasks of the area (a task's area is its own,
  else its project's, as in focus stats), (2) the estimate of every routine of the area for
  each occurrence in the period: done counts the whole estimate, partly done half of it (the
  sum rounded down), skipped nothing, and (3) the estimate of tasks of the area completed in
  the period that have no ended focus session at all (by anyone: a task somebody timed is
  measured by the timer, so its time never counts twice). ``completions`` counts tasks of the
  area completed in the period. ``target_minutes`` is ``weekly_target_minutes`` × days / 7,
  rounded; None when the area has no target.
- **goals**: active goals by title with ``goals.selectors.goal_progress`` percent (None when
  nothing measures the goal); the counts it reads come from two grouped queries (see `_goals`).
- **decisions_made**: decisions of the workspace whose ``decided_at`` falls in the period,
  oldest first.

Twelve queries whatever the amount of data: counts and sums are aggregated in the database,
grouped by the local day (``TruncDate`` in the user's zone) or by area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.db.models.functions import Coalesce, Lower, TruncDate
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.core.models import count_of
from minime.decisions.models import Decision
from minime.focus.models import FocusSession, SessionState
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.goals.selectors import ANNOTATIONS as GOAL_ANNOTATIONS
from minime.goals.selectors import goal_progress
from minime.routines.models import OccurrenceStatus, Routine, RoutineOccurrence
from minime.routines.selectors import due_dates
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace


@dataclass(frozen=True)
class DayCount:
    day: date
    value: int  # completions, or focus minutes


@dataclass(frozen=True)
class ItemRef:
    """An item the numbers name, to link to: ``kind`` is task, project, goal, routine, area or
    decision."""

    kind: str
    uuid: UUID
    title: str


@dataclass(frozen=True)
class RoutineWeek:
    routine: ItemRef
    due: int  # occurrences scheduled in the period
    done: int
    partly: int
    skipped: int

    @property
    def percent(self) -> int:
        """Done (a partly done occurrence counts half) over due, 0–100; 0 when nothing was due."""
        return round(100 * (self.done + self.partly / 2) / self.due) if self.due else 0


@dataclass(frozen=True)
class AreaWeek:
    area: ItemRef
    colour: str
    minutes: int  # time spent in the area over the period (see period_numbers)
    completions: int
    target_minutes: int | None  # the weekly target scaled to the period's length; None: no target


@dataclass(frozen=True)
class GoalProgressRef:
    goal: ItemRef
    percent: int | None  # None: the goal has no measurable progress


@dataclass(frozen=True)
class PeriodNumbers:
    start: date  # first day, in the user's time zone
    end: date  # last day, inclusive
    completed: int
    completed_by_day: tuple[DayCount, ...]  # one per day of the period, oldest first
    completed_items: tuple[ItemRef, ...]  # the latest completed tasks, at most LISTED
    focus_minutes: int
    focus_by_day: tuple[DayCount, ...]  # one per day of the period, oldest first
    routines: tuple[RoutineWeek, ...]  # active routines with something due, by title
    areas: tuple[AreaWeek, ...]  # active areas, by importance then name
    goals: tuple[GoalProgressRef, ...]  # active goals, by title
    decisions_made: tuple[ItemRef, ...]  # decided in the period

    def as_json(self) -> dict[str, Any]:
        """Plain JSON (dates and uuids as strings): what a review stores as its snapshot."""
        return _plain(asdict(self))


LISTED = 10


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, date | UUID):
        return str(value)
    return value


def period_numbers(
    *, workspace: Workspace, user: AbstractBaseUser, start: date, end: date
) -> PeriodNumbers:
    """The numbers of ``start``–``end`` (inclusive, days in ``user``'s time zone), by the
    definitions in this module's docstring. Twelve queries, whatever the amount of data.
    Raises ValueError when ``end`` is before ``start``."""
    if end < start:
        raise ValueError("The period must end on or after its first day.")
    due = _due(workspace, start, end, _zone_of(user))
    return _numbers(workspace, user, start, end, due)


def _numbers(
    workspace: Workspace, user: AbstractBaseUser, start: date, end: date, due: _Due
) -> PeriodNumbers:
    tz_name = _zone_of(user)
    tz = ZoneInfo(tz_name)
    since = _midnight(start, tz)
    until = _midnight(end + timedelta(days=1), tz)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]

    completed = Task.objects.in_workspace(workspace).filter(
        status=TaskStatus.DONE, completed_at__gte=since, completed_at__lt=until
    )
    done_by_day = _by_day(completed, "completed_at", Count("pk"), tz)
    latest = completed.order_by("-completed_at", "-pk").values_list("uuid", "title")[:LISTED]
    completed_items = tuple(ItemRef("task", uuid, title) for uuid, title in latest)

    sessions = FocusSession.objects.in_workspace(workspace).filter(
        created_by=user,
        state=SessionState.ENDED,
        started_at__gte=since,
        started_at__lt=until,
    )
    focus_by_day = _by_day(sessions, "started_at", Sum("actual_minutes"), tz)

    routines, routine_minutes = _routines(workspace, start, end, due)
    areas = _areas(workspace, completed, sessions, routine_minutes, len(days))
    goals = _goals(workspace)
    decided = (
        Decision.objects.in_workspace(workspace)
        .filter(decided_at__gte=since, decided_at__lt=until)
        .order_by("decided_at", "pk")
        .values_list("uuid", "question")
    )
    return PeriodNumbers(
        start=start,
        end=end,
        completed=sum(done_by_day.values()),
        completed_by_day=tuple(DayCount(d, done_by_day.get(d, 0)) for d in days),
        completed_items=completed_items,
        focus_minutes=sum(focus_by_day.values()),
        focus_by_day=tuple(DayCount(d, focus_by_day.get(d, 0)) for d in days),
        routines=routines,
        areas=areas,
        goals=goals,
        decisions_made=tuple(ItemRef("decision", uuid, question) for uuid, question in decided),
    )


@dataclass(frozen=True)
class RoutineGrid:
    """Routines week by week: ``rows[i][j]`` is routine i in week j (None: nothing was due that
    week); every row names one routine, rows by title."""

    weeks: tuple[date, ...]  # the first day of each week
    rows: tuple[tuple[RoutineWeek | None, ...], ...]


def routine_weeks(
    *, workspace: Workspace, user: AbstractBaseUser, start: date, end: date
) -> RoutineGrid:
    """Active routines with something due from ``start`` to ``end``, in weeks of seven days from
    ``start`` (the last week ends at ``end``, maybe early), counted as in `period_numbers`. Two
    queries, whatever the number of routines and weeks."""
    if end < start:
        raise ValueError("The period must end on or after its first day.")
    return _grid(workspace, start, end, _due(workspace, start, end, _zone_of(user)))


def _grid(workspace: Workspace, start: date, end: date, due_in_period: _Due) -> RoutineGrid:
    weeks = tuple(start + timedelta(days=7 * n) for n in range((end - start).days // 7 + 1))
    recorded: dict[int, dict[int, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    rows = (
        RoutineOccurrence.objects.in_workspace(workspace)
        .filter(date__gte=start, date__lte=end)
        .order_by()
        .values_list("routine_id", "date", "status")
    )
    for routine_id, day, status in rows:
        recorded[routine_id][(day - start).days // 7][status] += 1
    grid = []
    for routine, dates in due_in_period:
        due: dict[int, int] = defaultdict(int)
        for day in dates:
            due[(day - start).days // 7] += 1
        ref = ItemRef("routine", routine.uuid, routine.title)
        statuses = recorded[routine.pk]
        grid.append(
            tuple(
                RoutineWeek(
                    ref,
                    due=due[n],
                    done=statuses[n][OccurrenceStatus.DONE],
                    partly=statuses[n][OccurrenceStatus.PARTLY],
                    skipped=statuses[n][OccurrenceStatus.SKIPPED],
                )
                if due[n]
                else None
                for n in range(len(weeks))
            )
        )
    grid.sort(key=lambda row: _title_key(next(c.routine for c in row if c is not None)))
    return RoutineGrid(weeks, tuple(grid))


@dataclass(frozen=True)
class WeekTotals:
    """One week's headline numbers (the current week: so far)."""

    start: date
    end: date
    completed: int
    focus_minutes: int
    routine_percent: int | None  # done (partly: half) of due, all routines; None: nothing due


@dataclass(frozen=True)
class Overview:
    """What the Insights page and ``GET /api/v1/insights`` show: ``weeks`` weeks (starting on the
    user's week start) up to ``today``, and this week against last week."""

    today: date
    weeks: int
    numbers: PeriodNumbers
    routine_grid: RoutineGrid
    this_week: WeekTotals
    last_week: WeekTotals | None  # None when only one week is asked for


WEEKS_DEFAULT = 8
WEEKS_MAX = 26


def overview(
    *, workspace: Workspace, user: AbstractBaseUser, today: date, week_start: int, weeks: int
) -> Overview:
    """The numbers of the last ``weeks`` weeks (1–WEEKS_MAX): from the first day of the week
    ``weeks - 1`` weeks before this one to ``today``; weeks start on ``week_start`` (0 = Monday).
    Thirteen queries, whatever the amount of data."""
    if not 1 <= weeks <= WEEKS_MAX:
        raise ValueError(f"Ask for 1 to {WEEKS_MAX} weeks.")
    this_week, _ = week_of(today, week_start)
    start = this_week - timedelta(days=7 * (weeks - 1))
    due = _due(workspace, start, today, _zone_of(user))  # the routines' rules, expanded once
    numbers = _numbers(workspace, user, start, today, due)
    grid = _grid(workspace, start, today, due)

    def totals(index: int) -> WeekTotals:
        first = grid.weeks[index]
        last = min(first + timedelta(days=6), today)
        cells = [row[index] for row in grid.rows if row[index] is not None]
        due = sum(c.due for c in cells if c is not None)
        credit = sum(c.done + c.partly / 2 for c in cells if c is not None)
        return WeekTotals(
            start=first,
            end=last,
            completed=sum(d.value for d in numbers.completed_by_day if first <= d.day <= last),
            focus_minutes=sum(d.value for d in numbers.focus_by_day if first <= d.day <= last),
            routine_percent=round(100 * credit / due) if due else None,
        )

    return Overview(
        today=today,
        weeks=weeks,
        numbers=numbers,
        routine_grid=grid,
        this_week=totals(len(grid.weeks) - 1),
        last_week=totals(len(grid.weeks) - 2) if len(grid.weeks) > 1 else None,
    )


def user_today(user: AbstractBaseUser) -> date:
    """Today in the user's time zone (``user.time_zone``, else the active zone)."""
    return timezone.now().astimezone(ZoneInfo(_zone_of(user))).date()


def week_of(day: date, week_start: int) -> tuple[date, date]:
    """The first and last day of the week holding ``day``, weeks starting on ``week_start``
    (0 = Monday, the user's rule ``preferences.rules.rules_for(user).week_start``)."""
    first = day - timedelta(days=(day.weekday() - week_start) % 7)
    return first, first + timedelta(days=6)


# --- Helpers -------------------------------------------------------------------------------------
def _zone_of(user: AbstractBaseUser) -> str:
    """The user's time zone name, else the active one."""
    zone: str = getattr(user, "time_zone", "") or timezone.get_current_timezone_name()
    return zone


def _title_key(ref: ItemRef) -> tuple[str, str]:
    return (ref.title.lower(), str(ref.uuid))


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    """The start of ``day`` in ``tz`` (the first instant of a day that skips midnight)."""
    return datetime.combine(day, time.min, tzinfo=tz)


def _by_day(rows: Any, field: str, value: Any, tz: ZoneInfo) -> dict[date, int]:
    """``value`` (an aggregate) of ``rows`` grouped by the local day of ``field``: one query."""
    grouped = (
        rows.order_by()
        .annotate(local_day=TruncDate(field, tzinfo=tz))
        .values("local_day")
        .annotate(total=value)
        .values_list("local_day", "total")
    )
    return {day: int(total or 0) for day, total in grouped}


def _routines(
    workspace: Workspace, start: date, end: date, due: _Due
) -> tuple[tuple[RoutineWeek, ...], dict[int, float]]:
    """The routines with something due (one query) and the routine minutes per area id:
    each routine's estimate for each occurrence done in the period, half of it when partly."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    minutes: dict[int, float] = defaultdict(float)
    rows = (
        RoutineOccurrence.objects.in_workspace(workspace)
        .filter(date__gte=start, date__lte=end)
        .order_by()
        .values("routine_id", "routine__area_id", "routine__estimate_minutes", "status")
        .annotate(n=Count("pk"))
        .values_list("routine_id", "routine__area_id", "routine__estimate_minutes", "status", "n")
    )
    for routine_id, area_id, estimate, status, n in rows:
        counts[routine_id][status] = n
        if area_id is not None and estimate:
            share = _ROUTINE_SHARE.get(status, 0.0)
            minutes[area_id] += share * estimate * n
    found = []
    for routine, dates in due:
        recorded = counts[routine.pk]
        found.append(
            RoutineWeek(
                ItemRef("routine", routine.uuid, routine.title),
                due=len(dates),
                done=recorded.get(OccurrenceStatus.DONE, 0),
                partly=recorded.get(OccurrenceStatus.PARTLY, 0),
                skipped=recorded.get(OccurrenceStatus.SKIPPED, 0),
            )
        )
    found.sort(key=lambda r: _title_key(r.routine))
    return tuple(found), minutes


_Due = list[tuple[Routine, list[date]]]


def _due(workspace: Workspace, start: date, end: date, tz_name: str) -> _Due:
    """Active routines with at least one occurrence due from `start` to `end`, with those
    dates (one query; the rules are expanded in Python, in the user's zone)."""
    active = Routine.objects.in_workspace(workspace).filter(is_active=True, starts_on__lte=end)
    found = [(r, due_dates(r, start, end, tz_name)) for r in active.order_by()]
    return [(routine, dates) for routine, dates in found if dates]


_ROUTINE_SHARE = {OccurrenceStatus.DONE: 1.0, OccurrenceStatus.PARTLY: 0.5}


def _goals(workspace: Workspace) -> tuple[GoalProgressRef, ...]:
    """Active goals by title with their progress (three queries).

    `goals.selectors.goal_progress` decides the percent, from the counts `goal_list` would
    annotate; those come here from two grouped counts of the tasks serving the goals (linked
    directly, or through a project without being linked directly: each task once), which cost
    half of `goal_list`'s per-goal subqueries on a workspace with fifty goals.
    """
    milestones = Milestone.objects.filter(goal=OuterRef("pk"))
    goals = list(
        Goal.objects.in_workspace(workspace)
        .filter(status=GoalStatus.ACTIVE)
        .annotate(
            milestones_total=count_of(milestones),
            milestones_done=count_of(milestones.filter(done_at__isnull=False)),
        )
    )
    ids = [goal.pk for goal in goals]
    work: dict[tuple[int, str], int] = defaultdict(int)
    # Keyed by the goals alone (they are the workspace's, and so are their tasks): with the
    # workspace named too, SQLite read every task of the workspace instead of the goals' own.
    serving = Task.objects.filter(status__in=[TaskStatus.OPEN, TaskStatus.DONE])
    direct = serving.filter(goal_id__in=ids).values_list("goal_id", "status")
    through = (
        serving.filter(project__goal_id__in=ids)
        .exclude(goal_id=F("project__goal_id"))
        .values_list("project__goal_id", "status")
    )
    for rows in (direct, through):
        for goal_id, status, n in rows.order_by().annotate(n=Count("pk")):
            work[goal_id, status] += n
    found = []
    for goal in goals:
        goal.open_tasks = work[goal.pk, TaskStatus.OPEN]
        goal.done_tasks = work[goal.pk, TaskStatus.DONE]
        # The rest of goal_list's annotations: goal_progress does not read them.
        for name in set(GOAL_ANNOTATIONS) - {"open_tasks", "done_tasks"} - set(goal.__dict__):
            setattr(goal, name, None)
        found.append(
            GoalProgressRef(ItemRef("goal", goal.uuid, goal.title), goal_progress(goal).percent)
        )
    found.sort(key=lambda g: _title_key(g.goal))
    return tuple(found)


def _areas(
    workspace: Workspace,
    completed: Any,
    sessions: Any,
    routine_minutes: dict[int, float],
    day_count: int,
) -> tuple[AreaWeek, ...]:
    """Active areas with their time and completions (three queries)."""
    area_of_task = Coalesce("task__area_id", "task__project__area_id")
    focused: dict[int, int] = {
        area_id: int(total or 0)
        for area_id, total in sessions.order_by()
        .annotate(area_key=area_of_task)
        .filter(area_key__isnull=False)
        .values("area_key")
        .annotate(total=Sum("actual_minutes"))
        .values_list("area_key", "total")
    }
    timed = FocusSession.objects.filter(task_id=OuterRef("pk"), state=SessionState.ENDED)
    done: dict[int, tuple[int, int]] = {
        area_id: (n, int(estimate or 0))
        for area_id, n, estimate in completed.order_by()
        .annotate(area_key=Coalesce("area_id", "project__area_id"), timed=Exists(timed))
        .filter(area_key__isnull=False)
        .values("area_key")
        .annotate(n=Count("pk"), estimate=Sum("estimate_minutes", filter=Q(timed=False)))
        .values_list("area_key", "n", "estimate")
    }
    areas = LifeArea.objects.in_workspace(workspace).filter(is_active=True)
    result = []
    for area in areas.order_by(F("importance").desc(), Lower("name"), "pk"):
        completions, untimed = done.get(area.pk, (0, 0))
        minutes = focused.get(area.pk, 0) + int(routine_minutes.get(area.pk, 0.0)) + untimed
        target = area.weekly_target_minutes
        result.append(
            AreaWeek(
                ItemRef("area", area.uuid, area.name),
                colour=area.colour,
                minutes=minutes,
                completions=completions,
                target_minutes=None if target is None else round(target * day_count / 7),
            )
        )
    return tuple(result)
