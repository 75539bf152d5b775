"""Each list page and list endpoint runs as many queries for 3 tasks as for 30 (with labels,
subtasks, a project, an area and a goal on every one)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.goals.models import Goal
from minime.tasks import services


@pytest.fixture
def grow(alice, home):
    """Call with n: makes the workspace hold n tasks (and a project per 10 of them)."""
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="Main")
        area = area_create(workspace=home, name="Work")
        goal = Goal.objects.create(workspace=home, title="Ship")
    made: list = []

    def to(n: int):
        with as_user(alice.pk):
            while len(made) < n:
                i = len(made)
                if i % 10 == 0:
                    services.project_create(workspace=home, title=f"Project {i}")
                task = services.task_create(
                    workspace=home,
                    title=f"Task {i}",
                    project=project,
                    area=area,
                    goal=goal,
                    labels=[f"label {i}", "shared"],
                    # Spread over days (before and after today), some planned, some undated:
                    # grouped by when, the list has many groups.
                    due_date=date(2026, 5, 1) + timedelta(days=40 * (i % 7)) if i % 5 else None,
                    do_on=timezone.localdate() + timedelta(days=i % 4) if i % 3 == 0 else None,
                    priority=i % 4,
                    recurrence="FREQ=WEEKLY" if i % 2 and i % 5 else "",
                )
                for j in range(2):
                    services.task_create(workspace=home, title=f"Step {i}.{j}", parent=task)
                made.append(task)
        return project

    return to


@pytest.mark.parametrize(
    "url",
    [
        "/tasks/",
        "/tasks/?label=shared&q=task",
        "/tasks/?group=project&sort=due",
        "/tasks/?group=priority&sort=priority",
        "/tasks/?group=area&sort=created",
        "/tasks/?group=none",
        "/tasks/projects/",
        "/tasks/projects/{project}/",
        "/tasks/labels/",
    ],
)
def test_pages_make_the_same_number_of_queries_for_3_or_30_tasks(
    signed_in, grow, url, django_assert_max_num_queries, django_assert_num_queries
):
    project = grow(3)
    url = url.format(project=project.uuid)
    with django_assert_max_num_queries(25) as measured:
        assert signed_in.get(url).status_code == 200
    few = len(measured)
    grow(30)
    with django_assert_num_queries(few):
        response = signed_in.get(url)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Task 29" in page or "label 29" in page or "Project 20" in page


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/tasks?limit=100",
        "/api/v1/tasks?limit=100&top_level_only=false&status=all",
        "/api/v1/projects?limit=100",
        "/api/v1/labels?limit=100",
    ],
)
def test_list_endpoints_make_the_same_number_of_queries_for_3_or_30_tasks(
    api, grow, url, django_assert_max_num_queries, django_assert_num_queries
):
    grow(3)
    api.get(url)  # the token's last use is written at most once a minute: get it done first
    with django_assert_max_num_queries(20) as measured:
        assert api.get(url).status_code == 200
    few = len(measured)
    grow(30)
    with django_assert_num_queries(few):
        response = api.get(url)
    assert response.status_code == 200 and response.json()["count"] >= 4
