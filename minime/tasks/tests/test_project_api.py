from __future__ import annotations

from minime.accounts.tokens import token_create
from minime.areas.services import area_create
from minime.core.db import as_user


def _post(api, url, **body):
    return api.post(url, body, content_type="application/json")


def test_project_create_read_update_delete(api, alice, home):
    with as_user(alice.pk):
        area = area_create(workspace=home, name="Home life")
    created = _post(api, "/api/v1/projects", title="Move flat", area=str(area.uuid))
    assert created.status_code == 201
    project = created.json()
    assert project["area"] == str(area.uuid) and project["status"] == "active"
    assert project["open_tasks"] == 0 and project["stuck"] is True
    url = f"/api/v1/projects/{project['uuid']}"
    task = _post(api, "/api/v1/tasks", title="Boxes", project=project["uuid"]).json()
    got = api.get(url).json()
    assert got["open_tasks"] == 1 and got["stuck"] is False
    patched = api.patch(url, {"version": 1, "status": "done"}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["status"] == "done" and patched.json()["completed_at"]
    assert patched.json()["version"] == 2
    stale = api.patch(url, {"version": 1, "title": "X"}, content_type="application/json")
    assert stale.status_code == 409
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404
    assert api.get(f"/api/v1/tasks/{task['uuid']}").json()["project"] is None


def test_projects_are_listed_by_status(api):
    _post(api, "/api/v1/projects", title="A")
    _post(api, "/api/v1/projects", title="B", status="someday")
    assert api.get("/api/v1/projects").json()["count"] == 2
    items = api.get("/api/v1/projects?status=someday").json()["items"]
    assert [p["title"] for p in items] == ["B"]
    assert api.get("/api/v1/projects?status=nope").status_code == 422


def test_project_input_errors(api, bob, personas):
    response = _post(api, "/api/v1/projects", title="", status="finished")
    assert response.status_code == 422
    assert {"title", "status"} <= set(response.json()["error"]["fields"])
    with as_user(bob.pk):
        theirs = area_create(workspace=personas.personal(bob), name="Bob's")
    response = _post(api, "/api/v1/projects", title="Mine", area=str(theirs.uuid))
    assert response.json()["error"]["fields"] == {"area": ["No such life area in this workspace."]}


def test_reordering_projects(api):
    a, b = (_post(api, "/api/v1/projects", title=t).json()["uuid"] for t in "AB")
    assert _post(api, "/api/v1/projects/reorder", order=[b, a]).status_code == 204
    assert [p["title"] for p in api.get("/api/v1/projects").json()["items"]] == ["B", "A"]


def test_another_workspaces_project_is_a_404(api, client, charlie):
    project = _post(api, "/api/v1/projects", title="Mine").json()
    _, secret = token_create(user=charlie, name="tests")
    response = client.get(
        f"/api/v1/projects/{project['uuid']}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 404


def test_labels(api):
    first = _post(api, "/api/v1/labels", name="Errands")
    assert first.status_code == 201 and first.json()["open_tasks"] == 0
    again = _post(api, "/api/v1/labels", name="errands")
    assert again.json()["uuid"] == first.json()["uuid"]
    _post(api, "/api/v1/tasks", title="Stamps", labels=["ERRANDS", "calls"])
    items = api.get("/api/v1/labels").json()["items"]
    assert [(lb["name"], lb["open_tasks"]) for lb in items] == [("calls", 1), ("Errands", 1)]
    assert _post(api, "/api/v1/labels", name="").status_code == 422
