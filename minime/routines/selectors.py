"""Reads for routines: which are due on a day, the list with today's state, and history.

"Due" comes from the routine's RRULE expanded in the user's zone (minime.core.recurrence): the
series starts at `starts_on`, at the routine's exact time or else at 00:00 local time, so an
exact-time routine keeps its wall-clock time across daylight-saving changes.

Streak rules (one function, `_streaks`, used everywhere):
- a due day that is done adds one to the run;
- a skipped day is a deliberate pass: it neither adds to nor breaks the run;
- a partly done or missed (nothing recorded) past day ends the run;
- today counts once done, and otherwise doesn't break the run (the day isn't over).
Completion rate: done = 1, partly = 0.5, skipped and missed = 0, over the due days of the
window up to today; today is left out until something is recorded for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from minime.core import recurrence
from minime.routines.models import OccurrenceStatus, Routine, RoutineOccurrence, TimeOfDay
from minime.workspaces.models import Workspace

# How far back the list page looks for each routine's current streak (one bounded query). The
# detail page's history counts streaks over the routine's whole life.
STREAK_LOOKBACK_DAYS = 400

MISSED = "missed"
PENDING = "pending"  # due today, nothing recorded yet
OFF = "off"  # not due that day
LABELS = {
    OccurrenceStatus.DONE: "Done",
    OccurrenceStatus.PARTLY: "Partly done",
    OccurrenceStatus.SKIPPED: "Skipped",
    MISSED: "Missed",
    PENDING: "Not yet",
    OFF: "Not due",
}
_CREDIT: dict[str, float] = {OccurrenceStatus.DONE: 1.0, OccurrenceStatus.PARTLY: 0.5}
_SORT_TIMES = {
    TimeOfDay.MORNING: time(8),
    TimeOfDay.AFTERNOON: time(13),
    TimeOfDay.EVENING: time(18),
    TimeOfDay.ANYTIME: time.max,
}


def _current_tz() -> str:
    return timezone.get_current_timezone_name()


# ---------------------------------------------------------------------------------------------
# Due dates


def _anchor(routine: Routine, tz: str) -> datetime:
    at = routine.exact_time or time.min
    return datetime.combine(routine.starts_on, at.replace(tzinfo=None), tzinfo=ZoneInfo(tz))


def due_dates(routine: Routine, start: date, end: date, tz: str) -> list[date]:
    """The local dates (in `tz`) from `start` to `end` inclusive on which the routine's rule has
    an occurrence, active or not. A rule that no longer parses has none."""
    start = max(start, routine.starts_on)
    if start > end:
        return []
    try:
        return recurrence.occurrence_dates(
            routine.recurrence, anchor=_anchor(routine, tz), start=start, end=end, tz=tz
        )
    except recurrence.RecurrenceError:
        return []


def is_scheduled(routine: Routine, day: date, tz: str) -> bool:
    """Whether the rule has an occurrence on local `day` (whether or not the routine is paused:
    a past day can still be checked in)."""
    return bool(due_dates(routine, day, day, tz))


def _for_day(routines: QuerySet[Routine], day: date) -> QuerySet[Routine]:
    """Routines with their area and steps, and the occurrence of `day` (``routine.occurrence``)."""
    return routines.select_related("area").prefetch_related(
        "steps",
        Prefetch(
            "occurrences",
            queryset=RoutineOccurrence.objects.filter(date=day),
            to_attr="day_occurrences",
        ),
    )


def routines_for_day(
    workspace: Workspace, day: date, *, active: bool | None = None
) -> QuerySet[Routine]:
    """The workspace's routines in the user's order, ready to show for `day`: area, steps and
    that day's occurrence come in a constant number of queries (sliceable, for the API)."""
    routines = Routine.objects.in_workspace(workspace).order_by("position", "created_at")
    if active is not None:
        routines = routines.filter(is_active=active)
    return _for_day(routines, day)


def _by_time(routine: Routine) -> tuple[time, int]:
    return (routine.exact_time or _SORT_TIMES[TimeOfDay(routine.time_of_day)], routine.position)


def due_among(routines: Iterable[Routine]) -> list[Routine]:
    """The ones marked ``due`` (by `routine_list`), in time order."""
    return sorted((r for r in routines if r.due), key=_by_time)


def due_on(workspace: Workspace, day: date, tz: str) -> list[Routine]:
    """Active routines with an occurrence on local `day`, in time order (exact time, else
    morning, afternoon, evening, then any time). Each has its steps, area and the occurrence
    of `day` (``routine.occurrence``) loaded, and ``due`` set."""
    found = [
        r
        for r in routines_for_day(workspace, day, active=True).filter(starts_on__lte=day)
        if is_scheduled(r, day, tz)
    ]
    for routine in found:
        routine.due = True
    return sorted(found, key=_by_time)


def routine_list(
    workspace: Workspace,
    *,
    today: date | None = None,
    tz: str | None = None,
    active: bool | None = None,
) -> list[Routine]:
    """All routines in the user's order with steps, area and today's occurrence loaded, and
    ``due`` (due today and active) and ``streak`` (current streak) set. Four queries, however
    many routines. `today`/`tz` default to the active zone's."""
    tz = tz or _current_tz()
    today = today or timezone.localdate()
    routines = list(routines_for_day(workspace, today, active=active))
    since = today - timedelta(days=STREAK_LOOKBACK_DAYS)
    statuses: dict[int, dict[date, str]] = defaultdict(dict)
    rows = RoutineOccurrence.objects.filter(
        routine_id__in=[r.pk for r in routines], date__gte=since, date__lte=today
    ).values_list("routine_id", "date", "status")
    for routine_id, day, status in rows:
        statuses[routine_id][day] = status
    for routine in routines:
        dates = due_dates(routine, since, today, tz)
        routine.due = routine.is_active and bool(dates) and dates[-1] == today
        routine.streak = _streaks(dates, statuses[routine.pk], today)[0]
    return routines


# ---------------------------------------------------------------------------------------------
# History


@dataclass(frozen=True)
class HistoryDay:
    date: date
    status: str  # done, partly, skipped, missed, pending (today, not yet) or off (not due)

    @property
    def due(self) -> bool:
        return self.status != OFF

    @property
    def label(self) -> str:
        return LABELS[self.status]


@dataclass(frozen=True)
class History:
    """A routine's last days: every day of the window (oldest first), the due ones with their
    status (a past due day with nothing recorded is missed), streaks and completion rate."""

    start: date
    today: date
    days: tuple[HistoryDay, ...]
    due_dates: tuple[date, ...]
    statuses: dict[date, str]
    current_streak: int
    best_streak: int
    completion_rate: float | None  # 0..1; None when no due day counts yet

    @property
    def completion_percent(self) -> int | None:
        return None if self.completion_rate is None else round(self.completion_rate * 100)


def _streaks(due: Iterable[date], recorded: dict[date, str], today: date) -> tuple[int, int]:
    """(current, best) streak over due dates in ascending order, by the rules above."""
    run = best = 0
    for day in due:
        status = recorded.get(day)
        if status == OccurrenceStatus.DONE:
            run += 1
            best = max(best, run)
        elif status == OccurrenceStatus.SKIPPED or day >= today:
            continue
        else:
            run = 0
    return run, best


def _status(day: date, recorded: dict[date, str], today: date) -> str:
    if day in recorded:
        return recorded[day]
    return PENDING if day == today else MISSED


def history(routine: Routine, *, today: date, days: int = 30, tz: str | None = None) -> History:
    """The routine's history for the `days` days ending `today`, in one query (its recorded
    days). Streaks cover its whole life up to today; the completion rate covers the window."""
    tz = tz or _current_tz()
    start = today - timedelta(days=days - 1)
    recorded = dict(
        RoutineOccurrence.objects.filter(routine=routine, date__lte=today).values_list(
            "date", "status"
        )
    )
    all_due = due_dates(routine, routine.starts_on, today, tz)
    current, best = _streaks(all_due, recorded, today)
    window = tuple(d for d in all_due if d >= start)
    statuses = {d: _status(d, recorded, today) for d in window}
    counted = [s for s in statuses.values() if s != PENDING]
    rate = sum(_CREDIT.get(s, 0.0) for s in counted) / len(counted) if counted else None
    cells = tuple(
        HistoryDay(day, statuses.get(day, OFF))
        for day in (start + timedelta(days=i) for i in range(days))
    )
    return History(
        start=start,
        today=today,
        days=cells,
        due_dates=window,
        statuses=statuses,
        current_streak=current,
        best_streak=best,
        completion_rate=rate,
    )


def occurrence_list(
    routine: Routine, *, start: date | None = None, end: date | None = None
) -> QuerySet[RoutineOccurrence]:
    """The routine's recorded days, newest first, optionally from `start` to `end` inclusive."""
    rows = RoutineOccurrence.objects.filter(routine=routine).select_related("routine")
    if start is not None:
        rows = rows.filter(date__gte=start)
    if end is not None:
        rows = rows.filter(date__lte=end)
    return rows.order_by("-date")
