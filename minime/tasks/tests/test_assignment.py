"""Assigning tasks in a shared workspace: to members only, the "assigned to" filter, the form,
the API, members leaving, and Today planning a task for its assignee (or everyone)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid
from minime.tasks.models import Task
from minime.tasks.selectors import TaskFilters, task_list
from minime.tasks.services import project_create, task_create, task_update
from minime.today.selectors import build_snapshot
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.services import member_leave, member_remove


def _create(user, workspace, title, **kwargs) -> Task:
    with as_user(user.pk):
        return task_create(workspace=workspace, title=title, created_by=user, **kwargs)


def _in_shared(client: Client, user, personas) -> Client:
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = str(personas.shared.uuid)
    session.save()
    return client


def test_a_task_is_assigned_to_a_member_only(personas):
    p = personas
    task = _create(p.alice, p.shared, "Book the plumber", assignee=p.bob)
    assert task.assignee_id == p.bob.pk
    with pytest.raises(Invalid) as refused:
        _create(p.alice, p.shared, "Walk the dog", assignee=p.charlie)
    assert refused.value.fields == {"assignee": ["Choose a member of this workspace."]}
    with pytest.raises(Invalid, match="yours alone"):
        _create(p.alice, p.personal(p.alice), "Read", assignee=p.alice)
    with as_user(p.alice.pk):
        task_update(task=task, expected_version=None, by=p.alice, assignee=None)
        task.refresh_from_db()
    assert task.assignee_id is None


def test_the_filter_finds_mine_and_no_ones(personas):
    p = personas
    _create(p.alice, p.shared, "Mine", assignee=p.alice)
    _create(p.alice, p.shared, "Bob's", assignee=p.bob)
    _create(p.alice, p.shared, "Anyone's")

    def titles(filters: TaskFilters) -> set[str]:
        with as_user(p.alice.pk):
            return {t.title for t in task_list(p.shared, filters=filters)}

    assert titles(TaskFilters(assignee=p.alice.pk)) == {"Mine"}
    assert titles(TaskFilters(assignee="nobody")) == {"Anyone's"}
    assert titles(TaskFilters()) == {"Mine", "Bob's", "Anyone's"}


def test_the_task_page_assigns_and_the_list_filters(client, personas):
    p = personas
    task = _create(p.alice, p.shared, "Fix the gate")
    _in_shared(client, p.alice, p)
    page = client.get(f"/tasks/{task.uuid}/")
    assert 'name="assignee"' in page.text and "Bob (bob@example.com)" in page.text
    form = {"title": "Fix the gate", "priority": "0", "repeat_from": "due", "version": "1"}
    refused = client.post(f"/tasks/{task.uuid}/", {**form, "assignee": "charlie@example.com"})
    assert refused.status_code == 422 and "Select a valid choice" in refused.text
    saved = client.post(f"/tasks/{task.uuid}/", {**form, "assignee": "bob@example.com"})
    assert saved.status_code == 302
    with as_user(p.alice.pk):
        task.refresh_from_db()
    assert task.assignee_id == p.bob.pk
    listed = client.get("/tasks/")
    assert "For Bob" in listed.text and 'name="assigned"' in listed.text
    assert "Fix the gate" not in client.get("/tasks/?assigned=me").text
    assert "Fix the gate" not in client.get("/tasks/?assigned=nobody").text
    bob = _in_shared(Client(), p.bob, p)
    assert "Fix the gate" in bob.get("/tasks/?assigned=me").text
    assert "For you" in bob.get("/tasks/").text


def test_a_personal_workspace_shows_no_assignee_field(client, alice, personas):
    task = _create(alice, personas.personal(alice), "Read")
    client.force_login(alice)
    assert 'name="assignee"' not in client.get(f"/tasks/{task.uuid}/").text
    assert 'name="assigned"' not in client.get("/tasks/").text


def test_the_api_assigns_by_email_and_filters(client, personas):
    p = personas
    _, secret = token_create(user=p.alice, name="tests")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_X_WORKSPACE": str(p.shared.uuid)}
    made = client.post(
        "/api/v1/tasks",
        {"title": "Call the bank", "assignee": "BOB@example.com"},
        content_type="application/json",
        **headers,
    )
    assert made.status_code == 201, made.content
    assert made.json()["assignee"] == "bob@example.com"
    uuid = made.json()["uuid"]
    stranger = client.post(
        "/api/v1/tasks",
        {"title": "Spy", "assignee": "charlie@example.com"},
        content_type="application/json",
        **headers,
    )
    assert stranger.status_code == 422
    assert stranger.json()["error"]["fields"] == {
        "assignee": ["Choose a member of this workspace."]
    }
    listed = client.get("/api/v1/tasks?assignee=bob@example.com", **headers).json()["items"]
    assert [t["uuid"] for t in listed] == [uuid]
    assert client.get("/api/v1/tasks?assignee=me", **headers).json()["items"] == []
    cleared = client.patch(
        f"/api/v1/tasks/{uuid}",
        {"version": made.json()["version"], "assignee": None},
        content_type="application/json",
        **headers,
    )
    assert cleared.status_code == 200 and cleared.json()["assignee"] is None
    nobody = client.get("/api/v1/tasks?assignee=nobody", **headers).json()["items"]
    assert [t["uuid"] for t in nobody] == [uuid]


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
@pytest.mark.parametrize("how", ["leaves", "is removed"])
def test_a_member_who_goes_leaves_their_tasks_to_anyone(personas, how):
    p = personas
    task = _create(p.alice, p.shared, "Water the plants", assignee=p.bob)
    if how == "leaves":
        member_leave(user=p.bob, workspace=p.shared)
    else:
        member_remove(user=p.alice, workspace=p.shared, member=p.bob)
    with as_user(p.alice.pk):
        task.refresh_from_db()
    assert task.assignee_id is None


def test_today_plans_a_task_for_its_assignee_or_for_everyone(personas):
    p = personas
    today = timezone.localdate()
    with as_user(p.alice.pk):
        project = project_create(workspace=p.shared, title="Garden", by=p.alice)
    mine = _create(p.alice, p.shared, "Alice's", assignee=p.alice, due_date=today)
    bobs = _create(p.alice, p.shared, "Bob's", assignee=p.bob, due_date=today, project=project)
    anyone = _create(p.alice, p.shared, "Anyone's", due_date=today)
    _create(p.alice, p.shared, "A step of Bob's", parent=bobs)
    now = timezone.now() + dt.timedelta(seconds=1)

    def planned(user) -> set[str]:
        with as_user(user.pk):
            snapshot = build_snapshot(user=user, workspace=p.shared, now=now)
        # The project's next step is Bob's: it has one open task for everyone, so not stuck.
        assert [pr.open_task_count for pr in snapshot.projects] == [1]
        return {t.title for t in snapshot.tasks}

    assert planned(p.alice) == {mine.title, anyone.title}
    assert planned(p.bob) == {bobs.title, anyone.title, "A step of Bob's"}
