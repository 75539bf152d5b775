"""A PATCH body's null clears a field that can be empty and leaves any other as it is (every
patch field is nullable in the OpenAPI, so clients may send null for any of them)."""

from __future__ import annotations

from django.test import Client

from minime.accounts.tokens import token_create

JSON = "application/json"


def test_null_fields_in_an_area_patch_leave_them_as_they_are(alice):
    _, secret = token_create(user=alice, name="tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    area = api.post(
        "/api/v1/areas",
        {"name": "Health", "colour": "green", "weekly_target_minutes": 90},
        content_type=JSON,
    ).json()

    nulls = {"name": None, "colour": None, "icon": None, "importance": None, "is_active": None}
    answer = api.patch(
        f"/api/v1/areas/{area['uuid']}", {"version": area["version"], **nulls}, content_type=JSON
    )

    assert answer.status_code == 200
    changed = answer.json()
    for field in (*nulls, "weekly_target_minutes"):
        assert changed[field] == area[field]


def test_a_null_weekly_target_clears_it(alice):
    _, secret = token_create(user=alice, name="tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    area = api.post(
        "/api/v1/areas", {"name": "Work", "weekly_target_minutes": 90}, content_type=JSON
    ).json()

    answer = api.patch(
        f"/api/v1/areas/{area['uuid']}",
        {"version": area["version"], "weekly_target_minutes": None},
        content_type=JSON,
    )

    assert answer.status_code == 200
    assert answer.json()["weekly_target_minutes"] is None


def test_a_task_patch_null_leaves_the_title_and_clears_the_due_date(alice):
    _, secret = token_create(user=alice, name="tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    task = api.post(
        "/api/v1/tasks", {"title": "Call", "due_date": "2026-03-01"}, content_type=JSON
    ).json()

    answer = api.patch(
        f"/api/v1/tasks/{task['uuid']}",
        {"version": task["version"], "title": None, "priority": None, "due_date": None},
        content_type=JSON,
    )

    assert answer.status_code == 200
    assert answer.json()["title"] == "Call"
    assert answer.json()["priority"] == task["priority"]
    assert answer.json()["due_date"] is None


def test_a_null_milestone_title_leaves_it(alice):
    _, secret = token_create(user=alice, name="tests")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    goal = api.post("/api/v1/goals", {"title": "Run a 10k"}, content_type=JSON).json()
    milestone = api.post(
        f"/api/v1/goals/{goal['uuid']}/milestones", {"title": "5k"}, content_type=JSON
    ).json()

    answer = api.patch(
        f"/api/v1/milestones/{milestone['uuid']}",
        {"version": milestone["version"], "title": None},
        content_type=JSON,
    )

    assert answer.status_code == 200
    assert answer.json()["title"] == "5k"
