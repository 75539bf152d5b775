"""Capture's API states and holds its bounds: the text of an item, a task title made from it,
the search string."""

from __future__ import annotations

from minime.core import limits

JSON = "application/json"


def test_it_refuses_a_search_longer_than_the_limit(api):
    answer = api.get("/api/v1/capture", {"q": "q" * (limits.SEARCH_MAX + 1)})
    assert answer.status_code == 422
    assert "q" in answer.json()["error"]["fields"]
    assert api.get("/api/v1/capture", {"q": "q" * limits.SEARCH_MAX}).status_code == 200


def test_it_refuses_a_task_title_longer_than_a_task_holds(api):
    item = api.post("/api/v1/capture", {"text": "Call the bank"}, content_type=JSON).json()
    title = "t" * (limits.TASK_TITLE_MAX + 1)
    answer = api.post(f"/api/v1/capture/{item['uuid']}/task", {"title": title}, content_type=JSON)
    assert answer.status_code == 422
    assert "title" in answer.json()["error"]["fields"]
    assert api.get(f"/api/v1/capture/{item['uuid']}").json()["processed_at"] is None


def test_the_schema_states_the_text_limit(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert schemas["CaptureIn"]["properties"]["text"]["maxLength"] == limits.NOTES_MAX
