"""Connecting, reading and disconnecting calendars against a real local calendar server."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.calendars import services
from minime.calendars.models import Calendar, CalendarEvent
from minime.calendars.tests import fake_calendar
from minime.calendars.tests.test_ical import BERLIN
from minime.core import crypto
from minime.core.db import as_user
from minime.core.errors import Invalid, NotAllowed

NOW = datetime(2026, 11, 27, 12, tzinfo=UTC)


@pytest.fixture
def fake(settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    server = fake_calendar.start()
    yield server
    server.close()


@pytest.fixture
def pro(alice):
    plan_set(user=alice, plan=Plan.PRO)
    alice.refresh_from_db()
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    return alice


def connect(user, url: str, capture, **fields) -> Calendar:
    with capture(execute=True), as_user(user.pk):
        return services.calendar_connect(user=user, url=url, **fields)


def events(user) -> list[tuple[str, bool]]:
    with as_user(user.pk):
        return list(CalendarEvent.objects.filter(user=user).values_list("title", "all_day"))


def test_connecting_reads_the_week_and_keeps_the_address_secret(
    pro, fake, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services.timezone, "now", lambda: NOW)
    url = fake.serve("/private-abc123/basic.ics", BERLIN)
    calendar = connect(pro, url, django_capture_on_commit_callbacks, name="Work")
    with as_user(pro.pk):
        calendar.refresh_from_db()
    assert calendar.synced_at == NOW and calendar.error == ""
    assert crypto.decrypt(calendar.url_encrypted) == url
    assert "abc123" not in calendar.url_encrypted
    assert calendar.url_hint.startswith("127.0.0.1/…") and "abc123" not in calendar.url_hint
    assert events(pro) == [
        ("Team standup", False),
        ("Company offsite", True),
        ("Dentist", False),
        ("Team standup (moved)", False),
    ]


def test_an_unchanged_feed_is_not_read_again(
    pro, fake, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(services.timezone, "now", lambda: NOW)
    url = fake.serve("/cal.ics", BERLIN)
    calendar = connect(pro, url, django_capture_on_commit_callbacks)
    assert services.sync(calendar_id=calendar.pk, user_id=pro.pk, now=NOW) == "unchanged"
    assert fake.requests[-1][1]["if-none-match"].startswith('"')
    assert len(events(pro)) == 4


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (404, b"gone", "not_found"),
        (401, b"no", "refused"),
        (500, b"oops", "server"),
        (200, b"<html><body>Sign in</body></html>", "not_a_calendar"),
    ],
)
def test_a_broken_feed_says_why_and_keeps_the_last_good_week(
    pro, fake, django_capture_on_commit_callbacks, status, body, code
):
    url = fake.serve("/cal.ics", BERLIN)
    calendar = connect(pro, url, django_capture_on_commit_callbacks)
    now = datetime.now(UTC)
    before = events(pro)
    fake.serve("/cal.ics", body, status=status, content_type="text/html")
    assert services.sync(calendar_id=calendar.pk, user_id=pro.pk, now=now) == code
    with as_user(pro.pk):
        calendar.refresh_from_db()
    assert calendar.error_code == code and calendar.error
    assert events(pro) == before
    # A week later the old events no longer describe the week: they go.
    later = now + services.KEEP_STALE + timedelta(hours=1)
    services.sync(calendar_id=calendar.pk, user_id=pro.pk, now=later)
    assert events(pro) == []


def test_a_private_network_address_is_refused_when_read(
    pro, settings, django_capture_on_commit_callbacks
):
    settings.OUTBOUND_ALLOW_HOSTS = []
    calendar = connect(pro, "https://10.0.0.5/cal.ics", django_capture_on_commit_callbacks)
    with as_user(pro.pk):
        calendar.refresh_from_db()
    assert calendar.error_code == "not_allowed"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("", "url"),
        ("ftp://calendar.example/cal.ics", "url"),
        ("http://calendar.example/cal.ics", "url"),  # a private address must travel encrypted
        ("https://" + "a" * 2100 + ".example/", "url"),
    ],
)
def test_bad_addresses_are_refused_on_connect(pro, url, field):
    with pytest.raises(Invalid) as refused, as_user(pro.pk):
        services.calendar_connect(user=pro, url=url)
    assert field in refused.value.fields


def test_the_free_plan_cannot_connect(alice):
    with pytest.raises(NotAllowed) as refused, as_user(alice.pk):
        services.calendar_connect(user=alice, url="https://calendar.example/cal.ics")
    assert "Pro" in refused.value.message


def test_disconnecting_forgets_the_address_and_the_events(
    pro, fake, django_capture_on_commit_callbacks
):
    url = fake.serve("/cal.ics", BERLIN)
    calendar = connect(pro, url, django_capture_on_commit_callbacks)
    with as_user(pro.pk):
        services.calendar_disconnect(user=pro, calendar=calendar)
        assert not Calendar.objects.exists() and not CalendarEvent.objects.exists()


def test_webcal_addresses_are_read_over_https(pro):
    assert services.address_hint("webcal://p01-caldav.icloud.com/published/2/MTIzNDU2") == (
        "p01-caldav.icloud.com/…NDU2"
    )
