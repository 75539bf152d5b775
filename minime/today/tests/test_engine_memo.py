"""A memo keeps what the plan learned about a workspace's tasks for the next plan: the plan must be
exactly what it would be without it, whatever changed in between."""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

import pytest

from minime.today.engine import (
    Area,
    Goal,
    Memo,
    Scorer,
    Snapshot,
    Task,
    TaskIndex,
    plan_today,
)
from minime.today.engine import index as index_module
from minime.today.engine.scoring import Row

from .factories import TODAY, at, random_snapshot, snapshot, task

Change = Callable[[random.Random, Snapshot], Snapshot]


def _with_tasks(snap: Snapshot, tasks: list[Task]) -> Snapshot:
    return dataclasses.replace(snap, tasks=tuple(tasks))


def _edit_tasks(rng: random.Random, snap: Snapshot) -> Snapshot:
    """Change a few fields of a few tasks (each one a field Today reads)."""
    tasks = list(snap.tasks)
    if not tasks:
        return snap
    day = snap.today
    ids = [t.id for t in tasks]
    for _ in range(rng.randint(1, 4)):
        i = rng.randrange(len(tasks))
        field, value = rng.choice(
            [
                ("priority", rng.randint(0, 3)),
                ("due_date", rng.choice([None, day, day + timedelta(days=rng.randint(-9, 30))])),
                ("due_time", rng.choice([None, at(rng.randint(0, 23)).time()])),
                ("do_on", rng.choice([None, day, day + timedelta(days=rng.randint(-3, 3))])),
                ("estimate_minutes", rng.choice([None, 5, 15, 45, 120, 600])),
                ("energy", rng.choice(["", "low", "medium", "high"])),
                ("pinned_on", rng.choice([None, day])),
                ("snoozed_until", rng.choice([None, day, day - timedelta(days=1)])),
                ("parent_id", rng.choice([None, rng.choice(ids)])),
                ("goal_id", rng.choice([None, *(g.id for g in snap.goals)])),
                ("title", f"Renamed {rng.randint(0, 99)}"),
            ]
        )
        if field == "parent_id" and value == tasks[i].id:
            value = None
        changes: dict[str, Any] = {field: value}
        tasks[i] = tasks[i]._replace(**changes)
    return _with_tasks(snap, tasks)


def _add_or_remove(rng: random.Random, snap: Snapshot) -> Snapshot:
    tasks = list(snap.tasks)
    if tasks and rng.random() < 0.5:
        gone = tasks.pop(rng.randrange(len(tasks)))
        # What the service does when a parent closes: its subtasks lose the link.
        tasks = [t._replace(parent_id=None) if t.parent_id == gone.id else t for t in tasks]
    else:
        n = rng.randint(0, 10**6)
        tasks.append(
            task(
                f"New {n}",
                id=f"new-{n}",
                priority=rng.randint(0, 3),
                estimate_minutes=rng.choice([None, 5, 30, 90]),
                due_date=rng.choice([None, snap.today]),
                due_time=rng.choice([None, at(rng.randint(6, 22)).time()]),
                created_at=snap.now - timedelta(days=rng.randint(0, 100)),
            )
        )
    if len({t.id for t in tasks}) != len(tasks):
        return snap
    return _with_tasks(snap, tasks)


def _later(rng: random.Random, snap: Snapshot) -> Snapshot:
    """The clock moves on (free minutes shrink; due times pass), now and then past midnight."""
    return dataclasses.replace(snap, now=snap.now + timedelta(minutes=rng.choice([1, 7, 45, 300])))


def _copies(rng: random.Random, snap: Snapshot) -> Snapshot:
    """Equal tasks in new objects (a service that reads them again)."""
    return _with_tasks(snap, [t._replace() for t in snap.tasks])


def _energy(rng: random.Random, snap: Snapshot) -> Snapshot:
    return dataclasses.replace(snap, energy=rng.choice(["low", "medium", "high"]))


def _area_activity(rng: random.Random, snap: Snapshot) -> Snapshot:
    areas = [dataclasses.replace(a, last_activity_at=snap.now) for a in snap.areas]
    return dataclasses.replace(snap, areas=tuple(areas))


def _nothing(rng: random.Random, snap: Snapshot) -> Snapshot:
    return snap


CHANGES: list[Change] = [
    _edit_tasks,
    _edit_tasks,
    _add_or_remove,
    _later,
    _later,
    _copies,
    _energy,
    _area_activity,
    _nothing,
]


@pytest.mark.parametrize("patch_limit", [index_module.PATCH_LIMIT, 2])
def test_a_memo_never_changes_the_plan(patch_limit: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "PATCH_LIMIT", patch_limit)
    for seed in range(60):
        rng = random.Random(seed)
        snap = random_snapshot(rng, max_tasks=120)
        memo = Memo()
        for step in range(12):
            assert plan_today(snap, memo=memo) == plan_today(snap), (seed, step)
            snap = rng.choice(CHANGES)(rng, snap)


def _count_scored_rows(monkeypatch: pytest.MonkeyPatch) -> list[Task]:
    """The tasks given a ranking row from now on (``Scorer.rows``, which ``row`` calls too)."""
    scored: list[Task] = []
    rows = Scorer.rows

    def counting(self: Scorer, tasks: Iterable[Task]) -> list[Row]:
        tasks = list(tasks)
        scored.extend(tasks)
        return rows(self, tasks)

    monkeypatch.setattr(Scorer, "rows", counting)
    return scored


def _workspace() -> Snapshot:
    tasks = [
        task(f"Task {i:02d}", priority=i % 4, estimate_minutes=15 + i, created_at=at(8))
        for i in range(40)
    ]
    tasks.append(task("Call the bank", due_date=TODAY, due_time=at(11).time(), created_at=at(8)))
    return snapshot(tasks=tasks, areas=[Area("a1", "Work")])


def test_a_memo_reuses_the_index_when_nothing_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    snap, memo = _workspace(), Memo()
    plan_today(snap, memo=memo)
    kept = memo.index(snap, Scorer(snap))
    scored = _count_scored_rows(monkeypatch)
    plan_today(dataclasses.replace(snap, now=snap.now + timedelta(minutes=5)), memo=memo)
    assert scored == []
    assert memo.index(snap, Scorer(snap)) is kept


def test_a_memo_scores_again_only_what_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    snap, memo = _workspace(), Memo()
    plan_today(snap, memo=memo)
    scored = _count_scored_rows(monkeypatch)
    tasks = list(snap.tasks)
    tasks[3] = tasks[3]._replace(snoozed_until=TODAY)  # "not now": it leaves Today
    tasks[7] = tasks[7]._replace(priority=0)
    plan = plan_today(_with_tasks(snap, tasks), memo=memo)
    assert [t.title for t in scored] == ["Task 07"]
    assert "Task 03" not in [s.task.title for s in plan.task_cards()]


def test_a_memo_scores_again_a_task_whose_due_time_passed(monkeypatch: pytest.MonkeyPatch) -> None:
    snap, memo = _workspace(), Memo()
    plan_today(snap, memo=memo)  # 08:00: "Call the bank" is due at 11:00
    scored = _count_scored_rows(monkeypatch)
    later = dataclasses.replace(snap, now=at(11, 30))
    plan = plan_today(later, memo=memo)
    assert [t.title for t in scored] == ["Call the bank"]
    assert plan == plan_today(later)
    assert any(a.kind == "overdue" for a in plan.attention)


def test_a_memo_builds_again_when_the_energy_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    snap, memo = _workspace(), Memo()
    plan_today(snap, memo=memo)
    built: list[object] = []
    build = TaskIndex.build.__func__  # type: ignore[attr-defined]

    def counting(cls: type[TaskIndex], *args: object, **kwargs: object) -> TaskIndex:
        built.append(args)
        return build(cls, *args, **kwargs)

    monkeypatch.setattr(TaskIndex, "build", classmethod(counting))
    plan_today(dataclasses.replace(snap, energy="low"), memo=memo)
    assert len(built) == 1


def test_a_memo_scores_again_the_subtasks_of_a_changed_parent() -> None:
    parent = task("Move flat", created_at=at(8))
    step = task("Book the van", parent_id="Move flat", estimate_minutes=20, created_at=at(8))
    other = task("Water plants", estimate_minutes=20, priority=1, created_at=at(8))
    snap = snapshot(tasks=[parent, step, other], goals=[Goal("g1", "Settle in")])
    memo = Memo()
    first = plan_today(snap, memo=memo).start_with
    assert first is not None
    assert first.scored.task.title == "Water plants"
    moved = _with_tasks(snap, [parent._replace(goal_id="g1"), step, other])
    plan = plan_today(moved, memo=memo)
    assert plan == plan_today(moved)
    assert plan.start_with is not None
    assert plan.start_with.scored.task.title == "Book the van"  # it serves the goal now
