from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from minime.routines import services
from minime.routines.selectors import due_on, history, routine_list
from minime.routines.services import cadence_rule
from minime.routines.tests.helpers import BERLIN, UTC, make_routine

MON = date(2026, 3, 2)  # a Monday


def _due(ws, day, tz=UTC):
    return [r.title for r in due_on(ws, day, tz)]


def _week(ws, tz=UTC):
    """For each day of the week of MON, the titles due."""
    return [_due(ws, MON + timedelta(days=i), tz) for i in range(7)]


def test_a_daily_routine_is_due_every_day_from_its_start(ws):
    make_routine(ws, title="Daily", starts_on=MON + timedelta(days=2))
    assert _week(ws) == [[], [], ["Daily"], ["Daily"], ["Daily"], ["Daily"], ["Daily"]]


def test_a_weekdays_routine_is_due_monday_to_friday(ws):
    make_routine(ws, title="Work", rule=cadence_rule("weekdays"), starts_on=MON)
    assert _week(ws) == [["Work"]] * 5 + [[], []]


def test_a_chosen_weekdays_routine_is_due_on_those_days_only(ws):
    make_routine(ws, title="Gym", rule=cadence_rule("weekly_on", weekdays=["TU", "SA"]),
                 starts_on=MON)  # fmt: skip
    assert _week(ws) == [[], ["Gym"], [], [], [], ["Gym"], []]


def test_an_every_3_days_routine_counts_from_its_start(ws):
    make_routine(ws, title="Water plants", rule=cadence_rule("every_n_days", every_n=3),
                 starts_on=MON + timedelta(days=1))  # fmt: skip
    assert _week(ws) == [[], ["Water plants"], [], [], ["Water plants"], [], []]
    assert _due(ws, MON + timedelta(days=7)) == ["Water plants"]


def test_a_weekly_routine_is_due_on_its_start_weekday(ws):
    make_routine(ws, title="Review", rule=cadence_rule("weekly"), starts_on=MON + timedelta(4))
    assert _week(ws) == [[], [], [], [], ["Review"], [], []]
    assert _due(ws, MON + timedelta(days=11)) == ["Review"]


def test_a_monthly_routine_is_due_on_its_day_of_the_month(ws):
    make_routine(ws, title="Budget", rule=cadence_rule("monthly", month_day=-1), starts_on=MON)
    make_routine(ws, title="Rent", rule=cadence_rule("monthly"), starts_on=date(2026, 3, 5))
    assert _due(ws, date(2026, 3, 31)) == ["Budget"]
    assert _due(ws, date(2026, 4, 30)) == ["Budget"]
    assert _due(ws, date(2026, 4, 5)) == ["Rent"]
    assert _due(ws, date(2026, 4, 6)) == []


def test_paused_routines_and_other_workspaces_are_never_due(ws, personas):
    paused = make_routine(ws, title="Paused")
    services.routine_set_active(routine=paused, active=False)
    make_routine(personas.shared, title="Shared")
    assert _due(ws, MON) == []


def test_due_routines_come_in_time_order(ws):
    make_routine(ws, title="Whenever")
    make_routine(ws, title="Evening", time_of_day="evening")
    make_routine(ws, title="At seven", exact_time=time(7))
    make_routine(ws, title="Morning", time_of_day="morning")
    assert _due(ws, MON) == ["At seven", "Morning", "Evening", "Whenever"]


# --- Daylight saving: Europe/Berlin springs forward on 2026-03-29 (02:00 → 03:00) -------------


def test_an_exact_time_routine_in_the_gap_stays_due_every_day_across_the_dst_change(ws):
    make_routine(ws, title="Night", exact_time=time(2, 30), starts_on=date(2026, 3, 25))
    for day in range(25, 32):
        assert _due(ws, date(2026, 3, day), BERLIN) == ["Night"], day


def test_every_3_days_at_an_exact_time_keeps_its_rhythm_across_the_dst_change(ws):
    make_routine(ws, title="Plants", rule=cadence_rule("every_n_days", every_n=3),
                 exact_time=time(2, 30), starts_on=date(2026, 3, 26))  # fmt: skip
    due = [d for d in range(24, 32) if _due(ws, date(2026, 3, d), BERLIN)]
    assert due == [26, 29]
    assert _due(ws, date(2026, 4, 1), BERLIN) == ["Plants"]


def test_a_just_after_midnight_routine_stays_on_its_local_weekday_across_the_dst_change(ws):
    # 00:30 in Berlin is still the previous day in UTC: the day must be the local one.
    make_routine(ws, title="Sunday reset", rule=cadence_rule("weekly_on", weekdays=["SU"]),
                 exact_time=time(0, 30), starts_on=date(2026, 3, 20))  # fmt: skip
    for sunday in (date(2026, 3, 22), date(2026, 3, 29), date(2026, 4, 5)):
        assert _due(ws, sunday, BERLIN) == ["Sunday reset"]
        assert _due(ws, sunday - timedelta(days=1), BERLIN) == []


# --- The checklist resets every occurrence ----------------------------------------------------


def test_ticking_todays_steps_leaves_tomorrows_occurrence_empty(ws):
    routine = make_routine(ws, title="Morning", steps=["Water", "Stretch"])
    today = date(2026, 3, 10)
    water, stretch = routine.steps.all()
    services.check_in(routine=routine, day=today, checked_steps=[water.uuid, stretch.uuid],
                      today=today, tz=UTC)  # fmt: skip

    [today_row] = due_on(ws, today, UTC)
    assert today_row.occurrence is not None and today_row.occurrence.status == "done"
    assert [ticked for _, ticked in today_row.checklist] == [True, True]

    [tomorrow] = due_on(ws, today + timedelta(days=1), UTC)
    assert tomorrow.occurrence is None
    assert [(step.title, ticked) for step, ticked in tomorrow.checklist] == [
        ("Water", False),
        ("Stretch", False),
    ]


# --- History: streaks and completion rate -----------------------------------------------------

TODAY = date(2026, 3, 10)


def _record(routine, plan):
    """plan: {day of March: status}; written through the check-in service."""
    for day, status in plan.items():
        services.check_in(routine=routine, day=date(2026, 3, day), status=status,
                          today=TODAY, tz=UTC)  # fmt: skip


@pytest.fixture
def mixed(ws):
    """Daily from 1 March; by the 10th (today, nothing yet): done 1-3, missed 4, done 5,
    partly 6, skipped 7, done 8-9."""
    routine = make_routine(ws, title="Mixed")
    _record(routine, {1: "done", 2: "done", 3: "done", 5: "done", 6: "partly", 7: "skipped",
                      8: "done", 9: "done"})  # fmt: skip
    return routine


def test_history_gives_a_status_for_every_due_day_and_counts_missing_past_days_as_missed(mixed):
    past = history(mixed, today=TODAY, tz=UTC)
    assert len(past.days) == 30 and past.days[-1].date == TODAY
    assert past.due_dates == tuple(date(2026, 3, d) for d in range(1, 11))
    assert past.statuses[date(2026, 3, 4)] == "missed"
    assert past.statuses[date(2026, 3, 6)] == "partly"
    assert past.statuses[date(2026, 3, 7)] == "skipped"
    assert past.statuses[TODAY] == "pending"
    assert {d.status for d in past.days if d.date < date(2026, 3, 1)} == {"off"}


def test_streaks_partly_and_missed_days_break_skipped_days_do_not_and_today_can_wait(mixed):
    past = history(mixed, today=TODAY, tz=UTC)
    assert past.best_streak == 3  # 1-3 March
    assert past.current_streak == 2  # 8-9 March; 7 skipped, 10 (today) not yet done


def test_completion_rate_counts_partly_as_half_and_leaves_out_today_until_recorded(mixed):
    past = history(mixed, today=TODAY, tz=UTC)
    assert past.completion_rate == pytest.approx(6.5 / 9)
    assert past.completion_percent == 72

    services.check_in(routine=mixed, day=TODAY, status="done", today=TODAY, tz=UTC)
    past = history(mixed, today=TODAY, tz=UTC)
    assert past.completion_rate == pytest.approx(7.5 / 10)
    assert past.current_streak == 3


def test_a_skipped_day_keeps_but_does_not_grow_the_streak(ws):
    routine = make_routine(ws, title="Run", starts_on=date(2026, 3, 7))
    _record(routine, {7: "done", 8: "skipped", 9: "done", 10: "skipped"})
    past = history(routine, today=TODAY, tz=UTC)
    assert past.current_streak == 2
    assert past.completion_rate == pytest.approx(2 / 4)


def test_a_missed_yesterday_ends_the_current_streak(ws):
    routine = make_routine(ws, title="Read", starts_on=date(2026, 3, 5))
    _record(routine, {5: "done", 6: "done", 7: "done", 8: "done"})
    past = history(routine, today=TODAY, tz=UTC)
    assert (past.current_streak, past.best_streak) == (0, 4)


def test_a_routine_not_yet_started_has_no_rate(ws):
    routine = make_routine(ws, title="Later", starts_on=TODAY + timedelta(days=3))
    past = history(routine, today=TODAY, tz=UTC)
    assert past.due_dates == () and past.completion_rate is None and past.current_streak == 0


def test_the_list_gives_each_routine_its_streak_and_due_flag(ws, mixed):
    make_routine(ws, title="Mondays", rule=cadence_rule("weekly_on", weekdays=["MO"]))
    rows = {r.title: r for r in routine_list(ws, today=TODAY, tz=UTC)}
    assert rows["Mixed"].streak == 2 and rows["Mixed"].due
    assert rows["Mondays"].streak == 0 and not rows["Mondays"].due  # 10 March is a Tuesday
