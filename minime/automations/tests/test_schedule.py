"""Schedule instances: weekday sets, windows, and daylight-saving changes."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from minime.automations.engine import Trigger, fires_at, schedule_instances

WEEKDAYS = (0, 1, 2, 3, 4)


def utc(year, month, day, hour=0, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def schedule(at, weekdays=tuple(range(7))):
    return Trigger("schedule", weekdays=weekdays, at=at)


def test_a_week_of_weekdays_at_eight_in_berlin():
    # Monday 2 March 2026 to Monday 9 March 2026 (winter: UTC+1).
    found = schedule_instances(
        schedule(time(8), WEEKDAYS), "Europe/Berlin", utc(2026, 3, 2), utc(2026, 3, 9)
    )
    assert found == [utc(2026, 3, d, 7) for d in (2, 3, 4, 5, 6)]
    assert all(t.tzinfo is UTC for t in found)


def test_window_is_open_at_after_and_closed_at_until():
    trigger = schedule(time(8))
    at = utc(2026, 1, 5, 8)  # London, winter: 08:00 local = 08:00 UTC
    assert schedule_instances(trigger, "Europe/London", at - timedelta(seconds=1), at) == [at]
    assert schedule_instances(trigger, "Europe/London", at, at + timedelta(hours=1)) == []


def test_consecutive_windows_see_each_instance_once():
    trigger = schedule(time(9, 30), (0, 2, 4))
    start = utc(2026, 3, 1)
    seen = []
    after = start
    for hours in (1, 7, 30, 2, 100, 13, 500, 3):
        until = after + timedelta(hours=hours)
        seen += schedule_instances(trigger, "America/New_York", after, until)
        after = until
    assert seen == schedule_instances(trigger, "America/New_York", start, after)
    assert len(seen) == len(set(seen)) > 5
    for t in seen:
        local = t.astimezone(ZoneInfo("America/New_York"))
        assert local.weekday() in (0, 2, 4)
        assert (local.hour, local.minute) == (9, 30)


def test_weekend_only():
    found = schedule_instances(schedule(time(10), (5, 6)), "UTC", utc(2026, 6, 1), utc(2026, 6, 15))
    assert [t.day for t in found] == [6, 7, 13, 14]


def test_london_spring_forward_gap_fires_once_after_the_gap():
    # 29 March 2026: 01:00 GMT jumps to 02:00 BST; 01:30 does not exist.
    found = schedule_instances(
        schedule(time(1, 30)), "Europe/London", utc(2026, 3, 28), utc(2026, 3, 31)
    )
    assert found == [utc(2026, 3, 28, 1, 30), utc(2026, 3, 29, 1, 0), utc(2026, 3, 30, 0, 30)]
    local = found[1].astimezone(ZoneInfo("Europe/London"))
    assert (local.hour, local.minute) == (2, 0)


def test_london_fall_back_fires_once_at_the_first_occurrence():
    # 25 October 2026: 02:00 BST goes back to 01:00 GMT; 01:30 happens twice.
    found = schedule_instances(
        schedule(time(1, 30)), "Europe/London", utc(2026, 10, 24), utc(2026, 10, 27)
    )
    assert found == [utc(2026, 10, 24, 0, 30), utc(2026, 10, 25, 0, 30), utc(2026, 10, 26, 1, 30)]


def test_new_york_spring_forward_and_fall_back():
    trigger = schedule(time(2, 30))
    spring = schedule_instances(trigger, "America/New_York", utc(2026, 3, 7), utc(2026, 3, 10))
    # 7 March EST (UTC-5); 8 March 02:30 does not exist → 03:00 EDT = 07:00 UTC; then EDT.
    assert spring == [utc(2026, 3, 7, 7, 30), utc(2026, 3, 8, 7, 0), utc(2026, 3, 9, 6, 30)]
    trigger = schedule(time(1, 15))
    fall = schedule_instances(trigger, "America/New_York", utc(2026, 10, 31), utc(2026, 11, 3))
    # 1 November 01:15 happens at 05:15 UTC (EDT) and 06:15 UTC (EST): only the first.
    assert fall == [utc(2026, 10, 31, 5, 15), utc(2026, 11, 1, 5, 15), utc(2026, 11, 2, 6, 15)]


def test_times_away_from_the_change_keep_their_wall_clock():
    trigger = schedule(time(8), WEEKDAYS)
    found = schedule_instances(trigger, "Europe/London", utc(2026, 3, 20), utc(2026, 4, 10))
    zone = ZoneInfo("Europe/London")
    assert {(t.astimezone(zone).hour, t.astimezone(zone).minute) for t in found} == {(8, 0)}
    assert len(found) == 15


def test_fires_at_agrees_with_the_instances():
    trigger = schedule(time(1, 30), (6,))  # Sundays, DST days included
    found = schedule_instances(trigger, "Europe/London", utc(2026, 1, 1), utc(2026, 12, 31))
    assert len(found) == 52
    assert all(fires_at(trigger, "Europe/London", t) for t in found)
    assert not fires_at(trigger, "Europe/London", found[0] + timedelta(minutes=1))
    assert not fires_at(trigger, "Europe/London", utc(2026, 10, 25, 1, 30))  # the second 01:30


def test_bad_windows_and_triggers_are_refused():
    trigger = schedule(time(8))
    with pytest.raises(ValueError, match="timezone-aware"):
        schedule_instances(trigger, "UTC", datetime(2026, 1, 1), utc(2026, 1, 2))  # noqa: DTZ001
    with pytest.raises(ValueError, match="at most 400 days"):
        schedule_instances(trigger, "UTC", utc(2020, 1, 1), utc(2026, 1, 1))
    with pytest.raises(ValueError, match="Unknown time zone"):
        schedule_instances(trigger, "Mars/Olympus", utc(2026, 1, 1), utc(2026, 1, 2))
    with pytest.raises(ValueError, match="Not a complete schedule"):
        schedule_instances(Trigger("task_created"), "UTC", utc(2026, 1, 1), utc(2026, 1, 2))
    assert schedule_instances(trigger, "UTC", utc(2026, 1, 2), utc(2026, 1, 1)) == []
