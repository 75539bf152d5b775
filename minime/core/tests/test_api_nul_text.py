"""Text with a NUL character is refused with a 422 everywhere in the API: PostgreSQL can neither
store nor compare it (it was a 500 there)."""

from __future__ import annotations

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core.api import NUL_MESSAGE

JSON = "application/json"


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/tasks", {"title": "Call\x00mum"}, "title"),
        ("/api/v1/tasks", {"title": "Call", "labels": ["home", "x\x00"]}, "labels"),
        ("/api/v1/capture", {"text": "\x00"}, "text"),
        (
            "/api/v1/smart-add",
            {"items": [{"kind": "task", "title": "Call", "project": "Home\x00"}]},
            "items.0.project",
        ),
    ],
)
def test_it_refuses_body_text_with_a_nul_character(api, path, body, field):
    answer = api.post(path, body, content_type=JSON)

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"][field] == [NUL_MESSAGE]


def test_it_refuses_a_query_value_with_a_nul_character(api):
    answer = api.get("/api/v1/tasks", {"q": "call\x00"})

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"]["q"] == [NUL_MESSAGE]


def test_text_without_nul_is_read(api):
    answer = api.post("/api/v1/tasks", {"title": "Call mum", "labels": ["home"]}, content_type=JSON)

    assert answer.status_code == 201
    assert api.get("/api/v1/tasks", {"q": "mum"}).json()["count"] == 1
