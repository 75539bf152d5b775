"""Rule settings: defaults, validation, the settings page and /api/v1/me/rules."""

from __future__ import annotations

from datetime import time

import pytest

from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.preferences.models import RuleSettings
from minime.preferences.rules import rules_for, rules_update

PAGE = "/accounts/settings/rules/"


def _form(**changes):
    form = {
        "priorities_per_day": 3,
        "workday_start": "09:00",
        "workday_end": "20:00",
        "work_days": ["0", "1", "2", "3", "4"],
        "week_start": 0,
        "quick_win_minutes": 15,
        "deep_work_minutes": 60,
        "focus_minutes": 25,
        "break_minutes": 5,
        "recap_enabled": "on",
        "recap_time": "07:30",
        "stuck_project_days": 7,
        "capture_backlog_items": 10,
        "capture_backlog_days": 3,
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


# --- services ----------------------------------------------------------------------------------
def test_rules_start_from_the_products_defaults(alice):
    rules = rules_for(alice)
    assert rules.priorities_per_day == 3
    assert (rules.workday_start, rules.workday_end) == (time(9), time(20))
    assert rules.work_days == [0, 1, 2, 3, 4] and rules.week_start == 0
    assert (rules.quick_win_minutes, rules.focus_minutes, rules.break_minutes) == (15, 25, 5)
    assert rules.recap_enabled and rules.recap_time == time(7, 30)
    assert rules.stuck_project_days == 7
    assert (rules.capture_backlog_items, rules.capture_backlog_days) == (10, 3)
    assert rules.deep_work_minutes == 60
    with as_user(alice.pk):
        assert not RuleSettings.objects.filter(user=alice).exists()  # reading wrote nothing


def test_the_first_change_makes_the_one_row_later_changes_update(alice):
    rules_update(user=alice, priorities_per_day=4)
    rules_update(user=alice, quick_win_minutes=10)
    with as_user(alice.pk):
        stored = RuleSettings.objects.get(user=alice)  # one row per user
    assert (stored.priorities_per_day, stored.quick_win_minutes) == (4, 10)
    assert rules_for(alice).pk == stored.pk


def test_updating_some_rules_keeps_the_others(alice):
    rules_update(user=alice, priorities_per_day=5, work_days=[5, 0, 0, 6])
    with as_user(alice.pk):
        rules = RuleSettings.objects.get(user=alice)
    assert rules.priorities_per_day == 5
    assert rules.work_days == [0, 5, 6]  # sorted, once each
    assert rules.focus_minutes == 25


def test_the_work_day_must_end_after_it_starts(alice):
    with pytest.raises(Invalid) as caught:
        rules_update(user=alice, workday_start=time(18), workday_end=time(9))
    assert caught.value.fields == {"workday_end": ["The work day must end after it starts."]}
    with pytest.raises(Invalid):
        rules_update(user=alice, workday_start=time(9), workday_end=time(9))
    assert rules_for(alice).workday_start == time(9)


@pytest.mark.parametrize(
    ("days", "message"),
    [([], "Pick at least one work day."), ([7], "Work days are numbers"), (["x"], "Work days")],
)
def test_work_days_must_be_real_days_and_at_least_one(alice, days, message):
    with pytest.raises(Invalid) as caught:
        rules_update(user=alice, work_days=days)
    assert caught.value.fields["work_days"][0].startswith(message)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("priorities_per_day", 0),
        ("priorities_per_day", 11),
        ("quick_win_minutes", 121),
        ("deep_work_minutes", 14),
        ("deep_work_minutes", 481),
        ("focus_minutes", 4),
        ("break_minutes", 61),
        ("stuck_project_days", 91),
        ("capture_backlog_items", 0),
        ("capture_backlog_days", 61),
        ("week_start", 7),
    ],
)
def test_numbers_must_be_in_range(alice, field, value):
    with pytest.raises(Invalid) as caught:
        rules_update(user=alice, **{field: value})
    assert field in caught.value.fields
    assert getattr(rules_for(alice), field) != value


def test_unknown_fields_are_refused(alice):
    with pytest.raises(Invalid):
        rules_update(user=alice, user_id=99)


# --- page --------------------------------------------------------------------------------------
def test_the_rules_page_shows_the_defaults_and_is_in_the_settings_nav(client, alice):
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert 'href="/accounts/settings/rules/" aria-current="page"' in page
    assert page.count('type="checkbox" name="work_days"') == 7
    assert 'value="09:00"' in page and 'value="20:00"' in page
    assert "Tasks this short or shorter count as quick wins." in page
    for day in ("Monday", "Sunday"):
        assert day in page
    assert 'name="work_days" value="5"' in page and 'value="5" checked' not in page
    assert 'name="work_days" value="0"' in page and 'value="0" id="id_work_days_0" checked' in page


def test_saving_the_rules_page(client, alice):
    client.force_login(alice)
    response = client.post(PAGE, _form(work_days=["5", "6"], focus_minutes=50, recap_enabled=None))
    assert response.status_code == 302 and response["Location"] == PAGE
    with as_user(alice.pk):
        rules = RuleSettings.objects.get(user=alice)
    assert rules.work_days == [5, 6] and rules.focus_minutes == 50 and not rules.recap_enabled
    assert "Rules saved." in client.get(PAGE).content.decode()


def test_bad_rules_are_explained_and_what_was_typed_is_kept(client, alice):
    client.force_login(alice)
    response = client.post(
        PAGE,
        _form(workday_start="18:00", workday_end="08:00", work_days=None, focus_minutes=500),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "The work day must end after it starts." in page
    assert 'value="18:00"' in page and 'value="08:00"' in page
    assert rules_for(alice).workday_start == time(9)


def test_no_work_day_is_explained(client, alice):
    client.force_login(alice)
    response = client.post(PAGE, _form(work_days=None, focus_minutes=45))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Pick at least one work day." in page and 'value="45"' in page
    assert rules_for(alice).focus_minutes == 25


def test_an_out_of_range_number_is_explained(client, alice):
    client.force_login(alice)
    response = client.post(PAGE, _form(priorities_per_day=42))
    assert response.status_code == 422
    page = response.content.decode()
    assert "less than or equal to 10" in page and 'value="42"' in page


def test_deep_work_from_round_trips_through_the_rules_page(client, alice):
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert '<label for="id_deep_work_minutes">Deep work from</label>' in page
    assert "A task longer than this many minutes is kept in one block." in page
    assert 'name="deep_work_minutes" value="60"' in page
    response = client.post(PAGE, _form(deep_work_minutes=90))
    assert response.status_code == 302
    assert rules_for(alice).deep_work_minutes == 90
    assert 'name="deep_work_minutes" value="90"' in client.get(PAGE).content.decode()


@pytest.mark.parametrize(
    ("value", "message"),
    [(14, "greater than or equal to 15"), (481, "less than or equal to 480")],
)
def test_deep_work_from_out_of_range_is_explained(client, alice, value, message):
    client.force_login(alice)
    response = client.post(PAGE, _form(deep_work_minutes=value))
    assert response.status_code == 422
    page = response.content.decode()
    assert f'name="deep_work_minutes" value="{value}"' in page
    errors = page[page.index('id="id_deep_work_minutes_errors"') :].split("</ul>")[0]
    assert message in errors
    assert rules_for(alice).deep_work_minutes == 60


def test_each_user_edits_only_their_own_rules(client, alice, bob):
    client.force_login(bob)
    client.post(PAGE, _form(priorities_per_day=7))
    assert rules_for(bob).priorities_per_day == 7
    assert rules_for(alice).priorities_per_day == 3


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


# --- API ---------------------------------------------------------------------------------------
def test_reading_and_changing_rules_through_the_api(api, alice):
    body = api.get("/api/v1/me/rules").json()
    assert body["priorities_per_day"] == 3 and body["workday_start"] == "09:00:00"
    assert body["work_days"] == [0, 1, 2, 3, 4]
    response = api.put(
        "/api/v1/me/rules",
        {"workday_start": "08:30", "work_days": [1, 2], "capture_backlog_items": 20},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["workday_start"] == "08:30:00" and body["work_days"] == [1, 2]
    assert body["capture_backlog_items"] == 20 and body["focus_minutes"] == 25


def test_invalid_rules_through_the_api_use_the_error_envelope(api, alice):
    response = api.put(
        "/api/v1/me/rules",
        {"workday_end": "08:00", "work_days": []},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"] == {
        "work_days": ["Pick at least one work day."],
        "workday_end": ["The work day must end after it starts."],
    }
    response = api.put("/api/v1/me/rules", {"focus_minutes": 1}, content_type="application/json")
    assert "focus_minutes" in response.json()["error"]["fields"]
    assert rules_for(alice).focus_minutes == 25


def test_deep_work_from_through_the_api(api, alice):
    assert api.get("/api/v1/me/rules").json()["deep_work_minutes"] == 60
    response = api.put(
        "/api/v1/me/rules", {"deep_work_minutes": 120}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["deep_work_minutes"] == 120 and response.json()["focus_minutes"] == 25
    assert api.get("/api/v1/me/rules").json()["deep_work_minutes"] == 120
    assert rules_for(alice).deep_work_minutes == 120
    response = api.put("/api/v1/me/rules", {"focus_minutes": 30}, content_type="application/json")
    assert response.json()["deep_work_minutes"] == 120  # left out: kept


@pytest.mark.parametrize(
    ("value", "message"),
    [(14, "greater than or equal to 15"), (481, "less than or equal to 480")],
)
def test_deep_work_from_out_of_range_through_the_api_names_the_field(api, alice, value, message):
    response = api.put(
        "/api/v1/me/rules", {"deep_work_minutes": value}, content_type="application/json"
    )
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["deep_work_minutes"]
    assert message in fields["deep_work_minutes"][0]
    assert rules_for(alice).deep_work_minutes == 60


def test_the_rules_api_needs_a_user(client, db):
    assert client.get("/api/v1/me/rules").status_code == 401
