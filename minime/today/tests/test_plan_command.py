"""``minime plan``, run for real: the installed console script in a subprocess (no database, no
Django in it), its input and output checked against the documented JSON Schemas, and a document
written from a real workspace planned exactly as the Today page plans it."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema_rs
import pytest

from minime import cli
from minime.calendars.tests.factories import add_event
from minime.capture.services import capture_add
from minime.core.db import as_user
from minime.decisions.services import decision_create
from minime.preferences.rules import rules_for
from minime.routines.services import routine_create
from minime.today import api
from minime.today.engine import plan_to_json, plan_today, snapshot_from_json, snapshot_to_json
from minime.today.models import DayState
from minime.today.selectors import build_snapshot, plan_for
from minime.today.tests.conftest import add_task
from minime.today.tests.factories import random_snapshot
from minime.yourdata.demo import populate_demo

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(sys.executable).parent / "minime"
INPUT = jsonschema_rs.validator_for(
    json.loads((ROOT / "docs" / "plan-input.schema.json").read_text(encoding="utf-8"))
)
OUTPUT = jsonschema_rs.validator_for(
    json.loads((ROOT / "docs" / "plan-output.schema.json").read_text(encoding="utf-8"))
)


def minime(*args: str, stdin: str | bytes) -> subprocess.CompletedProcess[bytes]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "minime.cli"]
    return subprocess.run(
        [*command, *args],
        input=stdin.encode("utf-8") if isinstance(stdin, str) else stdin,
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def errors(validator: Any, value: Any) -> list[str]:
    return [f"{list(e.instance_path)}: {e.message}" for e in validator.iter_errors(value)]


# --- The contract: documented formats, exit codes, batch ----------------------------------------


@pytest.mark.parametrize("seed", [0, 5, 11, 23])
def test_the_command_prints_the_engines_plan_in_the_documented_format(seed: int) -> None:
    snapshot = random_snapshot(random.Random(seed))
    document = snapshot_to_json(snapshot)
    assert errors(INPUT, document) == []
    result = minime("plan", stdin=json.dumps(document, indent=1))
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(b"{\n")  # pretty, like smart-add
    answer = json.loads(result.stdout)
    assert errors(OUTPUT, answer) == []
    assert answer == {"plan": plan_to_json(plan_today(snapshot))}


def test_batch_answers_each_line_in_order_and_goes_on_after_a_bad_one() -> None:
    snapshots = [random_snapshot(random.Random(seed)) for seed in (1, 2)]
    good = [json.dumps(snapshot_to_json(s)) for s in snapshots]
    typo = json.dumps({**snapshot_to_json(snapshots[0]), "enrgy": "low"})
    lines = [good[0], "not json", "", typo, "[]", good[1]]
    result = minime("plan", "--batch", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr.decode()
    out = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(out) == len(lines)
    for answer in out:
        assert errors(OUTPUT, answer) == []
    assert out[0] == {"plan": plan_to_json(plan_today(snapshots[0]))}
    assert out[5] == {"plan": plan_to_json(plan_today(snapshots[1]))}
    assert out[1]["plan"] is None and out[1]["error"].startswith("not a JSON object")
    assert out[2]["plan"] is None
    assert out[3] == {"plan": None, "error": out[3]["error"]}
    assert out[3]["error"].startswith("document: unknown key 'enrgy'")
    assert out[4]["error"] == "document: must be an object, got a list"


def test_batch_goes_on_after_a_line_that_is_not_utf8() -> None:
    good = json.dumps(snapshot_to_json(random_snapshot(random.Random(3))))
    result = minime("plan", "--batch", stdin=b"\xff\xfe{\n" + good.encode() + b"\n")
    assert result.returncode == 0
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert first["plan"] is None and "UTF-8" in first["error"]
    assert second["plan"] is not None


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ('{"now": "2026-03-10T09:00:00+01:00", "tz": "Europe/Berlin", "tasks": [{"id": "a"}]}',
         "minime plan: tasks[0]: missing 'title'"),
        ('{"now": "2026-03-10T09:00:00", "tz": "UTC"}', "minime plan: now: must be a date"),
        ("", "minime plan: no plan document on standard input"),
        ("{", "minime plan: not a JSON object"),
    ],
)  # fmt: skip
def test_a_document_it_cannot_use_is_a_usage_error_naming_the_field(
    stdin: str, message: str
) -> None:
    result = minime("plan", stdin=stdin)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode().startswith(message)


def test_plan_takes_no_text_argument() -> None:
    assert minime("plan", "tasks.json", stdin="").returncode == 2


def test_a_document_over_the_size_limit_is_not_read_further(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(cli, "MAX_DOCUMENT_BYTES", 10)
    with pytest.raises(cli.UsageError, match="over 10 bytes"):
        cli.read_document(io.BytesIO(b"{" + b" " * 100 + b"}"))
    assert cli.plan_line(b"{" + b" " * 100 + b"}") == {
        "plan": None,
        "error": "the document is over 10 bytes",
    }


def test_a_deeply_nested_line_is_an_error_not_a_crash() -> None:
    assert cli.plan_line(b"[" * 100_000)["plan"] is None


def test_the_plan_uses_the_apis_names_for_what_the_api_shows() -> None:
    plans = (plan_today(random_snapshot(random.Random(seed), max_tasks=40)) for seed in range(50))
    answer = plan_to_json(next(p for p in plans if p.start_with is not None))
    card = answer["buckets"]["unplanned"][0] if answer["buckets"]["unplanned"] else None
    assert set(api.TodayOut.model_fields) - {"buckets"} <= set(answer)
    assert set(api.BucketsOut.model_fields) == set(answer["buckets"])
    assert set(api.WorkloadOut.model_fields) == set(answer["workload"])
    assert set(api.StartWithOut.model_fields) == set(answer["start_with"])
    assert card is None or set(api.TaskCardOut.model_fields) == set(card)
    assert set(api.ReasonOut.model_fields) == set(answer["start_with"]["reasons"][0])
    for name, schema, extra in (
        ("recommendations", api.RecommendationOut, set()),
        ("attention", api.AttentionOut, set()),
        ("routines", api.TodayRoutineOut, {"estimate_minutes"}),
        ("events", api.EventOut, set()),
        ("timeline", api.BlockOut, set()),
    ):
        for item in answer[name]:
            assert set(item) == set(schema.model_fields) | extra, name
    assert set(api.OverloadOut.model_fields) | {"events"} == set(doc_keys("overload"))
    assert set(api.SimplifyOut.model_fields) == set(doc_keys("simplify"))
    assert set(api.MoveOut.model_fields) == set(doc_keys("simplify", "moves"))


def doc_keys(*path: str) -> list[str]:
    """The keys the output schema gives the object at ``path`` in the plan."""
    schema = json.loads((ROOT / "docs" / "plan-output.schema.json").read_text(encoding="utf-8"))
    node = schema["$defs"]["plan"]
    for key in path:
        node = node["properties"][key]
        node = next((n for n in node.get("anyOf", [node]) if n.get("type") != "null"), node)
        node = node.get("items", node)
    return list(node["properties"])


# --- A real workspace, planned by the command exactly as the Today page plans it ---------------


def _run_from_workspace(user: Any, workspace: Any, now: datetime, tmp_path: Path) -> dict[str, Any]:
    """Write the workspace's day as a document, run the command on it, check the output is the
    plan Today computes for that workspace at ``now``; return that plan as JSON."""
    with as_user(user.pk):
        snapshot = build_snapshot(user=user, workspace=workspace, now=now)
        _, page_plan = plan_for(user=user, workspace=workspace, now=now)
    document = snapshot_to_json(snapshot)
    assert errors(INPUT, document) == []
    assert snapshot_from_json(json.loads(json.dumps(document))) == snapshot  # every field
    path = tmp_path / "day.json"
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False), encoding="utf-8")
    result = minime("plan", stdin=path.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    answer = json.loads(result.stdout)
    assert errors(OUTPUT, answer) == []
    expected = plan_to_json(page_plan)
    assert answer["plan"] == expected
    # Byte for byte, too: same floats, same strings, same order.
    assert json.dumps(answer["plan"]) == json.dumps(expected)
    batch = minime("plan", "--batch", stdin=json.dumps(document) + "\n")
    assert json.loads(batch.stdout) == {"plan": expected}
    return expected


def test_a_document_from_the_demo_workspace_plans_exactly_as_today(
    alice: Any, personas: Any, tmp_path: Path
) -> None:
    alice.time_zone = "Asia/Kolkata"  # +05:30: offsets that are not whole hours
    alice.save(update_fields=["time_zone"])
    zone = ZoneInfo(alice.time_zone)
    today = datetime.now(zone).date()
    now = datetime.combine(today, time(10, 17, 23, 456789), tzinfo=zone).astimezone(UTC)
    ws = personas.personal(alice)
    populate_demo(user=alice, workspace=ws, today=today)
    with as_user(alice.pk):
        DayState.objects.create(workspace=ws, user=alice, date=today, energy="high")
        begins = datetime.combine(today, time(14, 0), tzinfo=zone)
        add_event(alice, title="Dentist", starts_at=begins, ends_at=begins + timedelta(hours=1))
        add_event(
            alice,
            title="Holiday",
            starts_at=datetime.combine(today, time(0), tzinfo=zone),
            ends_at=datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone),
            all_day=True,
        )
        routine_create(
            workspace=ws,
            title="Stand-up",
            recurrence="FREQ=DAILY",
            starts_on=today - timedelta(days=3),
            exact_time=time(11, 30),
            estimate_minutes=20,
        )
        decision_create(workspace=ws, question="Which laptop?", deadline=today - timedelta(days=3))
    plan = _run_from_workspace(alice, ws, now, tmp_path)
    assert plan["start_with"] is not None and plan["energy"] == "high"
    decided = [a["text"] for a in plan["attention"] if a["kind"].startswith("decision")]
    assert decided == ["Decide: Which laptop? — the deadline was 3 days ago."]
    assert plan["buckets"]["do_first"] and plan["attention"] and plan["recommendations"]
    assert {"Dentist", "Holiday"} <= {e["title"] for e in plan["events"]}
    assert {b["kind"] for b in plan["timeline"]} >= {"task", "event", "routine"}
    assert plan["timeline"][0]["start"].endswith("+05:30")


def test_an_overloaded_day_on_a_dst_change_plans_exactly_as_today(
    alice: Any, personas: Any, tmp_path: Path
) -> None:
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    zone = ZoneInfo(alice.time_zone)
    day = date(2026, 3, 29)  # clocks go forward: a 23-hour day
    now = datetime.combine(day, time(9, 41, 7), tzinfo=zone)
    ws = personas.personal(alice)
    with as_user(alice.pk):
        rules = rules_for(alice)
        rules.workday_start, rules.workday_end = time(0, 0), time(0, 0)
        rules.priorities_per_day = 2
        rules.save()
        for i in range(6):
            capture_add(workspace=ws, created_by=alice, text=f"Idea {i}")
        begins = datetime.combine(day, time(13, 0), tzinfo=zone)
        add_event(alice, title="Long lunch", starts_at=begins, ends_at=begins + timedelta(hours=3))
    for i in range(14):
        add_task(
            alice,
            ws,
            f"Committed {i}",
            estimate_minutes=90,
            priority=i % 4,
            due_date=day if i % 2 else None,
            do_on=day - timedelta(days=1) if not i % 2 else None,
        )
    add_task(alice, ws, "Overdue", due_date=day - timedelta(days=4), estimate_minutes=10)
    add_task(alice, ws, "Pinned", pinned_on=day, estimate_minutes=5)
    plan = _run_from_workspace(alice, ws, now, tmp_path)
    assert plan["overload"] is not None and plan["overload"]["events"]
    assert plan["simplify"] is not None and plan["simplify"]["moves"]
    assert any(a["kind"] == "overdue" for a in plan["attention"])
    assert plan["timeline"][-1]["end"].endswith("+02:00")  # after the change
