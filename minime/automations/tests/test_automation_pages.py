"""The automation pages: the list, the builder (with htmx and without JavaScript), a rule with its
runs, turning it on and off, deleting it; and only its owner reaches it."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.automations import services
from minime.automations.models import Rule, Run, RunOutcome
from minime.core import limits
from minime.core.db import as_user
from minime.tasks.services import project_create

HTMX = {"HTTP_HX_REQUEST": "true"}
PUSH = {
    "trigger": {"kind": "task_completed"},
    "conditions": {"min_priority": 3},
    "actions": [{"kind": "push", "title": "Nice — {task} is done"}],
}
PLAN = {
    "trigger": {"kind": "schedule", "weekdays": [0, 1, 2, 3, 4], "at": "08:00"},
    "actions": [{"kind": "create_task", "title": "Plan the day", "do_on_days": 0}],
}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def _page(response) -> str:
    return response.content.decode()


def _rule(alice, ws, definition=PUSH, name="", **fields) -> Rule:
    with as_user(alice.pk):
        return services.rule_create(
            workspace=ws, owner=alice, definition=definition, name=name, **fields
        )


def _rules(alice) -> list[Rule]:
    with as_user(alice.pk):
        return list(Rule.objects.order_by("created_at", "id"))


def _stored(alice, rule: Rule) -> Rule:
    with as_user(alice.pk):
        return Rule.objects.get(pk=rule.pk)


def _builder(**fields: object) -> dict[str, object]:
    """A builder post: a push when a task is completed, with ``fields`` changed."""
    return {
        "trigger_kind": "task_completed",
        "trigger_weekdays": ["0", "1", "2", "3", "4"],
        "trigger_at": "08:00",
        "trigger_threshold": "20",
        "cond_min_priority": "none",
        "action-0-kind": "push",
        "action-0-title": "{task} is done",
        "action-0-body": "",
        "name": "",
        **fields,
    }


def _field_errors(page: str, field_id: str) -> list[str]:
    """The messages shown under the field with this id."""
    block = re.search(rf'id="{field_id}_errors">(.*?)</ul>', page, re.S)
    return re.findall(r"<li>(.*?)</li>", block[1]) if block else []


# --- The list ------------------------------------------------------------------------------------
def test_the_empty_list_says_what_a_rule_is_and_offers_the_examples(signed_in):
    page = _page(signed_in.get("/automations/"))
    assert "No automations yet" in page and 'href="/automations/new/"' in page
    assert "Start from an example" in page
    for example in ("example-plan-the-day", "example-celebrate", "example-inbox-review"):
        assert f'href="/automations/new/?example={example}"' in page
    assert "Every weekday at 08:00, create a task “Plan the day” to do the same day." in page
    assert "style=" not in page and "<script>" not in page


def test_the_list_shows_each_rule_as_a_sentence_with_its_state(signed_in, alice, ws):
    named = _rule(alice, ws, name="Celebrate the big ones")
    plain = _rule(alice, ws, PLAN)
    paused = _rule(alice, ws, PLAN, name="Broken", enabled=False)
    with as_user(alice.pk):
        Rule.objects.filter(pk=paused.pk).update(
            paused_reason="Paused after 3 failed runs in a row: The task no longer exists."
        )
        Rule.objects.filter(pk=named.pk).update(last_run_at=timezone.now() - timedelta(hours=2))
    page = _page(signed_in.get("/automations/"))
    assert (
        page.index("Celebrate the big ones")
        < page.index("Every weekday at 08:00")
        < page.index("Broken")
    )
    assert "When a task is completed with high priority, send me a push" in page
    assert f'href="/automations/{plain.uuid}/"' in page
    assert "<strong>Paused:</strong> Paused after 3 failed runs in a row" in page
    assert "Last ran" in page and "2\xa0hours ago" in page and "Has not run yet" in page
    switches = re.findall(r'role="switch" aria-checked="(\w+)" name="enabled" value="(\w+)"', page)
    assert switches == [("true", "off"), ("true", "off"), ("false", "on")]


# --- Creating ------------------------------------------------------------------------------------
def test_creating_a_rule_without_js_goes_to_its_page(signed_in, alice, ws):
    with as_user(alice.pk):
        launch = project_create(workspace=ws, title="Launch")
        work = area_create(workspace=ws, name="Work")
    response = signed_in.post(
        "/automations/new/",
        _builder(
            name="  Launch   wins ",
            cond_projects=[str(launch.uuid)],
            cond_areas=[str(work.uuid)],
            cond_min_priority="medium",
            cond_labels=" errand, ,home ",
            cond_text="report",
            cond_weekdays=["4", "0"],
            **{"action-0-body": "On {weekday}."},
        ),
    )
    (rule,) = _rules(alice)
    assert response.status_code == 302 and response["Location"] == f"/automations/{rule.uuid}/"
    assert rule.name == "Launch wins" and rule.owner_id == alice.pk and rule.enabled
    assert rule.definition == {
        "trigger": {"kind": "task_completed"},
        "conditions": {
            "projects": [str(launch.uuid)],
            "areas": [str(work.uuid)],
            "labels": ["errand", "home"],
            "weekdays": [0, 4],
            "min_priority": 2,
            "text": "report",
        },
        "actions": [{"kind": "push", "title": "{task} is done", "body": "On {weekday}."}],
    }
    page = _page(signed_in.get(response["Location"]))
    assert "Saved the rule: it runs from now on." in page and "No runs yet" in page
    assert (
        "in the Work area, with medium priority or higher, labelled “errand” or “home”, "
        "containing “report” and on a Monday or a Friday, send me a push: “{task} is done” "
        "(“On {weekday}.”)."
    ) in page


def test_a_project_reads_with_one_hash_on_the_rule_page_and_in_the_list(signed_in, alice, ws):
    with as_user(alice.pk):
        launch = project_create(workspace=ws, title="Launch")
    definition = {**PUSH, "conditions": {"projects": [str(launch.uuid)]}}
    rule = _rule(alice, ws, definition)
    for url in ("/automations/", f"/automations/{rule.uuid}/"):
        page = _page(signed_in.get(url))
        assert "When a task is completed in #Launch, send me a push" in page, url


def test_creating_a_rule_with_htmx_redirects_the_browser(signed_in, alice):
    data = _builder(
        trigger_kind="schedule",
        **{
            "action-0-kind": "create_task",
            "action-0-title": "Plan {weekday}",
            "action-0-priority": "2",
            "action-0-do_on_days": "0",
        },
    )
    response = signed_in.post("/automations/new/", data, **HTMX)
    (rule,) = _rules(alice)
    assert response.status_code == 200 and response["HX-Redirect"] == f"/automations/{rule.uuid}/"
    assert rule.trigger_kind == "schedule"
    assert rule.definition["trigger"] == {
        "kind": "schedule",
        "weekdays": [0, 1, 2, 3, 4],
        "at": "08:00",
    }
    assert rule.definition["actions"] == [
        {"kind": "create_task", "title": "Plan {weekday}", "priority": 2, "do_on_days": 0}
    ]


def test_a_refused_rule_keeps_what_was_typed_and_says_why_by_each_field(signed_in, alice):
    data = _builder(
        trigger_kind="schedule",
        trigger_weekdays=[],
        name="Morning plan",
        **{
            "action-0-title": "Hello {task}",
            "action-0-body": "Kept as typed",
            "action-1-kind": "create_capture",
            "action-1-text": "",
        },
    )
    response = signed_in.post("/automations/new/", data)
    assert response.status_code == 422
    page = _page(response)
    assert "<html" in page and "This rule needs another look." in page
    assert _field_errors(page, "id_trigger_weekdays") == ["Pick at least one weekday."]
    (title_error,) = _field_errors(page, "id_action-0-title")
    assert "{task}" in title_error
    assert _field_errors(page, "id_action-1-text") == ["Write the text."]
    assert 'value="Morning plan"' in page and "Kept as typed</textarea>" in page
    assert 'value="Hello {task}"' in page and 'value="08:00"' in page
    assert 'aria-invalid="true"' in page
    assert "Finish the rule to see it as a sentence." in page
    assert _rules(alice) == []

    response = signed_in.post("/automations/new/", data, **HTMX)
    assert response.status_code == 422  # app.js swaps 422 answers into the builder
    page = _page(response)
    assert "<html" not in page and 'id="rule-builder"' in page
    assert _field_errors(page, "id_trigger_weekdays") == ["Pick at least one weekday."]
    assert _rules(alice) == []


def test_a_value_of_the_wrong_type_is_explained_by_its_field(signed_in, alice):
    data = _builder(trigger_kind="capture_backlog", trigger_threshold="lots")
    response = signed_in.post("/automations/new/", data)
    assert response.status_code == 422
    page = _page(response)
    assert _field_errors(page, "id_trigger_threshold") == ["A whole number, like 20."]
    assert 'value="lots"' in page and _rules(alice) == []


def test_another_workspaces_project_is_not_a_choice(signed_in, alice, bob, personas):
    with as_user(bob.pk):
        theirs = project_create(workspace=personas.personal(bob), title="Bob's")
    response = signed_in.post("/automations/new/", _builder(cond_projects=[str(theirs.uuid)]))
    assert response.status_code == 422
    assert _field_errors(_page(response), "id_cond_projects") == [
        "Pick projects of this workspace."
    ]
    assert _rules(alice) == []


def test_a_message_no_field_can_hold_is_shown_at_the_top(signed_in, alice, ws, monkeypatch):
    monkeypatch.setattr(limits, "AUTOMATION_RULES_MAX", 1)
    _rule(alice, ws)
    response = signed_in.post("/automations/new/", _builder())
    assert response.status_code == 422
    summary = re.search(
        r'id="rule-problems"><ul class="errorlist nonfield">(.*?)</ul>', _page(response), re.S
    )
    assert summary is not None and "Delete one first." in summary[1]
    assert len(_rules(alice)) == 1


def test_an_example_fills_the_builder(signed_in):
    page = _page(signed_in.get("/automations/new/?example=example-plan-the-day"))
    assert re.search(r'<option value="schedule" selected>', page)
    for day in range(5):
        assert re.search(
            rf'type="checkbox" name="trigger_weekdays" value="{day}"[^>]*checked', page
        )
    assert not re.search(r'name="trigger_weekdays" value="5"[^>]*checked', page)
    assert 'type="time" name="trigger_at" value="08:00"' in page
    assert re.search(r'<option value="create_task" selected>', page)
    assert 'value="Plan the day"' in page
    assert "Every weekday at 08:00, create a task “Plan the day” to do the same day." in page
    # An unknown example is a blank rule, not an error.
    page = _page(signed_in.get("/automations/new/?example=nope"))
    assert re.search(r'<option value="task_completed" selected>', page)


def test_every_control_of_the_builder_has_a_label_and_enter_saves(signed_in, alice, ws):
    with as_user(alice.pk):
        project_create(workspace=ws, title="Launch")
        area_create(workspace=ws, name="Work")
    data = _builder(
        add_action="1",
        **{"action-1-kind": "create_task", "action-1-title": "Next"},
    )
    for response in (
        signed_in.get("/automations/new/?example=example-plan-the-day"),
        signed_in.post("/automations/new/", data),
    ):
        page = _page(response)
        controls = re.findall(
            r'<(?:input|select|textarea)\b(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', page
        )
        builder = [
            c for c in controls if c.startswith(("id_trigger", "id_cond", "id_action", "id_name"))
        ]
        assert len(builder) >= 5
        for control in builder:
            assert f'for="{control}"' in page, control
        # The first submit button of the form is the one Enter presses: it saves.
        form = page[page.index('<form class="card stack"') :]
        first = re.search(r'<button type="submit"[^>]*>', form)
        assert first is not None and 'name="save"' in first[0]
        assert "style=" not in page


def test_a_stored_rule_that_no_longer_passes_can_still_be_opened_and_fixed(signed_in, alice, ws):
    rule = _rule(alice, ws, PLAN, name="Old")
    with as_user(alice.pk):
        Rule.objects.filter(pk=rule.pk).update(
            definition={"trigger": {"kind": "schedule", "weekdays": "weekdays"}, "actions": [5]}
        )
    assert "This rule no longer passes the checks: edit it." in _page(
        signed_in.get("/automations/")
    )
    response = signed_in.get(f"/automations/{rule.uuid}/edit/")
    assert response.status_code == 200
    page = _page(response)
    assert re.search(r'<option value="schedule" selected>', page)
    assert "Finish the rule to see it as a sentence." in page
    data = _builder(trigger_kind="schedule", name="Old", version=str(rule.version))
    data["action-0-title"] = "Plan"
    response = signed_in.post(f"/automations/{rule.uuid}/edit/", data)
    assert response.status_code == 302
    assert _stored(alice, rule).definition["trigger"]["weekdays"] == [0, 1, 2, 3, 4]


# --- The builder's own buttons and its preview ----------------------------------------------------
def test_the_preview_shows_the_schedule_fields_only_for_a_schedule(signed_in, alice):
    page = _page(signed_in.post("/automations/preview/", _builder(trigger_kind="schedule"), **HTMX))
    assert (
        'type="time" name="trigger_at"' in page
        and 'type="checkbox" name="trigger_weekdays"' in page
    )
    assert "Only if it is" not in page and '<select name="cond_min_priority"' not in page
    assert "<code>{date}</code> and <code>{weekday}</code>" in page
    assert "<code>{task}</code>" not in page
    assert '<option value="set_field"' not in page  # only task triggers change a task
    assert "Every weekday at 08:00, send me a push" not in page  # {task} is not a schedule's
    assert "Finish the rule to see it as a sentence." in page

    page = _page(signed_in.post("/automations/preview/", _builder(), **HTMX))
    assert 'type="time"' not in page and 'type="checkbox" name="trigger_weekdays"' not in page
    assert '<input type="hidden" name="trigger_at" value="08:00">' in page  # kept for later
    assert '<select name="cond_min_priority"' in page and '<option value="set_field"' in page
    assert "<code>{task}</code>, <code>{project}</code>" in page
    assert "When a task is completed, send me a push: “{task} is done”." in page

    page = _page(
        signed_in.post("/automations/preview/", _builder(trigger_kind="capture_backlog"), **HTMX)
    )
    assert 'type="number" name="trigger_threshold" value="20"' in page
    assert '<select name="cond_min_priority"' not in page and "<code>{count}</code>" in page
    assert _rules(alice) == []


def test_the_update_button_redraws_without_saving(signed_in, alice):
    response = signed_in.post("/automations/new/", _builder(trigger_kind="schedule", refresh="1"))
    assert response.status_code == 200
    page = _page(response)
    assert 'type="time" name="trigger_at"' in page and "<html" in page
    assert "This rule needs another look." not in page and _rules(alice) == []


def test_actions_are_added_and_removed_without_js(signed_in, alice):
    data = _builder(
        add_action="1",
        **{"action-0-title": "First", "action-1-kind": "create_capture", "action-1-text": "Second"},
    )
    page = _page(signed_in.post("/automations/new/", data))
    assert 'name="action-2-kind"' in page and 'name="action-3-kind"' not in page
    data = _builder(
        remove_action="0",
        **{
            "action-0-title": "First",
            "action-1-kind": "create_capture",
            "action-1-text": "Second",
            "action-2-kind": "push",
            "action-2-title": "Third",
        },
    )
    page = _page(signed_in.post("/automations/new/", data, **HTMX))
    assert "<html" not in page and 'name="action-2-kind"' not in page
    assert re.search(
        r'name="action-0-kind"[^>]*>.*?<option value="create_capture" selected>', page, re.S
    )
    assert "Second</textarea>" in page and 'name="action-1-title" value="Third"' in page
    assert "First" not in page
    assert _rules(alice) == []


def test_a_rule_holds_at_most_five_actions_and_at_least_one(signed_in):
    rows = {f"action-{i}-kind": "create_capture" for i in range(5)}
    page = _page(signed_in.post("/automations/new/", _builder(add_action="1", **rows)))
    assert 'name="action-4-kind"' in page and 'name="action-5-kind"' not in page
    assert "Add another action" not in page and "at most 5 things" in page
    page = _page(signed_in.post("/automations/new/", _builder(remove_action="0")))
    assert 'name="action-0-kind"' in page and 'value="{task} is done"' in page
    assert 'name="remove_action"' not in page


def test_set_field_and_add_to_today_read_from_their_rows(signed_in, alice, ws):
    with as_user(alice.pk):
        launch = project_create(workspace=ws, title="Launch")
    data = _builder(
        trigger_kind="task_created",
        **{
            "action-0-kind": "set_field",
            "action-0-field": "project",
            "action-0-project": str(launch.uuid),
            "action-0-title": "kept but not sent",
            "action-1-kind": "add_to_today",
        },
    )
    response = signed_in.post("/automations/new/", data)
    (rule,) = _rules(alice)
    assert response.status_code == 302
    assert rule.definition["actions"] == [
        {"kind": "set_field", "field": "project", "project": str(launch.uuid)},
        {"kind": "add_to_today"},
    ]
    # Without a value to set, the message is by the value's field.
    data["action-0-project"] = ""
    response = signed_in.post("/automations/new/", data)
    assert response.status_code == 422
    assert _field_errors(_page(response), "id_action-0-project") == ["Pick the value to set."]


# --- Editing -------------------------------------------------------------------------------------
def test_editing_a_rule_fills_the_builder_and_saves(signed_in, alice, ws):
    rule = _rule(alice, ws, PLAN, name="Plan")
    page = _page(signed_in.get(f"/automations/{rule.uuid}/edit/"))
    assert 'name="version" value="1"' in page and 'value="Plan"' in page
    assert 'value="Plan the day"' in page and 'type="time" name="trigger_at" value="08:00"' in page
    data = _builder(
        trigger_kind="schedule",
        trigger_weekdays=["5", "6"],
        trigger_at="09:30",
        name="Weekend plan",
        version="1",
        **{"action-0-kind": "create_task", "action-0-title": "Plan the weekend"},
    )
    response = signed_in.post(f"/automations/{rule.uuid}/edit/", data)
    assert response.status_code == 302 and response["Location"] == f"/automations/{rule.uuid}/"
    stored = _stored(alice, rule)
    assert stored.name == "Weekend plan" and stored.version == 2
    assert stored.definition["trigger"] == {"kind": "schedule", "weekdays": [5, 6], "at": "09:30"}
    page = _page(signed_in.get(response["Location"]))
    assert "Every Saturday and Sunday at 09:30, create a task “Plan the weekend”." in page


def test_a_stale_edit_is_a_conflict_and_keeps_what_was_typed(signed_in, alice, ws):
    rule = _rule(alice, ws, PLAN, name="Plan")
    with as_user(alice.pk):
        services.rule_update(rule=rule, expected_version=1, name="Changed elsewhere")
    data = _builder(name="Mine", version="1", **{"action-0-title": "Typed"})
    response = signed_in.post(f"/automations/{rule.uuid}/edit/", data, **HTMX)
    assert response.status_code == 422
    page = _page(response)
    assert "changed somewhere else since you opened it" in page
    assert 'value="Mine"' in page and 'value="Typed"' in page
    assert _stored(alice, rule).name == "Changed elsewhere"


# --- On, off and paused --------------------------------------------------------------------------
def test_the_switch_turns_a_rule_off_and_on_in_its_row(signed_in, alice, ws):
    rule = _rule(alice, ws, name="Celebrate")
    url = f"/automations/{rule.uuid}/toggle/"
    response = signed_in.post(url, {"enabled": "off"}, HTTP_HX_TARGET=f"rule-{rule.uuid}", **HTMX)
    page = _page(response)
    assert response.status_code == 200 and page.startswith(
        f'<li class="rule-row is-off" id="rule-{rule.uuid}"'
    )
    assert 'aria-checked="false" name="enabled" value="on"' in page
    assert not _stored(alice, rule).enabled
    response = signed_in.post(url, {"enabled": "on", "next": "list"})
    assert response.status_code == 302 and response["Location"] == "/automations/"
    assert _stored(alice, rule).enabled
    assert "“Celebrate” is on." in _page(signed_in.get("/automations/"))
    assert signed_in.post(url, {"enabled": "maybe"}).status_code == 400
    assert _stored(alice, rule).enabled


def test_turning_a_paused_rule_on_again_clears_the_reason(signed_in, alice, ws):
    rule = _rule(alice, ws, enabled=False)
    with as_user(alice.pk):
        Rule.objects.filter(pk=rule.pk).update(
            failures=3, paused_reason="Paused after 3 failed runs in a row: No such task."
        )
    page = _page(signed_in.get(f"/automations/{rule.uuid}/"))
    assert "<strong>Paused:</strong> Paused after 3 failed runs in a row: No such task." in page
    assert "Turn on again" in page
    response = signed_in.post(
        f"/automations/{rule.uuid}/toggle/", {"enabled": "on"}, HTTP_HX_TARGET="rule-state", **HTMX
    )
    page = _page(response)
    assert page.startswith('<section class="card stack" id="rule-state"')
    assert "Paused" not in page and "Turn off" in page
    stored = _stored(alice, rule)
    assert stored.enabled and stored.paused_reason == "" and stored.failures == 0
    response = signed_in.post(f"/automations/{rule.uuid}/toggle/", {"enabled": "off"})
    assert response["Location"] == f"/automations/{rule.uuid}/"
    assert "It is kept, and does nothing until you turn it on." in _page(
        signed_in.get(response["Location"])
    )


# --- Deleting ------------------------------------------------------------------------------------
def test_delete_asks_first_then_deletes_the_rule_and_its_runs(signed_in, alice, ws):
    rule = _rule(alice, ws, name="Celebrate")
    _runs(alice, ws, rule, 2)
    url = f"/automations/{rule.uuid}/delete/"
    page = _page(signed_in.get(url))
    assert "Delete this rule?" in page and 'class="btn btn-danger"' in page
    assert len(_rules(alice)) == 1
    response = signed_in.post(url)
    assert response.status_code == 302 and response["Location"] == "/automations/"
    assert "Deleted “Celebrate”." in _page(signed_in.get("/automations/"))
    with as_user(alice.pk):
        assert not Rule.objects.exists() and not Run.objects.exists()


def test_delete_with_htmx_redirects_the_browser(signed_in, alice, ws):
    rule = _rule(alice, ws)
    response = signed_in.post(f"/automations/{rule.uuid}/delete/", **HTMX)
    assert response["HX-Redirect"] == "/automations/" and _rules(alice) == []


# --- Runs ----------------------------------------------------------------------------------------
def _runs(alice, ws, rule: Rule, count: int, **fields) -> list[Run]:
    """``count`` runs of ``rule``, an hour apart, the last one newest."""
    start = timezone.now() - timedelta(hours=count)
    made = []
    with as_user(alice.pk):
        for i in range(count):
            values = {
                "trigger": f"Task “Job {i}” was completed",
                "outcome": RunOutcome.DONE,
                "actions": [
                    {
                        "kind": "push",
                        "ok": True,
                        "detail": f"Sent “Job {i}”.",
                        "url": "/notifications/",
                    }
                ],
                **fields,
            }
            run = Run.objects.create(
                workspace=ws,
                owner=alice,
                rule=rule,
                event=uuid.uuid4(),
                occurred_at=start + timedelta(hours=i),
                **values,
            )
            Run.objects.filter(pk=run.pk).update(created_at=start + timedelta(hours=i))
            made.append(run)
    return made


def test_the_rule_page_shows_its_runs_newest_first_with_what_each_action_did(signed_in, alice, ws):
    alice.time_zone = "Asia/Tokyo"
    alice.save(update_fields=["time_zone"])
    rule = _rule(alice, ws, name="Celebrate")
    (older,) = _runs(alice, ws, rule, 1)
    with as_user(alice.pk):
        failed = Run.objects.create(
            workspace=ws,
            owner=alice,
            rule=rule,
            event=uuid.uuid4(),
            occurred_at=timezone.now(),
            trigger="Task “Ship it” was completed",
            outcome=RunOutcome.PARTLY,
            actions=[
                {
                    "kind": "create_task",
                    "ok": True,
                    "detail": "Created the task “Next”.",
                    "url": "/tasks/x/",
                },
                {
                    "kind": "add_to_today",
                    "ok": False,
                    "detail": "The task no longer exists.",
                    "url": "",
                },
                {"kind": "push", "ok": False, "detail": "Sneaky", "url": "javascript:alert(1)"},
            ],
        )
    page = _page(signed_in.get(f"/automations/{rule.uuid}/"))
    assert page.index("Ship it") < page.index("Job 0")
    assert "Partly done</span>" in page and "Done</span>" in page
    assert '<a href="/tasks/x/">Created the task “Next”.</a>' in page
    assert 'class="rule-run__action is-failed"' in page
    assert "Add to Today failed:</span> The task no longer exists." in page
    assert "javascript:" not in page
    local = timezone.localtime(failed.occurred_at, timezone=alice.tz)
    assert local.strftime("%H:%M") in page and older.trigger in page


def test_the_runs_are_paged_25_at_a_time(signed_in, alice, ws):
    rule = _rule(alice, ws)
    _runs(alice, ws, rule, 27)
    page = _page(signed_in.get(f"/automations/{rule.uuid}/"))
    assert "Job 26" in page and "Job 2”" in page and "Job 1”" not in page
    assert "Page 1 of 2" in page and 'href="?page=2#runs"' in page
    page = _page(signed_in.get(f"/automations/{rule.uuid}/?page=2"))
    assert "Job 1”" in page and "Job 0”" in page and "Job 26" not in page


# --- Whose rules ---------------------------------------------------------------------------------
def test_another_persons_rule_is_a_404_even_in_a_shared_workspace(
    client, alice, bob, charlie, personas
):
    rule = _rule(alice, personas.shared, name="Alice's own")
    for person in (bob, charlie):
        client.force_login(person)
        client.post("/workspaces/switch/", {"workspace": personas.shared.uuid})
        base = f"/automations/{rule.uuid}/"
        for url in (base, f"{base}edit/", f"{base}delete/"):
            assert client.get(url).status_code == 404, url
        for url in (f"{base}edit/", f"{base}toggle/", f"{base}delete/"):
            assert client.post(url, {"enabled": "off", **_builder()}).status_code == 404, url
        assert "Alice's own" not in _page(client.get("/automations/"))
    stored = _stored(alice, rule)
    assert stored.enabled and stored.name == "Alice's own"


# --- Query counts --------------------------------------------------------------------------------
def _fill(alice, ws, count: int, start: int = 0) -> None:
    """Rules that each name a project and an area, with a run."""
    with as_user(alice.pk):
        for i in range(start, start + count):
            project = project_create(workspace=ws, title=f"Project {i}")
            area = area_create(workspace=ws, name=f"Area {i}")
            definition = {
                "trigger": {"kind": "task_completed"},
                "conditions": {"projects": [str(project.uuid)], "areas": [str(area.uuid)]},
                "actions": [{"kind": "create_task", "title": "Next", "project": str(project.uuid)}],
            }
            rule = services.rule_create(
                workspace=ws, owner=alice, definition=definition, name=f"R{i}"
            )
            Rule.objects.filter(pk=rule.pk).update(last_run_at=timezone.now())


def test_the_list_makes_the_same_number_of_queries_for_1_or_10_rules(
    signed_in, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(alice, ws, 1)
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get("/automations/").status_code == 200
    few = len(measured)
    _fill(alice, ws, 9, start=1)
    with django_assert_num_queries(few):
        page = _page(signed_in.get("/automations/"))
    assert page.count('<li class="rule-row') == 10 and "#Project 9" in page
