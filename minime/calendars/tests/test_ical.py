"""Reading feeds into a week of events: hand-made feeds with exact expectations, then every
real-world calendar that icalendar and recurring-ical-events ship with their tests (Google,
Outlook, iCloud and Thunderbird exports, DST and broken files): each gives events or a
FeedError, never a crash."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events  # type: ignore[import-untyped]

from minime.calendars.ical import FeedError, expand

BERLIN = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:STANDARD
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:standup@test
SUMMARY:Team standup
DTSTART;TZID=Europe/Berlin:20261102T093000
DTEND;TZID=Europe/Berlin:20261102T094500
RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
EXDATE;TZID=Europe/Berlin:20261130T093000
END:VEVENT
BEGIN:VEVENT
UID:standup@test
RECURRENCE-ID;TZID=Europe/Berlin:20261202T093000
SUMMARY:Team standup (moved)
DTSTART;TZID=Europe/Berlin:20261202T140000
DTEND;TZID=Europe/Berlin:20261202T141500
END:VEVENT
BEGIN:VEVENT
UID:offsite@test
SUMMARY:Company offsite
DTSTART;VALUE=DATE:20261128
DTEND;VALUE=DATE:20261130
END:VEVENT
BEGIN:VEVENT
UID:floating@test
SUMMARY:Dentist
DTSTART:20261201T080000
DURATION:PT45M
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
SUMMARY:Cancelled review
STATUS:CANCELLED
DTSTART:20261203T100000Z
DTEND:20261203T110000Z
END:VEVENT
BEGIN:VEVENT
UID:next-month@test
SUMMARY:Far away
DTSTART:20270115T100000Z
DTEND:20270115T110000Z
END:VEVENT
END:VCALENDAR
""".replace("\n", "\r\n").encode()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_a_week_of_a_calendar_with_exceptions_moves_all_day_and_floating_events():
    found = expand(BERLIN, zone="Europe/Berlin", start=date(2026, 11, 27), days=7)
    assert [(o.title, o.starts_at, o.ends_at, o.all_day) for o in found] == [
        ("Team standup", at(2026, 11, 27, 8, 30), at(2026, 11, 27, 8, 45), False),
        ("Company offsite", at(2026, 11, 27, 23), at(2026, 11, 29, 23), True),  # Sat and Sun
        # Monday 30 November is an exception (EXDATE)
        ("Dentist", at(2026, 12, 1, 7), at(2026, 12, 1, 7, 45), False),  # floating: Berlin
        ("Team standup (moved)", at(2026, 12, 2, 13), at(2026, 12, 2, 13, 15), False),
    ]
    # The same occurrence keeps its id from one fetch to the next.
    again = expand(BERLIN, zone="Europe/Berlin", start=date(2026, 11, 27), days=7)
    assert [o.uid for o in found] == [o.uid for o in again]
    assert len({o.uid for o in found}) == len(found)


def test_recurring_events_keep_their_wall_clock_time_across_a_dst_change():
    found = expand(BERLIN, zone="Europe/Berlin", start=date(2027, 3, 26), days=7)
    standups = [o.starts_at for o in found if o.title == "Team standup"]
    assert standups == [at(2027, 3, 26, 8, 30), at(2027, 3, 29, 7, 30), at(2027, 3, 31, 7, 30)]


def test_a_google_export_reads_in_its_x_wr_timezone():
    google = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
X-WR-CALNAME:Work\r
X-WR-TIMEZONE:America/New_York\r
BEGIN:VEVENT\r
UID:weekly@google.com\r
SUMMARY:1:1 with Sam\r
DTSTART:20260305T150000Z\r
DTEND:20260305T153000Z\r
RRULE:FREQ=WEEKLY;BYDAY=TH\r
END:VEVENT\r
END:VCALENDAR\r
"""
    # 10:00 in New York in March before the change (UTC-5), and still 10:00 after it (UTC-4).
    found = expand(google, zone="Europe/London", start=date(2026, 3, 5), days=8)
    assert [o.starts_at for o in found] == [at(2026, 3, 5, 15), at(2026, 3, 12, 14)]


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>Sign in to continue</body></html>",
        b'{"error": "not found"}',
        b"",
        b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:not-a-date\r\n",
    ],
)
def test_what_is_not_a_calendar_is_said_so(data):
    with pytest.raises(FeedError) as refused:
        expand(data, zone="UTC", start=date(2026, 12, 7))
    assert refused.value.code in {"not_a_calendar", "unreadable"}


def shipped_calendars() -> list[Path]:
    folders = [
        Path(icalendar.__file__).parent / "tests" / "calendars",
        Path(recurring_ical_events.__file__).parent / "test" / "calendars",
    ]
    return sorted(p for folder in folders for p in folder.glob("*.ics"))


def test_the_packages_ship_real_world_calendars_to_read():
    assert len(shipped_calendars()) > 150


@pytest.mark.parametrize(
    "path", shipped_calendars(), ids=lambda p: f"{p.parent.parent.name}/{p.name}"
)
def test_every_shipped_calendar_gives_events_or_a_clear_error(path):
    data = path.read_bytes()
    codes = set()
    for start in (date(2019, 3, 28), date(2026, 10, 23)):  # around DST changes
        try:
            found = expand(data, zone="Europe/Berlin", start=start, days=7)
        except FeedError as error:
            codes.add(error.code)
            continue
        for occurrence in found:
            assert occurrence.starts_at.tzinfo is UTC and occurrence.ends_at >= occurrence.starts_at
            assert 0 < len(occurrence.title) <= 300
    assert codes <= {"not_a_calendar", "unreadable"}
