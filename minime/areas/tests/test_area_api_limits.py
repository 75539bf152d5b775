"""A life area's weekly target is at most the minutes in a week, on the API and on the page."""

from __future__ import annotations

import pytest

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.db import as_user

JSON = "application/json"


def _names(alice):
    with as_user(alice.pk):
        return list(LifeArea.objects.values_list("name", flat=True))


@pytest.mark.parametrize("minutes", [limits.WEEKLY_TARGET_MINUTES_MAX + 1, 2**31, 10**20])
def test_it_refuses_a_weekly_target_longer_than_a_week(api, alice, minutes):
    body = {"name": "Health", "weekly_target_minutes": minutes}
    answer = api.post("/api/v1/areas", body, content_type=JSON)
    assert answer.status_code == 422, answer.content
    assert "weekly_target_minutes" in answer.json()["error"]["fields"]
    assert _names(alice) == []


def test_the_area_page_refuses_a_weekly_target_longer_than_a_week(client, alice):
    client.force_login(alice)
    form = {
        "name": "Health",
        "icon": "run",
        "colour": "green",
        "importance": 3,
        "weekly_target_minutes": limits.WEEKLY_TARGET_MINUTES_MAX + 1,
    }
    answer = client.post("/areas/", form)
    assert answer.status_code == 422
    assert f"less than or equal to {limits.WEEKLY_TARGET_MINUTES_MAX}" in answer.content.decode()
    assert _names(alice) == []
