"""Routines hold the same bounds on every way in: a checklist has at most STEPS_MAX steps, times
are local times without a zone, and dates stay in the supported range."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.routines import services
from minime.routines.models import Routine

JSON = "application/json"
TOO_MANY_STEPS = [f"Step {i}" for i in range(limits.STEPS_MAX + 1)]


@pytest.fixture
def api(alice):
    _, secret = token_create(user=alice, name="tests")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _create(api, **body):
    body = {"title": "Stretch", "recurrence": "FREQ=DAILY", "starts_on": "2026-01-05", **body}
    return api.post("/api/v1/routines", body, content_type=JSON)


def _fields(answer):
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["fields"]


def _no_routines(alice):
    with as_user(alice.pk):
        return not Routine.objects.exists()


def test_it_refuses_more_steps_than_a_routine_may_have(api, alice):
    assert "steps" in _fields(_create(api, steps=TOO_MANY_STEPS))
    assert _no_routines(alice)
    created = _create(api, steps=TOO_MANY_STEPS[:-1])
    assert created.status_code == 201 and len(created.json()["steps"]) == limits.STEPS_MAX
    # The checklist is full: one more step is refused too.
    more = api.post(
        f"/api/v1/routines/{created.json()['uuid']}/steps", {"title": "More"}, content_type=JSON
    )
    assert more.status_code == 422
    assert more.json()["error"]["message"] == f"At most {limits.STEPS_MAX} steps in a routine."


def test_it_refuses_a_step_title_longer_than_a_step_holds(api, alice):
    assert "steps.0" in _fields(_create(api, steps=["s" * (limits.TITLE_MAX + 1)]))
    assert _no_routines(alice)


def test_the_service_refuses_too_many_steps_whichever_caller(ws):
    with pytest.raises(Invalid) as caught:
        services.routine_create(
            workspace=ws,
            title="Stretch",
            recurrence="FREQ=DAILY",
            starts_on=date(2026, 1, 5),
            steps=TOO_MANY_STEPS,
        )
    assert "steps" in caught.value.fields
    assert not Routine.objects.in_workspace(ws).exists()


def test_it_refuses_a_check_in_with_more_ticks_than_a_routine_has_steps(api):
    routine = _create(api).json()
    url = f"/api/v1/routines/{routine['uuid']}/occurrences/2026-01-05"
    ticks = ["5f0c7a5e-8a4e-4c39-9c55-000000000000"] * (limits.STEPS_MAX + 1)
    assert "checked_steps" in _fields(api.put(url, {"checked_steps": ticks}, content_type=JSON))


@pytest.mark.parametrize("value", ["08:00:00Z", "08:00:00+02:00", "08:00-05:00"])
def test_it_refuses_an_exact_time_with_a_zone(api, alice, value):
    fields = _fields(_create(api, exact_time=value))
    assert fields == {"exact_time": ["Give a local time without a zone, like 08:30."]}
    assert _no_routines(alice)
    routine = _create(api).json()
    patch = {"version": routine["version"], "exact_time": value}
    answer = api.patch(f"/api/v1/routines/{routine['uuid']}", patch, content_type=JSON)
    assert _fields(answer) == {"exact_time": ["Give a local time without a zone, like 08:30."]}


def test_an_exact_time_is_answered_as_a_local_time(api):
    routine = _create(api, exact_time="07:15").json()
    assert routine["exact_time"] == "07:15:00"
    listed = api.get("/api/v1/routines").json()["items"][0]
    assert listed["exact_time"] == "07:15:00"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cadence": {"kind": "every_n_days", "every_n": limits.EVERY_N_DAYS_MAX + 1}}, "every_n"),
        ({"cadence": {"kind": "weekly_on", "weekdays": ["MO"] * 8}}, "weekdays"),
        ({"cadence": {"kind": "monthly", "month_day": 32}}, "month_day"),
        ({"starts_on": "1899-12-31"}, "starts_on"),
        ({"recurrence": "FREQ=DAILY;" + "X" * limits.RECURRENCE_MAX}, "recurrence"),
    ],
)
def test_it_refuses_a_cadence_or_date_past_its_bound(api, alice, body, field):
    fields = _fields(_create(api, **body))
    assert any(name.endswith(field) for name in fields), fields
    assert _no_routines(alice)


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("/api/v1/routines", {"due_on": "0001-01-01"}, "due_on"),
        ("/api/v1/routines/{uuid}/occurrences", {"from": "9999-01-01"}, "from"),
        ("/api/v1/routines/{uuid}/occurrences", {"to": "1000-01-01"}, "to"),
    ],
)
def test_it_refuses_a_date_filter_outside_the_supported_range(api, url, query, field):
    routine = _create(api).json()
    answer = api.get(url.format(uuid=routine["uuid"]), query)
    assert field in _fields(answer)


@pytest.mark.parametrize("method", ["put", "delete"])
def test_it_refuses_a_check_in_day_outside_the_supported_range(api, method):
    routine = _create(api).json()
    url = f"/api/v1/routines/{routine['uuid']}/occurrences/0001-01-01"
    answer = getattr(api, method)(url, {"status": "done"}, content_type=JSON)
    assert "date" in _fields(answer)
