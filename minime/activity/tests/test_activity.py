"""A shared workspace's activity list: what is recorded, what a personal workspace keeps (nothing),
who sees it, the API, and the daily clean-up."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.activity import services
from minime.activity.models import Activity
from minime.activity.selectors import recent
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid
from minime.tasks import services as tasks
from minime.workspaces.services import member_leave, member_remove, membership_add


def _lines(workspace, viewer) -> list[str]:
    with as_user(viewer.pk):
        return [line.text for line in reversed(recent(workspace, viewer_id=viewer.pk))]


def test_who_added_completed_moved_assigned_and_deleted_what(personas):
    p = personas
    with as_user(p.alice.pk):
        garden = tasks.project_create(workspace=p.shared, title="Garden", by=p.alice)
        task = tasks.task_create(workspace=p.shared, title="Buy seeds", created_by=p.alice)
        tasks.task_create(workspace=p.shared, title="A step", created_by=p.alice, parent=task)
        tasks.task_update(task=task, expected_version=None, by=p.alice, project=garden)
        tasks.task_update(task=task, expected_version=None, by=p.alice, assignee=p.bob)
    with as_user(p.bob.pk):
        task.refresh_from_db()
        tasks.task_complete(task=task, user=p.bob)
        tasks.task_reopen(task=task, by=p.bob)
        tasks.task_update(task=task, expected_version=None, by=p.bob, assignee=None)
        tasks.task_update(task=task, expected_version=None, by=p.bob, assignee=p.bob)
        tasks.task_update(task=task, expected_version=None, by=p.bob, project=None)
        tasks.task_drop(task=task, by=p.bob)
        tasks.project_set_status(project=garden, status="done", by=p.bob)
        tasks.task_delete(task=task, by=p.bob)
    assert _lines(p.shared, p.alice) == [
        "Bob joined",  # by the personas fixture
        "You started the project “Garden”",
        "You added “Buy seeds”",  # its step is part of it: no line of its own
        "You moved “Buy seeds” to Garden",
        "You assigned “Buy seeds” to Bob",
        "Bob completed “Buy seeds”",
        "Bob reopened “Buy seeds”",
        "Bob unassigned “Buy seeds” (anyone can do it now)",
        "Bob took on “Buy seeds”",
        "Bob moved “Buy seeds” out of its project",
        "Bob dropped “Buy seeds”",
        "Bob completed the project “Garden”",
        "Bob deleted “Buy seeds”",
    ]
    with as_user(p.bob.pk):
        lines = recent(p.shared, viewer_id=p.bob.pk)
    assert lines[-5].text == "Alice assigned “Buy seeds” to you"
    # The deleted task is no longer linked; the project still is.
    assert {line.link for line in lines if line.title == "Buy seeds"} == {""}
    assert {line.link for line in lines if line.title == "Garden"} == {
        f"/tasks/projects/{garden.uuid}/"
    }


def test_a_personal_workspace_keeps_no_activity(alice, personas):
    workspace = personas.personal(alice)
    with as_user(alice.pk):
        task = tasks.task_create(workspace=workspace, title="Read", created_by=alice)
        tasks.task_complete(task=task, user=alice)
        assert not Activity.objects.filter(workspace=workspace).exists()


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_members_leaving_and_removed_are_lines(personas):
    p = personas
    member_remove(user=p.alice, workspace=p.shared, member=p.bob)
    assert _lines(p.shared, p.alice)[-1] == "You removed Bob"
    with as_user(p.alice.pk):
        Activity.objects.filter(workspace=p.shared).delete()
    membership_add(workspace=p.shared, user=p.bob, added_by=p.alice)
    member_leave(user=p.bob, workspace=p.shared)
    assert _lines(p.shared, p.alice) == ["Bob joined", "Bob left"]


def test_a_failed_change_leaves_no_line(personas):
    p = personas
    with as_user(p.alice.pk):
        before = Activity.objects.filter(workspace=p.shared).count()
        task = tasks.task_create(workspace=p.shared, title="Paint", created_by=p.alice)
        with pytest.raises(Invalid):
            tasks.task_update(task=task, expected_version=None, by=p.alice, assignee=p.charlie)
        assert Activity.objects.filter(workspace=p.shared).count() == before + 1  # "added"


def test_the_page_shows_members_their_workspace_only(client, personas, django_assert_num_queries):
    p = personas
    with as_user(p.alice.pk):
        tasks.task_create(workspace=p.shared, title="Fix the fence", created_by=p.alice)
    url = f"/workspaces/{p.shared.uuid}/activity/"
    client.force_login(p.bob)
    client.get(url)  # warm the session and caches
    with CaptureQueriesContext(connection) as first:
        page = client.get(url)
    queries = len(first)
    assert page.status_code == 200
    assert "Alice added" in page.text and "Fix the fence" in page.text
    for n in range(5):
        with as_user(p.alice.pk):
            tasks.task_create(workspace=p.shared, title=f"More {n}", created_by=p.alice)
    with django_assert_num_queries(queries):
        client.get(url)  # the same number of queries, however many lines
    stranger = Client()
    stranger.force_login(p.charlie)
    assert stranger.get(url).status_code == 404
    own = client.get(f"/workspaces/{p.personal(p.bob).uuid}/activity/")
    assert own.status_code == 200 and "keeps no activity list" in own.text


def test_the_api_lists_the_open_workspace(client, personas):
    p = personas
    with as_user(p.alice.pk):
        tasks.task_create(workspace=p.shared, title="Order wood", created_by=p.alice)
    _, secret = token_create(user=p.bob, name="tests")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    shared = client.get("/api/v1/activity", HTTP_X_WORKSPACE=str(p.shared.uuid), **auth).json()
    first = shared["items"][0]
    assert (first["actor"], first["verb"], first["kind"], first["title"]) == (
        "Alice",
        "added",
        "task",
        "Order wood",
    )
    assert first["text"] == "Alice added “Order wood”"
    assert shared["count"] == 2  # and Bob joining
    assert client.get("/api/v1/activity", **auth).json() == {"items": [], "count": 0}


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_old_lines_are_pruned(personas):
    p = personas
    with as_user(p.alice.pk):
        tasks.task_create(workspace=p.shared, title="Old", created_by=p.alice)
    later = timezone.now() + services.KEEP + dt.timedelta(minutes=1)
    assert services.prune(now=later) == 2
    assert services.prune(now=later) == 0
