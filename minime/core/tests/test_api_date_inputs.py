"""API dates: only YYYY-MM-DD text, within the range, and the OpenAPI states both as a pattern."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core import limits

JSON = "application/json"


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize("value", [0, 1_700_000_000, True, "2026-03-01T00:00:00", "20260301"])
def test_it_refuses_a_body_date_that_is_not_yyyy_mm_dd(api, value):
    answer = api.post("/api/v1/tasks", {"title": "Call", "due_date": value}, content_type=JSON)

    assert answer.status_code == 422
    assert answer.json()["error"]["fields"]["due_date"] == ["Give a date as YYYY-MM-DD."]


def test_it_refuses_a_query_date_that_is_not_yyyy_mm_dd(api):
    answer = api.get("/api/v1/tasks", {"due_before": "0"})

    assert answer.status_code == 422
    assert "due_before" in answer.json()["error"]["fields"]


def test_a_yyyy_mm_dd_date_is_read(api):
    answer = api.post(
        "/api/v1/tasks", {"title": "Call", "due_date": "2026-03-01"}, content_type=JSON
    )

    assert answer.status_code == 201
    assert answer.json()["due_date"] == "2026-03-01"


def test_the_openapi_pattern_admits_exactly_the_dates_in_range(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    body = schema["components"]["schemas"]["TaskIn"]["properties"]["due_date"]
    [date_schema] = [s for s in body["anyOf"] if s.get("type") == "string"]
    pattern = re.compile(date_schema["pattern"])
    day = timedelta(days=1)

    assert date_schema["format"] == "date"
    for inside in (limits.DATE_MIN, limits.DATE_MAX, limits.DATE_MIN + day * 40_000):
        assert pattern.match(inside.isoformat())
    for outside in ("1899-12-31", "2200-01-01", "0588-01-01", "2026-13-01", "2026-01-00"):
        assert not pattern.match(outside)
