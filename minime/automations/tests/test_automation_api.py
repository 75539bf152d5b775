"""/api/v1/automation-rules and /api/v1/automation-examples: the caller's own rules (add, list,
read, change, turn on and off, delete), their runs, the examples, and who sees what."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.automations import engine, selectors
from minime.automations.models import Rule, Run, RunOutcome
from minime.core.db import as_user
from minime.tasks.services import project_create

JSON = "application/json"
RULES = "/api/v1/automation-rules"
CELEBRATE = {
    "trigger": {"kind": "task_completed"},
    "conditions": {"min_priority": 3},
    "actions": [{"kind": "push", "title": "{task} is done", "body": "Well done."}],
}
PLAN = {
    "trigger": {"kind": "schedule", "weekdays": [0, 1, 2, 3, 4], "at": "08:00"},
    "actions": [{"kind": "create_task", "title": "Plan {weekday}", "do_on_days": 0}],
}


@pytest.fixture
def home(personas):
    return personas.personal(personas.alice)


def _client_for(user, workspace=None) -> Client:
    _, secret = token_create(user=user, name="tests")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    if workspace is not None:
        client.defaults["HTTP_X_WORKSPACE"] = str(workspace.uuid)
    return client


def _create(api, definition, **body):
    return api.post(RULES, {"definition": definition, **body}, content_type=JSON)


def _error(answer, status=422):
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


def _rules(user):
    with as_user(user.pk):
        return list(Rule.objects.filter(owner=user).order_by("id"))


# --- Add, list, read, change, delete ------------------------------------------------------------
def test_add_list_read_change_and_delete_a_rule(api, alice, home):
    created = _create(api, CELEBRATE, name="  Celebrate   big wins ")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["name"] == "Celebrate big wins" and body["enabled"] is True
    assert body["trigger_kind"] == "task_completed" and body["version"] == 1
    assert body["paused_reason"] == "" and body["failures"] == 0 and body["last_run_at"] is None
    assert body["definition"] == CELEBRATE
    assert body["sentence"].startswith("When a task is completed")
    [rule] = _rules(alice)
    assert rule.workspace_id == home.pk and str(rule.uuid) == body["uuid"]

    listed = api.get(RULES).json()
    assert listed["count"] == 1 and listed["items"] == [body]
    url = f"{RULES}/{body['uuid']}"
    assert api.get(url).json() == body

    renamed = api.patch(url, {"version": 1, "name": "Cheer"}, content_type=JSON)
    assert renamed.status_code == 200, renamed.content
    assert renamed.json()["name"] == "Cheer" and renamed.json()["version"] == 2
    changed = api.patch(url, {"version": 2, "definition": PLAN}, content_type=JSON)
    assert changed.status_code == 200, changed.content
    after = changed.json()
    assert after["definition"] == {**PLAN, "conditions": {}}  # stored canonical: always has them
    assert after["trigger_kind"] == "schedule"
    assert after["name"] == "Cheer" and after["version"] == 3
    assert after["sentence"] != body["sentence"]

    assert api.delete(url).status_code == 204
    assert _error(api.get(url), 404)["code"] == "not_found"
    assert api.get(RULES).json()["count"] == 0
    assert _rules(alice) == []


def test_a_rule_can_be_added_turned_off(api, alice):
    body = _create(api, PLAN, enabled=False).json()
    assert body["enabled"] is False and body["name"] == ""
    assert [r.enabled for r in _rules(alice)] == [False]


def test_the_answer_is_the_stored_definition_with_unset_parts_left_out(api, alice, home):
    with as_user(alice.pk):
        project = project_create(workspace=home, title="Home")
    sent = {
        "trigger": {"kind": "task_created", "weekdays": None, "threshold": None},
        "conditions": {"projects": [str(project.uuid).upper()], "labels": [], "text": None},
        "actions": [{"kind": "add_to_today", "title": None, "project": None}],
    }
    body = _create(api, sent).json()
    expected = {
        "trigger": {"kind": "task_created"},
        "conditions": {"projects": [str(project.uuid)]},
        "actions": [{"kind": "add_to_today"}],
    }
    assert body["definition"] == expected
    assert _rules(alice)[0].definition == expected
    assert "#Home" in body["sentence"]


def test_a_rule_that_no_longer_passes_the_checks_is_answered_without_its_definition(api, alice):
    body = _create(api, CELEBRATE).json()
    broken = {**CELEBRATE, "trigger": {"kind": "task_completed", "at": "08:00"}}
    with as_user(alice.pk):
        Rule.objects.filter(uuid=body["uuid"]).update(definition=broken)
    answer = api.get(f"{RULES}/{body['uuid']}").json()
    assert answer["definition"] is None
    assert answer["sentence"] == "This rule no longer passes the checks: edit it."
    assert api.get(RULES).json()["items"][0]["definition"] is None


# --- What the services refuse -------------------------------------------------------------------
def test_every_problem_of_a_definition_comes_back_by_field_and_nothing_is_stored(api, alice):
    definition = {
        "trigger": {"kind": "schedule", "weekdays": [0]},
        "conditions": {"text": "urgent", "projects": [str(uuid.uuid4())]},
        "actions": [
            {"kind": "push", "title": "{task} is done"},
            {"kind": "create_task", "title": "Follow up", "project": str(uuid.uuid4())},
        ],
    }
    error = _error(_create(api, definition))
    assert error["code"] == "invalid" and error["message"] == "This rule needs another look."
    fields = error["fields"]
    assert fields["trigger.at"] == ["Pick a time of day."]
    assert "cannot apply on a schedule" in fields["conditions.text"][0]
    assert "cannot apply on a schedule" in fields["conditions.project"][0]
    assert "Pick projects of this workspace." in fields["conditions.project"]
    assert "{task}" in fields["actions[0].title"][0]
    assert fields["actions[1].project"] == ["Pick a project of this workspace."]
    assert _rules(alice) == []


def test_a_project_of_another_workspace_is_refused(api, alice, personas):
    with as_user(alice.pk):
        shared_project = project_create(workspace=personas.shared, title="Together")
    definition = {**CELEBRATE, "conditions": {"projects": [str(shared_project.uuid)]}}
    fields = _error(_create(api, definition))["fields"]
    assert fields == {"conditions.project": ["Pick projects of this workspace."]}


PUSH = [{"kind": "push", "title": "Done"}]


@pytest.mark.parametrize(
    ("definition", "key"),
    [
        ({"trigger": {"kind": "someday"}, "actions": PUSH}, "trigger.kind"),
        ({"trigger": {"kind": "schedule", "at": "8 am"}, "actions": PUSH}, "trigger.at"),
        ({"trigger": {"kind": "schedule", "at": "٠٨:٠٠"}, "actions": PUSH}, "trigger.at"),
        ({"trigger": {"kind": "schedule", "weekdays": [7]}, "actions": PUSH}, "trigger.weekdays.0"),
        (
            {"trigger": {"kind": "schedule", "weekdays": ["1"]}, "actions": PUSH},
            "trigger.weekdays.0",
        ),
        ({"trigger": {"kind": "task_created"}, "actions": []}, "actions"),
        ({"trigger": {"kind": "task_created"}, "actions": PUSH * 6}, "actions"),
        (
            {
                "trigger": {"kind": "task_created"},
                "actions": [{"kind": "push", "title": "x" * 301}],
            },
            "actions.0.title",
        ),
        (
            {"trigger": {"kind": "task_created"}, "actions": [{"kind": "set_field", "field": "x"}]},
            "actions.0.field",
        ),
        (
            {
                "trigger": {"kind": "task_created"},
                "conditions": {"projects": ["nope"]},
                "actions": PUSH,
            },
            "conditions.projects.0",
        ),
        (
            {
                "trigger": {"kind": "task_created"},
                "conditions": {"labels": ["x" * 41]},
                "actions": PUSH,
            },
            "conditions.labels.0",
        ),
    ],
)
def test_a_definition_outside_its_schema_is_refused_before_the_services(
    api, alice, definition, key
):
    fields = _error(_create(api, definition))["fields"]
    assert list(fields) == [f"definition.{key}"]
    assert _rules(alice) == []


def test_a_name_over_the_limit_is_refused(api, alice):
    fields = _error(_create(api, CELEBRATE, name="x" * 101))["fields"]
    assert list(fields) == ["name"]
    assert _rules(alice) == []


# --- Changing ------------------------------------------------------------------------------------
def test_a_stale_version_is_a_conflict_and_changes_nothing(api, alice):
    body = _create(api, CELEBRATE, name="Cheer").json()
    url = f"{RULES}/{body['uuid']}"
    assert api.patch(url, {"version": 1, "name": "Again"}, content_type=JSON).status_code == 200
    for change in ({"name": "Old"}, {"definition": PLAN}, {"enabled": False}, {}):
        error = _error(api.patch(url, {"version": 1, **change}, content_type=JSON), 409)
        assert error["code"] == "conflict" and error["current_version"] == 2
    [rule] = _rules(alice)
    assert (rule.name, rule.enabled, rule.definition, rule.version) == ("Again", True, CELEBRATE, 2)


def test_turning_a_rule_off_and_on_again_clears_its_pause(api, alice):
    body = _create(api, CELEBRATE).json()
    url = f"{RULES}/{body['uuid']}"
    off = api.patch(url, {"version": 1, "enabled": False}, content_type=JSON)
    assert off.status_code == 200 and off.json()["enabled"] is False
    assert off.json()["version"] == 2
    with as_user(alice.pk):
        Rule.objects.filter(uuid=body["uuid"]).update(
            paused_reason="Paused after 3 failed runs in a row: no device.", failures=3
        )
    paused = api.get(url).json()
    assert paused["paused_reason"].startswith("Paused after 3") and paused["failures"] == 3
    on = api.patch(url, {"version": 2, "enabled": True}, content_type=JSON)
    assert on.status_code == 200, on.content
    after = on.json()
    assert after["enabled"] is True and after["paused_reason"] == "" and after["failures"] == 0
    assert after["version"] == 3
    [rule] = _rules(alice)
    assert (rule.enabled, rule.paused_reason, rule.failures) == (True, "", 0)


def test_a_change_with_nothing_new_keeps_the_version(api):
    body = _create(api, CELEBRATE).json()
    url = f"{RULES}/{body['uuid']}"
    same = {"version": 1, "enabled": True, "definition": CELEBRATE, "name": None}
    answer = api.patch(url, same, content_type=JSON)
    assert answer.status_code == 200 and answer.json() == body


def test_a_bad_definition_in_a_change_leaves_the_rule_as_it_was(api, alice):
    body = _create(api, CELEBRATE, name="Cheer").json()
    url = f"{RULES}/{body['uuid']}"
    bad = {**PLAN, "trigger": {"kind": "schedule", "weekdays": [0]}}
    change = {"version": 1, "name": "New", "enabled": False, "definition": bad}
    assert list(_error(api.patch(url, change, content_type=JSON))["fields"]) == ["trigger.at"]
    [rule] = _rules(alice)
    assert (rule.name, rule.enabled, rule.definition, rule.version) == ("Cheer", True, CELEBRATE, 1)


def test_a_change_can_turn_a_rule_off_and_rename_it_at_once(api, alice):
    body = _create(api, CELEBRATE).json()
    change = {"version": 1, "name": "Later", "enabled": False}
    answer = api.patch(f"{RULES}/{body['uuid']}", change, content_type=JSON).json()
    assert (answer["name"], answer["enabled"], answer["version"]) == ("Later", False, 3)


# --- Runs ----------------------------------------------------------------------------------------
def test_a_rules_runs_newest_first_with_what_each_action_did(api, alice, home):
    body = _create(api, CELEBRATE).json()
    other = _create(api, PLAN).json()
    now = timezone.now()
    with as_user(alice.pk):
        rule, other_rule = (Rule.objects.get(uuid=b["uuid"]) for b in (body, other))
        runs = []
        for days, outcome in ((2, RunOutcome.DONE), (1, RunOutcome.FAILED)):
            run = Run.objects.create(
                workspace=home,
                owner=alice,
                rule=rule,
                event=uuid.uuid4(),
                trigger="Task “Ship it” was completed",
                occurred_at=now - timedelta(days=days),
                outcome=outcome,
                actions=[
                    {
                        "kind": "push",
                        "ok": outcome == RunOutcome.DONE,
                        "detail": "Sent “Ship it is done” (no device has push turned on).",
                        "url": "/notifications/",
                    }
                ],
            )
            Run.objects.filter(pk=run.pk).update(created_at=now - timedelta(days=days))
            runs.append(run)
        Run.objects.create(
            workspace=home,
            owner=alice,
            rule=other_rule,
            event=uuid.uuid4(),
            trigger="The schedule reached Monday",
            occurred_at=now,
            outcome=RunOutcome.DONE,
        )
    listed = api.get(f"{RULES}/{body['uuid']}/runs").json()
    assert listed["count"] == 2
    newest, oldest = listed["items"]
    assert [newest["uuid"], oldest["uuid"]] == [str(runs[1].uuid), str(runs[0].uuid)]
    assert newest["outcome"] == "failed" and oldest["outcome"] == "done"
    assert newest["trigger"] == "Task “Ship it” was completed" and newest["depth"] == 0
    assert newest["actions"] == [
        {
            "kind": "push",
            "ok": False,
            "detail": "Sent “Ship it is done” (no device has push turned on).",
            "url": "/notifications/",
        }
    ]
    page = api.get(f"{RULES}/{body['uuid']}/runs?limit=1&offset=1").json()
    assert [r["uuid"] for r in page["items"]] == [str(runs[0].uuid)]
    assert api.get(f"{RULES}/{other['uuid']}/runs").json()["items"][0]["actions"] == []
    assert _error(api.get(f"{RULES}/{uuid.uuid4()}/runs"), 404)["code"] == "not_found"


# --- Examples ------------------------------------------------------------------------------------
def test_the_examples_can_be_added_as_they_are(api, alice):
    answer = api.get("/api/v1/automation-examples")
    assert answer.status_code == 200
    examples = answer.json()
    expected = selectors.examples()
    assert [e["id"] for e in examples] == [str(rule.id) for rule, _, _ in expected]
    assert [e["sentence"] for e in examples] == [sentence for _, sentence, _ in expected]
    assert [e["definition"] for e in examples] == [d for _, _, d in expected]
    assert len(examples) == len(engine.EXAMPLES)
    for example in examples:
        created = _create(api, example["definition"])
        assert created.status_code == 201, created.content
        assert created.json()["sentence"] == example["sentence"]
    assert len(_rules(alice)) == len(examples)


# --- Who sees what -------------------------------------------------------------------------------
def test_another_members_rule_in_a_shared_workspace_is_not_there(alice, bob, personas):
    alice_there = _client_for(alice, personas.shared)
    body = _create(alice_there, CELEBRATE).json()
    assert alice_there.get(RULES).json()["count"] == 1
    bob_there = _client_for(bob, personas.shared)
    _create(bob_there, PLAN)
    url = f"{RULES}/{body['uuid']}"
    assert [r["trigger_kind"] for r in bob_there.get(RULES).json()["items"]] == ["schedule"]
    assert _error(bob_there.get(url), 404)["code"] == "not_found"
    patch = {"version": 1, "enabled": False}
    assert bob_there.patch(url, patch, content_type=JSON).status_code == 404
    assert bob_there.get(f"{url}/runs").status_code == 404
    assert bob_there.delete(url).status_code == 404
    [rule] = _rules(alice)
    assert rule.enabled is True and rule.workspace_id == personas.shared.pk
    assert _client_for(alice).get(url).status_code == 404  # not in her personal workspace


def test_a_strangers_rule_is_not_there(api, charlie):
    body = _create(api, CELEBRATE).json()
    stranger = _client_for(charlie)
    url = f"{RULES}/{body['uuid']}"
    assert stranger.get(RULES).json()["count"] == 0
    assert _error(stranger.get(url), 404)["code"] == "not_found"
    assert stranger.patch(url, {"version": 1, "name": "Mine"}, content_type=JSON).status_code == 404
    assert stranger.delete(url).status_code == 404
    assert stranger.get(f"{url}/runs").status_code == 404


def test_without_signing_in_every_operation_is_a_401(api):
    body = _create(api, CELEBRATE).json()
    url = f"{RULES}/{body['uuid']}"
    anonymous = Client()
    answers = [
        anonymous.get(RULES),
        anonymous.post(RULES, {"definition": CELEBRATE}, content_type=JSON),
        anonymous.get(url),
        anonymous.patch(url, {"version": 1, "name": "x"}, content_type=JSON),
        anonymous.delete(url),
        anonymous.get(f"{url}/runs"),
        anonymous.get("/api/v1/automation-examples"),
    ]
    assert [a.status_code for a in answers] == [401] * len(answers)
    assert answers[0].json()["error"]["code"] == "unauthenticated"
    assert api.get(url).json()["name"] == ""
