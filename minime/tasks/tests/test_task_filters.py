"""Each filter and the search, through the selector, the /tasks/ page and /api/v1/tasks."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.goals.models import Goal
from minime.tasks import services
from minime.tasks.selectors import TaskFilters, task_list

OPEN = {"Call mum", "Write report", "Plan holiday", "Someday idea", "Far away"}


@pytest.fixture
def data(personas, alice):
    today = timezone.localdate()
    with as_user(alice.pk):
        ws = personas.personal(alice)
        home = services.project_create(workspace=ws, title="Home")
        work = services.project_create(workspace=ws, title="Work")
        family = area_create(workspace=ws, name="Family")
        trip = Goal.objects.create(workspace=ws, title="Trip")
        services.task_create(
            workspace=ws,
            title="Call mum",
            notes="About the weekend",
            labels=["calls"],
            energy="low",
            estimate_minutes=10,
            due_date=today,
            project=home,
            area=family,
            goal=trip,
        )
        services.task_create(
            workspace=ws,
            title="Write report",
            labels=["work"],
            energy="high",
            estimate_minutes=90,
            due_date=today - timedelta(days=1),
            project=work,
        )
        holiday = services.task_create(
            workspace=ws,
            title="Plan holiday",
            notes="Call the hotel first",
            due_date=today + timedelta(days=5),
            goal=trip,
        )
        services.task_create(workspace=ws, title="Pack", parent=holiday)
        services.task_create(workspace=ws, title="Someday idea")
        services.task_create(workspace=ws, title="Far away", due_date=today + timedelta(days=30))
        done = services.task_create(workspace=ws, title="Done thing", due_date=today)
        services.task_complete(task=done, user=alice)
    return SimpleNamespace(ws=ws, today=today, home=home, family=family, trip=trip)


# (filters, expected titles); values that name objects are looked up on `data`.
CASES: list[tuple[dict[str, Any], set[str]]] = [
    ({}, OPEN),
    ({"status": "done"}, {"Done thing"}),
    ({"status": "all"}, {*OPEN, "Done thing"}),
    ({"project": "home"}, {"Call mum"}),
    ({"area": "family"}, {"Call mum"}),
    ({"goal": "trip"}, {"Call mum", "Plan holiday"}),
    ({"label": "CALLS"}, {"Call mum"}),
    ({"due": "overdue"}, {"Write report"}),
    ({"due": "today"}, {"Call mum"}),
    ({"due": "next7"}, {"Call mum", "Plan holiday"}),
    ({"due": "none"}, {"Someday idea"}),
    ({"energy": "low"}, {"Call mum"}),
    ({"fits_in": 15}, {"Call mum"}),
    ({"fits_in": 90}, {"Call mum", "Write report"}),
    ({"q": "CALL"}, {"Call mum", "Plan holiday"}),
    ({"q": "weekend"}, {"Call mum"}),
    ({"q": "nothing like it"}, set()),
    ({"energy": "high", "fits_in": 30}, set()),
]
IDS = [",".join(f"{k}={v}" for k, v in case.items()) or "default" for case, _ in CASES]


def _values(data, case: dict) -> dict:
    lookup = {"project": "home", "area": "family", "goal": "trip"}
    return {k: (getattr(data, v).uuid if lookup.get(k) == v else v) for k, v in case.items()}


@pytest.mark.parametrize(("case", "expected"), CASES, ids=IDS)
def test_the_selector_filters(data, alice, case, expected):
    with as_user(alice.pk):
        tasks = task_list(data.ws, filters=TaskFilters(**_values(data, case)))
        assert {t.title for t in tasks} == expected


@pytest.mark.parametrize(("case", "expected"), CASES, ids=IDS)
def test_the_page_filters(data, signed_in, case, expected):
    page = signed_in.get("/tasks/", _values(data, case)).content.decode()
    shown = {title for title in {*OPEN, "Done thing"} if f'data-action="edit">{title}</a>' in page}
    assert shown == expected


@pytest.mark.parametrize(("case", "expected"), CASES, ids=IDS)
def test_the_api_filters(data, api, case, expected):
    response = api.get("/api/v1/tasks", {**_values(data, case), "limit": 100})
    assert response.status_code == 200
    assert {t["title"] for t in response.json()["items"]} == expected


def test_explicit_due_dates_and_subtasks_in_the_list(data, api, alice):
    after = {"due_after": data.today + timedelta(days=6)}
    before = {"due_before": data.today + timedelta(days=1)}
    with as_user(alice.pk):
        assert {t.title for t in task_list(data.ws, filters=TaskFilters(**after))} == {"Far away"}
        flat = task_list(data.ws, filters=TaskFilters(top_level_only=False))
        assert "Pack" in {t.title for t in flat}
    items = api.get("/api/v1/tasks", {**before, "limit": 100}).json()["items"]
    assert {t["title"] for t in items} == {"Call mum", "Write report"}
    items = api.get("/api/v1/tasks", {"top_level_only": "false", "limit": 100}).json()["items"]
    assert {t["title"] for t in items} == {*OPEN, "Pack"}


def test_subtasks_show_under_their_parent(data, signed_in):
    page = signed_in.get("/tasks/").content.decode()
    holiday = page.index('data-action="edit">Plan holiday</a>')
    assert holiday < page.index('data-action="edit">Pack</a>') < page.index("Someday idea")


def test_the_filter_bar_keeps_what_was_chosen(data, signed_in):
    query = {"q": "call", "project": str(data.home.uuid), "due": "today", "fits_in": "20"}
    page = signed_in.get("/tasks/", {**query, "energy": "low", "status": "open"}).content.decode()
    assert 'value="call"' in page and 'value="20"' in page
    assert f'<option value="{data.home.uuid}" selected>' in page
    assert '<option value="today" selected>' in page
    assert '<option value="low" selected>' in page
    assert 'data-hotkey="search"' in page
    assert "Clear filters" in page


def test_bad_filter_values_are_explained_not_fatal(data, signed_in, api):
    response = signed_in.get("/tasks/", {"fits_in": "soon", "project": "nope"})
    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    assert api.get("/api/v1/tasks", {"due": "someday"}).status_code == 422
    assert api.get("/api/v1/tasks", {"fits_in": 0}).status_code == 422


def test_due_windows_follow_the_users_date(data, alice):
    tomorrow = data.today + timedelta(days=1)
    with as_user(alice.pk):
        overdue = task_list(data.ws, filters=TaskFilters(due="overdue"), today=tomorrow)
        assert {t.title for t in overdue} == {"Write report", "Call mum"}
        assert isinstance(data.today, date)
