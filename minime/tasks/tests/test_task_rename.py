"""Inline edit of a task's title from its row."""

from __future__ import annotations

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Task


def _task(alice, ws, title="Buy milk"):
    with as_user(alice.pk):
        return services.task_create(workspace=ws, title=title)


def test_renaming_with_htmx_returns_the_row_with_the_new_title(client, alice, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    response = client.post(
        f"/tasks/{task.uuid}/rename/",
        {"title": "Buy oat milk", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith("<li") or html.lstrip().startswith("<li")
    assert "Buy oat milk" in html
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).title == "Buy oat milk"


def test_a_stale_or_empty_rename_is_explained_in_the_row_and_keeps_what_was_typed(
    client, alice, personas
):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    with as_user(alice.pk):
        services.task_update(task=task, expected_version=1, title="Buy milk today")
    html = client.post(
        f"/tasks/{task.uuid}/rename/",
        {"title": "Buy soy milk", "version": 1},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "changed somewhere else" in html
    assert 'value="Buy soy milk"' in html
    html = client.post(
        f"/tasks/{task.uuid}/rename/", {"title": "  ", "version": 2}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Give the task a title." in html
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).title == "Buy milk today"


def test_renaming_without_javascript_redirects_back(client, alice, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    response = client.post(
        f"/tasks/{task.uuid}/rename/", {"title": "Buy bread", "version": 1, "next": "/tasks/?q=buy"}
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/?q=buy"


def test_another_workspaces_task_cannot_be_renamed(client, alice, charlie, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(charlie)
    assert (
        client.post(f"/tasks/{task.uuid}/rename/", {"title": "x", "version": 1}).status_code == 404
    )
