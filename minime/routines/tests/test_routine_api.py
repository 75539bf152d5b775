from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.areas.services import area_create
from minime.core.db import as_user
from minime.routines.models import Routine
from minime.routines.tests.helpers import make_routine

JSON = "application/json"


@pytest.fixture
def today(alice):
    return timezone.localdate(timezone=alice.tz)


def _create(api, **body):
    body.setdefault("title", "Stretch")
    if "recurrence" not in body and "cadence" not in body:
        body["recurrence"] = "FREQ=DAILY"
    return api.post("/api/v1/routines", body, content_type=JSON)


def test_create_read_update_delete(api, today):
    created = _create(
        api,
        title="Gym",
        recurrence=None,
        cadence={"kind": "weekly_on", "weekdays": ["MO", "TH"]},
        time_of_day="evening",
        estimate_minutes=45,
        steps=["Warm up", "Lift"],
    )
    assert created.status_code == 201
    routine = created.json()
    assert routine["recurrence"] == "FREQ=WEEKLY;BYDAY=MO,TH"
    assert routine["cadence"] == "Every week on Mon and Thu"
    assert routine["starts_on"] == today.isoformat() and routine["version"] == 1
    assert [s["title"] for s in routine["steps"]] == ["Warm up", "Lift"]
    assert routine["history"]["current_streak"] == 0

    url = f"/api/v1/routines/{routine['uuid']}"
    assert api.get(url).json()["title"] == "Gym"
    patched = api.patch(url, {"version": 1, "cadence": {"kind": "every_n_days", "every_n": 2}},
                        content_type=JSON)  # fmt: skip
    assert patched.status_code == 200
    assert patched.json()["recurrence"] == "FREQ=DAILY;INTERVAL=2"
    assert patched.json()["version"] == 2 and patched.json()["estimate_minutes"] == 45
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_stale_version_answers_409_with_the_current_version(api):
    url = f"/api/v1/routines/{_create(api).json()['uuid']}"
    api.patch(url, {"version": 1, "estimate_minutes": 10}, content_type=JSON)
    response = api.patch(url, {"version": 1, "title": "Yoga"}, content_type=JSON)
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current_version"] == 2
    assert api.get(url).json()["title"] == "Stretch"


def test_invalid_input_uses_the_error_envelope_with_fields(api):
    response = _create(api, title="", estimate_minutes=0)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid" and {"title", "estimate_minutes"} <= set(error["fields"])
    error = _create(api, recurrence="FREQ=HOURLY").json()["error"]
    assert "recurrence" in error["fields"]
    error = _create(api, recurrence=None, cadence={"kind": "weekly_on"}).json()["error"]
    assert error["fields"] == {"weekdays": ["Choose at least one weekday."]}
    error = _create(api, recurrence=None).json()["error"]
    assert "recurrence" in error["fields"]


def test_an_area_is_referenced_by_uuid_and_only_from_this_workspace(api, alice, personas):
    with as_user(alice.pk):
        mine = area_create(workspace=personas.personal(alice), name="Health")
        shared = area_create(workspace=personas.shared, name="Shared")
    assert _create(api, area=str(mine.uuid)).json()["area"] == str(mine.uuid)
    response = _create(api, area=str(shared.uuid))
    assert response.status_code == 422 and "area" in response.json()["error"]["fields"]


def test_list_is_paginated_and_filtered_by_active_and_due_on(api, today):
    _create(api, title="Daily", starts_on=today.isoformat())
    tomorrow = today + timedelta(days=1)
    weekday = tomorrow.strftime("%a").upper()[:2]
    _create(api, title="Tomorrow", recurrence=f"FREQ=WEEKLY;BYDAY={weekday}")
    _create(api, title="Paused", is_active=False)
    page = api.get("/api/v1/routines?limit=2&offset=0").json()
    assert page["count"] == 3 and len(page["items"]) == 2
    assert api.get("/api/v1/routines?active=false").json()["items"][0]["title"] == "Paused"
    due = api.get(f"/api/v1/routines?due_on={today.isoformat()}").json()
    assert [r["title"] for r in due["items"]] == ["Daily"]
    due = api.get(f"/api/v1/routines?due_on={tomorrow.isoformat()}").json()
    assert [r["title"] for r in due["items"]] == ["Daily", "Tomorrow"]


def test_steps_endpoints(api):
    routine = _create(api, steps=["a", "b"]).json()
    base = f"/api/v1/routines/{routine['uuid']}/steps"
    created = api.post(base, {"title": "c"}, content_type=JSON)
    assert created.status_code == 201 and created.json()["routine"] == routine["uuid"]
    step = created.json()
    url = f"/api/v1/routine-steps/{step['uuid']}"
    moved = api.patch(url, {"version": 1, "title": "C", "position": 1}, content_type=JSON)
    assert moved.status_code == 200 and moved.json()["version"] == 2
    assert [s["title"] for s in api.get(base).json()["items"]] == ["C", "a", "b"]
    stale = api.patch(url, {"version": 1, "title": "x"}, content_type=JSON)
    assert stale.status_code == 409
    assert api.delete(url).status_code == 204
    assert api.get(base).json()["count"] == 2


def test_checking_in_listing_and_clearing_occurrences(api, today):
    routine = _create(api, starts_on=(today - timedelta(days=5)).isoformat(), steps=["a", "b"])
    routine = routine.json()
    a, b = (s["uuid"] for s in routine["steps"])
    base = f"/api/v1/routines/{routine['uuid']}/occurrences"
    day = today.isoformat()

    ticked = api.put(f"{base}/{day}", {"checked_steps": [a]}, content_type=JSON)
    assert ticked.status_code == 200
    assert ticked.json()["status"] == "partly" and ticked.json()["checked_steps"] == [a]
    done = api.put(f"{base}/{day}", {"checked_steps": [a, b]}, content_type=JSON).json()
    assert done["status"] == "done"
    past = (today - timedelta(days=2)).isoformat()
    skipped = api.put(f"{base}/{past}", {"status": "skipped", "note": "ill"}, content_type=JSON)
    assert skipped.json()["status"] == "skipped" and skipped.json()["note"] == "ill"

    listed = api.get(f"{base}?from={past}&to={day}").json()
    assert [o["date"] for o in listed["items"]] == [day, past]
    assert api.get(f"{base}?to={past}").json()["count"] == 1
    detail = api.get(f"/api/v1/routines/{routine['uuid']}").json()
    assert detail["occurrence"]["status"] == "done"
    assert detail["history"]["current_streak"] == 1 and detail["history"]["due_today"]

    assert api.delete(f"{base}/{past}").status_code == 204
    assert api.put(f"{base}/{day}", {"checked_steps": []}, content_type=JSON).status_code == 204
    assert api.get(base).json()["count"] == 0


def test_a_check_in_on_a_future_or_non_due_day_is_refused(api, today):
    tomorrow = (today + timedelta(days=1)).isoformat()
    routine = _create(api, starts_on=today.isoformat()).json()
    base = f"/api/v1/routines/{routine['uuid']}/occurrences"
    response = api.put(f"{base}/{tomorrow}", {"status": "done"}, content_type=JSON)
    assert response.status_code == 422 and "date" in response.json()["error"]["fields"]
    before = (today - timedelta(days=1)).isoformat()  # before it started
    response = api.put(f"{base}/{before}", {"status": "done"}, content_type=JSON)
    assert response.status_code == 422 and "isn't due" in response.json()["error"]["message"]
    response = api.put(f"{base}/{today.isoformat()}", {"status": "meh"}, content_type=JSON)
    assert response.status_code == 422


def test_another_workspaces_routine_is_a_404(api, client, charlie, today):
    routine = _create(api, steps=["a"]).json()
    _, secret = token_create(user=charlie, name="tests")
    auth = {"Authorization": f"Bearer {secret}"}
    uuid, step = routine["uuid"], routine["steps"][0]["uuid"]
    assert client.get(f"/api/v1/routines/{uuid}", headers=auth).status_code == 404
    assert client.get(f"/api/v1/routines/{uuid}/steps", headers=auth).status_code == 404
    response = client.patch(f"/api/v1/routine-steps/{step}", {"version": 1, "title": "x"},
                            content_type=JSON, headers=auth)  # fmt: skip
    assert response.status_code == 404
    response = client.put(f"/api/v1/routines/{uuid}/occurrences/{today.isoformat()}",
                          {"status": "done"}, content_type=JSON, headers=auth)  # fmt: skip
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/routines", headers=auth).json()["count"] == 0


def test_the_list_endpoint_makes_the_same_number_of_queries_for_3_or_30_routines(
    api, today, django_assert_max_num_queries, django_assert_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            routine = _create(api, title=f"R{i}", steps=["a", "b"]).json()
            api.put(f"/api/v1/routines/{routine['uuid']}/occurrences/{today.isoformat()}",
                    {"status": "done"}, content_type=JSON)  # fmt: skip

    add(3)
    urls = ["/api/v1/routines?limit=100", f"/api/v1/routines?due_on={today.isoformat()}"]
    few = []
    for url in urls:
        with django_assert_max_num_queries(20) as counted:
            assert api.get(url).status_code == 200
        few.append(len(counted))  # now: the next request empties the query log
    add(27)
    for url, n in zip(urls, few, strict=True):
        with django_assert_num_queries(n):
            assert api.get(url).status_code == 200
    assert api.get(urls[0]).json()["items"][0]["occurrence"]["status"] == "done"


@pytest.mark.parametrize("starts_on", [date(1, 1, 1), date(9999, 12, 31)])
def test_one_routine_with_an_impossible_start_date_never_takes_a_page_down(
    api, alice, ws, starts_on
):
    # A row written before dates were bounded (or by hand): the pages around it must still work.
    good = make_routine(ws, title="Stretch")
    bad = make_routine(ws, title="Old")
    Routine.objects.filter(pk=bad.pk).update(starts_on=starts_on)
    browser = Client()
    browser.force_login(alice)

    for url in ("/today/", "/routines/", f"/routines/{bad.uuid}/", f"/routines/{good.uuid}/"):
        assert browser.get(url).status_code == 200, url
    api_urls = (
        "/api/v1/today",
        "/api/v1/routines",
        "/api/v1/routines?due_on=2026-03-02",
        f"/api/v1/routines/{bad.uuid}",
        f"/api/v1/routines/{bad.uuid}/occurrences",
    )
    for url in api_urls:
        assert api.get(url).status_code == 200, url


def test_it_refuses_a_start_date_outside_the_supported_range(api):
    answer = _create(api, title="Old", starts_on="0001-01-01")

    assert answer.status_code == 422
    assert "1900-01-01" in str(answer.json()["error"]["fields"])
    assert api.get("/api/v1/routines").json()["count"] == 0
