from __future__ import annotations

import pytest

from minime.accounts.tokens import token_create
from minime.areas.services import area_create
from minime.core.db import as_user
from minime.goals import services
from minime.goals.models import Goal
from minime.tasks.models import Project, Task, TaskStatus

JSON = "application/json"


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _create(api, **body):
    return api.post("/api/v1/goals", body, content_type=JSON)


def test_create_read_update_delete(api, alice, ws):
    with as_user(alice.pk):
        area = area_create(workspace=ws, name="Health")
    created = _create(api, title="Run 100 km", area=str(area.uuid), measure_target=100)
    assert created.status_code == 201
    goal = created.json()
    assert goal["version"] == 1 and goal["status"] == "active" and goal["area"] == str(area.uuid)
    assert goal["measure_current"] == 0 and goal["milestones"] == []
    assert goal["progress"] == {"percent": 0, "basis": "measure", "label": "0 of 100"}
    assert goal["has_no_work"] is True
    url = f"/api/v1/goals/{goal['uuid']}"
    assert api.get(url).json()["title"] == "Run 100 km"
    patched = api.patch(
        url, {"version": 1, "measure_current": 42.5, "measure_unit": "km"}, content_type=JSON
    )
    assert patched.status_code == 200
    body = patched.json()
    assert body["version"] == 2 and body["measure_current"] == 42.5
    assert body["progress"]["label"] == "42.5 of 100 km" and body["title"] == "Run 100 km"
    cleared = api.patch(url, {"version": 2, "area": None}, content_type=JSON)
    assert cleared.json()["area"] is None
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_stale_version_answers_409_with_the_current_version(api):
    goal = _create(api, title="Learn Spanish").json()
    url = f"/api/v1/goals/{goal['uuid']}"
    api.patch(url, {"version": 1, "why": "Travel"}, content_type=JSON)
    response = api.patch(url, {"version": 1, "title": "Learn Italian"}, content_type=JSON)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current_version"] == 2
    assert api.get(url).json()["title"] == "Learn Spanish"


def test_invalid_input_uses_the_error_envelope_with_fields(api):
    response = _create(api, title="", status="x", target_date="soon")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and {"title", "target_date"} <= set(error["fields"])
    error = _create(api, title="Read", measure_target=10, measure_current=-1).json()["error"]
    assert error["fields"] == {"measure_current": ["The current value cannot be below zero."]}


def test_an_area_of_another_workspace_is_a_field_error(api, charlie, personas):
    with as_user(charlie.pk):
        theirs = area_create(workspace=personas.personal(charlie), name="Secret")
    response = _create(api, title="Mine", area=str(theirs.uuid))
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"area": ["No such life area in this workspace."]}


def test_list_is_paginated_and_filtered_by_status_and_area(api, alice, ws):
    with as_user(alice.pk):
        area = area_create(workspace=ws, name="Health")
    for i in range(5):
        _create(api, title=f"Goal {i}", area=str(area.uuid) if i < 2 else None)
    first = api.get("/api/v1/goals?limit=2").json()
    assert first["count"] == 5 and [g["title"] for g in first["items"]] == ["Goal 0", "Goal 1"]
    achieved = first["items"][0]["uuid"]
    api.post(f"/api/v1/goals/{achieved}/status", {"status": "achieved"}, content_type=JSON)
    assert [g["uuid"] for g in api.get("/api/v1/goals?status=achieved").json()["items"]] == [
        achieved
    ]
    assert api.get("/api/v1/goals?status=active").json()["count"] == 4
    assert api.get(f"/api/v1/goals?area={area.uuid}").json()["count"] == 2
    assert api.get("/api/v1/goals?status=finished").status_code == 422


def test_list_items_carry_progress_and_counts(api, alice, ws):
    goal = _create(api, title="Run").json()
    with as_user(alice.pk):
        stored = Goal.objects.get(uuid=goal["uuid"])
        project = Project.objects.create(workspace=ws, title="Plan", goal=stored)
        Task.objects.create(workspace=ws, title="A", goal=stored, status=TaskStatus.DONE)
        Task.objects.create(workspace=ws, title="B", project=project)
    (item,) = api.get("/api/v1/goals").json()["items"]
    assert item["progress"] == {"percent": 50, "basis": "work", "label": "1 of 2 tasks done"}
    assert (item["open_tasks"], item["done_tasks"], item["project_count"]) == (1, 1, 1)
    assert item["has_no_work"] is False


def test_setting_the_status(api):
    goal = _create(api, title="Run").json()
    url = f"/api/v1/goals/{goal['uuid']}/status"
    achieved = api.post(url, {"status": "achieved"}, content_type=JSON).json()
    assert achieved["status"] == "achieved" and achieved["achieved_at"] is not None
    assert achieved["version"] == 2
    active = api.post(url, {"status": "active"}, content_type=JSON).json()
    assert active["achieved_at"] is None
    response = api.post(url, {"status": "done"}, content_type=JSON)
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"


def test_milestones_end_to_end(api):
    goal = _create(api, title="Run a half marathon").json()
    url = f"/api/v1/goals/{goal['uuid']}/milestones"
    created = [
        api.post(url, {"title": t, "target_date": "2030-03-01"}, content_type=JSON)
        for t in ("5 km", "10 km")
    ]
    assert [r.status_code for r in created] == [201, 201]
    first = created[0].json()
    assert first["goal"] == goal["uuid"] and first["done"] is False and first["version"] == 1
    listed = api.get(url).json()
    assert listed["count"] == 2 and [m["title"] for m in listed["items"]] == ["5 km", "10 km"]

    m_url = f"/api/v1/milestones/{first['uuid']}"
    done = api.post(f"{m_url}/complete", content_type=JSON).json()
    assert done["done"] is True and done["done_at"] is not None
    detail = api.get(f"/api/v1/goals/{goal['uuid']}").json()
    assert detail["progress"] == {
        "percent": 50,
        "basis": "milestones",
        "label": "1 of 2 milestones",
    }
    assert [m["title"] for m in detail["milestones"]] == ["5 km", "10 km"]
    reopened = api.post(f"{m_url}/reopen", content_type=JSON).json()
    assert reopened["done"] is False and reopened["done_at"] is None

    version = reopened["version"]
    patched = api.patch(m_url, {"version": version, "title": "5 km easy"}, content_type=JSON)
    assert patched.status_code == 200 and patched.json()["title"] == "5 km easy"
    stale = api.patch(m_url, {"version": version, "title": "Five"}, content_type=JSON)
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    blank = api.patch(m_url, {"version": version + 1, "title": ""}, content_type=JSON)
    assert blank.status_code == 422 and "title" in blank.json()["error"]["fields"]

    assert api.delete(m_url).status_code == 204
    assert api.get(url).json()["count"] == 1
    assert api.delete(m_url).status_code == 404


def test_another_workspaces_goals_and_milestones_are_404(api, client, charlie):
    goal = _create(api, title="Run").json()
    milestone = api.post(
        f"/api/v1/goals/{goal['uuid']}/milestones", {"title": "5 km"}, content_type=JSON
    ).json()
    _, secret = token_create(user=charlie, name="tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    g_url, m_url = f"/api/v1/goals/{goal['uuid']}", f"/api/v1/milestones/{milestone['uuid']}"
    assert client.get(g_url).status_code == 404
    assert client.get(f"{g_url}/milestones").status_code == 404
    assert client.patch(g_url, {"version": 1, "title": "X"}, content_type=JSON).status_code == 404
    assert (
        client.post(f"{g_url}/status", {"status": "dropped"}, content_type=JSON).status_code == 404
    )
    assert client.post(f"{m_url}/complete").status_code == 404
    assert client.delete(m_url).status_code == 404
    assert client.delete(g_url).status_code == 404
    error = client.get(g_url).json()["error"]
    assert error["code"] == "not_found"
    assert client.get("/api/v1/goals").json()["count"] == 0


def test_the_list_endpoint_makes_the_same_number_of_queries_for_3_or_30_goals(
    api, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    url = "/api/v1/goals?limit=100"

    def fill(start, count):
        with as_user(alice.pk):
            area = area_create(workspace=ws, name=f"Area {start}")
            for i in range(start, start + count):
                goal = services.goal_create(workspace=ws, title=f"Goal {i}", area=area)
                milestone = services.milestone_create(goal=goal, title="First")
                services.milestone_complete(milestone=milestone)
                services.milestone_create(goal=goal, title="Second")
                Task.objects.create(workspace=ws, title=f"Task {i}", goal=goal)

    fill(0, 3)
    assert api.get(url).status_code == 200  # the token's first use writes its last-used time
    with django_assert_max_num_queries(15) as measured:
        assert api.get(url).status_code == 200
    few = len(measured)
    fill(3, 27)
    with django_assert_num_queries(few):
        assert api.get(url).json()["count"] == 30
