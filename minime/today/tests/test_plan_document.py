"""The plan document (``engine.document``): JSON in, a ``Snapshot``; a ``TodayPlan``, JSON out.

Plain values only, no database: the round trip is exact, every field the engine reads is a field
of the document, bad input is refused with the field's path, and the documented schemas state the
limits the code holds."""

from __future__ import annotations

import json
import random
from dataclasses import fields
from pathlib import Path
from typing import Any, get_args

import pytest

from minime.today.engine import (
    DECISION_KINDS,
    Area,
    CaptureBacklog,
    Decision,
    DocumentError,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Snapshot,
    Task,
    plan_to_json,
    plan_today,
    snapshot_from_json,
    snapshot_to_json,
)
from minime.today.engine import document as doc
from minime.today.engine.cards import AttentionKind
from minime.today.tests.factories import random_snapshot

DOCS = Path(__file__).resolve().parents[3] / "docs"
NOW = "2026-03-10T08:00:00+01:00"


def minimal(**extra: Any) -> dict[str, Any]:
    return {"now": NOW, "tz": "Europe/Berlin", **extra}


def refused(document: Any) -> str:
    with pytest.raises(DocumentError) as caught:
        snapshot_from_json(document)
    return str(caught.value)


def _names(cls: type) -> list[str]:
    return list(getattr(cls, "_fields", None) or [f.name for f in fields(cls)])


# --- Every field the engine reads --------------------------------------------------------------


@pytest.mark.parametrize(
    "cls", [Task, Project, Goal, Area, Routine, Event, Rules, Onboarding, CaptureBacklog, Decision]
)
def test_each_record_has_exactly_the_engines_fields_in_order(cls: type) -> None:
    spec, required = doc._SPECS[cls]
    assert list(spec) == _names(cls)
    assert required <= set(spec)


def test_the_document_has_exactly_the_snapshots_fields() -> None:
    keys = {*doc._TOP, *doc._LISTS, *doc._PARTS}
    assert keys == set(_names(Snapshot))
    assert set(snapshot_to_json(snapshot_from_json(minimal()))) == keys


# --- The round trip ----------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(60))
def test_a_snapshot_survives_json_exactly_and_plans_the_same(seed: int) -> None:
    snapshot = random_snapshot(random.Random(seed))
    text = json.dumps(snapshot_to_json(snapshot))
    again = snapshot_from_json(json.loads(text))
    assert again == snapshot
    assert snapshot_to_json(again) == json.loads(text)
    assert json.dumps(plan_to_json(plan_today(again))) == json.dumps(
        plan_to_json(plan_today(snapshot))
    )


def test_instants_keep_their_offset_and_microseconds() -> None:
    document = minimal(
        now="2026-03-10T07:59:59.123456+00:00",
        tasks=[{"id": "a", "title": "A", "created_at": "2026-03-01T23:30:00.5-05:00"}],
        events=[{"title": "E", "start": "2026-03-10T10:00:00Z", "end": "2026-03-10T11:00:00Z"}],
    )
    written = snapshot_to_json(snapshot_from_json(document))
    assert written["now"] == "2026-03-10T08:59:59.123456+01:00"  # in the user's zone
    assert written["tasks"][0]["created_at"] == "2026-03-01T23:30:00.500000-05:00"
    assert written["events"][0]["start"] == "2026-03-10T10:00:00+00:00"


def test_absent_keys_take_the_engines_defaults() -> None:
    snapshot = snapshot_from_json(minimal(tasks=[{"id": "a", "title": "Write"}]))
    assert snapshot.rules == Rules() and snapshot.onboarding == Onboarding()
    assert snapshot.tasks == (Task(id="a", title="Write"),)
    assert snapshot.energy is None and snapshot.default_estimate_minutes == 30


def test_the_plan_reads_like_the_api() -> None:
    answer = plan_to_json(plan_today(random_snapshot(random.Random(7), max_tasks=30)))
    assert {"date", "start_with", "buckets", "workload", "overload", "simplify"} <= set(answer)
    assert set(answer["workload"]) == {
        "planned_minutes",
        "free_minutes",
        "focus_minutes",
        "focus_text",
    }
    json.dumps(answer, allow_nan=False)  # plain JSON, nothing Python-only


# --- Refusals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "document: must be an object, got a list"),
        ({"tz": "UTC"}, "document: missing 'now'"),
        (minimal(taks=[]), "document: unknown key 'taks'"),
        (minimal(tasks=[{"id": "a", "title": "A", "priorty": 3}]), "tasks[0]: unknown key"),
        (minimal(rules={"workday_strat": "08:00"}), "rules: unknown key 'workday_strat'"),
        (minimal(tasks=[{"id": "a", "title": "A", "priority": 5}]), "tasks[0].priority: must be"),
        (minimal(tasks=[{"id": "a", "title": "A", "priority": True}]), "whole number"),
        (minimal(tasks=[{"id": "a", "title": "A", "priority": 2.0}]), "whole number"),
        (minimal(tasks=[{"id": 1, "title": "A"}]), "tasks[0].id: must be a string"),
        (minimal(tasks=[{"id": "", "title": "A"}]), "tasks[0].id: must be 1 to 100"),
        (minimal(tasks=[{"title": "A"}]), "tasks[0]: missing 'id'"),
        (minimal(tasks=[{"id": "a", "title": "x" * 1001}]), "tasks[0].title: must be 0 to 1000"),
        (minimal(tasks=[{"id": "a", "title": "A"}] * 2), "tasks[1].id: 'a' is also tasks[0]"),
        (minimal(tasks=[{"id": "a", "title": "A", "energy": "huge"}]), "tasks[0].energy"),
        (minimal(tasks=[{"id": "a", "title": "A", "due_date": "2026-02-30"}]), "calendar date"),
        (minimal(tasks=[{"id": "a", "title": "A", "due_date": "20260310"}]), "YYYY-MM-DD"),
        (minimal(tasks=[{"id": "a", "title": "A", "due_date": "1800-01-01"}]), "between"),
        (minimal(tasks=[{"id": "a", "title": "A", "due_time": "09:00+01:00"}]), "no offset"),
        (minimal(tasks=[{"id": "a", "title": "A", "estimate_minutes": -5}]), "0 to 1440"),
        (
            minimal(tasks=[{"id": "a", "title": "A", "created_at": "2026-03-01T10:00:00"}]),
            "tasks[0].created_at: must be a date and time with its offset",
        ),
        ({"now": "2026-03-10T08:00:00", "tz": "UTC"}, "now: must be a date and time with"),
        (minimal(tz="Mars/Olympus"), "tz: unknown time zone 'Mars/Olympus'"),
        (minimal(tz="../../etc/passwd"), "tz: unknown time zone"),
        (minimal(energy="tired"), "energy: must be one of"),
        (minimal(projects=[{"id": "p", "title": "P", "status": "Active"}]), "projects[0].status"),
        (minimal(goals=[{"id": "g", "title": "G", "status": "open"}]), "goals[0].status"),
        (minimal(areas=[{"id": "a", "name": "A", "importance": 9}]), "areas[0].importance"),
        (minimal(routines=[{"id": "r", "title": "R", "time_of_day": "noon"}]), "time_of_day"),
        (minimal(rules={"work_days": [0, 0]}), "rules.work_days: lists a weekday twice"),
        (minimal(rules={"work_days": [7]}), "rules.work_days[0]: must be 0 to 6"),
        (minimal(rules={"priorities_per_day": 0}), "rules.priorities_per_day: must be 1 to 100"),
        (minimal(onboarding={"available_time": "lots"}), "onboarding.available_time"),
        (minimal(capture={"count": -1}), "capture.count"),
        (minimal(tasks={"a": {}}), "tasks: must be a list, got an object"),
        (
            minimal(decisions=[{"id": "d", "title": "Q", "kind": "late", "due": "2026-03-01"}]),
            "decisions[0].kind: must be one of 'past_deadline', 'revisit_due'",
        ),
        (minimal(decisions=[{"id": "d", "title": "Q", "kind": "revisit_due"}]), "missing 'due'"),
        (
            minimal(decisions=[{"id": "d", "title": "Q", "kind": "past_deadline", "due": NOW}]),
            "decisions[0].due: must be a date (YYYY-MM-DD)",
        ),
        (
            minimal(
                decisions=[{"id": "d", "title": "Q", "kind": "past_deadline", "due": "2026-03-10"}]
            ),
            "document: decisions[0]: its deadline 2026-03-10 is not past on 2026-03-10",
        ),
        (
            minimal(
                decisions=[{"id": "d", "title": "Q", "kind": "revisit_due", "due": "2026-03-09"}]
                * 2
            ),
            "decisions[1].id: 'd' is also decisions[0]",
        ),
        (
            minimal(events=[{"title": "E", "start": NOW, "end": "2026-03-10T07:00:00+01:00"}]),
            "events[0]: event 'E' ends before it starts",
        ),
    ],
)
def test_a_bad_document_is_refused_naming_the_field(document: Any, message: str) -> None:
    assert message in refused(document)


def test_more_tasks_than_the_limit_are_refused_before_they_are_read() -> None:
    limit = doc.LIST_LIMITS["tasks"]
    assert limit == 20_000
    tasks = [{"id": str(i), "title": ""} for i in range(limit + 1)]
    assert refused(minimal(tasks=tasks)) == "tasks: holds 20,001 items; at most 20,000 are read"


def test_a_document_at_the_limit_is_read() -> None:
    tasks = [{"id": str(i), "title": f"T{i}"} for i in range(doc.LIST_LIMITS["tasks"])]
    assert len(snapshot_from_json(minimal(tasks=tasks)).tasks) == 20_000


# --- The documented schemas state the code's limits -----------------------------------------


def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DOCS / name).read_text(encoding="utf-8"))
    return loaded


def test_the_input_schema_names_the_keys_and_limits_the_code_holds() -> None:
    schema = _schema("plan-input.schema.json")
    props, defs = schema["properties"], schema["$defs"]
    assert set(props) == {*doc._TOP, *doc._LISTS, *doc._PARTS}
    assert set(schema["required"]) == doc._TOP_REQUIRED
    for key, cls in doc._LISTS.items():
        assert props[key]["maxItems"] == doc.LIST_LIMITS[key]
        record = defs[props[key]["items"]["$ref"].rsplit("/", 1)[1]]
        spec, required = doc._SPECS[cls]
        assert list(record["properties"]) == list(spec), key
        assert set(record["required"]) == required, key
        assert record["additionalProperties"] is False
    for key, cls in doc._PARTS.items():
        record = defs[key]
        assert list(record["properties"]) == list(doc._SPECS[cls][0]), key
    assert defs["id"]["maxLength"] == doc.MAX_ID_LENGTH
    assert defs["task"]["properties"]["title"]["maxLength"] == doc.MAX_TEXT_LENGTH
    assert props["tz"]["maxLength"] == doc.MAX_ZONE_LENGTH
    assert defs["project"]["properties"]["status"]["enum"] == list(doc.PROJECT_STATUSES)
    assert defs["goal"]["properties"]["status"]["enum"] == list(doc.GOAL_STATUSES)
    assert defs["routine"]["properties"]["time_of_day"]["enum"] == list(doc.TIMES_OF_DAY)
    assert defs["datetime"]["pattern"] == f"^{doc._DATETIME.pattern}$"
    assert defs["date"]["pattern"] == f"^{doc._DATE.pattern}$"
    assert defs["time"]["pattern"] == f"^{doc._TIME.pattern}$"


def test_the_output_schema_names_every_key_the_plan_has() -> None:
    plan = _schema("plan-output.schema.json")["$defs"]["plan"]
    answer = plan_to_json(plan_today(random_snapshot(random.Random(1))))
    assert list(plan["properties"]) == list(answer)
    assert set(plan["required"]) == set(answer)


def test_the_schemas_name_the_decision_and_attention_kinds_the_engine_has() -> None:
    decision = _schema("plan-input.schema.json")["$defs"]["decision"]
    assert decision["properties"]["kind"]["enum"] == list(DECISION_KINDS)
    plan = _schema("plan-output.schema.json")["$defs"]["plan"]
    kind = plan["properties"]["attention"]["items"]["properties"]["kind"]
    assert kind["enum"] == list(get_args(AttentionKind))


def test_a_document_with_decisions_plans_their_attention_items() -> None:
    document = minimal(
        decisions=[
            {"id": "d1", "title": "Which laptop?", "kind": "past_deadline", "due": "2026-03-07"},
            {"id": "d2", "title": "Move to Lisbon", "kind": "revisit_due", "due": "2026-03-10"},
        ]
    )
    answer = plan_to_json(plan_today(snapshot_from_json(document)))
    assert answer["attention"] == [
        {
            "kind": "decision_overdue",
            "text": "Decide: Which laptop? — the deadline was 3 days ago.",
            "ids": ["d1"],
            "count": 1,
        },
        {
            "kind": "decision_revisit",
            "text": "Time to revisit: Move to Lisbon — what actually happened?",
            "ids": ["d2"],
            "count": 1,
        },
    ]


def test_the_documents_vocabularies_are_the_models_choices() -> None:
    from minime.decisions.selectors import AttentionKind as DecisionAttentionKind
    from minime.goals.models import GoalStatus
    from minime.routines.models import TimeOfDay
    from minime.tasks.models import ProjectStatus

    assert (
        get_args(DecisionAttentionKind) == DECISION_KINDS
    )  # build_snapshot passes the kind through
    assert tuple(ProjectStatus.values) == doc.PROJECT_STATUSES
    assert tuple(GoalStatus.values) == doc.GOAL_STATUSES
    assert tuple(TimeOfDay.values) == doc.TIMES_OF_DAY
