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
    response = client.post(
        f"/tasks/{task.uuid}/rename/",
        {"title": "Buy soy milk", "version": 1},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 422  # the tasks script swaps it in, in place of the row
    assert "changed somewhere else" in html
    assert 'value="Buy soy milk"' in html and 'aria-invalid="true"' in html
    response = client.post(
        f"/tasks/{task.uuid}/rename/", {"title": "  ", "version": 2}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 422 and "Give the task a title." in html
    assert f'aria-describedby="rename-{task.uuid}-error"' in html and 'role="alert"' in html
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


def test_a_click_on_the_title_asks_htmx_for_the_rename_form(client, alice, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    page = client.get("/tasks/").content.decode()
    assert f'hx-get="/tasks/{task.uuid}/rename/?list=index" hx-target="this"' in page
    assert f'href="/tasks/{task.uuid}/"' in page  # without JavaScript: the task's page
    assert "task-rename" not in page and "<summary>Rename" not in page
    response = client.get(
        f"/tasks/{task.uuid}/rename/?list=index",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/tasks/?q=milk",
    )
    html = response.content.decode()
    assert response.status_code == 200 and html.startswith("<form")
    assert 'name="title"' in html and 'value="Buy milk"' in html and "data-rename" in html
    assert 'name="version" value="1"' in html and 'name="next" value="/tasks/?q=milk"' in html
    assert f'hx-get="/tasks/{task.uuid}/title/?list=index"' in html and "data-rename-cancel" in html


def test_cancel_puts_the_title_back_and_plain_gets_open_the_task_page(client, alice, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    html = client.get(f"/tasks/{task.uuid}/title/", HTTP_HX_REQUEST="true").content.decode()
    assert html.startswith('<a class="task-title"') and "autofocus" in html
    assert 'data-action="edit">Buy milk</a>' in html
    for path in ("rename/", "title/"):
        response = client.get(f"/tasks/{task.uuid}/{path}")
        assert response.status_code == 302 and response["Location"] == f"/tasks/{task.uuid}/"


def test_a_saved_rename_gives_the_focus_back_to_the_title(client, alice, personas):
    task = _task(alice, personas.personal(alice))
    client.force_login(alice)
    html = client.post(
        f"/tasks/{task.uuid}/rename/",
        {"title": "Buy bread", "version": 1, "next": "/tasks/"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert 'autofocus data-action="edit">Buy bread</a>' in html
