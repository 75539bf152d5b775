"""Export is complete and deletion is real, for every model that holds user data.

`populate()` puts one row of every workspace-owned model into a workspace. A new model fails
`test_the_fixture_has_a_row_of_every_workspace_owned_model` until it is added there, and from then
on the export and deletion tests cover it; `DATA_CATALOGUE` must name every other model.
"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from minime.accounts.models import PersonalAccessToken, RateLimitEvent, SignUpRequest, User
from minime.accounts.tokens import token_create
from minime.activity.models import Activity
from minime.ai.models import AIRequest, AIUsage
from minime.areas.models import LifeArea
from minime.automations.models import Rule, Run
from minime.calendars.tests.factories import add_event
from minime.capture.models import CaptureItem
from minime.core.db import SERVICE_DB, as_user
from minime.core.models import WorkspaceOwned
from minime.decisions.models import Decision, DecisionCriterion, DecisionOption, DecisionScore
from minime.focus.models import FocusSession
from minime.gmail.models import GmailConnection, PulledMessage
from minime.goals.models import Goal, Milestone
from minime.notifications.models import Delivery, Notification, PushDevice, QuietHours
from minime.outbox.models import Event
from minime.preferences.models import RuleSettings
from minime.preferences.rules import rules_update
from minime.reviews.models import Review
from minime.routines.models import Routine, RoutineOccurrence, RoutineStep
from minime.support.models import ContactMessage
from minime.tasks.models import Label, Project, Task, TaskLabel
from minime.today.models import DayState, RecapMark
from minime.workspaces.models import Membership, Workspace
from minime.workspaces.tests.probe.models import ProbeNote
from minime.yourdata.data import (
    DATA_CATALOGUE,
    account_delete,
    export_key,
    export_user_data,
    workspace_models,
)


def populate(user: User, workspace: Workspace, tag: str) -> None:
    """One row (at least) of every workspace-owned model, made by `user` in `workspace`."""
    with as_user(user.pk):
        area = LifeArea.objects.create(workspace=workspace, name=f"Health {tag}")
        goal = Goal.objects.create(workspace=workspace, title=f"Run 10k {tag}", area=area)
        Milestone.objects.create(workspace=workspace, goal=goal, title="5k")
        project = Project.objects.create(workspace=workspace, title=f"Plan {tag}", goal=goal)
        label = Label.objects.create(workspace=workspace, name=f"errand-{tag}")
        task = Task.objects.create(
            workspace=workspace, title=f"Buy shoes {tag}", project=project, created_by=user,
            due_date=dt.date(2026, 12, 1), recurrence="FREQ=WEEKLY", series=None,
            assignee=None if workspace.is_personal else user,
        )  # fmt: skip
        Activity.objects.create(
            workspace=workspace, actor=user, verb="assigned", kind="task", item=task.uuid,
            title=task.title, person=user,
        )  # fmt: skip
        Task.objects.create(workspace=workspace, title="Measure feet", parent=task)
        TaskLabel.objects.create(workspace=workspace, task=task, label=label)
        routine = Routine.objects.create(
            workspace=workspace, title=f"Stretch {tag}", recurrence="FREQ=DAILY",
            starts_on=dt.date(2026, 11, 1),
        )  # fmt: skip
        RoutineStep.objects.create(workspace=workspace, routine=routine, title="Calves")
        RoutineOccurrence.objects.create(
            workspace=workspace, routine=routine, date=dt.date(2026, 11, 2), status="done"
        )
        CaptureItem.objects.create(workspace=workspace, text=f"idea {tag}", created_by=user)
        ProbeNote.objects.create(workspace=workspace, text=f"probe {tag}")
        start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
        add_event(user, title=f"Dentist {tag}", starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )  # fmt: skip
        GmailConnection.objects.get_or_create(user=user, defaults={
            "email_address": f"{tag}@example.com", "refresh_token_encrypted": "x",
            "scopes": "https://www.googleapis.com/auth/gmail.readonly", "connected_at": start,
        })  # fmt: skip
        PulledMessage.objects.create(
            user=user, gmail_id=f"m{tag}", subject=f"Invoice {tag}", pulled_at=start, position=0
        )
        ContactMessage.objects.create(
            user=user, topic="idea", email=user.email, message=f"A dark theme, please {tag}"
        )
        DayState.objects.create(
            workspace=workspace, user=user, date=dt.date(2026, 11, 2), energy="low"
        )
        RecapMark.objects.create(workspace=workspace, user=user, day=dt.date(2026, 11, 2))
        decision = Decision.objects.create(
            workspace=workspace, question=f"Move {tag}?", area=area, deadline=dt.date(2026, 12, 1)
        )
        option = DecisionOption.objects.create(workspace=workspace, decision=decision, title="Stay")
        criterion = DecisionCriterion.objects.create(
            workspace=workspace, decision=decision, name="Cost", weight=4
        )
        DecisionScore.objects.create(
            workspace=workspace, option=option, criterion=criterion, score=7
        )
        Decision.objects.filter(pk=decision.pk).update(chosen_option=option, status="decided")
        FocusSession.objects.create(
            workspace=workspace, created_by=user, task=task, state="ended", started_at=start,
            planned_minutes=25, ended_at=start + dt.timedelta(minutes=25), actual_minutes=25,
        )  # fmt: skip
        Review.objects.create(
            workspace=workspace, created_by=user, kind="daily", period_start=dt.date(2026, 11, 2),
            period_end=dt.date(2026, 11, 2), energy=3, mood=4, answers={"moved": []},
        )  # fmt: skip
        rule = Rule.objects.create(
            workspace=workspace, owner=user, name=f"Cheer {tag}", trigger_kind="task_completed",
            definition={"trigger": {"kind": "task_completed"},
                        "actions": [{"kind": "push", "title": "Done: {task}"}]},
        )  # fmt: skip
        Run.objects.create(
            workspace=workspace, owner=user, rule=rule, event=uuid.uuid4(), outcome="done",
            trigger=f"Task “Buy shoes {tag}” was completed", occurred_at=start,
            actions=[{"kind": "push", "ok": True, "detail": "Sent", "url": ""}],
        )  # fmt: skip
        Event.objects.create(
            workspace=workspace, kind="task_completed", occurred_at=start, actor=user,
            subject={"item_id": str(task.uuid), "title": task.title},
        )  # fmt: skip


@pytest.fixture
def world(personas):
    p = personas
    populate(p.alice, p.personal(p.alice), "alice")
    populate(p.alice, p.shared, "shared")
    populate(p.bob, p.personal(p.bob), "bob")
    populate(p.charlie, p.personal(p.charlie), "charlie")
    return p


def test_every_model_is_workspace_owned_or_in_the_data_catalogue():
    unknown = [
        m._meta.label
        for m in apps.get_models()
        if not issubclass(m, WorkspaceOwned) and m._meta.label not in DATA_CATALOGUE
    ]
    assert unknown == [], f"Say how export and deletion cover {unknown} in DATA_CATALOGUE"


def test_the_fixture_has_a_row_of_every_workspace_owned_model(world):
    workspace = world.personal(world.alice)
    with as_user(world.alice.pk):
        empty = [
            m._meta.label
            for m in workspace_models()
            if not m._default_manager.filter(workspace=workspace).exists()
        ]
    assert empty == [], f"Add a row of {empty} to populate() in this file"


def test_the_export_holds_every_row_of_every_workspace_the_user_is_in(world):
    data = export_user_data(world.alice)
    assert data["format"] == "minime-export" and data["version"] == 1
    assert {w["name"] for w in data["workspaces"]} == {"Alice's workspace", "Alice & Bob"}
    mine = [world.personal(world.alice).pk, world.shared.pk]
    with as_user(world.alice.pk):
        for model in workspace_models():
            expected = model._default_manager.filter(workspace_id__in=mine).count()
            assert len(data["items"][export_key(model)]) == expected, model._meta.label
            assert expected > 0


def test_the_export_refers_to_items_by_uuid_and_never_leaks_other_people(world):
    data = export_user_data(world.bob)
    tasks = data["items"]["tasks.task"]
    texts = {t["title"] for t in tasks}
    assert "Buy shoes shared" in texts and "Buy shoes bob" in texts
    assert not any("alice" in t or "charlie" in t for t in texts)
    shared_task = next(t for t in tasks if t["title"] == "Buy shoes shared")
    assert shared_task["created_by"] is None  # alice made it: her address is hers
    assert shared_task["assignee"] is None  # and it is hers to do
    lines = data["items"]["activity.activity"]
    assert {line["actor"] for line in lines} == {None, "bob@example.com"}
    own = next(t for t in tasks if t["title"] == "Buy shoes bob")
    assert own["created_by"] == "bob@example.com"
    project_uuids = {p["uuid"] for p in data["items"]["tasks.project"]}
    assert own["project"] in project_uuids
    assert "id" not in own and "password" not in str(data["account"])


def test_the_export_holds_deep_work_and_the_deep_work_rule(personas):
    alice = personas.alice
    workspace = personas.personal(alice)
    with as_user(alice.pk):
        Task.objects.create(workspace=workspace, title="Write the chapter", deep_work=True)
        Task.objects.create(workspace=workspace, title="Reply to Sam")
    rules_update(user=alice, deep_work_minutes=90)
    data = export_user_data(alice)
    tasks = {t["title"]: t["deep_work"] for t in data["items"]["tasks.task"]}
    assert tasks == {"Write the chapter": True, "Reply to Sam": False}
    assert data["rule_settings"]["deep_work_minutes"] == 90


def test_the_export_page_downloads_a_json_file(client, world):
    client.force_login(world.alice)
    response = client.get("/accounts/settings/data/export.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="minime-export-')
    assert response.json()["account"]["email"] == "alice@example.com"


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_deleting_an_account_leaves_no_row_tied_to_it(personas):
    p = personas
    populate(p.alice, p.personal(p.alice), "alice")
    populate(p.alice, p.shared, "shared")
    populate(p.bob, p.personal(p.bob), "bob")
    alice = p.alice
    token_create(user=alice, name="cli")
    SignUpRequest.objects.create(email=alice.email, password="x")
    with as_user(alice.pk):  # the user's own rows: row-level security admits only theirs
        RuleSettings.objects.create(user=alice)
        AIRequest.objects.create(
            user=alice,
            feature="smart_add",
            provider="openai-compatible",
            sent={"text": "x"},
            outcome="ok",
        )
        AIUsage.objects.create(user=alice, month=dt.date(2026, 11, 1), count=3)
        device = PushDevice.objects.create(
            user=alice, endpoint="https://fcm.googleapis.com/fcm/send/a", p256dh="P" * 87,
            auth="A" * 22, name="Phone",
        )  # fmt: skip
        notification = Notification.objects.create(
            user=alice, kind="recap", title="Morning", url="/today/", key="recap:2026-11-02"
        )
        Delivery.objects.create(user=alice, notification=notification, device=device, state="sent")
        QuietHours.objects.create(user=alice, start=dt.time(22), end=dt.time(7))
    exported = export_user_data(alice)
    assert exported["push_devices"][0]["name"] == "Phone"
    assert "P" * 87 not in str(exported) and "A" * 22 not in str(exported)  # never the keys
    (listed,) = exported["notifications"]
    assert listed["title"] == "Morning"
    assert listed["deliveries"] == [
        {"device": str(device.uuid), "state": "sent", "attempts": 0, "last_status": None,
         "last_error": "", "sent_at": None}
    ]  # fmt: skip
    assert exported["quiet_hours"] == {"start": "22:00:00", "end": "07:00:00"}
    assert [r["sent"] for r in exported["ai_requests"]] == [{"text": "x"}]
    assert exported["ai_usage"] == [{"month": "2026-11-01", "requests": 3}]
    browser = Client()
    browser.force_login(alice)
    personal_id = p.personal(alice).pk
    before_bob = export_user_data(p.bob)

    account_delete(user=alice)

    svc = SERVICE_DB
    assert not User.objects.using(svc).filter(pk=alice.pk).exists()
    assert not Workspace.objects.using(svc).filter(pk=personal_id).exists()
    for model in workspace_models():
        assert not model._default_manager.using(svc).filter(workspace_id=personal_id).exists()
    for any_model in apps.get_models():  # bookkeeping tables keyed by workspace too
        for field in any_model._meta.concrete_fields:
            if field.is_relation and field.related_model is Workspace:
                gone = any_model._default_manager.using(svc).filter(**{field.attname: personal_id})
                assert not gone.exists(), f"{any_model._meta.label}.{field.name}"
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    for any_model in apps.get_models():  # no row anywhere still points at her
        for field in any_model._meta.concrete_fields:
            if field.is_relation and field.related_model is user_model:
                rows = any_model._default_manager.using(svc).filter(**{field.attname: alice.pk})
                assert not rows.exists(), f"{any_model._meta.label}.{field.name}"
    assert not PersonalAccessToken.objects.using(svc).filter(user_id=alice.pk).exists()
    assert not AIRequest.objects.using(svc).filter(user_id=alice.pk).exists()
    assert not AIUsage.objects.using(svc).filter(user_id=alice.pk).exists()
    for kept in (PushDevice, Notification, Delivery, QuietHours):
        assert not kept.objects.using(svc).filter(user_id=alice.pk).exists(), kept
    assert not SignUpRequest.objects.using(svc).filter(email=alice.email).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(alice.pk)
        for s in Session.objects.using(svc).all()
    )
    # The shared workspace lives on with bob as its owner, alice's items without her name.
    assert Membership.objects.using(svc).get(workspace=p.shared, user=p.bob).role == "owner"
    shared_task = Task.objects.using(svc).get(title="Buy shoes shared")
    assert shared_task.created_by_id is None
    assert export_user_data(p.bob)["items"] == before_bob["items"]  # bob lost nothing
    assert browser.get("/home/").status_code == 302  # signed out everywhere


def test_deleting_from_the_page_needs_the_email_typed(client, world):
    client.force_login(world.charlie)
    response = client.post("/accounts/settings/data/delete/", {"confirm": "yes"})
    assert response.status_code == 422
    assert "Type your email address exactly" in response.content.decode()
    assert User.objects.filter(pk=world.charlie.pk).exists()
    response = client.post(
        "/accounts/settings/data/delete/", {"confirm": " Charlie@Example.com "}, follow=True
    )
    assert "Your account and all its data are deleted" in response.content.decode()
    assert not User.objects.filter(pk=world.charlie.pk).exists()
    assert not RateLimitEvent.objects.exists()


def test_the_api_returns_the_same_archive(world):
    from minime.accounts.tokens import token_create as make_token

    _, secret = make_token(user=world.bob, name="backup")
    body = Client().get("/api/v1/me/export", headers={"Authorization": f"Bearer {secret}"}).json()
    assert body["account"]["email"] == "bob@example.com"
    assert body["items"].keys() == export_user_data(world.bob)["items"].keys()


def test_the_documented_export_format_is_up_to_date():
    from minime.yourdata.data import export_schema_markdown

    documented = (settings.BASE_DIR / "docs" / "export.md").read_text()
    assert documented == export_schema_markdown(), "Run: manage.py export_schema"


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_personal_rows_in_a_shared_workspace_are_their_owners_alone(personas):
    """Focus sessions, reviews and day states belong to one person even in a shared workspace:
    another member's export never holds them, and deleting the account deletes them."""
    p = personas
    populate(p.alice, p.shared, "alice")
    populate(p.bob, p.shared, "bob")
    private = [m for m in workspace_models() if m.private_to]
    assert {m._meta.label for m in private} >= {
        "focus.FocusSession",
        "reviews.Review",
        "today.DayState",
        "today.RecapMark",
    }

    for person in (p.alice, p.bob):
        items = export_user_data(person)["items"]
        for model in private:
            rows = items[export_key(model)]
            field = model.private_to
            assert rows and all(r[field] == person.email for r in rows), model._meta.label
        # what is not personal is shared: both see both people's tasks
        titles = {t["title"] for t in items["tasks.task"]}
        assert {"Buy shoes alice", "Buy shoes bob"} <= titles

    account_delete(user=p.alice)

    for model in private:
        rows = model._default_manager.using(SERVICE_DB).filter(workspace=p.shared)
        field = f"{model.private_to}_id"
        assert set(rows.values_list(field, flat=True)) == {p.bob.pk}, model._meta.label
    assert Task.objects.using(SERVICE_DB).filter(title="Buy shoes alice").exists()
