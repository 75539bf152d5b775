"""API bodies take numbers and booleans as JSON types: no `false` for 0, no 0 for false."""

from __future__ import annotations

import pytest
from django.test import Client

from minime.accounts.tokens import token_create

JSON = "application/json"


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "/api/v1/areas",
            {"name": "Health", "weekly_target_minutes": False},
            "weekly_target_minutes",
        ),
        ("/api/v1/areas", {"name": "Health", "importance": "3"}, "importance"),
        ("/api/v1/areas", {"name": "Health", "is_active": 0}, "is_active"),
        ("/api/v1/tasks", {"title": "Call", "priority": True}, "priority"),
        # The type check must leave the field's bounds in force.
        ("/api/v1/areas", {"name": "Health", "importance": 9}, "importance"),
        ("/api/v1/areas", {"name": "Health", "importance": 9.0}, "importance"),
    ],
)
def test_it_refuses_a_body_value_of_the_wrong_json_type(api, path, body, field):
    answer = api.post(path, body, content_type=JSON)

    assert answer.status_code == 422
    assert field in answer.json()["error"]["fields"]


def test_it_refuses_a_number_for_a_boolean_in_a_put(api):
    answer = api.put("/api/v1/me/onboarding", {"finish": 0}, content_type=JSON)

    assert answer.status_code == 422
    assert "finish" in answer.json()["error"]["fields"]


def test_numbers_and_booleans_of_the_right_type_are_read(api):
    body = {"name": "Health", "importance": 4, "is_active": False, "weekly_target_minutes": 90}
    answer = api.post("/api/v1/areas", body, content_type=JSON)

    assert answer.status_code == 201
    assert {k: answer.json()[k] for k in body} == body


def test_a_whole_number_written_as_a_float_is_an_integer(api):
    # JSON Schema counts 90.0 as an integer, so clients (and generators) may send it.
    answer = api.post(
        "/api/v1/areas", {"name": "Health", "weekly_target_minutes": 90.0}, content_type=JSON
    )

    assert answer.status_code == 201
    assert answer.json()["weekly_target_minutes"] == 90
