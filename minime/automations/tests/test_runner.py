"""The app around the engine: events written with their change, matched once, actions run and
recorded, chains stopped, failing rules paused. Real services, real database, the inline task
backend (a job runs when its transaction commits)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from minime.automations import runner, services
from minime.automations.models import Rule, Run
from minime.capture.services import capture_add
from minime.core.db import SERVICE_DB, as_user
from minime.notifications.models import Notification
from minime.outbox.models import Event, EventState
from minime.tasks.models import Source, Task
from minime.tasks.services import project_create, project_delete, task_complete, task_create

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


def push_on(kind: str, title: str = "{task} happened", **conditions: object) -> dict:
    return {
        "trigger": {"kind": kind},
        "conditions": conditions,
        "actions": [{"kind": "push", "title": title, "body": "on {weekday}"}],
    }


def make_rule(user, workspace, definition: dict, name: str = "") -> Rule:
    with as_user(user.pk):
        return services.rule_create(
            workspace=workspace, owner=user, definition=definition, name=name
        )


def runs_of(rule: Rule) -> list[Run]:
    return list(Run.objects.using(SERVICE_DB).filter(rule=rule).order_by("id"))


def test_a_completed_task_fires_its_rule_once_with_every_action_recorded(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    with as_user(alice.pk):
        launch = project_create(workspace=ws, title="Launch")
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "task_completed"},
            "conditions": {"projects": [str(launch.uuid)]},
            "actions": [
                {"kind": "push", "title": "Nice — {task} is done", "body": "#{project}"},
                {"kind": "create_task", "title": "Follow up on {task}", "priority": 2},
            ],
        },
    )
    with as_user(alice.pk):
        other = task_create(workspace=ws, title="Not in Launch", created_by=alice)
        task = task_create(workspace=ws, title="Ship it", created_by=alice, project=launch)
    with as_user(alice.pk):
        task_complete(task=task, user=alice)
        task_complete(task=other, user=alice)

    [run] = runs_of(rule)
    assert run.outcome == "done"
    assert run.trigger == "Task “Ship it” was completed"
    assert [(a["kind"], a["ok"]) for a in run.actions] == [("push", True), ("create_task", True)]
    assert (
        run.actions[0]["detail"] == "Sent “Nice — Ship it is done” (no device has push turned on)."
    )
    with as_user(alice.pk):
        [note] = Notification.objects.filter(user=alice, kind="automation")
        assert (note.title, note.body) == ("Nice — Ship it is done", "#Launch")
        assert note.url == f"/tasks/{task.uuid}/"
        follow = Task.objects.get(title="Follow up on Ship it")
        assert (follow.priority, follow.source, follow.created_by) == (2, Source.AUTOMATION, alice)
    assert not Event.objects.using(SERVICE_DB).exclude(state=EventState.DONE).exists()
    rule = Rule.objects.using(SERVICE_DB).get(pk=rule.pk)
    assert rule.last_run_at is not None and rule.failures == 0


def test_a_rolled_back_change_leaves_no_event_and_fires_nothing(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(alice, ws, push_on("task_created"))

    class Failed(Exception):
        """The request failed after the write: its transaction rolls back."""

    def failing_request() -> None:
        with as_user(alice.pk), transaction.atomic():
            task_create(workspace=ws, title="Never saved", created_by=alice)
            assert Event.objects.filter(kind="task_created").count() == 1  # with the change
            raise Failed

    with pytest.raises(Failed):
        failing_request()
    assert not Event.objects.using(SERVICE_DB).exists()
    assert runs_of(rule) == []


def test_no_rule_for_the_kind_writes_no_event(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    make_rule(alice, ws, push_on("task_completed"))
    with as_user(alice.pk):
        task_create(workspace=ws, title="Created, not completed", created_by=alice)
    assert not Event.objects.using(SERVICE_DB).exists()


def test_an_event_is_answered_once_however_often_it_is_processed(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(alice, ws, push_on("task_created"))
    with as_user(alice.pk):
        task_create(workspace=ws, title="Once", created_by=alice)
    [event] = Event.objects.using(SERVICE_DB).all()
    # A worker that died after the runs were written but before marking the event done: the
    # event is claimed again once its claim is stale, and the rule does not fire again.
    stale = timezone.now() - runner.stale_claim() - timedelta(seconds=1)
    Event.objects.using(SERVICE_DB).filter(pk=event.pk).update(
        state=EventState.CLAIMED, claimed_at=stale
    )
    assert runner.process_workspace(ws.pk) == 1
    assert runner.process_workspace(ws.pk) == 0
    assert len(runs_of(rule)) == 1
    with as_user(alice.pk):
        assert Notification.objects.filter(user=alice, kind="automation").count() == 1
    # A claim that is not stale belongs to a live worker: nobody else takes it.
    Event.objects.using(SERVICE_DB).filter(pk=event.pk).update(
        state=EventState.CLAIMED, claimed_at=timezone.now()
    )
    assert runner.process_workspace(ws.pk) == 0


def test_a_worker_that_dies_mid_run_leaves_nothing_and_the_retry_runs_once(personas, monkeypatch):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "capture_added"},
            "actions": [
                {"kind": "create_task", "title": "From the inbox"},
                {"kind": "push", "title": "{count} waiting"},
            ],
        },
    )

    class Died(BaseException):
        """What a killed process looks like from inside: nothing after this point runs."""

    real_push = runner.ACTIONS["push"]

    def die(action, context):
        raise Died

    monkeypatch.setitem(runner.ACTIONS, "push", die)
    with as_user(alice.pk):
        capture_add(workspace=ws, text="Call the plumber", created_by=alice)
    # The job died (the task backend records it as failed); the event stays claimed.
    assert Event.objects.using(SERVICE_DB).get().state == EventState.CLAIMED
    # The task the first action made was rolled back with the run.
    assert runs_of(rule) == []
    with as_user(alice.pk):
        assert not Task.objects.filter(title="From the inbox").exists()
    monkeypatch.setitem(runner.ACTIONS, "push", real_push)
    Event.objects.using(SERVICE_DB).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert runner.process_workspace(ws.pk) == 1
    [run] = runs_of(rule)
    assert run.outcome == "done"
    with as_user(alice.pk):
        assert Task.objects.filter(title="From the inbox").count() == 1
        assert Notification.objects.get(user=alice, kind="automation").title == "1 waiting"


def test_chains_stop_at_the_depth_limit(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "task_created"},
            "actions": [{"kind": "create_task", "title": "{task}+"}],
        },
    )
    with as_user(alice.pk):
        task_create(workspace=ws, title="Seed", created_by=alice)
    with as_user(alice.pk):
        titles = sorted(Task.objects.filter(workspace=ws).values_list("title", flat=True))
    # The person's task (depth 0) fires the rule, its task (depth 1) fires it once more, and
    # the task made at depth 2 fires nothing.
    assert titles == ["Seed", "Seed+", "Seed++"]
    assert [r.depth for r in runs_of(rule)] == [0, 1]


def test_a_rule_that_keeps_failing_is_paused_with_its_reason(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    with as_user(alice.pk):
        gone = project_create(workspace=ws, title="Old project")
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "task_created"},
            "actions": [
                {"kind": "set_field", "field": "project", "project": str(gone.uuid)},
                {"kind": "push", "title": "Moved {task}"},
            ],
        },
        name="File new tasks",
    )
    with as_user(alice.pk):
        project_delete(project=gone)
        for n in range(runner.PAUSE_AFTER + 1):
            task_create(workspace=ws, title=f"Task {n}", created_by=alice)
    runs = runs_of(rule)
    assert len(runs) == runner.PAUSE_AFTER  # the last task came after the pause
    assert {r.outcome for r in runs} == {"partly"}  # the push still went out each time
    assert runs[0].actions[0] == {
        "kind": "set_field",
        "ok": False,
        "detail": "The project this rule names no longer exists: edit the rule.",
        "url": "",
    }
    rule = Rule.objects.using(SERVICE_DB).get(pk=rule.pk)
    assert not rule.enabled
    assert rule.paused_reason == (
        "3 failed runs in a row. The last: "
        "The project this rule names no longer exists: edit the rule."
    )
    with as_user(alice.pk):
        paused = Notification.objects.get(user=alice, title="Paused: File new tasks")
        assert paused.url == f"/automations/{rule.uuid}/"
        services.rule_set_enabled(rule=rule, enabled=True)
    rule = Rule.objects.using(SERVICE_DB).get(pk=rule.pk)
    assert (rule.enabled, rule.failures, rule.paused_reason) == (True, 0, "")


def test_another_members_change_fires_my_rule_and_only_i_am_told(personas):
    alice, bob = personas.alice, personas.bob
    rule = make_rule(alice, personas.shared, push_on("task_completed", title="Bob did {task}"))
    with as_user(bob.pk):
        task = task_create(workspace=personas.shared, title="Groceries", created_by=bob)
        task_complete(task=task, user=bob)
    assert len(runs_of(rule)) == 1
    assert list(
        Notification.objects.using(SERVICE_DB)
        .filter(kind="automation")
        .values_list("user", flat=True)
    ) == [alice.pk]


def test_the_backlog_trigger_fires_when_the_inbox_passes_its_threshold(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "capture_backlog", "threshold": 3},
            "actions": [{"kind": "push", "title": "{count} in the inbox"}],
        },
    )
    with as_user(alice.pk):
        for n in range(5):
            capture_add(workspace=ws, text=f"Thought {n}", created_by=alice)
    [run] = runs_of(rule)
    assert run.trigger == "The inbox reached 3 items"


def test_set_field_and_add_to_today_act_on_the_events_task(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "task_created"},
            "conditions": {"labels": ["urgent"]},
            "actions": [
                {"kind": "set_field", "field": "priority", "priority": 3},
                {"kind": "add_to_today"},
            ],
        },
    )
    with as_user(alice.pk):
        task = task_create(workspace=ws, title="Fix the leak", created_by=alice, labels=["Urgent"])
        plain = task_create(workspace=ws, title="Read", created_by=alice)
    with as_user(alice.pk):
        task.refresh_from_db()
        plain.refresh_from_db()
    today = timezone.now().astimezone(alice.tz).date()
    assert (task.priority, task.pinned_on) == (3, today)
    assert (plain.priority, plain.pinned_on) == (0, None)
