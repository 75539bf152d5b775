"""Snapshot builders for the engine tests: plain Python, no database.

The default day is Tuesday 10 March 2026 in Europe/Berlin, 08:00, with the default rules
(09:00-20:00, so 660 free minutes) and onboarding's "4-6 h" so the focus budget is 360 minutes.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from minime.today.engine import (
    Area,
    CaptureBacklog,
    Decision,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Snapshot,
    Task,
)

TZ = "Europe/Berlin"
ZONE = ZoneInfo(TZ)
TODAY = date(2026, 3, 10)  # a Tuesday


def at(hour: int, minute: int = 0, *, day: date = TODAY, zone: ZoneInfo = ZONE) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def task(title: str, **fields: Any) -> Task:
    fields.setdefault("id", title)
    return Task(title=title, **fields)


def snapshot(**fields: Any) -> Snapshot:
    fields.setdefault("now", at(8))
    fields.setdefault("tz", TZ)
    fields.setdefault("onboarding", Onboarding(available_time="4-6"))
    for name in ("tasks", "projects", "goals", "areas", "routines", "events", "decisions"):
        if name in fields:
            fields[name] = tuple(fields[name])
    return Snapshot(**fields)


def random_snapshot(rng: random.Random, *, max_tasks: int = 40) -> Snapshot:
    """A messy but valid workspace: overdue and future tasks (up to ``max_tasks``), pins, snoozes,
    subtasks, projects, goals, areas, events (some overlapping, some all-day), routines and
    decisions waiting."""
    day = TODAY + timedelta(days=rng.randint(0, 60))
    zone = ZoneInfo(rng.choice([TZ, "America/New_York", "Asia/Tokyo", "UTC"]))
    now = datetime.combine(day, time(rng.randint(6, 21), rng.randint(0, 59)), tzinfo=zone)
    areas = [Area(f"a{i}", f"Area {i}", importance=rng.randint(1, 5)) for i in range(3)]
    goals = [
        Goal(
            f"g{i}",
            f"Goal {i}",
            status=rng.choice(["active", "active", "paused"]),
            area_id=rng.choice([None, *(a.id for a in areas)]),
            target_date=rng.choice([None, day + timedelta(days=rng.randint(-5, 60))]),
        )
        for i in range(rng.randint(0, 4))
    ]
    projects = [
        Project(
            f"p{i}",
            f"Project {i}",
            status=rng.choice(["active", "active", "on_hold"]),
            goal_id=rng.choice([None, *(g.id for g in goals)]),
            area_id=rng.choice([None, *(a.id for a in areas)]),
            deadline=rng.choice([None, day + timedelta(days=rng.randint(-3, 30))]),
            created_at=now - timedelta(days=rng.randint(0, 60)),
        )
        for i in range(rng.randint(0, 5))
    ]
    tasks: list[Task] = []
    for i in range(rng.randint(0, max_tasks)):

        def maybe_day(lo: int, hi: int) -> date | None:
            return rng.choice([None, None, day + timedelta(days=rng.randint(lo, hi))])

        parent = rng.choice([None] * 6 + [t.id for t in tasks if t.parent_id is None][:3])
        tasks.append(
            Task(
                id=f"t{i}",
                title=rng.choice(["Write", "Call", "Fix", "Plan", "Read"]) + f" thing {i % 7}",
                priority=rng.randint(0, 3),
                due_date=maybe_day(-10, 20),
                due_time=rng.choice([None, time(rng.randint(0, 23), 0)]),
                do_on=maybe_day(-3, 3),
                estimate_minutes=rng.choice([None, 0, 5, 10, 14, 15, 16, 30, 45, 90, 240]),
                energy=rng.choice(["", "low", "medium", "high"]),
                project_id=rng.choice([None, *(p.id for p in projects)]),
                goal_id=rng.choice([None, None, *(g.id for g in goals)]),
                area_id=rng.choice([None, *(a.id for a in areas)]),
                created_at=now - timedelta(days=rng.randint(0, 200)),
                pinned_on=rng.choice([None] * 8 + [day, day - timedelta(days=1)]),
                snoozed_until=rng.choice(
                    [None] * 6 + [day, day - timedelta(days=1), day + timedelta(days=2)]
                ),
                parent_id=parent,
                is_recurring=rng.random() < 0.1,
            )
        )
    events = []
    for i in range(rng.randint(0, 6)):
        start = datetime.combine(
            day, time(rng.randint(7, 21), rng.choice([0, 15, 30])), tzinfo=zone
        )
        events.append(
            Event(
                f"Event {i}",
                start,
                start + timedelta(minutes=rng.choice([15, 30, 60, 90, 180])),
                all_day=rng.random() < 0.15,
            )
        )
    routines = [
        Routine(
            f"r{i}",
            f"Routine {i}",
            exact_time=rng.choice([None, time(rng.randint(6, 21), rng.choice([0, 30]))]),
            estimate_minutes=rng.choice([None, 10, 30]),
            done_today=rng.random() < 0.3,
        )
        for i in range(rng.randint(0, 4))
    ]
    fields: dict[str, Any] = {
        "now": now,
        "tz": str(zone.key),
        "tasks": tuple(tasks),
        "projects": tuple(projects),
        "goals": tuple(goals),
        "areas": tuple(areas),
        "routines": tuple(routines),
        "events": tuple(events),
        "rules": Rules(
            priorities_per_day=rng.randint(1, 5),
            workday_start=time(rng.choice([0, 7, 9])),
            workday_end=time(rng.choice([0, 17, 20, 22])),
        ),
        "onboarding": Onboarding(
            guidance=rng.choice(["strong", "suggest", "lists"]),
            available_time=rng.choice(["lt1", "1-2", "2-4", "4-6", "gt6"]),
        ),
        "energy": rng.choice([None, "low", "medium", "high"]),
        "capture": CaptureBacklog(count=rng.randint(0, 15), oldest_days=rng.randint(0, 5)),
    }
    # Drawn last, so the rest of a seed's workspace is what it was before decisions came.
    today = now.date()
    decisions = []
    for i in range(rng.choice([0, 0, 1, 3])):
        if rng.random() < 0.5:
            decisions.append(
                Decision(f"d{i}", f"Decision {i}?", "past_deadline", today - _days(rng, 1, 40))
            )
        else:
            decisions.append(
                Decision(f"d{i}", f"Decision {i}", "revisit_due", today - _days(rng, 0, 40))
            )
    return Snapshot(**fields, decisions=tuple(decisions))


def _days(rng: random.Random, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, high))
