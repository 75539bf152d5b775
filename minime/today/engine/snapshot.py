"""Today's input: one frozen ``Snapshot`` of everything the engine may look at.

A service builds it from the database (one workspace, one user, one moment); the engine never
reads anything else. Every class here is a frozen dataclass of plain values, so a snapshot can be
built by hand in a test or a benchmark, compared, and hashed (``Task`` is a named tuple, for
speed).

Contracts:

* Ids are any hashable value (the models' public UUIDs as strings, ints in tests). Ties in any
  ordering are broken by ``str(id)``, so ids of one kind should have one type.
* Datetimes must be timezone-aware (any zone); a naive one raises ``ValueError``. ``now`` is
  converted to ``tz`` on construction, so ``snapshot.now`` is always the user's wall clock.
* "Today" is ``now``'s date in ``tz``: the user's calendar day, wherever the server is.
* Out-of-range values (priority 5, energy "huge", an unknown zone) raise ``ValueError``: the
  service validated them already, so one here is a bug worth hearing about.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from itertools import repeat
from operator import attrgetter
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "AVAILABLE_TIME_MINUTES",
    "DECISION_KINDS",
    "DEFAULT_ESTIMATE_MINUTES",
    "DEFAULT_ROUTINE_MINUTES",
    "ENERGIES",
    "GUIDANCE_LEVELS",
    "Area",
    "CaptureBacklog",
    "Decision",
    "Event",
    "Goal",
    "Id",
    "Onboarding",
    "Project",
    "Routine",
    "Rules",
    "Snapshot",
    "Task",
]

Id = Hashable

ENERGIES = ("low", "medium", "high")
GUIDANCE_LEVELS = ("strong", "suggest", "lists")

# Onboarding's "available time for focused work" bucket → the most focused minutes the plan puts
# in Do first and Do next. The bucket's upper bound: the user told us "up to this much"; the rest
# of the free window still fills "If there's time". "Over 6 h" sets no cap.
AVAILABLE_TIME_MINUTES: dict[str, int | None] = {
    "lt1": 60,
    "1-2": 120,
    "2-4": 240,
    "4-6": 360,
    "gt6": None,
}

# A task without an estimate counts as 30 minutes: a focus session (25 min) plus its break, and a
# round number people recognise. Big enough that unestimated tasks don't flood the plan, small
# enough that they are not all pushed out of it. Override per snapshot.
DEFAULT_ESTIMATE_MINUTES = 30
# A timed routine without an estimate blocks 15 minutes of the day.
DEFAULT_ROUTINE_MINUTES = 15


def _aware(value: datetime | None, name: str) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got {value!r}")


class Task(NamedTuple):
    """An open task. ``priority``: 0 none, 1 low, 2 medium, 3 high. ``energy``: "" (not set),
    "low", "medium" or "high". ``estimate_minutes`` None or 0 means "no estimate" (the
    snapshot's default applies). ``pinned_on``: the day it was pinned to Today (only today's pin
    counts). ``snoozed_until``: the LAST day it stays away ("not now" sets it to today, so it comes
    back tomorrow). ``do_on``: the day the user planned it for. ``position`` orders a parent's
    subtasks (its steps; then ``created_at``, then ``str(id)``). ``deep_work``: it needs one
    unbroken block (so does any task longer than ``Rules.deep_work_minutes``).

    A named tuple, not a dataclass like the rest: a snapshot holds one per open task (ten
    thousand on a big list) and a frozen dataclass costs ten times more to build. Its values are
    checked once for all tasks by ``Snapshot`` (``_check_tasks``)."""

    id: Id
    title: str
    priority: int = 0
    due_date: date | None = None
    due_time: time | None = None
    do_on: date | None = None
    estimate_minutes: int | None = None
    energy: str = ""
    project_id: Id | None = None
    goal_id: Id | None = None
    area_id: Id | None = None
    created_at: datetime | None = None
    pinned_on: date | None = None
    snoozed_until: date | None = None
    parent_id: Id | None = None
    is_recurring: bool = False
    position: int = 0
    deep_work: bool = False


def _check_tasks(tasks: tuple[Task, ...]) -> None:
    """Task values, checked column by column, at C speed (ten thousand tasks per request)."""

    def column(name: str) -> Iterator[Any]:
        return map(attrgetter(name), tasks)

    priorities = set(column("priority"))
    if not priorities <= {0, 1, 2, 3}:
        raise ValueError(f"priority must be 0-3, got {sorted(priorities - {0, 1, 2, 3})!r}")
    energies = set(column("energy"))
    if not energies <= {"", *ENERGIES}:
        raise ValueError(f"energy must be '', low, medium or high, got {energies!r}")
    if min(filter(None, column("estimate_minutes")), default=0) < 0:
        raise ValueError("estimate_minutes can't be negative")
    created = filter(None, column("created_at"))
    if None in set(map(getattr, created, repeat("tzinfo"))):
        raise ValueError("created_at must be timezone-aware")
    if len(set(column("id"))) != len(tasks):
        raise ValueError("task ids must be unique")


@dataclass(frozen=True, slots=True)
class Project:
    """A project. ``status``: active, on_hold, someday, done, dropped. ``open_task_count`` counts
    its open top-level tasks (the engine also counts the snapshot's tasks that point at it)."""

    id: Id
    title: str
    status: str = "active"
    area_id: Id | None = None
    goal_id: Id | None = None
    deadline: date | None = None
    last_completed_at: datetime | None = None
    open_task_count: int = 0
    created_at: datetime | None = None

    def __post_init__(self) -> None:
        _aware(self.last_completed_at, "last_completed_at")
        _aware(self.created_at, "created_at")


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal. ``status``: active, paused, achieved, dropped. ``linked_open_tasks`` and
    ``linked_projects`` count the open tasks and active projects serving it; ``last_activity_at``
    is when any of its work last moved (None: unknown)."""

    id: Id
    title: str
    status: str = "active"
    area_id: Id | None = None
    target_date: date | None = None
    linked_open_tasks: int = 0
    linked_projects: int = 0
    last_activity_at: datetime | None = None

    def __post_init__(self) -> None:
        _aware(self.last_activity_at, "last_activity_at")


@dataclass(frozen=True, slots=True)
class Area:
    """A life area; ``importance`` 1 (nice to have) to 5 (matters most)."""

    id: Id
    name: str
    importance: int = 3
    last_activity_at: datetime | None = None
    is_work: bool = False  # on a day off, its tasks are left out unless due or planned for it

    def __post_init__(self) -> None:
        if not 1 <= self.importance <= 5:
            raise ValueError(f"importance must be 1-5, got {self.importance!r}")
        _aware(self.last_activity_at, "last_activity_at")


@dataclass(frozen=True, slots=True)
class Routine:
    """A routine due today. Only a timed one (``exact_time``) that is not done yet takes time out
    of the day; ``time_of_day`` (anytime, morning, afternoon, evening) is for display."""

    id: Id
    title: str
    exact_time: time | None = None
    time_of_day: str = "anytime"
    estimate_minutes: int | None = None
    done_today: bool = False


@dataclass(frozen=True, slots=True)
class Event:
    """A calendar event touching today. All-day events take no time (a birthday, a holiday)."""

    title: str
    start: datetime
    end: datetime
    all_day: bool = False

    def __post_init__(self) -> None:
        _aware(self.start, "start")
        _aware(self.end, "end")
        if self.end < self.start:
            raise ValueError(f"event {self.title!r} ends before it starts")


@dataclass(frozen=True, slots=True)
class Rules:
    """The user's rule settings (accounts.RuleSettings), with the product's defaults.

    ``workday_end <= workday_start`` means the window ends on the next day, so 00:00-00:00 is
    the whole day. ``work_days``: 0 = Monday ... 6 = Sunday; another day is a day off (work
    areas' tasks are left out unless due or planned for it), and Simplify and the evening look
    ahead to the next work day. A task longer than ``deep_work_minutes`` is planned only into a
    free gap that holds it whole, like a task marked deep work."""

    priorities_per_day: int = 3
    workday_start: time = time(9, 0)
    workday_end: time = time(20, 0)
    work_days: tuple[int, ...] = (0, 1, 2, 3, 4)
    quick_win_minutes: int = 15
    stuck_project_days: int = 7
    capture_backlog_items: int = 10
    capture_backlog_days: int = 3
    deep_work_minutes: int = 60

    def __post_init__(self) -> None:
        if self.priorities_per_day < 1:
            raise ValueError("priorities_per_day must be at least 1")
        if self.deep_work_minutes < 1:
            raise ValueError("deep_work_minutes must be at least 1")
        if any(not 0 <= d <= 6 for d in self.work_days):
            raise ValueError("work_days are 0 (Monday) to 6 (Sunday)")


@dataclass(frozen=True, slots=True)
class Onboarding:
    """The onboarding answers Today uses (preferences.OnboardingAnswers)."""

    guidance: str = "suggest"
    available_time: str = "2-4"
    default_energy: str = "medium"

    def __post_init__(self) -> None:
        if self.guidance not in GUIDANCE_LEVELS:
            raise ValueError(f"guidance must be strong, suggest or lists, got {self.guidance!r}")
        if self.available_time not in AVAILABLE_TIME_MINUTES:
            raise ValueError(f"unknown available_time {self.available_time!r}")
        if self.default_energy not in ENERGIES:
            raise ValueError(f"unknown default_energy {self.default_energy!r}")


@dataclass(frozen=True, slots=True)
class CaptureBacklog:
    """The unprocessed capture inbox: how many items, and the oldest one's age in whole days."""

    count: int = 0
    oldest_days: int = 0


DECISION_KINDS = ("past_deadline", "revisit_due")


@dataclass(frozen=True, slots=True)
class Decision:
    """A decision waiting on the user today (``minime.decisions`` finds them). ``kind``:
    ``past_deadline``, an open decision whose deadline ``due`` was before today (a deadline of
    today is not past yet); ``revisit_due``, a decided one whose revisit date ``due`` is today or
    before. Only such decisions belong in a snapshot: another one raises ``ValueError``."""

    id: Id
    title: str
    kind: str
    due: date

    def __post_init__(self) -> None:
        if self.kind not in DECISION_KINDS:
            raise ValueError(f"kind must be past_deadline or revisit_due, got {self.kind!r}")


def _check_decisions(decisions: tuple[Decision, ...], today: date) -> None:
    """Each decision is waiting on ``today``, and named once."""
    for i, decision in enumerate(decisions):
        if decision.kind == "past_deadline" and decision.due >= today:
            raise ValueError(f"decisions[{i}]: its deadline {decision.due} is not past on {today}")
        if decision.kind == "revisit_due" and decision.due > today:
            raise ValueError(f"decisions[{i}]: its revisit date {decision.due} is after {today}")
    if len({d.id for d in decisions}) != len(decisions):
        raise ValueError("decision ids must be unique")


@dataclass(frozen=True)
class Snapshot:
    """Everything Today is computed from. ``energy`` None means "the onboarding default".

    Not slotted, so derived values (``zone``, ``today``) can be cached on it.
    """

    now: datetime
    tz: str
    tasks: tuple[Task, ...] = ()
    projects: tuple[Project, ...] = ()
    goals: tuple[Goal, ...] = ()
    areas: tuple[Area, ...] = ()
    routines: tuple[Routine, ...] = ()
    events: tuple[Event, ...] = ()
    rules: Rules = field(default_factory=Rules)
    onboarding: Onboarding = field(default_factory=Onboarding)
    energy: str | None = None
    capture: CaptureBacklog = field(default_factory=CaptureBacklog)
    default_estimate_minutes: int = DEFAULT_ESTIMATE_MINUTES
    decisions: tuple[Decision, ...] = ()

    def __post_init__(self) -> None:
        _aware(self.now, "now")
        try:
            zone = ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.tz!r}") from exc
        if self.energy is not None and self.energy not in ENERGIES:
            raise ValueError(f"energy must be low, medium or high, got {self.energy!r}")
        if self.default_estimate_minutes < 1:
            raise ValueError("default_estimate_minutes must be at least 1")
        _check_tasks(tuple(self.tasks))
        # Frozen: normalise through object.__setattr__ (lists become tuples, now goes to tz).
        object.__setattr__(self, "now", self.now.astimezone(zone))
        for name in ("tasks", "projects", "goals", "areas", "routines", "events", "decisions"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))
        _check_decisions(self.decisions, self.now.date())

    @cached_property
    def zone(self) -> ZoneInfo:
        """The user's zone."""
        return ZoneInfo(self.tz)

    @property
    def today(self) -> date:
        """Today's date in the user's zone."""
        return self.now.date()

    @property
    def energy_today(self) -> str:
        """Today's energy: the one-tap choice, else the onboarding default."""
        return self.energy or self.onboarding.default_energy

    @property
    def is_empty(self) -> bool:
        """A brand-new workspace: no tasks, projects, goals or routines (starter life areas and
        calendar events don't count)."""
        return not (self.tasks or self.projects or self.goals or self.routines)

    def estimate(self, task: Task) -> int:
        """The task's minutes for planning: its estimate, else ``default_estimate_minutes``."""
        return task.estimate_minutes or self.default_estimate_minutes
