from __future__ import annotations

from minime.accounts.tokens import token_create
from minime.core.db import as_user
from minime.tasks import services


def _post(api, url, **body):
    return api.post(url, body, content_type="application/json")


def _patch(api, url, **body):
    return api.patch(url, body, content_type="application/json")


def test_create_read_update_delete(api):
    project = _post(api, "/api/v1/projects", title="Home").json()
    created = _post(
        api,
        "/api/v1/tasks",
        title="Paint door",
        due_date="2026-05-04",
        due_time="09:30",
        priority=2,
        labels=["home", "Weekend"],
        project=project["uuid"],
        estimate_minutes=60,
        energy="high",
    )
    assert created.status_code == 201
    task = created.json()
    assert task["version"] == 1 and task["status"] == "open" and task["source"] == "typed"
    assert task["project"] == project["uuid"] and sorted(task["labels"]) == ["Weekend", "home"]
    assert task["due_time"] == "09:30:00" and task["parent"] is None
    url = f"/api/v1/tasks/{task['uuid']}"
    assert api.get(url).json()["title"] == "Paint door"
    patched = _patch(api, url, version=1, title="Paint the door", labels=["home"], project=None)
    assert patched.status_code == 200
    body = patched.json()
    assert (body["title"], body["labels"], body["project"], body["version"]) == (
        "Paint the door",
        ["home"],
        None,
        2,
    )
    assert body["priority"] == 2  # untouched fields stay
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_deep_work_through_the_api(api):
    plain = _post(api, "/api/v1/tasks", title="Reply to Sam").json()
    assert plain["deep_work"] is False
    created = _post(api, "/api/v1/tasks", title="Write the chapter", deep_work=True)
    assert created.status_code == 201 and created.json()["deep_work"] is True
    url = f"/api/v1/tasks/{created.json()['uuid']}"
    assert api.get(url).json()["deep_work"] is True
    kept = _patch(api, url, version=1, title="Write chapter 2")  # left out: kept
    assert kept.status_code == 200 and kept.json()["deep_work"] is True
    turned_off = _patch(api, url, version=2, deep_work=False)
    assert turned_off.status_code == 200
    assert (turned_off.json()["deep_work"], turned_off.json()["version"]) == (False, 3)
    assert _patch(api, url, version=3, deep_work=True).json()["deep_work"] is True
    listed = api.get("/api/v1/tasks").json()["items"]
    assert {t["title"]: t["deep_work"] for t in listed} == {
        "Reply to Sam": False,
        "Write chapter 2": True,
    }


def test_deep_work_must_be_true_or_false(api):
    response = _post(api, "/api/v1/tasks", title="Write", deep_work="yes")
    assert response.status_code == 422
    assert "deep_work" in response.json()["error"]["fields"]
    task = _post(api, "/api/v1/tasks", title="Write").json()
    response = _patch(api, f"/api/v1/tasks/{task['uuid']}", version=1, deep_work=1)
    assert response.status_code == 422
    assert "deep_work" in response.json()["error"]["fields"]
    assert api.get(f"/api/v1/tasks/{task['uuid']}").json()["deep_work"] is False


def test_subtasks_by_parent_uuid(api):
    parent = _post(api, "/api/v1/tasks", title="Trip").json()
    sub = _post(api, "/api/v1/tasks", title="Pack", parent=parent["uuid"]).json()
    assert sub["parent"] == parent["uuid"]
    assert api.get(f"/api/v1/tasks/{parent['uuid']}").json()["subtasks"] == [sub["uuid"]]


def test_a_stale_version_answers_409_with_the_current_version(api):
    task = _post(api, "/api/v1/tasks", title="Write").json()
    url = f"/api/v1/tasks/{task['uuid']}"
    _patch(api, url, version=1, priority=3)
    response = _patch(api, url, version=1, title="Rewrite")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current_version"] == 2
    assert api.get(url).json()["title"] == "Write"


def test_invalid_input_uses_the_error_envelope_with_fields(api):
    response = _post(api, "/api/v1/tasks", title="", priority=9, energy="sleepy")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"title", "priority", "energy"} <= set(error["fields"])
    response = _post(api, "/api/v1/tasks", title="Daily", recurrence="FREQ=DAILY")
    assert response.json()["error"]["fields"] == {
        "due_date": ["A repeating task needs a due date."]
    }
    response = _post(api, "/api/v1/tasks", title="X", due_date="2026-01-01", recurrence="nope")
    assert "recurrence" in response.json()["error"]["fields"]


def test_another_workspaces_project_uuid_is_refused(api, bob, personas):
    with as_user(bob.pk):
        theirs = services.project_create(workspace=personas.personal(bob), title="Bob's")
    response = _post(api, "/api/v1/tasks", title="Mine", project=str(theirs.uuid))
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {"project": ["No such project in this workspace."]}
    task = _post(api, "/api/v1/tasks", title="Mine").json()
    response = _patch(api, f"/api/v1/tasks/{task['uuid']}", version=1, project=str(theirs.uuid))
    assert response.status_code == 422


def test_completing_a_repeating_task_returns_the_next_occurrence(api, alice):
    alice.time_zone = "Europe/Berlin"
    alice.save()
    task = _post(
        api,
        "/api/v1/tasks",
        title="Stand-up",
        due_date="2099-03-28",
        due_time="09:00",
        recurrence="FREQ=DAILY",
        labels=["work"],
    ).json()
    response = api.post(f"/api/v1/tasks/{task['uuid']}/complete")
    assert response.status_code == 200
    body = response.json()
    assert body["task"]["status"] == "done" and body["task"]["completed_at"]
    nxt = body["next"]
    assert (nxt["due_date"], nxt["due_time"], nxt["labels"]) == ("2099-03-29", "09:00:00", ["work"])
    assert nxt["series"] == task["series"] and nxt["uuid"] != task["uuid"]
    plain = _post(api, "/api/v1/tasks", title="Once").json()
    assert api.post(f"/api/v1/tasks/{plain['uuid']}/complete").json()["next"] is None


def test_reopen_drop_and_skip(api):
    task = _post(api, "/api/v1/tasks", title="Gym", due_date="2099-03-02", recurrence="FREQ=DAILY")
    uuid = task.json()["uuid"]
    assert api.post(f"/api/v1/tasks/{uuid}/drop").json()["status"] == "dropped"
    assert api.post(f"/api/v1/tasks/{uuid}/reopen").json()["status"] == "open"
    skipped = api.post(f"/api/v1/tasks/{uuid}/skip").json()
    assert skipped["task"]["status"] == "skipped" and skipped["next"]["due_date"] == "2099-03-03"
    response = api.post(f"/api/v1/tasks/{uuid}/skip")
    assert response.status_code == 422 and response.json()["error"]["code"] == "invalid"


def test_reordering(api):
    a, _b, c = (_post(api, "/api/v1/tasks", title=t).json()["uuid"] for t in "ABC")
    response = _post(api, "/api/v1/tasks/reorder", order=[c, a])
    assert response.status_code == 204
    items = api.get("/api/v1/tasks").json()["items"]
    assert [t["title"] for t in items] == ["C", "A", "B"]


def test_the_list_is_paginated(api):
    for i in range(5):
        _post(api, "/api/v1/tasks", title=f"Task {i}")
    page = api.get("/api/v1/tasks?limit=2&offset=2").json()
    assert page["count"] == 5 and [t["title"] for t in page["items"]] == ["Task 2", "Task 3"]


def test_another_workspaces_task_is_a_404(api, client, charlie):
    task = _post(api, "/api/v1/tasks", title="Mine").json()
    _, secret = token_create(user=charlie, name="tests")
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/tasks/{task['uuid']}"
    assert client.get(url, headers=headers).status_code == 404
    assert client.post(f"{url}/complete", headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404
    response = client.get(url, headers=headers)
    assert response.json()["error"]["code"] == "not_found"
    assert api.get(url).json()["status"] == "open"


def test_without_a_token_the_api_answers_401(client, db):
    response = client.get("/api/v1/tasks")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"
