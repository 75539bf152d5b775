"""The ranking is put in order only as far as Today reads it; what the page shows must be exactly
what sorting every task up front would give."""

from __future__ import annotations

import random
from itertools import islice

import pytest

from minime.today.engine import (
    UNPLANNED_SHOWN,
    Scored,
    Scorer,
    Snapshot,
    Task,
    candidates,
    day_of,
    is_committed,
    plan_today,
    rank,
)
from minime.today.engine import scoring as scoring_module
from minime.today.engine.plan import GAP_FILL_ROWS, STRONG_DO_NEXT, _fill_gaps

from .factories import random_snapshot


@pytest.fixture(params=[0, 3, scoring_module.HEAP_READS], ids=lambda n: f"heap_reads_{n}")
def heap_reads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run with the rows popped off the heap before the rest is sorted: none, a few, the real
    number (so both ways of reading are exercised on small workspaces)."""
    monkeypatch.setattr(scoring_module, "HEAP_READS", request.param)
    return int(request.param)


def test_a_ranking_reads_in_rank_order_however_far_it_is_read(heap_reads: int) -> None:
    for seed in range(40):
        snap = random_snapshot(random.Random(seed), max_tasks=300)
        considered = candidates(snap)
        expected = [s.task for s in rank(considered, snap)]
        ranking = Scorer(snap).ranking(considered)
        stop = random.Random(seed).randint(0, len(considered))
        read: list[Task] = []
        for row in ranking:
            if len(read) == stop:
                break
            read.append(row.task)
        assert read == expected[:stop], seed
        assert len(ranking) == len(considered), seed
        assert [row.task for row in ranking] == expected, seed  # reading again starts at the top
        assert [row.task for row in ranking.rows] == expected, seed
        assert [row.task for row in ranking] == expected, seed


def _full_sort_plan(snap: Snapshot) -> tuple[list[Scored], list[Scored], list[object]]:
    """The fill as plan.py's docstring states it, over every task sorted up front: (planned,
    unplanned, overdue ids), each in rank order."""
    today = snap.today
    ranked = rank(candidates(snap), snap)
    committed = [s for s in ranked if is_committed(s.task, today)]
    room = day_of(snap).free_minutes - sum(snap.estimate(s.task) for s in committed)
    extra = len(ranked)
    if snap.onboarding.guidance == "strong":
        extra = snap.rules.priorities_per_day + STRONG_DO_NEXT - len(committed)
    strong = snap.onboarding.guidance == "strong"
    shortest = min((snap.estimate(s.task) for s in ranked), default=0)
    planned: list[Scored] = []
    unplanned: list[Scored] = []
    rows = iter(ranked)
    for scored in rows:  # the Start with: the first task that fits (all of them when "strong")
        minutes = snap.estimate(scored.task)
        if is_committed(scored.task, today):
            planned.append(scored)
        elif extra > 0 and minutes <= room:
            planned.append(scored)
            room -= minutes
            extra -= 1
            if not strong:
                break
        else:
            unplanned.append(scored)
        if extra <= 0 or room < shortest:
            break
    if not strong and room >= shortest:  # the gaps: the best set of the next rows
        following = list(islice(rows, GAP_FILL_ROWS))
        values = [0.0 if is_committed(s.task, today) else s.score for s in following]
        chosen = _fill_gaps(
            [(snap.estimate(s.task), v) for s, v in zip(following, values, strict=True)], room
        )
        for i, scored in enumerate(following):
            if is_committed(scored.task, today) or i in chosen:
                planned.append(scored)
                room -= 0 if is_committed(scored.task, today) else snap.estimate(scored.task)
            else:
                unplanned.append(scored)
    for scored in rows:  # then the rest, in rank order, while anything fits
        minutes = snap.estimate(scored.task)
        if is_committed(scored.task, today):
            planned.append(scored)
        elif not strong and minutes <= room and room >= shortest:
            planned.append(scored)
            room -= minutes
        else:
            unplanned.append(scored)
    order = {s.task.id: i for i, s in enumerate(ranked)}
    planned.sort(key=lambda s: order[s.task.id])
    scorer = Scorer(snap)
    overdue = [s.task.id for s in ranked if scorer.is_overdue(s.task)]
    return planned, unplanned, overdue


def test_the_plan_is_what_sorting_every_task_would_give(heap_reads: int) -> None:
    for seed in range(150):
        snap = random_snapshot(random.Random(seed), max_tasks=600)
        plan = plan_today(snap)
        planned, unplanned, overdue = _full_sort_plan(snap)
        assert list(plan.planned) == planned, seed

        on_cards = {plan.start_with.scored.task.id} if plan.start_with else set()
        on_cards |= {r.scored.task.id for r in plan.recommendations if r.scored is not None}
        left = [s for s in unplanned if s.task.id not in on_cards]
        assert list(plan.unplanned) == left[:UNPLANNED_SHOWN], seed
        assert plan.unplanned_count == len(left), seed

        shown_overdue = [a.ids for a in plan.attention if a.kind == "overdue"]
        assert shown_overdue == ([tuple(overdue)] if overdue else []), seed
