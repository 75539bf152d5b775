"""When the morning recap is due: time zones, DST, work days, the cut-off, and who the finder
picks among many users."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.core.db import SERVICE_DB
from minime.preferences.rules import rules_update
from minime.today import recap
from minime.today.models import RecapMark

EVERY_DAY = range(7)
WEEKDAYS = range(5)
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TONGA = ZoneInfo("Pacific/Tongatapu")  # UTC+13 all year
# The finder reads every account on the service connection: the rows must be committed.
SERVICE = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def due(recap_time: time, zone: ZoneInfo, now: datetime, work_days=EVERY_DAY, enabled=True):
    return recap.due_day(
        enabled=enabled, recap_time=recap_time, work_days=work_days, zone=zone, now=now
    )


def test_new_york_is_due_at_its_local_recap_time_in_summer_and_in_winter():
    # 07:30 EDT (UTC-4) on Monday 15 June 2026; 07:30 EST (UTC-5) on Monday 7 December 2026.
    assert due(time(7, 30), NEW_YORK, utc(2026, 6, 15, 11, 29), WEEKDAYS) is None
    assert due(time(7, 30), NEW_YORK, utc(2026, 6, 15, 11, 30), WEEKDAYS) == date(2026, 6, 15)
    assert due(time(7, 30), NEW_YORK, utc(2026, 12, 7, 11, 30), WEEKDAYS) is None
    assert due(time(7, 30), NEW_YORK, utc(2026, 12, 7, 12, 30), WEEKDAYS) == date(2026, 12, 7)


def test_a_user_at_utc_plus_13_gets_the_recap_of_their_own_monday_while_utc_is_on_sunday():
    now = utc(2026, 3, 8, 18, 30)  # Sunday in UTC, Monday 07:30 in Tonga
    assert due(time(7, 30), TONGA, now, WEEKDAYS) == date(2026, 3, 9)
    # Their Saturday (Friday evening in UTC) is not a work day.
    assert due(time(7, 30), TONGA, utc(2026, 3, 13, 18, 30), WEEKDAYS) is None


def test_a_recap_time_skipped_by_the_spring_forward_is_due_at_the_first_time_after_it():
    # London, Sunday 29 March 2026: 01:00 GMT becomes 02:00 BST; 01:30 never happens.
    assert due(time(1, 30), LONDON, utc(2026, 3, 29, 0, 59)) is None  # 00:59 GMT
    assert due(time(1, 30), LONDON, utc(2026, 3, 29, 1, 0)) == date(2026, 3, 29)  # 02:00 BST
    assert due(time(1, 30), LONDON, utc(2026, 3, 29, 3, 29)) == date(2026, 3, 29)
    assert due(time(1, 30), LONDON, utc(2026, 3, 29, 3, 30)) is None  # 04:30 BST: too late


def test_a_recap_time_that_happens_twice_on_the_fall_back_day_is_due_on_one_day():
    # London, Sunday 25 October 2026: 02:00 BST becomes 01:00 GMT; 01:30 happens twice.
    first, second = utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 30)
    assert due(time(1, 30), LONDON, first) == due(time(1, 30), LONDON, second) == date(2026, 10, 25)
    # The key is the date: both ask for the same notification (exactly once: test_recap_jobs).


def test_the_cut_off_is_three_hours_after_the_recap_time_and_never_past_midnight():
    monday = utc(2026, 3, 9, 7, 30)
    assert timedelta(hours=3) == recap.LATE_CUTOFF
    assert due(time(7, 30), ZoneInfo("UTC"), monday + timedelta(hours=2, minutes=59)) is not None
    assert due(time(7, 30), ZoneInfo("UTC"), monday + timedelta(hours=3)) is None
    late = time(22, 30)
    assert due(late, ZoneInfo("UTC"), utc(2026, 3, 9, 23, 59)) == date(2026, 3, 9)
    assert due(late, ZoneInfo("UTC"), utc(2026, 3, 10, 0, 30)) is None  # the next day


def test_work_days_and_the_switch_are_followed():
    monday, saturday = utc(2026, 3, 9, 8), utc(2026, 3, 14, 8)
    utc_zone = ZoneInfo("UTC")
    assert due(time(7, 30), utc_zone, monday, WEEKDAYS) == date(2026, 3, 9)
    assert due(time(7, 30), utc_zone, saturday, WEEKDAYS) is None
    assert due(time(7, 30), utc_zone, saturday, [5]) == date(2026, 3, 14)
    assert due(time(7, 30), utc_zone, monday, WEEKDAYS, enabled=False) is None


# --- The finder ---------------------------------------------------------------------------------
def make_user(name: str, tz: str = "UTC", **rules) -> User:
    user = user_create(email=f"{name}@example.com", password="a long password 123")
    User.objects.filter(pk=user.pk).update(time_zone=tz)
    user.refresh_from_db()
    if rules:
        rules_update(user=user, **rules)
    return user


def due_users(now: datetime) -> dict[str, date]:
    names = dict(User.objects.values_list("pk", "email"))
    return {names[d.user_id].split("@")[0]: d.day for d in recap.due_recaps(now)}


@SERVICE
def test_the_finder_picks_users_by_their_own_zone_rules_and_work_days():
    now = utc(2026, 3, 9, 11, 30)  # Monday: 11:30 London, 07:30 New York, 00:30 Tuesday Tonga
    make_user("london", "Europe/London", recap_time=time(11, 0))
    make_user("new_york_defaults", "America/New_York")  # no rules saved: 07:30 on weekdays
    make_user("new_york_later", "America/New_York", recap_time=time(7, 31))
    make_user("tonga", "Pacific/Tongatapu", recap_time=time(0, 30))
    make_user("tonga_inactive", "Pacific/Tongatapu", recap_time=time(0, 30))
    make_user("off", "Europe/London", recap_time=time(11, 0), recap_enabled=False)
    make_user("weekend", "Europe/London", recap_time=time(11, 0), work_days=[5, 6])
    make_user("long_ago", "Europe/London", recap_time=time(8, 0))  # 3 h 30 min ago: too late
    make_user("before_midnight", "Pacific/Tongatapu", recap_time=time(23, 0))  # Monday's: past
    User.objects.filter(email="tonga_inactive@example.com").update(is_active=False)
    assert due_users(now) == {
        "london": date(2026, 3, 9),
        "new_york_defaults": date(2026, 3, 9),
        "tonga": date(2026, 3, 10),
    }


@SERVICE
def test_a_user_marked_for_the_day_is_not_picked_again_until_the_next_day():
    user = make_user("ann", "Europe/London", work_days=list(EVERY_DAY))
    monday = utc(2026, 3, 9, 7, 45)
    found = recap.due_recaps(monday)
    assert [(d.user_id, d.day) for d in found] == [(user.pk, date(2026, 3, 9))]
    recap.mark_queued(found)
    assert recap.due_recaps(monday + timedelta(minutes=1)) == []
    assert RecapMark.objects.using(SERVICE_DB).get().day == date(2026, 3, 9)
    tuesday = recap.due_recaps(monday + timedelta(days=1))
    assert [d.day for d in tuesday] == [date(2026, 3, 10)]
    recap.mark_queued(tuesday)  # the same row, moved on
    assert list(RecapMark.objects.using(SERVICE_DB).values_list("day", flat=True)) == [
        date(2026, 3, 10)
    ]


@SERVICE
def test_the_finder_asks_the_database_twice_whatever_the_number_of_users(
    django_assert_max_num_queries,
):
    now = utc(2026, 3, 9, 7, 45)
    zones = ["UTC", "Europe/London", "America/New_York", "Pacific/Tongatapu", "Asia/Kolkata"]
    make_user("first")
    with django_assert_max_num_queries(2):
        assert len(recap.due_recaps(now)) == 2 - 1
    for n in range(30):
        make_user(f"user{n}", zones[n % len(zones)], recap_time=time(7, n % 60))
    with django_assert_max_num_queries(2):
        found = recap.due_recaps(now)
    assert len(found) > 1
