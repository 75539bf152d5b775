"""Ordering by hand: the move endpoint the rows' script posts to (after or before a neighbour, in
the group the list shows), the rows' Move up / Move down, and the task page's Position field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.selectors import TaskFilters, task_list

JSON = {"HTTP_ACCEPT": "application/json"}


def _titles(alice, home, **filters):
    with as_user(alice.pk):
        return [t.title for t in task_list(home, filters=TaskFilters(**filters))]


@pytest.fixture
def day(alice, home):
    """Three tasks for today with two others between them, and one for tomorrow."""
    today = timezone.localdate()
    with as_user(alice.pk):
        make = services.task_create
        tasks = {
            "milk": make(workspace=home, title="Buy milk", due_date=today),
            "later": make(workspace=home, title="Later", due_date=today + timedelta(days=1)),
            "call": make(workspace=home, title="Call mum", do_on=today),
            "idea": make(workspace=home, title="Idea"),
            "pay": make(workspace=home, title="Pay rent", due_date=today),
        }
    return tasks


def test_moving_after_a_neighbour_answers_where_it_now_stands(signed_in, alice, home, day):
    response = signed_in.post(
        f"/tasks/{day['milk'].uuid}/move/", {"after": day["pay"].uuid, "next": "/tasks/"}, **JSON
    )
    assert response.status_code == 200
    assert response.json() == {"position": 3, "count": 3, "title": "Buy milk"}
    # Within Today only: the tasks of other groups keep their places.
    assert _titles(alice, home) == ["Call mum", "Later", "Pay rent", "Idea", "Buy milk"]
    response = signed_in.post(
        f"/tasks/{day['milk'].uuid}/move/", {"before": day["call"].uuid, "next": "/tasks/"}, **JSON
    )
    assert response.json() == {"position": 1, "count": 3, "title": "Buy milk"}
    assert _titles(alice, home) == ["Buy milk", "Later", "Call mum", "Idea", "Pay rent"]


def test_a_move_follows_the_grouping_of_the_list_it_was_made_in(signed_in, alice, home, day):
    # Grouped by nothing, the whole list is one group: "after Later" is the third place.
    response = signed_in.post(
        f"/tasks/{day['pay'].uuid}/move/",
        {"after": day["later"].uuid, "next": "/tasks/?group=none"},
        **JSON,
    )
    assert response.json() == {"position": 3, "count": 5, "title": "Pay rent"}
    assert _titles(alice, home) == ["Buy milk", "Later", "Pay rent", "Call mum", "Idea"]


def test_a_move_outside_the_tasks_group_is_refused_with_a_message(signed_in, alice, home, day):
    response = signed_in.post(
        f"/tasks/{day['milk'].uuid}/move/", {"after": day["later"].uuid, "next": "/tasks/"}, **JSON
    )
    assert response.status_code == 409
    assert "isn't in that list" in response.json()["error"]["message"]
    response = signed_in.post(
        f"/tasks/{day['milk'].uuid}/move/",
        {"after": day["call"].uuid, "next": "/tasks/?q=rent"},  # not in a list that finds "rent"
        **JSON,
    )
    assert response.status_code == 409
    response = signed_in.post(f"/tasks/{day['milk'].uuid}/move/", {"next": "/tasks/"}, **JSON)
    assert response.status_code == 422  # nowhere said
    assert response.json()["error"]["message"].startswith("Say where to move it")
    assert _titles(alice, home)[0] == "Buy milk"


def test_a_form_post_moves_by_one_and_comes_back_to_the_row(signed_in, alice, home, day):
    response = signed_in.post(
        f"/tasks/{day['pay'].uuid}/move/", {"direction": "up", "next": "/tasks/"}
    )
    assert response["Location"] == f"/tasks/#task-{day['pay'].uuid}"
    assert _titles(alice, home) == ["Buy milk", "Later", "Pay rent", "Idea", "Call mum"]
    page = signed_in.get(response["Location"]).content.decode()
    assert "Moved “Pay rent” to position 2 of 3." in page


def test_the_task_page_offers_its_position_without_javascript(signed_in, alice, home, day):
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="Errands")
        services.task_update(task=day["pay"], expected_version=None, project=project)
        services.task_create(workspace=home, title="Post letter", project=project)
    page = signed_in.get(f"/tasks/{day['pay'].uuid}/").content.decode()
    assert "Position in Today (Tasks list)" in page
    assert 'name="position" min="1" max="3" value="3"' in page
    assert "Position in the project Errands" in page
    assert 'name="position" min="1" max="2" value="1"' in page
    response = signed_in.post(
        f"/tasks/{day['pay'].uuid}/move/", {"position": "1", "list": "index", "next": "/tasks/"}
    )
    assert response["Location"] == f"/tasks/#task-{day['pay'].uuid}"
    assert _titles(alice, home)[:3] == ["Pay rent", "Later", "Buy milk"]
    response = signed_in.post(
        f"/tasks/{day['pay'].uuid}/move/",
        {"position": "2", "list": "project", "next": f"/tasks/projects/{project.uuid}/"},
    )
    assert response["Location"] == f"/tasks/projects/{project.uuid}/#task-{day['pay'].uuid}"
    assert _titles(alice, home, project=project.uuid) == ["Post letter", "Pay rent"]


def test_a_task_alone_in_its_lists_has_no_position_to_change(signed_in, alice, home, day):
    page = signed_in.get(f"/tasks/{day['later'].uuid}/").content.decode()
    assert 'name="position"' not in page
    with as_user(alice.pk):
        services.task_complete(task=day["milk"], user=alice)
    assert 'name="position"' not in signed_in.get(f"/tasks/{day['milk'].uuid}/").content.decode()


def test_a_bad_position_is_explained(signed_in, alice, home, day):
    response = signed_in.post(
        f"/tasks/{day['pay'].uuid}/move/",
        {"position": "soon", "list": "index", "next": "/tasks/"},
        follow=True,
    )
    assert "Say where to move it: a position of 1 or more" in response.content.decode()
    assert _titles(alice, home)[-1] == "Pay rent"
