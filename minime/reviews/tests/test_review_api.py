"""/api/v1/reviews: list, get, delete, the shutdown, start or resume the week, answers, finish."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.core import limits
from minime.core.db import as_user
from minime.reviews.models import Review
from minime.tasks.models import Task
from minime.tasks.services import project_create, task_create

JSON = "application/json"


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _fields(answer):
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["fields"]


def _client_for(user):
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_the_shutdown_is_saved_and_saved_again(api, alice):
    first = api.post("/api/v1/reviews/shutdown", {"energy": 3, "mood": 4, "notes": "Ok"}, JSON)
    assert first.status_code == 200
    body = first.json()
    assert body["kind"] == "daily" and body["period_start"] == timezone.localdate().isoformat()
    assert (body["energy"], body["mood"], body["notes"]) == (3, 4, "Ok")
    assert body["completed_at"] and body["snapshot"]["numbers"]["completed"] == 0
    again = api.post("/api/v1/reviews/shutdown", {"energy": 5}, JSON).json()
    assert again["uuid"] == body["uuid"] and again["energy"] == 5 and again["mood"] is None


def test_the_shutdowns_limits_answer_422_with_the_message(api):
    assert "mood" in _fields(api.post("/api/v1/reviews/shutdown", {"mood": 6}, JSON))
    long = {"notes": "x" * (limits.REVIEW_NOTE_MAX + 1)}
    assert "notes" in _fields(api.post("/api/v1/reviews/shutdown", long, JSON))
    lines = _fields(api.post("/api/v1/reviews/shutdown", {"notes": "one\ntwo"}, JSON))
    assert lines == {
        "notes": [f"Keep it to one line of {limits.REVIEW_NOTE_MAX} characters or fewer."]
    }


def test_a_weekly_review_from_start_to_finish(api, alice, ws):
    with as_user(alice.pk):
        project = project_create(workspace=ws, title="Garden")
        task = task_create(workspace=ws, title="Write the report")
    started = api.post("/api/v1/reviews/weekly")
    assert started.status_code == 201
    review = started.json()
    assert review["kind"] == "weekly" and review["step"] == "inbox"
    assert api.post("/api/v1/reviews/weekly").status_code == 200  # resumed, not another
    url = f"/api/v1/reviews/{review['uuid']}"
    steps = {
        "projects": {"next_steps": {str(project.uuid): "Buy seeds"}},
        "priorities": {"picked": [f"task:{task.uuid}"]},
        "wins": {"wins": "Shipped", "lessons": "Sleep more"},
    }
    for step, answers in steps.items():
        patched = api.patch(
            f"{url}/answers", {"step": step, "answers": answers, "go_to": step}, JSON
        )
        assert patched.status_code == 200, patched.content
        assert patched.json()["step"] == step
    with as_user(alice.pk):
        assert Task.objects.filter(project=project, title="Buy seeds").exists()
    finished = api.post(f"{url}/finish")
    assert finished.status_code == 200
    body = finished.json()
    assert body["step"] is None and body["completed_at"]
    assert body["answers"]["wins"] == {"wins": "Shipped", "lessons": "Sleep more"}
    assert body["answers"]["priorities"]["picked"][0]["title"] == "Write the report"
    assert "numbers" in body["snapshot"] and body["snapshot"]["planned"] == []
    assert (
        api.post(f"{url}/finish").json()["error"]["message"].startswith("This review is finished")
    )


def test_answers_over_their_limits_answer_422(api):
    url = f"/api/v1/reviews/{api.post('/api/v1/reviews/weekly').json()['uuid']}/answers"
    long = "x" * (limits.REVIEW_TEXT_MAX + 1)
    assert "wins" in _fields(api.patch(url, {"step": "wins", "answers": {"wins": long}}, JSON))
    note = "x" * (limits.REVIEW_NOTE_MAX + 1)
    assert "note" in _fields(api.patch(url, {"step": "goals", "answers": {"note": note}}, JSON))
    bad = {"step": "priorities", "answers": {"picked": ["task:nope"]}}
    assert "picked" in _fields(api.patch(url, bad, JSON))


def test_the_list_is_paged_and_filtered_by_kind(api):
    api.post("/api/v1/reviews/weekly")
    api.post("/api/v1/reviews/shutdown", {}, JSON)
    listed = api.get("/api/v1/reviews").json()
    assert listed["count"] == 2
    daily = api.get("/api/v1/reviews?kind=daily").json()
    assert [r["kind"] for r in daily["items"]] == ["daily"]
    assert api.get("/api/v1/reviews?limit=1").json()["items"].__len__() == 1


def test_get_and_delete(api, alice):
    uuid = api.post("/api/v1/reviews/weekly").json()["uuid"]
    assert api.get(f"/api/v1/reviews/{uuid}").json()["uuid"] == uuid
    assert api.delete(f"/api/v1/reviews/{uuid}").status_code == 204
    assert api.get(f"/api/v1/reviews/{uuid}").status_code == 404
    with as_user(alice.pk):
        assert not Review.objects.exists()


def test_another_persons_review_is_a_404_even_in_a_shared_workspace(alice, bob, personas):
    alice_client = _client_for(alice)
    shared = {"HTTP_X_WORKSPACE": str(personas.shared.uuid)}
    uuid = alice_client.post("/api/v1/reviews/weekly", **shared).json()["uuid"]
    bob_client = _client_for(bob)
    assert bob_client.get(f"/api/v1/reviews/{uuid}", **shared).status_code == 404
    assert bob_client.delete(f"/api/v1/reviews/{uuid}", **shared).status_code == 404
    assert bob_client.post(f"/api/v1/reviews/{uuid}/finish", **shared).status_code == 404
    patch = {"step": "wins", "answers": {}}
    answer = bob_client.patch(f"/api/v1/reviews/{uuid}/answers", patch, JSON, **shared)
    assert answer.status_code == 404
    assert bob_client.get("/api/v1/reviews", **shared).json()["count"] == 0
