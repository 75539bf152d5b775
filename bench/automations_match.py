"""Automations' matcher: build once, then match many events.

    .venv/bin/python bench/automations_match.py [--rules 50] [--events 10000] [--seed 7]

Pure Python, no database and no Django. ``rules`` random valid rules over every trigger kind
(random conditions, one to three actions with placeholders) are built into a ``RuleSet`` once
(timed, median of 20 builds); then ``events`` random events of every kind (a third of the
schedule events at a real instance of one of the rules, so schedule rules fire) are matched one
by one, each timed. Prints the median, p95 and max per event in microseconds, the build time in
milliseconds and how many firings the events produced.

Output: one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time as clock
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minime.automations.engine import (
    CONDITIONS_FOR,
    PLACEHOLDERS_FOR,
    TASK_TRIGGERS,
    TRIGGER_KINDS,
    Action,
    Conditions,
    Event,
    Rule,
    RuleSet,
    Trigger,
    schedule_instances,
    validate_rule,
)
from minime.core.runtime import settle_worker

PROJECTS = tuple(f"project-{i}" for i in range(20))
AREAS = tuple(f"area-{i}" for i in range(6))
LABELS = ("home", "work", "errand", "call", "waiting")
WORDS = ("call", "invoice", "report", "garden", "dentist", "slides", "budget")
ZONES = ("Europe/London", "America/New_York", "Europe/Berlin", "Asia/Tokyo")
START = datetime(2026, 1, 1, tzinfo=UTC)


def random_rule(rng: random.Random, rule_id: int, kind: str) -> Rule:
    trigger = Trigger(
        kind,  # type: ignore[arg-type]
        weekdays=tuple(sorted(rng.sample(range(7), rng.randint(1, 7))))
        if kind == "schedule"
        else (),
        at=time(rng.randint(0, 23), rng.choice([0, 15, 30, 45])) if kind == "schedule" else None,
        threshold=rng.randint(5, 50) if kind == "capture_backlog" else None,
    )
    possible = CONDITIONS_FOR[trigger.kind]

    def maybe(name: str) -> bool:
        return name in possible and rng.random() < 0.4

    conditions = Conditions(
        projects=tuple(rng.sample(PROJECTS, rng.randint(1, 3))) if maybe("project") else (),
        areas=tuple(rng.sample(AREAS, rng.randint(1, 2))) if maybe("area") else (),
        min_priority=rng.randint(1, 3) if maybe("priority") else None,
        labels=tuple(rng.sample(LABELS, rng.randint(1, 2))) if maybe("label") else (),
        text=rng.choice(WORDS) if maybe("text") else "",
        weekdays=tuple(rng.sample(range(7), rng.randint(1, 5))) if maybe("weekday") else (),
    )
    names = sorted(PLACEHOLDERS_FOR[trigger.kind])

    def template() -> str:
        return f"Heads up: {{{rng.choice(names)}}} — see {{{rng.choice(names)}}} {{{{ok}}}}"

    actions: list[Action] = []
    for _ in range(rng.randint(1, 3)):
        choice = rng.choice(
            ["push", "create_task", "create_capture"]
            + (["set_field", "add_to_today"] if trigger.kind in TASK_TRIGGERS else [])
        )
        if choice == "push":
            actions.append(Action("push", title=template(), body=template()))
        elif choice == "create_task":
            actions.append(Action("create_task", title=template(), priority=2, do_on_days=1))
        elif choice == "create_capture":
            actions.append(Action("create_capture", text=template()))
        elif choice == "set_field":
            actions.append(Action("set_field", field="priority", priority=3))
        else:
            actions.append(Action("add_to_today"))
    rule = Rule(id=rule_id, trigger=trigger, conditions=conditions, actions=tuple(actions))
    assert validate_rule(rule) == {}, validate_rule(rule)
    return rule


def random_rules(rng: random.Random, count: int) -> list[Rule]:
    """``count`` rules, every trigger kind at least once (when count allows), the rest random."""
    kinds = list(TRIGGER_KINDS) + [rng.choice(TRIGGER_KINDS) for _ in range(count)]
    return [random_rule(rng, i, kinds[i]) for i in range(count)]


def random_events(rng: random.Random, count: int, rules: list[Rule]) -> list[Event]:
    schedules = [r.trigger for r in rules if r.trigger.kind == "schedule"]
    events = []
    for _ in range(count):
        kind = rng.choice(TRIGGER_KINDS)
        zone = rng.choice(ZONES)
        occurred = START + timedelta(seconds=rng.randrange(365 * 86400))
        if kind == "schedule" and schedules and rng.random() < 1 / 3:
            found = schedule_instances(
                rng.choice(schedules), zone, occurred, occurred + timedelta(days=8)
            )
            occurred = found[0]
        counted = rng.randint(0, 60)
        events.append(
            Event(
                kind,
                occurred,
                zone,
                depth=rng.choice([0, 0, 0, 1]),
                item_id=f"item-{rng.randrange(5000)}",
                title=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {rng.randrange(1000)}",
                text=rng.choice(["", "call back about the invoice"]),
                project_id=rng.choice((None, *PROJECTS)),
                project_name="Launch",
                area_id=rng.choice((None, *AREAS)),
                area_name="Work",
                priority=rng.randint(0, 3),
                labels=tuple(rng.sample(LABELS, rng.randint(0, 2))),
                goal="Run a marathon",
                milestone="Half marathon",
                routine="Stretch",
                count=counted,
                previous_count=max(counted - rng.randint(1, 5), 0),
                minutes=rng.choice([25, 50]),
            )
        )
    return events


def percentile(sorted_values: list[float], fraction: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, round(fraction * len(sorted_values)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--rules", type=int, default=50)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    rules = random_rules(rng, args.rules)
    events = random_events(rng, args.events, rules)
    settle_worker()

    builds = []
    for _ in range(20):
        started = clock.perf_counter()
        ruleset = RuleSet.build(rules)
        builds.append((clock.perf_counter() - started) * 1000)
    for event in events[:200]:  # warm-up
        ruleset.match(event)

    timings, firings, actions = [], 0, 0
    for event in events:
        started = clock.perf_counter()
        found = ruleset.match(event)
        timings.append((clock.perf_counter() - started) * 1_000_000)
        firings += len(found)
        actions += sum(len(f.actions) for f in found)
    timings.sort()
    report = {
        "rules": len(rules),
        "rules_by_trigger": {k: sum(r.trigger.kind == k for r in rules) for k in TRIGGER_KINDS},
        "events": len(events),
        "firings": firings,
        "rendered_actions": actions,
        "build_ms": {
            "median": round(statistics.median(builds), 3),
            "max": round(max(builds), 3),
        },
        "match_per_event_us": {
            "median": round(statistics.median(timings), 2),
            "p95": round(percentile(timings, 0.95), 2),
            "max": round(timings[-1], 2),
        },
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
