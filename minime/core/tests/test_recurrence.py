"""Repeat rules: wall-clock recurrence across DST, series ends, completion restarts, UI text.

Pure functions, no database.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from minime.core.recurrence import (
    PRESETS,
    RecurrenceError,
    describe,
    next_from_completion,
    next_occurrence,
    occurrence_dates,
    occurrences_between,
    validate,
)

BERLIN = "Europe/Berlin"
NEW_YORK = "America/New_York"
LOS_ANGELES = "America/Los_Angeles"


def at(
    tz: str, y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0, *, fold: int = 0
) -> datetime:
    """An aware datetime in zone ``tz``."""
    return datetime(y, mo, d, h, mi, s, tzinfo=ZoneInfo(tz), fold=fold)


# --- Daylight saving --------------------------------------------------------------------------


def test_a_daily_task_keeps_its_wall_clock_time_across_spring_forward_in_berlin():
    anchor = at(BERLIN, 2026, 3, 28, 9)
    nxt = next_occurrence("FREQ=DAILY", anchor=anchor, after=anchor, tz=BERLIN)
    assert nxt == at(BERLIN, 2026, 3, 29, 9)
    assert (nxt.hour, nxt.minute, nxt.tzname()) == (9, 0, "CEST")
    assert anchor.tzname() == "CET"
    assert nxt.astimezone(UTC) - anchor.astimezone(UTC) == timedelta(hours=23)


def test_a_wall_time_in_the_spring_forward_gap_moves_forward_by_the_gap():
    anchor = at(BERLIN, 2026, 3, 27, 2, 30)
    nxt = next_occurrence("FREQ=DAILY", anchor=anchor, after=at(BERLIN, 2026, 3, 29, 0), tz=BERLIN)
    assert nxt is not None
    assert (nxt.date(), nxt.hour, nxt.minute, nxt.tzname()) == (date(2026, 3, 29), 3, 30, "CEST")
    assert nxt.astimezone(UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    after_gap = next_occurrence("FREQ=DAILY", anchor=anchor, after=nxt, tz=BERLIN)
    assert after_gap == at(BERLIN, 2026, 3, 30, 2, 30)


def test_a_week_of_daily_occurrences_over_spring_forward_all_land_at_nine_local():
    anchor = at(BERLIN, 2026, 3, 1, 9)
    found = occurrences_between(
        "FREQ=DAILY",
        anchor=anchor,
        start=at(BERLIN, 2026, 3, 26),
        end=at(BERLIN, 2026, 4, 2),
        tz=BERLIN,
    )
    assert len(found) == 7
    assert [d.date() for d in found] == [date(2026, 3, 26) + timedelta(days=i) for i in range(7)]
    assert {(d.hour, d.minute) for d in found} == {(9, 0)}
    assert all(d.tzinfo == ZoneInfo(BERLIN) for d in found)
    assert [d.tzname() for d in found] == ["CET"] * 3 + ["CEST"] * 4


def test_a_daily_task_keeps_its_wall_clock_time_across_fall_back_in_new_york():
    anchor = at(NEW_YORK, 2026, 10, 31, 9)
    nxt = next_occurrence("FREQ=DAILY", anchor=anchor, after=anchor, tz=NEW_YORK)
    assert nxt is not None
    assert (nxt.date(), nxt.hour, nxt.tzname()) == (date(2026, 11, 1), 9, "EST")
    assert anchor.tzname() == "EDT"
    assert nxt.astimezone(UTC) - anchor.astimezone(UTC) == timedelta(hours=25)


def test_an_ambiguous_fall_back_wall_time_takes_the_first_of_the_two():
    anchor = at(NEW_YORK, 2026, 10, 30, 1, 30)
    nxt = next_occurrence(
        "FREQ=DAILY", anchor=anchor, after=at(NEW_YORK, 2026, 11, 1, 0), tz=NEW_YORK
    )
    assert nxt is not None
    assert (nxt.date(), nxt.hour, nxt.minute) == (date(2026, 11, 1), 1, 30)
    assert (nxt.tzname(), nxt.fold) == ("EDT", 0)
    assert nxt.astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)


def test_after_is_compared_as_an_instant_not_a_wall_time_during_the_repeated_hour():
    anchor = at(NEW_YORK, 2026, 10, 30, 1, 30)
    second_one_ten = at(NEW_YORK, 2026, 11, 1, 1, 10, fold=1)  # 01:10 EST, after 01:30 EDT
    nxt = next_occurrence("FREQ=DAILY", anchor=anchor, after=second_one_ten, tz=NEW_YORK)
    assert nxt == at(NEW_YORK, 2026, 11, 2, 1, 30)


def test_aware_inputs_in_another_zone_are_converted_to_the_users_zone():
    anchor_utc = datetime(2026, 3, 28, 8, tzinfo=UTC)  # 09:00 CET
    nxt = next_occurrence(
        "FREQ=DAILY", anchor=anchor_utc, after=anchor_utc + timedelta(minutes=1), tz=BERLIN
    )
    assert nxt is not None
    assert nxt.tzinfo == ZoneInfo(BERLIN)
    assert (nxt.date(), nxt.hour) == (date(2026, 3, 29), 9)


@pytest.mark.parametrize("field", ["anchor", "after"])
def test_naive_datetimes_are_rejected(field):
    aware = at(BERLIN, 2026, 1, 1, 9)
    kwargs = {"anchor": aware, "after": aware, field: datetime(2026, 1, 1, 9)}  # noqa: DTZ001
    with pytest.raises(ValueError, match="timezone-aware"):
        next_occurrence("FREQ=DAILY", tz=BERLIN, **kwargs)


def test_naive_inputs_are_rejected_everywhere():
    naive = datetime(2026, 1, 1, 9)  # noqa: DTZ001
    aware = at(BERLIN, 2026, 1, 1, 9)
    with pytest.raises(ValueError, match="timezone-aware"):
        next_from_completion("FREQ=DAILY", completed_at=naive, time_of_day=None, tz=BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences_between("FREQ=DAILY", anchor=aware, start=naive, end=aware, tz=BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrences_between("FREQ=DAILY", anchor=aware, start=aware, end=naive, tz=BERLIN)
    with pytest.raises(ValueError, match="timezone-aware"):
        occurrence_dates(
            "FREQ=DAILY", anchor=naive, start=date(2026, 1, 1), end=date(2026, 1, 2), tz=BERLIN
        )


def test_an_unknown_time_zone_is_a_value_error():
    aware = at(BERLIN, 2026, 1, 1, 9)
    with pytest.raises(ValueError, match="Unknown time zone"):
        next_occurrence("FREQ=DAILY", anchor=aware, after=aware, tz="Mars/Olympus_Mons")


# --- Rule shapes ------------------------------------------------------------------------------


def test_weekly_on_monday_wednesday_and_friday():
    anchor = at(BERLIN, 2026, 5, 4, 7, 30)  # a Monday
    found = occurrences_between(
        "FREQ=WEEKLY;BYDAY=MO,WE,FR",
        anchor=anchor,
        start=anchor,
        end=anchor + timedelta(days=14),
        tz=BERLIN,
    )
    assert [d.strftime("%a %d") for d in found] == [
        "Mon 04", "Wed 06", "Fri 08", "Mon 11", "Wed 13", "Fri 15",
    ]  # fmt: skip
    assert {(d.hour, d.minute) for d in found} == {(7, 30)}


def test_every_three_days():
    anchor = at(BERLIN, 2026, 6, 1, 8)
    nxt = next_occurrence("FREQ=DAILY;INTERVAL=3", anchor=anchor, after=anchor, tz=BERLIN)
    assert nxt == at(BERLIN, 2026, 6, 4, 8)
    later = next_occurrence(
        "FREQ=DAILY;INTERVAL=3", anchor=anchor, after=at(BERLIN, 2026, 6, 30, 12), tz=BERLIN
    )
    assert later == at(BERLIN, 2026, 7, 1, 8)


def test_monthly_on_the_31st_skips_months_without_one():
    anchor = at(BERLIN, 2026, 1, 31, 10)
    found = occurrences_between(
        "FREQ=MONTHLY;BYMONTHDAY=31",
        anchor=anchor,
        start=anchor,
        end=at(BERLIN, 2026, 8, 1),
        tz=BERLIN,
    )
    assert [d.date() for d in found] == [
        date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31), date(2026, 7, 31),
    ]  # fmt: skip


def test_bymonthday_minus_one_is_the_last_day_of_each_month():
    anchor = at(BERLIN, 2026, 1, 31, 18)
    found = occurrences_between(
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        anchor=anchor,
        start=anchor,
        end=at(BERLIN, 2026, 5, 1),
        tz=BERLIN,
    )
    assert [d.date() for d in found] == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30),
    ]  # fmt: skip


def test_count_ends_the_series():
    anchor = at(BERLIN, 2026, 6, 1, 9)
    rule = "FREQ=DAILY;COUNT=3"
    assert next_occurrence(rule, anchor=anchor, after=anchor, tz=BERLIN) == at(
        BERLIN, 2026, 6, 2, 9
    )
    third = at(BERLIN, 2026, 6, 3, 9)
    assert next_occurrence(rule, anchor=anchor, after=third - timedelta(seconds=1), tz=BERLIN) == (
        third
    )
    assert next_occurrence(rule, anchor=anchor, after=third, tz=BERLIN) is None


def test_until_ends_the_series_and_a_date_until_includes_that_whole_local_day():
    anchor = at(BERLIN, 2026, 6, 1, 21)
    rule = "FREQ=DAILY;UNTIL=20260603"
    last = next_occurrence(rule, anchor=anchor, after=at(BERLIN, 2026, 6, 3, 0), tz=BERLIN)
    assert last == at(BERLIN, 2026, 6, 3, 21)
    assert next_occurrence(rule, anchor=anchor, after=last, tz=BERLIN) is None


def test_a_utc_until_is_an_instant():
    anchor = at(NEW_YORK, 2026, 6, 1, 21)  # 01:00 UTC the next day
    rule = "FREQ=DAILY;UNTIL=20260603T005959Z"  # 20:59:59 EDT on 2 June
    found = occurrences_between(
        rule, anchor=anchor, start=anchor, end=at(NEW_YORK, 2026, 7, 1), tz=NEW_YORK
    )
    assert [d.date() for d in found] == [date(2026, 6, 1)]


def test_occurrences_between_has_a_half_open_window_and_a_limit():
    anchor = at(BERLIN, 2026, 6, 1, 9)
    start, end = at(BERLIN, 2026, 6, 2, 9), at(BERLIN, 2026, 6, 5, 9)
    found = occurrences_between("FREQ=DAILY", anchor=anchor, start=start, end=end, tz=BERLIN)
    assert found == [start, at(BERLIN, 2026, 6, 3, 9), at(BERLIN, 2026, 6, 4, 9)]
    capped = occurrences_between(
        "FREQ=DAILY", anchor=anchor, start=anchor, end=at(BERLIN, 2030, 1, 1), tz=BERLIN, limit=5
    )
    assert capped == [anchor + timedelta(days=i) for i in range(5)]


def test_nothing_before_the_anchor_is_an_occurrence():
    anchor = at(BERLIN, 2026, 6, 10, 9)
    found = occurrences_between(
        "FREQ=DAILY", anchor=anchor, start=at(BERLIN, 2026, 6, 1), end=anchor, tz=BERLIN
    )
    assert found == []
    first = next_occurrence("FREQ=DAILY", anchor=anchor, after=at(BERLIN, 2020, 1, 1), tz=BERLIN)
    assert first == anchor


def test_byhour_and_byminute_override_the_anchors_time_of_day():
    anchor = at(BERLIN, 2026, 6, 1, 9)
    nxt = next_occurrence(
        "FREQ=DAILY;BYHOUR=18;BYMINUTE=15", anchor=anchor, after=anchor, tz=BERLIN
    )
    assert nxt == at(BERLIN, 2026, 6, 1, 18, 15)


def test_occurrences_merged_by_the_spring_forward_gap_come_out_once_and_in_order():
    anchor = at(BERLIN, 2026, 3, 28, 2, 30)
    found = occurrences_between(
        "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=15,30",
        anchor=anchor,
        start=at(BERLIN, 2026, 3, 29),
        end=at(BERLIN, 2026, 3, 29, 12),
        tz=BERLIN,
    )
    # 02:15 -> 03:15, 02:30 -> 03:30 (the same instant as the real 03:30)
    assert [d.strftime("%H:%M %Z") for d in found] == ["03:15 CEST", "03:30 CEST"]


# --- Repeat from completion -------------------------------------------------------------------


def test_every_three_days_from_a_tuesday_completion_is_friday():
    done = at(BERLIN, 2026, 6, 9, 14, 42, 17)  # a Tuesday
    nxt = next_from_completion(
        "FREQ=DAILY;INTERVAL=3", completed_at=done, time_of_day=None, tz=BERLIN
    )
    assert nxt == at(BERLIN, 2026, 6, 12, 14, 42)


def test_weekly_on_monday_from_a_wednesday_completion_is_the_next_monday():
    done = at(BERLIN, 2026, 6, 10, 11)
    nxt = next_from_completion(
        "FREQ=WEEKLY;BYDAY=MO", completed_at=done, time_of_day=time(8), tz=BERLIN
    )
    assert nxt == at(BERLIN, 2026, 6, 15, 8)


def test_monthly_on_the_1st_from_a_mid_january_completion_is_the_1st_of_february():
    done = at(BERLIN, 2026, 1, 15, 16)
    nxt = next_from_completion(
        "FREQ=MONTHLY;BYMONTHDAY=1", completed_at=done, time_of_day=time(9), tz=BERLIN
    )
    assert nxt == at(BERLIN, 2026, 2, 1, 9)


def test_a_late_evening_completion_counts_for_that_local_day_even_when_utc_is_tomorrow():
    done = at(LOS_ANGELES, 2026, 6, 10, 23, 30)
    assert done.astimezone(UTC) == datetime(2026, 6, 11, 6, 30, tzinfo=UTC)
    nxt = next_from_completion("FREQ=DAILY", completed_at=done, time_of_day=None, tz=LOS_ANGELES)
    assert nxt == at(LOS_ANGELES, 2026, 6, 11, 23, 30)
    at_nine = next_from_completion(
        "FREQ=DAILY", completed_at=done.astimezone(UTC), time_of_day=time(9), tz=LOS_ANGELES
    )
    assert at_nine == at(LOS_ANGELES, 2026, 6, 11, 9)


def test_completion_ignores_count_but_respects_until():
    done = at(BERLIN, 2026, 6, 10, 9)
    counted = next_from_completion(
        "FREQ=DAILY;COUNT=1", completed_at=done, time_of_day=None, tz=BERLIN
    )
    assert counted == at(BERLIN, 2026, 6, 11, 9)
    ended = next_from_completion(
        "FREQ=DAILY;UNTIL=20260610", completed_at=done, time_of_day=None, tz=BERLIN
    )
    assert ended is None


# --- Routines: dates --------------------------------------------------------------------------


def test_a_weekday_routine_occurs_on_ten_dates_in_two_weeks():
    anchor = at(BERLIN, 2026, 1, 5, 7)
    days = occurrence_dates(
        PRESETS["weekdays"], anchor=anchor, start=date(2026, 3, 23), end=date(2026, 4, 5), tz=BERLIN
    )
    assert len(days) == 10
    assert all(d.weekday() < 5 for d in days)
    assert days[0] == date(2026, 3, 23)
    assert days[-1] == date(2026, 4, 3)


def test_occurrence_dates_are_local_dates_and_distinct():
    anchor = at(LOS_ANGELES, 2026, 6, 1, 23, 30)  # already the next day in UTC
    days = occurrence_dates(
        "FREQ=DAILY;BYHOUR=8,23",
        anchor=anchor,
        start=date(2026, 6, 2),
        end=date(2026, 6, 4),
        tz=LOS_ANGELES,
    )
    assert days == [date(2026, 6, 2), date(2026, 6, 3), date(2026, 6, 4)]


# --- Validation -------------------------------------------------------------------------------


def test_validate_normalises_case_prefix_and_spaces():
    assert validate("rrule:freq=daily") == "FREQ=DAILY"
    assert validate(" FREQ=WEEKLY; byday=mo,we ;") == "FREQ=WEEKLY;BYDAY=MO,WE"


@pytest.mark.parametrize("rule", list(PRESETS.values()))
def test_every_preset_is_valid_and_already_normal(rule):
    assert validate(rule) == rule


def test_infinite_rules_are_fine():
    assert validate("FREQ=DAILY;INTERVAL=3") == "FREQ=DAILY;INTERVAL=3"


@pytest.mark.parametrize(
    "rule",
    [
        "",
        "garbage",
        "every day please",
        "BYDAY=MO",
        "FREQ=FORTNIGHTLY",
        "FREQ=DAILY;FOO=1",
        "FREQ=WEEKLY;BYDAY=XX",
        "FREQ=DAILY;FREQ=WEEKLY",
        "FREQ=DAILY;INTERVAL=0",
        "FREQ=DAILY;COUNT=-1",
        "FREQ=DAILY;COUNT=2;UNTIL=20261231",
        "FREQ=DAILY;UNTIL=tomorrow",
        "DTSTART:20260101T090000\nRRULE:FREQ=DAILY",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=MONTHLY;BYMONTHDAY=32",
        "FREQ=YEARLY;BYMONTH=13",
    ],
)
def test_validate_rejects_garbage(rule):
    with pytest.raises(RecurrenceError, match=r"^That repeat rule isn't valid: "):
        validate(rule)


def test_validate_rejects_count_zero():
    with pytest.raises(RecurrenceError, match="COUNT must be a whole number of at least 1"):
        validate("FREQ=DAILY;COUNT=0")


@pytest.mark.parametrize("freq", ["HOURLY", "MINUTELY", "SECONDLY"])
def test_validate_rejects_repeats_more_often_than_daily(freq):
    with pytest.raises(RecurrenceError, match="Repeats more often than daily aren't supported"):
        validate(f"FREQ={freq}")


def test_a_recurrence_error_is_a_value_error():
    assert issubclass(RecurrenceError, ValueError)
    aware = at(BERLIN, 2026, 1, 1, 9)
    with pytest.raises(RecurrenceError):
        next_occurrence("FREQ=HOURLY", anchor=aware, after=aware, tz=BERLIN)


# --- Describing -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "text"),
    [
        ("FREQ=DAILY", "Every day"),
        ("FREQ=DAILY;INTERVAL=3", "Every 3 days"),
        ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("FREQ=WEEKLY", "Every week"),
        ("FREQ=WEEKLY;BYDAY=MO", "Every week on Monday"),
        ("FREQ=WEEKLY;BYDAY=FR,MO,WE", "Every week on Mon, Wed and Fri"),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "Every 2 weeks on Tuesday"),
        ("FREQ=WEEKLY;INTERVAL=2", "Every 2 weeks"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "Every month on the 1st"),
        ("FREQ=MONTHLY;BYMONTHDAY=22", "Every month on the 22nd"),
        ("FREQ=MONTHLY;BYMONTHDAY=13", "Every month on the 13th"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "Every month on the last day"),
        ("FREQ=MONTHLY", "Every month"),
        ("FREQ=YEARLY", "Every year"),
        ("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15", "Every year on 15 March"),
        ("FREQ=DAILY;COUNT=5", "Every day, 5 times"),
        ("FREQ=WEEKLY;BYDAY=MO;UNTIL=20261231", "Every week on Monday, until 31 Dec 2026"),
        ("FREQ=MONTHLY;BYDAY=1MO", "Repeats (custom rule)"),
        ("FREQ=DAILY;BYHOUR=8,20", "Repeats (custom rule)"),
        ("FREQ=DAILY;BYHOUR=7;BYMINUTE=30", "Every day at 07:30"),
        ("FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=18", "Every week on Mon, Wed and Fri at 18:00"),
        ("FREQ=MONTHLY;BYDAY=1MO;BYHOUR=9", "Repeats (custom rule)"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1", "Repeats (custom rule)"),
    ],
)
def test_describe_gives_short_plain_english(rule, text):
    assert describe(rule) == text


def test_describe_shows_a_utc_until_as_the_users_local_date():
    rule = "FREQ=DAILY;UNTIL=20270101T045959Z"  # 23:59:59 on 31 Dec in New York
    assert describe(rule) == "Every day, until 1 Jan 2027"
    assert describe(rule, tz=NEW_YORK) == "Every day, until 31 Dec 2026"


def test_describe_rejects_an_invalid_rule():
    with pytest.raises(RecurrenceError):
        describe("FREQ=HOURLY")


def test_the_module_does_not_need_django():
    import ast
    import pathlib

    import minime.core.recurrence as module

    tree = ast.parse(pathlib.Path(module.__file__).read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for name in (
            [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
        )
    }
    assert "django" not in imported


# --- The supported range of dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: occurrence_dates(
            "FREQ=DAILY", anchor=at(BERLIN, 1, 1, 1), start=date(2026, 3, 1),
            end=date(2026, 3, 7), tz=BERLIN,
        ),
        lambda: next_occurrence(
            "FREQ=DAILY", anchor=at(BERLIN, 1, 1, 1), after=at(BERLIN, 2026, 3, 1), tz=BERLIN
        ),
        lambda: occurrences_between(
            "FREQ=DAILY", anchor=at(BERLIN, 1, 1, 1), start=at(BERLIN, 2026, 3, 1),
            end=at(BERLIN, 2026, 3, 7), tz=BERLIN,
        ),
        lambda: next_from_completion(
            "FREQ=DAILY", completed_at=datetime(9999, 12, 31, 23, tzinfo=UTC), time_of_day=None,
            tz=LOS_ANGELES,
        ),
        lambda: occurrence_dates(
            "FREQ=DAILY", anchor=at(BERLIN, 2026, 1, 1), start=date(1, 1, 3),
            end=date(2026, 3, 7), tz=BERLIN,
        ),
    ],
    ids=["dates-from-year-1", "next-from-year-1", "between-from-year-1", "completed-in-9999",
         "window-from-year-1"],
)  # fmt: skip
def test_dates_outside_the_supported_range_are_refused_with_a_clear_error(call):
    with pytest.raises(RecurrenceError, match="between 1900-01-01 and 2199-12-31"):
        call()


def test_a_series_stops_at_the_end_of_the_supported_range_instead_of_overflowing():
    # The next occurrence would be on 31 December 9999 at 22:00 in Honolulu: past the last instant
    # a datetime can hold once read in UTC. Past the supported range, the series has ended.
    anchor = at("Pacific/Honolulu", 2199, 12, 31, 22)
    rule = "FREQ=YEARLY;INTERVAL=7800"

    assert next_occurrence(rule, anchor=anchor, after=anchor, tz="Pacific/Honolulu") is None


def test_the_first_and_last_supported_days_still_work():
    first = occurrence_dates(
        "FREQ=DAILY", anchor=at(BERLIN, 1900, 1, 1), start=date(1900, 1, 1),
        end=date(1900, 1, 2), tz=BERLIN,
    )  # fmt: skip
    last = occurrence_dates(
        "FREQ=DAILY", anchor=at(LOS_ANGELES, 2199, 12, 30), start=date(2199, 12, 30),
        end=date(2199, 12, 31), tz=LOS_ANGELES,
    )  # fmt: skip

    assert first == [date(1900, 1, 1), date(1900, 1, 2)]
    assert last == [date(2199, 12, 30), date(2199, 12, 31)]


def test_a_series_begun_long_ago_gives_the_same_days_as_walking_it_from_its_start():
    # Daily and weekly series skip ahead by whole periods instead of walking every occurrence
    # since their start; the days they give must be exactly dateutil's walk from the start.
    rules = [
        "FREQ=DAILY", "FREQ=DAILY;INTERVAL=3", "FREQ=DAILY;INTERVAL=10;BYDAY=MO,FR",
        "FREQ=WEEKLY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA", "FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,TU",
        "FREQ=WEEKLY;INTERVAL=2;WKST=SU;BYDAY=SU,MO", "FREQ=DAILY;BYMONTH=2;INTERVAL=4",
        "FREQ=WEEKLY;INTERVAL=5;BYDAY=MO;UNTIL=20300101",
    ]  # fmt: skip
    pick = random.Random(7)
    for _ in range(300):
        rule = pick.choice(rules)
        anchor = datetime(1990, 1, 1, 8) + timedelta(days=pick.randrange(13000))  # noqa: DTZ001 - wall time, as dateutil walks it
        start = anchor.date() + timedelta(days=pick.randrange(-30, 15000))
        end = start + timedelta(days=pick.randrange(0, 60))
        walk = rrulestr(rule, dtstart=anchor)
        expected = [
            d.date()
            for d in walk.between(datetime.combine(start, time.min),
                                  datetime.combine(end, time.max), inc=True)
        ]  # fmt: skip
        got = occurrence_dates(
            rule, anchor=anchor.replace(tzinfo=UTC), start=start, end=end, tz="UTC"
        )
        assert got == expected, (rule, anchor, start, end)
        after = datetime.combine(start, time(12), tzinfo=UTC)
        following = walk.after(after.replace(tzinfo=None))
        assert next_occurrence(rule, anchor=anchor.replace(tzinfo=UTC), after=after, tz="UTC") == (
            following.replace(tzinfo=ZoneInfo("UTC")) if following else None
        ), (rule, anchor, after)
