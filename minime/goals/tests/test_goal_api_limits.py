"""Goals hold the same bounds on the API and the page: a why of at most NOTES_MAX characters, a
measure its column can hold, dates in the supported range, and only JSON objects as bodies."""

from __future__ import annotations

import pytest

from minime.core import limits
from minime.core.db import as_user
from minime.goals.models import Goal

JSON = "application/json"


def _fields(answer):
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["fields"]


def _no_goals(alice):
    with as_user(alice.pk):
        return not Goal.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"why": "w" * (limits.NOTES_MAX + 1)}, "why"),
        ({"measure_target": "99999999999"}, "measure_target"),
        ({"measure_current": 1e300}, "measure_current"),
        ({"measure_target": "1.005"}, "measure_target"),
        ({"target_date": "2200-01-01"}, "target_date"),
    ],
)
def test_it_refuses_a_goal_field_past_its_bound(api, alice, body, field):
    answer = api.post("/api/v1/goals", {"title": "Run", **body}, content_type=JSON)
    assert field in _fields(answer)
    assert _no_goals(alice)


def test_it_accepts_a_measure_at_its_bound(api):
    body = {"title": "Save", "measure_target": str(limits.MEASURE_MAX), "measure_current": 0}
    answer = api.post("/api/v1/goals", body, content_type=JSON)
    assert answer.status_code == 201 and answer.json()["measure_target"] == float(
        limits.MEASURE_MAX
    )


def test_it_refuses_a_bare_string_as_a_goal(api, alice):
    assert "__all__" in _fields(api.post("/api/v1/goals", '"run more"', content_type=JSON))
    assert _no_goals(alice)


def test_it_refuses_a_milestone_date_outside_the_supported_range(api):
    goal = api.post("/api/v1/goals", {"title": "Run"}, content_type=JSON).json()
    url = f"/api/v1/goals/{goal['uuid']}/milestones"
    body = {"title": "10 km", "target_date": "1800-06-01"}
    assert "target_date" in _fields(api.post(url, body, content_type=JSON))


def test_the_goal_page_refuses_a_why_longer_than_the_limit(client, alice):
    client.force_login(alice)
    form = {"title": "Run", "why": "w" * (limits.NOTES_MAX + 1), "version": 1}
    with as_user(alice.pk):
        goal = Goal.objects.create(workspace=alice.memberships.first().workspace, title="Run")
    answer = client.post(f"/goals/{goal.uuid}/", form)
    assert answer.status_code == 422
    assert f"at most {limits.NOTES_MAX} characters" in answer.content.decode()
    with as_user(alice.pk):
        assert Goal.objects.get(pk=goal.pk).why == ""
