"""Today's engine: speed on a heavy workspace, and how close the greedy plan comes to the best one.

    .venv/bin/python bench/today_engine.py [--runs 50] [--days 1000] [--seed 7]

Pure Python, no database and no Django: the snapshot is built in memory with a seeded random.

1. Speed: a heavy workspace (2,000 and 10,000 open tasks, 200 projects, 50 goals, 10 areas, 40
   routines due, 30 events today) is planned ``runs`` times (``time_plan``); every plan scores
   every candidate (nothing is kept between plans). Prints the median, p95 and max of
   ``plan_today`` in milliseconds. The process's collector is set as in a web worker
   (``minime.core.runtime.settle_worker``), where the engine runs.
2. Plan quality: on ``days`` random days (random tasks, estimates and free minutes, nothing
   pinned, planned or due today, so every task competes), the total score of the tasks the plan
   puts into the free minutes is compared with the best possible total, found by an exact 0/1
   knapsack (dynamic programming over minutes): against the best of all plans, and against the
   best plan that keeps the Start with (the top-ranked task that fits, which Today never trades
   away: the ratio the gap fill answers for). Both use the plan's own candidates
   (``candidates(snapshot)``), the one scoring function and the same estimates. Prints the mean
   and worst ratios for two mixes of task lengths (``MIXES``).

Output: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time as clock
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minime.core.runtime import settle_worker
from minime.today.engine import (
    Area,
    CaptureBacklog,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Snapshot,
    Task,
    candidates,
    is_committed,
    plan_today,
    rank,
)

TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
TODAY = date(2026, 3, 10)  # a Tuesday
NOW = datetime(2026, 3, 10, 8, 30, tzinfo=ZONE)

VERBS = ["Write", "Call", "Email", "Review", "Plan", "Fix", "Buy", "Book", "Draft", "Read"]
THINGS = ["report", "dentist", "invoice", "slides", "garden", "budget", "car", "flights", "notes"]
ESTIMATES = [None, None, None, 5, 10, 15, 20, 30, 30, 45, 60, 90, 120]


def heavy_snapshot(seed: int, open_tasks: int = 10_000) -> Snapshot:
    """``open_tasks`` open tasks, 200 projects, 50 goals, 10 areas, 40 routines, 30 events."""
    rng = random.Random(seed)

    def ago(days: int) -> datetime:
        return NOW - timedelta(days=rng.randint(0, days), minutes=rng.randint(0, 1439))

    areas = [
        Area(
            f"area-{i}",
            f"Area {i}",
            importance=rng.randint(1, 5),
            last_activity_at=rng.choice([None, ago(60)]),
        )
        for i in range(10)
    ]
    goals = [
        Goal(
            f"goal-{i}",
            f"Goal {i}",
            status=rng.choice(["active"] * 4 + ["paused", "achieved"]),
            area_id=rng.choice(areas).id,
            target_date=rng.choice([None, TODAY + timedelta(days=rng.randint(-10, 300))]),
            linked_open_tasks=rng.choice([0, 0, 3, 10]),
            linked_projects=rng.choice([0, 1, 2]),
            last_activity_at=rng.choice([None, ago(40)]),
        )
        for i in range(50)
    ]
    projects = [
        Project(
            f"project-{i}",
            f"Project {i}",
            status=rng.choice(["active"] * 6 + ["on_hold", "someday", "done"]),
            area_id=rng.choice([None, rng.choice(areas).id]),
            goal_id=rng.choice([None, None, rng.choice(goals).id]),
            deadline=rng.choice([None, None, TODAY + timedelta(days=rng.randint(-5, 90))]),
            last_completed_at=rng.choice([None, ago(30)]),
            open_task_count=rng.choice([0, 1, 5, 20, 60]),
            created_at=ago(700),
        )
        for i in range(200)
    ]
    tasks: list[Task] = []
    for i in range(open_tasks):
        due = None
        if rng.random() < 0.25:
            due = TODAY + timedelta(days=rng.randint(-30, 60))
        parent = None
        if i > 100 and rng.random() < 0.05:
            candidate = tasks[rng.randrange(i)]
            parent = candidate.id if candidate.parent_id is None else None
        tasks.append(
            Task(
                id=f"task-{i:05d}",
                title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} {i}",
                priority=rng.choice([0, 0, 0, 1, 1, 2, 3]),
                due_date=due,
                due_time=time(rng.randint(8, 19)) if due and rng.random() < 0.2 else None,
                do_on=TODAY + timedelta(days=rng.randint(-5, 10)) if rng.random() < 0.03 else None,
                estimate_minutes=rng.choice(ESTIMATES),
                energy=rng.choice(["", "", "low", "medium", "high"]),
                project_id=rng.choice(projects).id if rng.random() < 0.7 else None,
                goal_id=rng.choice(goals).id if rng.random() < 0.15 else None,
                area_id=rng.choice(areas).id if rng.random() < 0.4 else None,
                created_at=ago(730),
                pinned_on=TODAY if rng.random() < 0.0003 else None,
                snoozed_until=TODAY + timedelta(days=rng.randint(0, 5))
                if rng.random() < 0.05
                else None,
                parent_id=parent,
                is_recurring=rng.random() < 0.05,
            )
        )
    routines = [
        Routine(
            f"routine-{i}",
            f"Routine {i}",
            exact_time=time(rng.randint(6, 21), rng.choice([0, 15, 30, 45]))
            if rng.random() < 0.5
            else None,
            time_of_day=rng.choice(["anytime", "morning", "afternoon", "evening"]),
            estimate_minutes=rng.choice([None, 5, 10, 20, 30]),
            done_today=rng.random() < 0.25,
        )
        for i in range(40)
    ]
    events = []
    for i in range(30):
        start = datetime.combine(TODAY, time(rng.randint(7, 20), rng.choice([0, 15, 30, 45])), ZONE)
        all_day = i < 3
        events.append(
            Event(
                f"Event {i}",
                datetime.combine(TODAY, time(0), ZONE) if all_day else start,
                datetime.combine(TODAY + timedelta(days=1), time(0), ZONE)
                if all_day
                else start + timedelta(minutes=rng.choice([15, 30, 45, 60, 90, 120])),
                all_day=all_day,
            )
        )
    return Snapshot(
        now=NOW,
        tz=TZ,
        tasks=tuple(tasks),
        projects=tuple(projects),
        goals=tuple(goals),
        areas=tuple(areas),
        routines=tuple(routines),
        events=tuple(events),
        rules=Rules(),
        onboarding=Onboarding(guidance="suggest", available_time="2-4", default_energy="medium"),
        energy="low",
        capture=CaptureBacklog(count=42, oldest_days=6),
    )


def _timed(plans: Iterable[Callable[[], object]]) -> dict[str, float | int]:
    """Median, p95 and max of each call in ``plans``, in milliseconds (only the call is timed)."""
    timings = []
    for plan in plans:
        started = clock.perf_counter()
        plan()
        timings.append((clock.perf_counter() - started) * 1000)
    timings.sort()
    return {
        "runs": len(timings),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)], 2),
        "max_ms": round(timings[-1], 2),
    }


def time_plan(snapshot: Snapshot, runs: int) -> dict[str, float | int]:
    """``plan_today`` on ``snapshot``, ``runs`` times after three warm-ups (the snapshot is built
    before the clock starts: the service's job, not the engine's)."""
    for _ in range(3):
        plan_today(snapshot)
    return _timed(partial(plan_today, snapshot) for _ in range(runs))


# Two estimate mixes for the random days: every length equally likely (hard for a greedy fill:
# long, high-scoring tasks crowd out many shorter ones), and the heavy workspace's mix (mostly
# short tasks, a third without an estimate, which then counts as 30 minutes).
UNIFORM = [5, 10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 240]
MIXES: dict[str, Sequence[int | None]] = {
    "uniform_5_to_240_min": UNIFORM,
    "workspace_mix": ESTIMATES,
}


def random_day(rng: random.Random, estimates: Sequence[int | None]) -> tuple[Snapshot, int]:
    """A day where every task competes for the free minutes: nothing pinned, planned or due
    today; 5-60 tasks; 30 minutes to 12 hours free. Returns the snapshot and its free minutes."""
    free = rng.randint(30, 720)
    end = 9 * 60 + free
    areas = (Area("a1", "Work", importance=5), Area("a2", "Fun", importance=1))
    goals = (Goal("g1", "Launch v2"),)
    tasks = []
    for i in range(rng.randint(5, 60)):
        due = TODAY + timedelta(days=rng.choice([-7, -2, -1, 1, 2, 5, 10, 30]))
        tasks.append(
            Task(
                id=i,
                title=f"Task {i}",
                priority=rng.randint(0, 3),
                due_date=due if rng.random() < 0.4 else None,
                estimate_minutes=rng.choice(estimates),
                energy=rng.choice(["", "low", "medium", "high"]),
                goal_id="g1" if rng.random() < 0.2 else None,
                area_id=rng.choice([None, "a1", "a2"]),
                created_at=NOW - timedelta(days=rng.randint(0, 120)),
            )
        )
    snapshot = Snapshot(
        now=datetime.combine(TODAY, time(8), ZONE),
        tz=TZ,
        tasks=tuple(tasks),
        areas=areas,
        goals=goals,
        rules=Rules(workday_start=time(9), workday_end=time(end // 60, end % 60)),
        onboarding=Onboarding(guidance="suggest"),
        energy=rng.choice(["low", "medium", "high"]),
    )
    return snapshot, free


def best_total(items: Sequence[tuple[int, float]], capacity: int) -> float:
    """Exact 0/1 knapsack: the highest total value of items whose weights fit ``capacity``."""
    best = [0.0] * (capacity + 1)  # best[c]: the best total within c minutes
    for weight, value in items:
        if value <= 0 or weight > capacity:
            continue  # never part of a best choice
        # A fresh list from the old one, so each item is used at most once.
        best = best[:weight] + [
            max(a, b + value) for a, b in zip(best[weight:], best, strict=False)
        ]
    return best[capacity]


def plan_quality(days: int, seed: int, estimates: Sequence[int | None]) -> dict[str, float | int]:
    """Greedy fill vs exact knapsack on ``days`` random days (see the module's docstring).

    ``keeping_the_start_with_*``: against the best plan that keeps the Start with.
    ``reference_*``: what a different fill would score on the same days: Start with (the
    top-ranked task) first, then the rest by score per minute; printed for comparison."""
    rng = random.Random(seed)
    ratios, reference, with_start = [], [], []
    for _ in range(days):
        snapshot, free = random_day(rng, estimates)
        plan = plan_today(snapshot)
        assert plan.free_minutes == free
        assert not any(is_committed(t, snapshot.today) for t in candidates(snapshot))
        # The plan's candidates, scored and ordered by the one scoring function.
        considered = rank(candidates(snapshot), snapshot)
        assert len(considered) == plan.candidate_count
        assert {s.task.id for s in plan.planned} <= {s.task.id for s in considered}
        items = [(snapshot.estimate(s.task), s.score) for s in considered]
        best = best_total(items, free)
        greedy = sum(s.score for s in plan.planned)
        assert greedy <= best + 1e-9
        ratios.append(greedy / best if best > 0 else 1.0)
        # The best total among plans that keep the Start with (the top-ranked task that fits).
        top = next((i for i, (w, _) in enumerate(items) if w <= free), None)
        if top is not None:
            weight, value = items[top]
            kept = value + best_total(items[:top] + items[top + 1 :], free - weight)
            with_start.append(greedy / kept if kept > 0 else 1.0)
        reference.append(density_fill(items, free) / best if best > 0 else 1.0)
    return {
        "days": days,
        "mean_ratio": round(statistics.fmean(ratios), 4),
        "worst_ratio": round(min(ratios), 4),
        "optimal_days": sum(1 for r in ratios if r >= 1 - 1e-9),
        "keeping_the_start_with_mean_ratio": round(statistics.fmean(with_start), 4),
        "keeping_the_start_with_worst_ratio": round(min(with_start), 4),
        "reference_score_per_minute_mean_ratio": round(statistics.fmean(reference), 4),
        "reference_score_per_minute_worst_ratio": round(min(reference), 4),
    }


def density_fill(items: Sequence[tuple[int, float]], capacity: int) -> float:
    """The reference fill: the first item if it fits, then by value per minute."""
    total, room = 0.0, capacity
    rest = list(items)
    if rest and rest[0][0] <= room:
        room -= rest[0][0]
        total += rest[0][1]
        rest = rest[1:]
    for weight, value in sorted(rest, key=lambda item: -item[1] / item[0]):
        if value > 0 and weight <= room:
            room -= weight
            total += value
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--days", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    snapshot = heavy_snapshot(args.seed)
    settle_worker()
    plan = plan_today(snapshot)
    report = {
        "workspace": {
            "open_tasks": len(snapshot.tasks),
            "projects": len(snapshot.projects),
            "goals": len(snapshot.goals),
            "areas": len(snapshot.areas),
            "routines_due": len(snapshot.routines),
            "events": len(snapshot.events),
            "candidates": plan.candidate_count,
            "planned": len(plan.planned),
            "free_minutes": plan.free_minutes,
            "planned_minutes": plan.workload.planned_minutes,
            "overload": plan.overload.text if plan.overload else None,
        },
        "plan_today": {
            f"{n}_open_tasks": time_plan(heavy_snapshot(args.seed, n), args.runs)
            for n in (2_000, 10_000)
        },
        "plan_quality": {
            name: plan_quality(args.days, args.seed, mix) for name, mix in MIXES.items()
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
