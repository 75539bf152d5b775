"""A calendar in a real browser: connected in Settings from a local calendar server, its meeting
on Today's timeline and taken out of free time, its error shown when the server loses it (the
events read last kept), and disconnected."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.calendars.models import Calendar, CalendarEvent
from minime.calendars.tests import fake_calendar
from minime.core.db import SERVICE_DB
from minime.preferences.rules import rules_update
from tests.browser.conftest import sign_in
from tests.browser.test_today_days import (
    EVERY_DAY,
    free_from,
    header_minutes,
    person,
    timeline,
    zone_where_it_is,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]


@pytest.fixture
def server(settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    fake = fake_calendar.start()
    yield fake
    fake.close()


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def test_connect_a_calendar_see_it_on_today_break_it_and_disconnect(
    page: Page, live_server, server, console_errors
):
    zone = zone_where_it_is(10)
    user, _ = person("cal@example.com", "Cal", zone)
    plan_set(user=user, plan=Plan.PRO)
    rules_update(user=user, workday_start=time(8, 0), workday_end=time(15, 0), work_days=EVERY_DAY)
    now = datetime.now(zone)
    review = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
    feed = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//Test//Calendar//EN",
            "BEGIN:VEVENT",
            "UID:review@test",
            "SUMMARY:Design review",
            f"DTSTART:{stamp(review)}",
            f"DTEND:{stamp(review + timedelta(hours=1))}",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:standup@test",
            "SUMMARY:Standup",
            f"DTSTART:{stamp(datetime.combine(now.date() - timedelta(days=7), time(8, 0), zone))}",
            "DURATION:PT15M",
            "RRULE:FREQ=DAILY",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    ).encode()
    secret_path = "/calendar/ical/cal%40example.com/private-5ecret/basic.ics"
    url = server.serve(secret_path, feed)

    base = live_server.url
    sign_in(page, base, "cal@example.com")
    expect(page).to_have_url(base + "/today/")
    free_before, _ = header_minutes(page)

    page.goto(base + "/accounts/settings/calendar/")
    page.get_by_label("Private address (iCal)").fill(url)
    page.get_by_label("Name").fill("Work")
    page.get_by_role("button", name="Connect").click()
    expect(page.get_by_text("Connected. Its events appear on Today in a moment.")).to_be_visible()
    page.reload()
    row = page.locator("[data-calendar]")
    expect(row).to_contain_text("Work")
    expect(row).to_contain_text("Read")
    assert "private-5ecret" not in page.content()

    # Today: the meeting is on the timeline and comes off the free time.
    page.goto(base + "/today/")
    expect(page.locator(".today-events [data-event]")).to_have_text(
        [
            f"{datetime.combine(now.date(), time(8, 0), zone):%H:%M}–08:15 Standup",
            f"{review:%H:%M}–{review + timedelta(hours=1):%H:%M} Design review",
        ]
    )
    free, _ = header_minutes(page)
    window_end = datetime.combine(now.date(), time(15, 0), tzinfo=zone)
    assert free <= free_from(now, window_end, 60) and free < free_before
    page.get_by_role("navigation", name="Today's views").get_by_role(
        "link", name="Timeline"
    ).click()
    events = [s for s in timeline(page) if s.kind == "event"]
    assert [(e.title, e.start) for e in events] == [("Design review", review)]

    # The server loses the calendar: the reason shows in Settings and on Today; the events stay.
    server.serve(secret_path, b"Not found", status=404, content_type="text/plain")
    page.goto(base + "/accounts/settings/calendar/")
    page.locator("[data-calendar] summary").click()
    page.get_by_role("button", name="Sync now: Work").click()
    expect(page.get_by_text("Reading it now")).to_be_visible()
    page.reload()
    expect(page.locator("[data-calendar]")).to_contain_text("No calendar at this address any more")
    page.goto(base + "/today/")
    expect(page.locator("[data-calendar-problem]")).to_contain_text(
        "Work: No calendar at this address any more"
    )
    expect(page.locator(".today-events [data-event]")).to_have_count(2)

    # Disconnect: the address and every event go.
    page.goto(base + "/accounts/settings/calendar/")
    page.locator("[data-calendar] summary").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Disconnect: Work").click()
    expect(page.get_by_text("its address and events were deleted")).to_be_visible()
    assert not Calendar.objects.using(SERVICE_DB).exists()
    assert not CalendarEvent.objects.using(SERVICE_DB).exists()
    page.goto(base + "/today/")
    expect(page.locator(".today-events [data-event]")).to_have_count(0)
    assert console_errors == []
