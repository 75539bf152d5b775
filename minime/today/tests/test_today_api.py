from __future__ import annotations

import json
from datetime import timedelta
from typing import get_args
from uuid import uuid4

from django.utils import timezone

from minime.calendars.tests.factories import add_event
from minime.core.db import as_user
from minime.decisions import services as decision_services
from minime.tasks.models import Task
from minime.today import api
from minime.today.engine import plan_today
from minime.today.engine.cards import AttentionKind
from minime.today.models import DayState
from minime.today.tests.conftest import add_task, reload
from minime.today.tests.factories import TODAY, snapshot, task


def _three(user, workspace):
    return [
        add_task(user, workspace, title, priority=priority, estimate_minutes=30)
        for title, priority in (("First task", 3), ("Second task", 2), ("Third task", 1))
    ]


def test_the_plan_as_json(signed_in, alice, personas, now):
    ws = personas.personal(alice)
    first, *_ = _three(alice, ws)
    with as_user(alice.pk):
        add_event(
            alice,
            title="Standup",
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=3),
        )
    body = signed_in.get("/api/v1/today").json()
    start = body["start_with"]
    assert start["uuid"] == str(first.uuid) and start["title"] == "First task"
    assert start["sentence"].startswith("Start with: First task")
    assert any(r["kind"] == "priority" for r in start["reasons"])
    titles = [c["title"] for c in body["buckets"]["do_first"] + body["buckets"]["do_next"]]
    assert titles == ["Second task", "Third task"]
    assert body["events"][0]["title"] == "Standup"
    assert body["free_minutes"] == 660 - 60
    assert {b["kind"] for b in body["timeline"]} == {"task", "event"}
    for key in ("recommendations", "workload", "overload", "simplify", "attention", "routines"):
        assert key in body


def test_disagreeing_through_the_api_re_ranks(signed_in, alice, personas):
    first, second, third = _three(alice, personas.personal(alice))
    body = signed_in.post(f"/api/v1/today/not-now/{first.uuid}").json()
    assert body["start_with"]["title"] == "Second task"
    body = signed_in.post(f"/api/v1/today/do-instead/{third.uuid}?replacing={second.uuid}").json()
    assert body["start_with"]["title"] == "Third task"
    body = signed_in.post(f"/api/v1/today/done/{third.uuid}").json()
    assert body["start_with"]["title"] == "Second task"
    assert reload(alice, third).status == "done"
    assert signed_in.post(f"/api/v1/today/done/{third.uuid}").status_code == 422


def test_energy_is_put_in_one_call(signed_in, alice):
    response = signed_in.put(
        "/api/v1/today/energy", {"energy": "high"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["energy"] == "high"
    with as_user(alice.pk):
        assert DayState.objects.get(user=alice).energy == "high"
    bad = signed_in.put("/api/v1/today/energy", {"energy": "huge"}, content_type="application/json")
    assert bad.status_code == 422


def test_simplify_applies_the_current_proposal(signed_in, alice, personas, now):
    ws = personas.personal(alice)
    for title, priority in (("Big A", 3), ("Big B", 2), ("Big C", 1)):
        add_task(alice, ws, title, priority=priority, do_on=now.date(), estimate_minutes=300)
    assert signed_in.get("/api/v1/today").json()["simplify"]["moves"][0]["title"] == "Big C"
    moves = signed_in.post("/api/v1/today/simplify").json()
    assert [m["title"] for m in moves] == ["Big C"]
    with as_user(alice.pk):
        assert Task.objects.get(title="Big C").do_on > now.date()
    assert signed_in.post("/api/v1/today/simplify").json() == []


def test_another_workspaces_task_is_404_through_the_api(signed_in, bob, personas):
    task = add_task(bob, personas.personal(bob), "Bob's task")
    for action in ("not-now", "do-instead", "done"):
        assert signed_in.post(f"/api/v1/today/{action}/{task.uuid}").status_code == 404
    assert reload(bob, task).status == "open"
    assert "Bob's task" not in signed_in.get("/api/v1/today").content.decode()


def test_the_api_needs_a_signed_in_user(client, db):
    assert client.get("/api/v1/today").status_code == 401


def test_the_answer_lists_at_most_20_of_a_kind_whatever_the_workspace_size() -> None:
    # 400 tasks promised for today: hours over the day, hundreds of Simplify moves, a long
    # "if there's time" list; and 2,000 overdue tasks. The answer names 20 of each and counts
    # the rest.
    tasks = [
        task(f"Promised {i}", id=str(uuid4()), do_on=TODAY, estimate_minutes=30) for i in range(400)
    ] + [
        task(f"Late {i}", id=str(uuid4()), due_date=TODAY - timedelta(days=3)) for i in range(2000)
    ]
    plan = plan_today(snapshot(tasks=tasks))
    assert plan.simplify is not None and len(plan.simplify.moves) > 300
    body = api.TodayOut.model_validate(api.plan_out(plan)).model_dump_json()
    data = json.loads(body)
    assert len(data["buckets"]["if_time"]) == 20
    assert data["buckets"]["if_time_count"] == len(plan.if_time) > 20
    assert len(data["simplify"]["moves"]) == 20
    assert data["simplify"]["move_count"] == len(plan.simplify.moves)
    overdue = next(a for a in data["attention"] if a["kind"] == "overdue")
    assert len(overdue["ids"]) == 20
    assert overdue["count"] == 2000
    assert len(body.encode()) < 100_000


def test_decisions_waiting_are_attention_items_of_their_own_kinds(signed_in, alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        laptop = decision_services.decision_create(
            workspace=ws,
            question="Which laptop?",
            deadline=timezone.localdate() - timedelta(days=3),
        )
        lisbon = decision_services.decision_create(workspace=ws, question="Move to Lisbon")
        option = decision_services.option_create(decision=lisbon, title="Go")
        decision_services.decision_choose(
            decision=lisbon, option=option, revisit_on=timezone.localdate() - timedelta(days=1)
        )
    body = signed_in.get("/api/v1/today").json()
    assert [a for a in body["attention"] if a["kind"].startswith("decision")] == [
        {
            "kind": "decision_overdue",
            "text": "Decide: Which laptop? — the deadline was 3 days ago.",
            "ids": [str(laptop.uuid)],
            "count": 1,
        },
        {
            "kind": "decision_revisit",
            "text": "Time to revisit: Move to Lisbon — what actually happened?",
            "ids": [str(lisbon.uuid)],
            "count": 1,
        },
    ]


def test_the_openapi_document_lists_every_attention_kind(signed_in):
    schema = signed_in.get("/api/v1/openapi.json").json()
    kind = schema["components"]["schemas"]["AttentionOut"]["properties"]["kind"]
    assert kind["enum"] == list(get_args(AttentionKind))
