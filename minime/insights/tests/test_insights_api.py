"""GET /api/v1/insights: the numbers of the last weeks as JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from minime.insights.tests.helpers import fill
from minime.preferences.rules import rules_update


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def test_it_needs_a_token(db):
    assert Client().get("/api/v1/insights").status_code == 401


def test_an_empty_workspace_has_eight_weeks_of_zeros(api, alice):
    body = api.get("/api/v1/insights").json()
    today = timezone.localdate()
    assert body["weeks"] == 8 and body["end"] == today.isoformat()
    start = today - timedelta(days=today.weekday()) - timedelta(weeks=7)  # weeks from Monday
    assert body["start"] == start.isoformat()
    assert len(body["completed_by_day"]) == (today - start).days + 1
    assert {d["value"] for d in body["completed_by_day"] + body["focus_by_day"]} == {0}
    assert body["routines"] == body["areas"] == body["goals"] == body["decisions_made"] == []
    assert body["this_week"]["routine_percent"] is None
    assert body["last_week"]["completed"] == 0


def test_the_numbers_follow_the_data(api, alice, ws):
    made = fill(alice, ws, tasks=4)
    body = api.get("/api/v1/insights").json()
    assert body["completed"] == 4 and body["focus_minutes"] == 40
    assert body["completed_items"][0]["kind"] == "task"
    (routine,) = body["routines"]
    assert routine["routine"]["uuid"] == str(made["routine"].uuid)
    assert routine["done"] == 1 and routine["weeks"][-1]["done"] == 1
    this_week = routine["weeks"][-1]
    assert this_week["due"] == timezone.localdate().weekday() + 1  # daily, up to today
    assert this_week["percent"] == round(100 / this_week["due"])
    (area,) = body["areas"]
    assert area["minutes"] == 40 + 20 + 15 and area["completions"] == 4
    assert area["target_minutes"] == round(120 * len(body["completed_by_day"]) / 7)
    assert body["goals"] == [
        {
            "goal": {"kind": "goal", "uuid": str(made["goal"].uuid), "title": "Run a marathon"},
            "percent": 50,
        }
    ]
    assert body["decisions_made"][0]["title"] == "Which shoes?"


def test_weeks_picks_the_length_and_follows_the_week_start(api, alice):
    rules_update(user=alice, week_start=6)  # Sunday
    body = api.get("/api/v1/insights?weeks=1").json()
    today = timezone.localdate()
    assert body["start"] == (today - timedelta(days=(today.weekday() - 6) % 7)).isoformat()
    assert body["weeks"] == 1 and body["last_week"] is None
    assert api.get("/api/v1/insights?weeks=26").json()["weeks"] == 26


@pytest.mark.parametrize("weeks", ["0", "27", "-1", "eight"])
def test_weeks_out_of_range_is_a_422(api, weeks):
    answer = api.get(f"/api/v1/insights?weeks={weeks}")
    assert answer.status_code == 422
    assert answer.json()["error"]["code"]


def test_the_same_number_of_queries_for_few_or_many_rows(
    api, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    fill(alice, ws, tasks=3)
    api.get("/api/v1/me")  # the token's first use of the day writes its last use
    with django_assert_max_num_queries(25) as measured:
        assert api.get("/api/v1/insights").status_code == 200
    few = len(measured)
    for n in range(3):
        fill(alice, ws, tasks=20, label=f" {n}")
    with django_assert_num_queries(few):
        assert api.get("/api/v1/insights").json()["completed"] == 63


def test_schema_names_are_prefixed(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    ours = {name for name in schemas if "Insights" in name}
    assert {"InsightsOut", "InsightsDayOut", "InsightsAreaOut", "InsightsRoutineOut"} <= ours
