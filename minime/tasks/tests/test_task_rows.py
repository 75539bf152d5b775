"""A row of the task list: title and chips on one line, one menu for the rest."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Task


def _row(page: str, task: Task) -> str:
    start = page.index(f'id="task-{task.uuid}"')
    return page[start : page.index("</li>", page.index("</details>", start))]


def test_a_row_keeps_its_actions_in_one_menu(signed_in, alice, home):
    with as_user(alice.pk):
        task = services.task_create(
            workspace=home,
            title="Stretch",
            due_date=timezone.localdate(),
            recurrence="FREQ=DAILY",
            do_on=timezone.localdate() - timedelta(days=1),
        )
    page = signed_in.get("/tasks/").content.decode()
    row = _row(page, task)
    menu = row[row.index('<details class="menu" data-menu>') :]
    assert '<summary class="menu__button" title="More actions"><svg' in menu
    assert '<span class="visually-hidden">More actions for Stretch</span></summary>' in menu
    for action in ("Open and edit", "Move up", "Move down", "Plan for", "Skip this one", "Delete"):
        assert action in menu, action
    assert f'formaction="/tasks/{task.uuid}/drop/" hx-post="/tasks/{task.uuid}/drop/"' in menu
    assert f'formaction="/tasks/{task.uuid}/plan/" name="on" value="none">No day' in menu
    # Gone from every row: the Rename disclosure and the up and down arrows.
    assert "<summary>Rename" not in page and "↑" not in page and "↓" not in page
    assert "↻" not in page and "Every day" in row and "Planned " in row


def test_a_closed_row_offers_only_open_and_delete(signed_in, alice, home):
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Stretch")
        services.task_complete(task=task, user=alice)
    row = _row(signed_in.get("/tasks/?status=done").content.decode(), task)
    assert "Open and edit" in row and "Delete" in row
    assert "Move up" not in row and "Plan for" not in row and "hx-get" not in row


def test_planning_a_task_for_a_day_from_its_menu(signed_in, alice, home):
    today = timezone.localdate()
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Stretch")
    url = f"/tasks/{task.uuid}/plan/"
    response = signed_in.post(url, {"on": "tomorrow", "next": "/tasks/?q=str"})
    assert response["Location"] == f"/tasks/?q=str#task-{task.uuid}"
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).do_on == today + timedelta(days=1)
    page = signed_in.get("/tasks/").content.decode()
    assert "Planned “Stretch” for tomorrow." in page and ">Tomorrow <span" in page
    signed_in.post(url, {"on": "next_week"})
    with as_user(alice.pk):
        planned = Task.objects.get(pk=task.pk).do_on
    assert planned is not None and planned.weekday() == 0 and planned > today
    signed_in.post(url, {"on": "none"})
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).do_on is None
    response = signed_in.post(url, {"on": "someday soon"}, follow=True)
    assert "Choose a day to plan it for." in response.content.decode()


def test_planning_after_the_due_date_says_where_the_task_stays(signed_in, alice, home):
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Stretch", due_date=timezone.localdate())
    response = signed_in.post(f"/tasks/{task.uuid}/plan/", {"on": "tomorrow"}, follow=True)
    assert "so it stays listed under that day" in response.content.decode()
