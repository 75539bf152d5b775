"""What ``plan_today`` learns from the open tasks before it fills the day, and a ``Memo`` that keeps
it for the next plan of the same workspace.

A ``TaskIndex`` holds the candidates (the tasks Today may show), their ranking, the committed and
the overdue ones in rank order, the candidates' distinct lengths, and which projects and goals
have open tasks. Building one scores every candidate: most of a plan's time on a big list.

A ``Memo`` keeps the last index of one workspace for one user (today's energy is the user's), and
the next plan asks it first:

* **Reused as it is** when nothing a score reads has changed: the same tasks, day, energy, zone
  and default estimate, the same scored fields of projects, goals and areas (``context_of``), and
  no task's *fits* or *due at* reason has turned since (free minutes shrink and the clock moves
  during the day; a reason turns only when one crosses a task's length or due time).
* **Patched** when some tasks changed, or some *fits* / *due at* reasons turned: only those tasks
  (and the subtasks of a changed parent, which inherit its goal and area) are scored again and
  moved within the ranking; the candidates are worked out again (a subtask decides whether its
  parent is shown).
* **Built again** when the context changed, or more than ``PATCH_LIMIT`` tasks did.

``plan_today(snapshot, memo=memo) == plan_today(snapshot)`` whatever happened in between (tested
on random sequences of changes). An index is never changed once built, so one memo may serve
several threads at once: they only replace which index it keeps.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from itertools import compress
from operator import is_not, itemgetter

from .scoring import Ranking, Row, Scorer, is_hidden_today
from .snapshot import Id, Snapshot, Task

__all__ = ["PATCH_LIMIT", "Memo", "TaskIndex", "candidates", "context_of", "is_committed"]

# More changed tasks than this and the index is built again (moving a row costs a search and a
# shift of the list; past a few hundred, one sort of everything is as quick).
PATCH_LIMIT = 500

_first = itemgetter(0)
_project = itemgetter(8)
_goal = itemgetter(9)
_parent = itemgetter(14)


def is_committed(task: Task, today: date) -> bool:
    """Planned whatever the time: pinned to today, "do on" today or earlier, or due today."""
    return (
        task.pinned_on == today
        or (task.do_on is not None and task.do_on <= today)
        or task.due_date == today
    )


def candidates(snapshot: Snapshot) -> list[Task]:
    """The tasks Today considers, in snapshot order: not snoozed, not planned for a later day
    (unless pinned to today or due by today), and not a parent whose open subtasks are shown
    instead (minutes would count twice)."""
    today = snapshot.today
    # Most tasks are neither snoozed nor planned for a day: skip the call for them.
    # Task is a named tuple: plain indexing is its fastest read (snoozed_until, do_on, id).
    visible = [
        t
        for t in snapshot.tasks
        if (t[13] is None and t[5] is None) or not is_hidden_today(t, today)
    ]
    parents = set(map(_parent, visible)) - {None}
    return [t for t in visible if t[0] not in parents] if parents else visible


def context_of(snapshot: Snapshot) -> tuple[Hashable, ...]:
    """Everything a task's score reads besides the task itself, its parent, the free minutes
    and the clock: the day, today's energy, the zone, the default estimate, and the fields of
    projects, goals and areas that reasons use (their titles only word a reason; the Scored
    shown on the page is always built afresh)."""
    zone = snapshot.zone
    return (
        snapshot.today,
        snapshot.energy_today,
        snapshot.tz,
        snapshot.default_estimate_minutes,
        tuple((p.id, p.status, p.goal_id, p.area_id, p.deadline) for p in snapshot.projects),
        tuple((g.id, g.status, g.area_id, g.target_date) for g in snapshot.goals),
        tuple(
            (
                a.id,
                a.importance,
                a.last_activity_at.astimezone(zone).date() if a.last_activity_at else None,
            )
            for a in snapshot.areas
        ),
    )


@dataclass(frozen=True, eq=False)
class TaskIndex:
    """The open tasks of one snapshot, ready for the fill (see the module's docstring).

    ``rows`` is in rank order when ``in_order``, else a heap that only its own ``ranking()`` may
    read (once). ``minutes`` may hold lengths no candidate has any more (after a patch): it only
    tells when a *fits* reason may have turned, and its first item is a lower bound of the
    shortest candidate. ``due_at``: the candidates due today at a time, by that instant (UTC)."""

    context: tuple[Hashable, ...]
    tasks: tuple[Task, ...]
    candidates: list[Task]
    rows: list[Row]
    in_order: bool
    committed: frozenset[Id]
    committed_minutes: int
    committed_rows: list[Row]
    overdue: frozenset[Id]
    overdue_rows: list[Row]
    minutes: list[int]
    free_minutes: int
    due_at: list[tuple[datetime, str, Id]]
    now: datetime
    projects_with_tasks: frozenset[Id]
    goals_with_tasks: frozenset[Id]

    @classmethod
    def build(cls, snapshot: Snapshot, scorer: Scorer, *, in_order: bool) -> TaskIndex:
        """Score every candidate of ``snapshot``. ``in_order`` sorts the ranking (a memo keeps
        it); otherwise it is a heap, read only as far as the plan needs."""
        today, estimate = snapshot.today, snapshot.estimate
        considered = candidates(snapshot)
        rows = scorer.rows(considered)
        if in_order:
            rows.sort()
        # Task is a named tuple: plain indexing is its fastest read (pinned_on, do_on, due_date).
        committed = [
            t
            for t in considered
            if (t[12] is not None or t[5] is not None or t[3] == today) and is_committed(t, today)
        ]
        committed_ids = frozenset(map(_first, committed))
        overdue_rows = sorted(r for r in rows if r[1] <= today and scorer.is_overdue(r[4]))
        return cls(
            context=context_of(snapshot),
            tasks=snapshot.tasks,
            candidates=considered,
            rows=rows,
            in_order=in_order,
            committed=committed_ids,
            committed_minutes=sum(map(estimate, committed)),
            committed_rows=sorted(r for r in rows if r[4][0] in committed_ids)
            if committed_ids
            else [],
            overdue=frozenset(r[4][0] for r in overdue_rows),
            overdue_rows=overdue_rows,
            minutes=sorted({t[6] or snapshot.default_estimate_minutes for t in considered}),
            free_minutes=scorer.free_minutes,
            due_at=sorted(
                _due_at(t, snapshot) for t in considered if t[3] == today and t[4] is not None
            ),
            now=snapshot.now.astimezone(UTC),
            projects_with_tasks=_projects_with_tasks(snapshot.tasks),
            goals_with_tasks=_goals_with_tasks(snapshot.tasks),
        )

    def ranking(self, scorer: Scorer) -> Ranking:
        """The candidates in rank order, scored by ``scorer`` when shown."""
        return Ranking(self.rows, scorer, in_order=self.in_order)

    @property
    def shortest(self) -> int:
        """No candidate needs fewer minutes than this (0 without candidates)."""
        return self.minutes[0] if self.minutes else 0

    @cached_property
    def by_id(self) -> dict[Id, Task]:
        """Every task of the snapshot by id."""
        return dict(zip(map(_first, self.tasks), self.tasks, strict=True))

    @cached_property
    def candidate_ids(self) -> frozenset[Id]:
        return frozenset(map(_first, self.candidates))

    @cached_property
    def row_of(self) -> dict[Id, Row]:
        """Each candidate's row by task id."""
        return {row[4][0]: row for row in self.rows}

    def updated(self, snapshot: Snapshot, scorer: Scorer) -> TaskIndex:
        """The index for ``snapshot``: this one when nothing changed, else patched or built
        again (see the module's docstring). ``self`` must be ``in_order``."""
        if context_of(snapshot) != self.context:
            return TaskIndex.build(snapshot, scorer, in_order=True)
        today, default = snapshot.today, snapshot.default_estimate_minutes
        free, now = scorer.free_minutes, snapshot.now.astimezone(UTC)
        same_tasks = snapshot.tasks == self.tasks
        minutes = self.minutes
        fits_turned = bisect_right(minutes, free) != bisect_right(minutes, self.free_minutes)
        instants = [at for at, _, _ in self.due_at]
        clock_turned = bisect_left(instants, now) != bisect_left(instants, self.now)
        if same_tasks and not fits_turned and not clock_turned:
            return self

        rescore: set[Id] = set()
        if fits_turned:
            low, high = sorted((free, self.free_minutes))
            rescore.update(t[0] for t in self.candidates if low < (t[6] or default) <= high)
        if clock_turned:
            early, late = sorted((now, self.now))
            rescore.update(i for at, _, i in self.due_at if early <= at < late)
        old_ids = self.candidate_ids
        if same_tasks:
            considered, new_ids, tasks = self.candidates, old_ids, self.by_id
        else:
            before = self.by_id
            # Identity first, at C speed (the service keeps the objects of unchanged tasks),
            # then values (equal tasks in new objects are not changes).
            moved = compress(
                snapshot.tasks, map(is_not, map(before.get, ids(snapshot)), snapshot.tasks)
            )
            changed = {t[0] for t in moved if before.get(t[0]) != t}
            tasks = dict(zip(ids(snapshot), snapshot.tasks, strict=True))
            gone = before.keys() - tasks.keys() if len(tasks) != len(before) or changed else set()
            if len(changed) + len(gone) > PATCH_LIMIT:
                return TaskIndex.build(snapshot, scorer, in_order=True)
            if changed or gone:  # subtasks inherit a changed parent's goal and area
                parents = changed | gone
                rescore.update(
                    t[0] for t in snapshot.tasks if t[14] is not None and t[14] in parents
                )
            rescore |= changed
            considered = candidates(snapshot)
            new_ids = frozenset(map(_first, considered))
        out = (rescore | (old_ids - new_ids)) & old_ids
        into = (rescore | (new_ids - old_ids)) & new_ids
        if len(out) + len(into) > PATCH_LIMIT:
            return TaskIndex.build(snapshot, scorer, in_order=True)

        rows, row_of = list(self.rows), dict(self.row_of)
        for i in out:
            del rows[bisect_left(rows, row_of.pop(i))]
        added = [tasks[i] for i in into]
        for task in added:
            row = scorer.row(task)
            insort(rows, row)
            row_of[task[0]] = row
        committed = (self.committed - out) | {t[0] for t in added if is_committed(t, today)}
        overdue = (self.overdue - out) | {t[0] for t in added if scorer.is_overdue(t)}
        due_at = [entry for entry in self.due_at if entry[2] not in out]
        due_at += (_due_at(t, snapshot) for t in added if _timed_today(t, today))
        index = TaskIndex(
            context=self.context,
            tasks=snapshot.tasks,
            candidates=considered,
            rows=rows,
            in_order=True,
            committed=committed,
            committed_minutes=sum(snapshot.estimate(tasks[i]) for i in committed),
            committed_rows=sorted(row_of[i] for i in committed),
            overdue=overdue,
            overdue_rows=sorted(row_of[i] for i in overdue),
            minutes=sorted({*minutes, *(t[6] or default for t in added)}),
            free_minutes=free,
            due_at=sorted(due_at),
            now=now,
            projects_with_tasks=self.projects_with_tasks
            if same_tasks
            else _projects_with_tasks(snapshot.tasks),
            goals_with_tasks=self.goals_with_tasks
            if same_tasks
            else _goals_with_tasks(snapshot.tasks),
        )
        # Known already: no need to work them out again.
        index.__dict__.update(row_of=row_of, by_id=tasks, candidate_ids=new_ids)
        return index


class Memo:
    """The last ``TaskIndex`` of one workspace for one user, for the next plan (see the module's
    docstring). Keep one per workspace and user; pass it to ``plan_today``."""

    __slots__ = ("_index",)

    def __init__(self) -> None:
        self._index: TaskIndex | None = None

    def index(self, snapshot: Snapshot, scorer: Scorer) -> TaskIndex:
        """The index for ``snapshot``, reusing or patching the last one; kept for next time."""
        last = self._index
        if last is None:
            found = TaskIndex.build(snapshot, scorer, in_order=True)
        else:
            found = last.updated(snapshot, scorer)
        self._index = found
        return found


def _timed_today(task: Task, today: date) -> bool:
    return task[3] == today and task[4] is not None


def _due_at(task: Task, snapshot: Snapshot) -> tuple[datetime, str, Id]:
    """When a task due today at a time turns overdue (UTC), with its id (as text, for ties)."""
    due_time = task[4]
    assert due_time is not None
    at = datetime.combine(snapshot.today, due_time.replace(tzinfo=None), tzinfo=snapshot.zone)
    return at.astimezone(UTC), str(task[0]), task[0]


def ids(snapshot: Snapshot) -> Iterator[Id]:
    """The snapshot's task ids, in order."""
    return map(_first, snapshot.tasks)


def _projects_with_tasks(tasks: tuple[Task, ...]) -> frozenset[Id]:
    return frozenset(map(_project, tasks)) - {None}


def _goals_with_tasks(tasks: tuple[Task, ...]) -> frozenset[Id]:
    return frozenset(map(_goal, tasks)) - {None}
