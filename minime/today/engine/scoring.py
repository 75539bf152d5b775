"""The one scoring function: how much a task deserves today, and why.

``score(task, snapshot)`` returns ``Scored(task, score, reasons)``. The score is the plain sum of
the reasons' weights, so every rank in the app can say why. ``rank`` orders tasks by score, then
due date (none last), then title, then ``str(id)``: nothing is left to input order.

The reasons and their weights (points; README.md says how to add one):

======================  ========================================================================
kind                    weight
======================  ========================================================================
``pinned``              +1000 when pinned to today: outweighs every other reason together
``snoozed``             -1000 while snoozed (Today hides the task; lists elsewhere sink it)
``planned``             +50 when its "do on" day is today or past (the user's own commitment:
                        it outweighs a deadline or a priority alone); -20 when it is still ahead
``overdue``             +40, plus 1.5 a day late (up to 14 days); a due time today that has
                        passed counts as overdue
``deadline``            due today +35; tomorrow +25, falling linearly to 0 at 21 days; without a
                        due date, 0.6 x that for the project's deadline
``priority``            high +30, medium +18, low +8
``goal``                +15 when it serves an active goal (its own, its project's or its parent's),
                        +5 more when the goal's target date is within 30 days
``energy``              +8 when the task's energy matches today's; -6 per level it needs above
                        today's; nothing when it needs less or has no energy set
``fits``                +3 when its estimate fits today's free minutes, else -15
``area_importance``     (importance - 3) x 4: +8 for 5, -8 for 1
``area_neglect``        up to +10 when nothing moved in its area for 7+ days (full at 35 days);
                        +5 when the area never had activity
``waiting``             up to +8 for a non-recurring task open 7+ days (full at 90 days)
======================  ========================================================================

The goal of a task is its own, else its project's, else its parent's; its area likewise, and
else its goal's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from heapq import heapify, heappop
from operator import itemgetter
from typing import Literal, NamedTuple

from . import texts
from .freetime import free_minutes as _free_minutes
from .snapshot import Area, Goal, Id, Project, Snapshot, Task

__all__ = [
    "ENERGY_LEVEL",
    "HEAP_READS",
    "WEAK",
    "Ranking",
    "Reason",
    "ReasonKind",
    "Row",
    "Scored",
    "Scorer",
    "is_hidden_today",
    "rank",
    "rank_key",
    "score",
]

ReasonKind = Literal[
    "pinned",
    "snoozed",
    "planned",
    "overdue",
    "deadline",
    "priority",
    "goal",
    "energy",
    "fits",
    "area_importance",
    "area_neglect",
    "waiting",
]

ENERGY_LEVEL = {"low": 1, "medium": 2, "high": 3}

W_PINNED = 1000.0
W_SNOOZED = -1000.0
W_PLANNED = 50.0
W_PLANNED_AHEAD = -20.0
W_OVERDUE = 40.0
W_OVERDUE_PER_DAY = 1.5
OVERDUE_MAX_DAYS = 14
W_DUE_TODAY = 35.0
W_DUE_TOMORROW = 25.0
DUE_HORIZON_DAYS = 21
PROJECT_DEADLINE_FACTOR = 0.6
W_PRIORITY = {3: 30.0, 2: 18.0, 1: 8.0}
W_GOAL = 15.0
W_GOAL_TARGET_SOON = 5.0
GOAL_TARGET_SOON_DAYS = 30
W_ENERGY_MATCH = 8.0
W_ENERGY_SHORT_PER_LEVEL = -6.0
W_FITS = 3.0
W_DOESNT_FIT = -15.0
W_AREA_PER_LEVEL = 4.0
W_NEGLECT_MAX = 10.0
W_NEGLECT_UNKNOWN = 5.0
NEGLECT_FROM_DAYS = 7
NEGLECT_FULL_DAYS = 35
W_WAITING_MAX = 8.0
WAITING_FROM_DAYS = 7
WAITING_FULL_DAYS = 90
MIN_WEIGHT = 0.05  # a reason weaker than this is left out rather than shown as "0"


class Reason(NamedTuple):
    """Why a task scores what it does: ``kind``, signed ``weight`` (points), ``text`` (a clause
    that completes "Start with: <task> — ...")."""

    kind: ReasonKind
    weight: float
    text: str


class Scored(NamedTuple):
    """A task with its score (the sum of its reasons' weights) and its reasons, in the fixed
    order of the table above (``strongest`` orders them by weight)."""

    task: Task
    score: float
    reasons: tuple[Reason, ...]

    def by_strength(self) -> list[Reason]:
        """The reasons, strongest first; equal weights keep the table's order."""
        return sorted(self.reasons, key=_strength, reverse=True)

    def strongest(self, n: int = 2) -> list[Reason]:
        """The ``n`` strongest reasons that speak for the task: a positive weight, and not a weak
        attribute (``WEAK``: "it's low priority" scores a little but is no reason to start)."""
        return [r for r in self.by_strength() if r.weight > 0 and r not in WEAK][:n]


_PRIORITY_REASONS = {p: Reason("priority", w, texts.PRIORITY[p]) for p, w in W_PRIORITY.items()}
_PINNED = Reason("pinned", W_PINNED, texts.PINNED)
# Reasons that count in the score but never speak for a task in a sentence or a row.
WEAK = frozenset({_PRIORITY_REASONS[1]})
_FITS = Reason("fits", W_FITS, texts.FITS)
_DOESNT_FIT = Reason("fits", W_DOESNT_FIT, texts.DOESNT_FIT)
_strength = itemgetter(1)
_task_id = itemgetter(0)
_tuple_new = tuple.__new__
_NO_IDS: tuple[None, None] = (None, None)
_UNKNOWN = Reason("pinned", 0.0, "")  # a cache miss (a real cached value may be None)


def is_hidden_today(task: Task, today: date) -> bool:
    """True when Today must not show the task: snoozed (``today <= snoozed_until``), or planned
    for a later day and neither pinned to today nor due by today."""
    if task.snoozed_until is not None and today <= task.snoozed_until:
        return True
    if task.do_on is not None and task.do_on > today:
        pinned = task.pinned_on == today
        due = task.due_date is not None and task.due_date <= today
        return not (pinned or due)
    return False


def rank_key(scored: Scored) -> tuple[float, date, str, str]:
    """The one ordering: score high to low, then due date (none last), title, ``str(id)``."""
    task = scored.task
    return (-scored.score, task.due_date or date.max, task.title, str(task.id))


class Row(NamedTuple):
    """A ranked task. Its first four fields are ``rank_key``, so rows compare in rank order at C
    speed (ids are unique, so no comparison reaches ``task``). Reasons are not kept: they are
    rebuilt (from the Scorer's caches) for the few tasks that are shown."""

    neg_score: float
    due_date: date  # date.max when none
    title: str
    tie: str  # str(id)
    task: Task


_LAST_DAY = date.max
# Rows read one by one off the heap before the rest is sorted in one go: popping is cheaper for
# the top of a ranking, sorting is cheaper for the whole of it.
HEAP_READS = 256


class Ranking:
    """Tasks in rank order (``rank_key``), put in order only as far as they are read.

    Today reads the top of ten thousand tasks (its fill stops once nothing more fits), so the rows
    are kept as a heap: building it is linear and each row read costs a logarithmic pop. After
    ``HEAP_READS`` rows the rest is sorted at once, so reading everything costs about one sort.
    Iterating starts again from the top each time; rows already read are kept in order."""

    __slots__ = ("_heap", "_order", "_sorted", "scorer")

    def __init__(self, rows: list[Row], scorer: Scorer) -> None:
        """``rows`` in any order: they become this ranking's heap (the list is reordered)."""
        heapify(rows)
        self._heap = rows  # unread rows: a heap, or in reverse order once _sorted
        self._order: list[Row] = []  # rows read so far, in rank order
        self._sorted = False
        self.scorer = scorer

    def __len__(self) -> int:
        return len(self._order) + len(self._heap)

    def __iter__(self) -> Iterator[Row]:
        order = self._order
        i = 0
        while True:
            if i < len(order):
                yield order[i]
                i += 1
            elif not self._read_one():
                return

    @property
    def rows(self) -> list[Row]:
        """Every row in rank order (sorts whatever is still unread)."""
        if self._heap:
            self._heap.sort()
            self._order += self._heap
            self._heap = []
        return self._order

    def scored(self, row: Row) -> Scored:
        """The row's ``Scored``: ``Scorer.score`` of its task."""
        return self.scorer.score(row.task)

    def _read_one(self) -> bool:
        heap = self._heap
        if not heap:
            return False
        if self._sorted:
            self._order.append(heap.pop())
        elif len(self._order) < HEAP_READS:
            self._order.append(heappop(heap))
        else:
            heap.sort(reverse=True)  # pop() from the end then reads in rank order
            self._sorted = True
            self._order.append(heap.pop())
        return True


class Scorer:
    """Scores tasks against one snapshot. Build it once and score many tasks: lookups, today's
    free minutes and the reasons' texts are computed once and shared."""

    def __init__(self, snapshot: Snapshot, *, free_minutes: int | None = None) -> None:
        self.snapshot = snapshot
        self.today = snapshot.today
        self.now = snapshot.now
        self.free_minutes = _free_minutes(snapshot) if free_minutes is None else free_minutes
        self.projects: dict[Id, Project] = {p.id: p for p in snapshot.projects}
        self.goals: dict[Id, Goal] = {g.id: g for g in snapshot.goals}
        self.areas: dict[Id, Area] = {a.id: a for a in snapshot.areas}
        self._tasks: dict[Id, Task] | None = None
        self._energy = self._energy_reasons(snapshot.energy_today)
        self.default_estimate = snapshot.default_estimate_minutes
        self.zone = snapshot.zone
        self._project_ids = {p.id: (p.goal_id, p.area_id) for p in snapshot.projects}
        self._context: dict[tuple[Id | None, Id | None], tuple[Reason, ...]] = {}
        self._due_today: dict[time | None, Reason | None] = {}
        self._deadline: dict[date, Reason | None] = {}  # None: cached "no reason"
        self._project_deadline: dict[Id, Reason | None] = {}
        self._waiting: dict[date, Reason | None] = {}  # by the local date it was created
        self._waiting_by_key: dict[int, Reason] = {}
        self._by_goal: dict[Id, tuple[Reason, ...]] = {}
        self._by_area: dict[Id, tuple[Reason, ...]] = {}
        self._planned: dict[date, Reason] = {}

    # --- public -------------------------------------------------------------------------------

    def score(self, task: Task) -> Scored:
        """The task's score (the sum of its reasons' weights) and its reasons."""
        reasons = self.reasons(task)
        # tuple.__new__ skips NamedTuple's Python-level __new__: same object, less overhead.
        return _tuple_new(Scored, (task, sum(map(_strength, reasons)), tuple(reasons)))

    def rank(self, tasks: Iterable[Task]) -> list[Scored]:
        """``tasks`` scored and in rank order (``rank_key``)."""
        scored = [self.score(task) for task in tasks]
        scored.sort(key=rank_key)
        return scored

    def ranking(self, tasks: Iterable[Task]) -> Ranking:
        """``tasks`` in rank order with their scores; ``Scored`` objects are built on demand
        (Today shows a few dozen of ten thousand tasks, and building them all costs more than
        ranking them)."""
        return Ranking(self.rows(tasks), self)

    def rows(self, tasks: Iterable[Task]) -> list[Row]:
        """Each task's place in a ranking (``Row``)."""
        rows: list[Row] = []
        self._judge(tasks, rows.append, None)
        return rows

    def is_overdue(self, task: Task) -> bool:
        """Whether the task's deadline reason says it is overdue (a due date before today, or
        a due time today that has passed)."""
        reason = self._deadline_reason(task) if task.due_date is not None else None
        return reason is not None and reason.kind == "overdue"

    def reasons(self, task: Task) -> list[Reason]:
        """The task's reasons, in the table's order (decided by ``_judge``)."""
        found: list[list[Reason]] = []
        self._judge((task,), None, found.append)
        return found[0]

    def _judge(
        self,
        tasks: Iterable[Task],
        row: Callable[[Row], object] | None,
        reasons_of: Callable[[list[Reason]], object] | None,
    ) -> None:
        """THE place reasons are decided: for each task, its reasons in the table's order and
        their total. Hands each task's row to ``row``, or its reasons to ``reasons_of``.

        This runs for every open task when Today plans a day, so it is written for speed: one
        loop over many tasks (no call per task), each distinct reason built once per Scorer and
        looked up by its input afterwards, and the total added up as the reasons are found, in
        their order (so it equals ``sum`` of their weights exactly)."""
        today, zone, free = self.today, self.zone, self.free_minutes
        default, energies = self.default_estimate, self._energy
        project_ids, contexts, project_deadline = (
            self._project_ids,
            self._context,
            self._project_deadline,
        )
        waiting, deadlines = self._waiting, self._deadline
        for task in tasks:
            reasons: list[Reason] = []
            add = reasons.append
            total = 0.0
            # Task is a named tuple: one unpacking reads every field at C speed.
            (
                task_id,
                title,
                priority,
                due_date,
                _due_time,
                do_on,
                estimate,
                energy_level,
                project_id,
                goal_id,
                area_id,
                created,
                pinned,
                snoozed,
                parent_id,
                is_recurring,
                _position,
                _deep_work,
            ) = task
            if pinned is not None and pinned == today:
                add(_PINNED)
                total += W_PINNED
            if snoozed is not None and today <= snoozed:
                reason = self._snoozed_reason(snoozed)
                add(reason)
                total += reason[1]
            if do_on is not None:
                reason = self._planned_reason(do_on)
                add(reason)
                total += reason[1]
            if due_date is not None:
                # Only today's due time matters: other days are cached by date alone.
                found = deadlines.get(due_date, _UNKNOWN) if due_date != today else _UNKNOWN
                if found is _UNKNOWN:
                    found = self._deadline_reason(task)
                if found is not None:
                    add(found)
                    total += found[1]
            elif project_id is not None:
                try:
                    found = project_deadline[project_id]
                except KeyError:
                    found = self._project_deadline_reason(project_id)
                if found is not None:
                    add(found)
                    total += found[1]
            if priority:
                reason = _PRIORITY_REASONS[priority]
                add(reason)
                total += reason[1]
            if parent_id is None:  # the common case: resolve through the project's ids
                if project_id is not None and (goal_id is None or area_id is None):
                    project_goal, project_area = project_ids.get(project_id, _NO_IDS)
                    goal_id = project_goal if goal_id is None else goal_id
                    area_id = project_area if area_id is None else area_id
            else:
                goal_id, area_id = self._goal_and_area(task)
            context = contexts.get((goal_id, area_id))
            if context is None:
                context = self._context_for(goal_id, area_id)
            for reason in context:
                add(reason)
                total += reason[1]
            energy = energies[energy_level]
            if energy is not None:
                add(energy)
                total += energy[1]
            if (estimate or default) <= free:
                add(_FITS)
                total += W_FITS
            else:
                add(_DOESNT_FIT)
                total += W_DOESNT_FIT
            if created is not None and not is_recurring:
                # Calendar days in the user's zone; .date() directly when already in it (fast).
                local = created if created.tzinfo is zone else created.astimezone(zone)
                found = waiting.get(local.date(), _UNKNOWN)
                if found is _UNKNOWN:
                    found = self._waiting_since(local.date())
                if found is not None:
                    add(found)
                    total += found[1]
            if row is not None:
                row(_tuple_new(Row, (-total, due_date or _LAST_DAY, title, str(task_id), task)))
            if reasons_of is not None:
                reasons_of(reasons)

    # --- reasons, each computed once per distinct input ----------------------------------------

    def _deadline_reason(self, task: Task) -> Reason | None:
        due = task.due_date
        assert due is not None
        if due == self.today:  # the due time matters today only
            try:
                return self._due_today[task.due_time]
            except KeyError:
                found = self._due_today[task.due_time] = self._deadline_for(due, task.due_time)
                return found
        try:
            return self._deadline[due]
        except KeyError:
            found = self._deadline[due] = self._deadline_for(due, None)
            return found

    def _snoozed_reason(self, snoozed_until: date) -> Reason:
        back = snoozed_until + timedelta(days=1)
        return Reason("snoozed", W_SNOOZED, texts.snoozed(back, self.today))

    def _planned_reason(self, do_on: date) -> Reason:
        found = self._planned.get(do_on)
        if found is None:
            weight = W_PLANNED if do_on <= self.today else W_PLANNED_AHEAD
            found = Reason("planned", weight, texts.planned(do_on, self.today))
            self._planned[do_on] = found
        return found

    def _deadline_for(self, due_date: date, due_time: time | None) -> Reason | None:
        """``due_time`` only matters today: once it has passed, the task is overdue."""
        today = self.today
        late = (today - due_date).days
        if late > 0:
            weight = W_OVERDUE + W_OVERDUE_PER_DAY * min(late, OVERDUE_MAX_DAYS)
            return Reason("overdue", weight, texts.overdue(late, None))
        if late == 0 and due_time is not None:
            at = datetime.combine(today, due_time.replace(tzinfo=None), tzinfo=self.snapshot.zone)
            if at.astimezone(UTC) < self.now.astimezone(UTC):
                return Reason("overdue", W_OVERDUE, texts.overdue(0, due_time))
        weight = _due_weight(-late)
        if weight < MIN_WEIGHT:
            return None
        return Reason("deadline", weight, texts.due(due_date, due_time, today))

    def _project_deadline_reason(self, project_id: Id) -> Reason | None:
        project = self.projects.get(project_id)
        reason = None
        if project is not None and project.deadline is not None and project.status == "active":
            ahead = (project.deadline - self.today).days
            base = W_OVERDUE if ahead < 0 else _due_weight(ahead)
            weight = base * PROJECT_DEADLINE_FACTOR
            if weight >= MIN_WEIGHT:
                text = texts.project_deadline(project.title, project.deadline, self.today)
                reason = Reason("deadline", weight, text)
        self._project_deadline[project_id] = reason
        return reason

    def _goal_and_area(self, task: Task) -> tuple[Id | None, Id | None]:
        """The goal a task serves and its area: its own, else its project's, else its parent's
        (subtasks are one level deep). ``_context_for`` falls back to the goal's area."""
        goal_id, area_id = task.goal_id, task.area_id
        if task.project_id is not None and (goal_id is None or area_id is None):
            project = self.projects.get(task.project_id)
            if project is not None:
                goal_id = project.goal_id if goal_id is None else goal_id
                area_id = project.area_id if area_id is None else area_id
        if task.parent_id is not None and (goal_id is None or area_id is None):
            parent = self._task(task.parent_id)
            if parent is not None and parent.parent_id is None:
                parent_goal, parent_area = self._goal_and_area(parent)
                goal_id = parent_goal if goal_id is None else goal_id
                area_id = parent_area if area_id is None else area_id
        return goal_id, area_id

    def area_of(self, task: Task) -> Id | None:
        """The area a task belongs to: its own, else its project's, else its parent's, else its
        goal's (the one the area reasons use)."""
        goal_id, area_id = self._goal_and_area(task)
        goal = self.goals.get(goal_id) if goal_id is not None and area_id is None else None
        return goal.area_id if goal is not None else area_id

    def _context_for(self, goal_id: Id | None, area_id: Id | None) -> tuple[Reason, ...]:
        """The goal and area reasons for a task serving ``goal_id`` in ``area_id`` (without an
        area, the goal's area), cached under that pair."""
        goal = self.goals.get(goal_id) if goal_id is not None else None
        found = self._goal_reasons(goal) + self._area_reasons(
            goal.area_id if area_id is None and goal is not None else area_id
        )
        self._context[(goal_id, area_id)] = found
        return found

    def _goal_reasons(self, goal: Goal | None) -> tuple[Reason, ...]:
        if goal is None or goal.status != "active":
            return ()
        if goal.id not in self._by_goal:
            weight = W_GOAL
            target = goal.target_date
            if target is not None and 0 <= (target - self.today).days <= GOAL_TARGET_SOON_DAYS:
                weight += W_GOAL_TARGET_SOON
            self._by_goal[goal.id] = (Reason("goal", weight, texts.goal(goal.title)),)
        return self._by_goal[goal.id]

    def _area_reasons(self, area_id: Id | None) -> tuple[Reason, ...]:
        area = self.areas.get(area_id) if area_id is not None else None
        if area is None:
            return ()
        if area.id not in self._by_area:
            reasons: list[Reason] = []
            if area.importance != 3:
                weight = (area.importance - 3) * W_AREA_PER_LEVEL
                text = texts.area_importance(area.name, area.importance)
                reasons.append(Reason("area_importance", weight, text))
            neglect = self._neglect(area)
            if neglect is not None:
                reasons.append(neglect)
            self._by_area[area.id] = tuple(reasons)
        return self._by_area[area.id]

    def _neglect(self, area: Area) -> Reason | None:
        if area.last_activity_at is None:
            return Reason("area_neglect", W_NEGLECT_UNKNOWN, texts.area_neglect(area.name, None))
        days = (self.today - area.last_activity_at.astimezone(self.zone).date()).days
        if days < NEGLECT_FROM_DAYS:
            return None
        weight = W_NEGLECT_MAX * min(days, NEGLECT_FULL_DAYS) / NEGLECT_FULL_DAYS
        return Reason("area_neglect", weight, texts.area_neglect(area.name, days))

    def _waiting_since(self, created_on: date) -> Reason | None:
        """The waiting reason of a task created on ``created_on`` (a local date), cached by
        that date; tasks past WAITING_FULL_DAYS share one per month (only the text changes)."""
        days = (self.today - created_on).days
        found = None
        if days >= WAITING_FROM_DAYS:
            key = days if days < WAITING_FULL_DAYS else -(days // 30)
            found = self._waiting_by_key.get(key)
            if found is None:
                weight = W_WAITING_MAX * min(days, WAITING_FULL_DAYS) / WAITING_FULL_DAYS
                found = Reason("waiting", weight, texts.waiting(days))
                self._waiting_by_key[key] = found
        self._waiting[created_on] = found
        return found

    def _energy_reasons(self, energy_today: str) -> dict[str, Reason | None]:
        today = ENERGY_LEVEL[energy_today]
        found: dict[str, Reason | None] = {"": None}
        for energy, level in ENERGY_LEVEL.items():
            if level == today:
                found[energy] = Reason("energy", W_ENERGY_MATCH, texts.energy_match(energy_today))
            elif level > today:
                weight = W_ENERGY_SHORT_PER_LEVEL * (level - today)
                found[energy] = Reason("energy", weight, texts.ENERGY_TOO_HIGH)
            else:
                found[energy] = None
        return found

    def _task(self, task_id: Id) -> Task | None:
        if self._tasks is None:
            tasks = self.snapshot.tasks
            self._tasks = dict(zip(map(_task_id, tasks), tasks, strict=True))
        return self._tasks.get(task_id)


def _due_weight(days_ahead: int) -> float:
    """Deadline weight for a due date ``days_ahead`` days away (0 = today)."""
    if days_ahead <= 0:
        return W_DUE_TODAY
    if days_ahead >= DUE_HORIZON_DAYS:
        return 0.0
    return W_DUE_TOMORROW * (DUE_HORIZON_DAYS - days_ahead) / (DUE_HORIZON_DAYS - 1)


def score(task: Task, snapshot: Snapshot) -> Scored:
    """THE scoring function: ``task``'s score and reasons on ``snapshot``'s day. To score many
    tasks, use one ``Scorer(snapshot)`` (same result, shared lookups)."""
    return Scorer(snapshot).score(task)


def rank(tasks: Iterable[Task], snapshot: Snapshot) -> list[Scored]:
    """``tasks`` scored against ``snapshot`` and in rank order (``rank_key``)."""
    return Scorer(snapshot).rank(tasks)
