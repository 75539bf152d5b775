"""/me/rules and /me/onboarding take JSON objects only, with every number, list and time bounded
as the settings' columns are."""

from __future__ import annotations

import pytest

from minime.core import limits
from minime.preferences.models import OnboardingAnswers

JSON = "application/json"


def _fields(answer):
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["fields"]


@pytest.mark.parametrize("body", ["[null,null]", '"x"', "3"])
@pytest.mark.parametrize("url", ["/api/v1/me/rules", "/api/v1/me/onboarding"])
def test_it_refuses_a_body_that_is_not_an_object(api, url, body):
    before = api.get(url).json()
    assert _fields(api.put(url, body, content_type=JSON)) == {
        "__all__": ["Send a JSON object with the fields named."]
    }
    assert api.get(url).json() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"work_days": [0, 1, 2, 3, 4, 5, 6, 0]}, "work_days"),
        ({"work_days": [7]}, "work_days.0"),
        ({"recap_time": "07:30:00Z"}, "recap_time"),
        ({"workday_end": "18:00+01:00"}, "workday_end"),
    ],
)
def test_it_refuses_a_rule_past_its_bound(api, body, field):
    assert field in _fields(api.put("/api/v1/me/rules", body, content_type=JSON))


def test_rule_times_are_answered_as_local_times(api):
    api.put("/api/v1/me/rules", {"recap_time": "06:45"}, content_type=JSON)
    assert api.get("/api/v1/me/rules").json()["recap_time"] == "06:45:00"


def test_the_schema_states_each_rule_range_as_its_column_does(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    rules = schemas["RulesIn"]["properties"]
    number = next(o for o in rules["priorities_per_day"]["anyOf"] if o.get("type") == "integer")
    assert (number["minimum"], number["maximum"]) == (1, 10)
    focus = next(o for o in rules["focus_minutes"]["anyOf"] if o.get("type") == "integer")
    assert (focus["minimum"], focus["maximum"]) == (5, 180)
    deep = next(o for o in rules["deep_work_minutes"]["anyOf"] if o.get("type") == "integer")
    assert (deep["minimum"], deep["maximum"]) == (15, 480)
    assert api.put("/api/v1/me/rules", {"focus_minutes": 181}, content_type=JSON).status_code == 422


def test_it_refuses_more_onboarding_areas_than_the_limit(api, alice):
    areas = [f"Area {i}" for i in range(limits.ONBOARDING_AREAS_MAX + 1)]
    answer = api.put("/api/v1/me/onboarding", {"areas": areas}, content_type=JSON)
    assert "areas" in _fields(answer)
    assert not OnboardingAnswers.objects.filter(user=alice, completed_at__isnull=False).exists()
