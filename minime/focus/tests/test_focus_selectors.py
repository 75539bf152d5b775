"""The reads: the running session, the history, and the stats by day, task, project and area."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.focus import selectors, services
from minime.focus.models import SessionState
from minime.preferences.rules import rules_update
from minime.tasks.services import project_create, task_create

FRIDAY = date(2026, 11, 27)  # weeks from Monday: this week from 23 Nov, last week from 16 Nov


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _focus(ws, user, start, minutes, *, task=None, planned=None, cancel=False):
    session = services.session_start(
        workspace=ws, user=user, minutes=planned or max(minutes, 1), task=task, now=start
    )
    if cancel:
        return services.session_cancel(session=session, now=start + timedelta(minutes=minutes))
    return services.session_end(session=session, now=start + timedelta(minutes=minutes))


def test_the_running_session_and_the_history_are_the_users_own(ws, alice, personas):
    ended = _focus(ws, alice, _at(FRIDAY, 8), 25)
    running = services.session_start(workspace=ws, user=alice, now=_at(FRIDAY, 10))
    with as_user(personas.bob.pk):
        services.session_start(workspace=personas.shared, user=personas.bob)
    assert selectors.running_session(ws, alice) == running
    assert selectors.running_session(personas.shared, alice) is None
    assert list(selectors.session_list(ws, alice)) == [running, ended]  # newest first
    assert selectors.recent_sessions(ws, alice) == [ended]
    assert list(selectors.session_list(ws, alice, state=SessionState.RUNNING)) == [running]


def test_recent_sessions_are_the_latest_ended_ones(ws, alice):
    for n in range(12):
        _focus(ws, alice, _at(FRIDAY - timedelta(days=n)), 10)
    _focus(ws, alice, _at(FRIDAY, 12), 5, cancel=True)
    recent = selectors.recent_sessions(ws, alice)
    assert len(recent) == selectors.RECENT_SESSIONS
    assert recent[0].started_at == _at(FRIDAY) and all(s.state == "ended" for s in recent)


def test_the_break_runs_after_the_latest_ended_session(ws, alice):
    session = _focus(ws, alice, _at(FRIDAY, 9), 25)
    ended = _at(FRIDAY, 9, 25)
    assert selectors.break_until(session, ended + timedelta(minutes=2)) == ended + timedelta(
        minutes=5
    )
    assert selectors.break_until(session, ended + timedelta(minutes=5)) is None
    assert selectors.break_until(None, ended) is None


def test_week_starts_follow_the_users_week_start():
    assert selectors.week_starts(FRIDAY, 0) == (date(2026, 11, 23), date(2026, 11, 16))
    assert selectors.week_starts(FRIDAY, 6) == (date(2026, 11, 22), date(2026, 11, 15))
    assert selectors.week_starts(FRIDAY, 4) == (FRIDAY, date(2026, 11, 20))


def test_stats_by_day_cover_fourteen_days_today_first(ws, alice):
    _focus(ws, alice, _at(FRIDAY, 8), 25)
    _focus(ws, alice, _at(FRIDAY, 10), 20)
    _focus(ws, alice, _at(FRIDAY - timedelta(days=2)), 50)
    _focus(ws, alice, _at(FRIDAY - timedelta(days=13)), 15)
    _focus(ws, alice, _at(FRIDAY - timedelta(days=14)), 40)  # a day too old
    _focus(ws, alice, _at(FRIDAY - timedelta(days=1)), 30, cancel=True)  # counts for nothing
    stats = selectors.focus_stats(ws, alice, FRIDAY)
    assert [d.date for d in stats.days] == [FRIDAY - timedelta(days=n) for n in range(14)]
    by_day = {d.date: (d.minutes, d.sessions, d.bar) for d in stats.days}
    assert by_day[FRIDAY] == (45, 2, 90)
    assert by_day[FRIDAY - timedelta(days=2)] == (50, 1, 100)  # the busiest day is the full bar
    assert by_day[FRIDAY - timedelta(days=1)] == (0, 0, 0)
    assert by_day[FRIDAY - timedelta(days=13)] == (15, 1, 30)
    assert stats.fortnight == 110 and not stats.is_empty


def test_a_session_counts_on_the_day_it_started_in_the_users_time_zone(ws, alice):
    late = datetime(2026, 11, 26, 23, 30, tzinfo=UTC)  # Friday 00:30 in Berlin
    _focus(ws, alice, late, 25)
    with timezone.override("Europe/Berlin"):
        stats = selectors.focus_stats(ws, alice, FRIDAY)
    assert stats.days[0].minutes == 25 and stats.days[1].minutes == 0
    assert selectors.focus_stats(ws, alice, FRIDAY).days[1].minutes == 25  # in UTC: Thursday


def test_stats_by_task_project_and_area_this_week_and_last(ws, alice):
    health = area_create(workspace=ws, name="Health")
    work = area_create(workspace=ws, name="Work")
    launch = project_create(workspace=ws, title="Launch", area=work)
    copy = task_create(workspace=ws, title="Write the copy", project=launch)
    run = task_create(workspace=ws, title="Plan the runs", area=health, project=launch)
    chores = task_create(workspace=ws, title="Chores")
    monday, last_friday = date(2026, 11, 23), date(2026, 11, 20)
    _focus(ws, alice, _at(monday), 25, task=copy)
    _focus(ws, alice, _at(FRIDAY), 50, task=copy)
    _focus(ws, alice, _at(last_friday), 25, task=copy)
    _focus(ws, alice, _at(monday, 11), 30, task=run)
    _focus(ws, alice, _at(last_friday, 11), 10, task=chores)
    _focus(ws, alice, _at(FRIDAY, 11), 20)  # free focus
    _focus(ws, alice, _at(date(2026, 11, 15)), 45, task=chores)  # before last week
    stats = selectors.focus_stats(ws, alice, FRIDAY)
    assert (stats.this_week_start, stats.last_week_start) == (monday, date(2026, 11, 16))
    assert (stats.this_week, stats.last_week) == (125, 35)

    def rows(totals):
        return [(t.label, t.this_week, t.last_week) for t in totals]

    assert rows(stats.by_task) == [
        ("Write the copy", 75, 25),
        ("Plan the runs", 30, 0),
        ("Free focus", 20, 0),
        ("Chores", 0, 10),
    ]
    assert stats.by_task[0].uuid == copy.uuid and stats.by_task[2].uuid is None
    assert [t.bar for t in stats.by_task] == [100, 40, 25, 0]
    assert rows(stats.by_project) == [("Launch", 105, 25), ("No project", 20, 10)]
    # A task's own area first, else its project's.
    assert rows(stats.by_area) == [("Work", 75, 25), ("Health", 30, 0), ("No area", 20, 10)]


def test_the_week_start_rule_moves_the_weeks(ws, alice):
    _focus(ws, alice, _at(date(2026, 11, 22)), 25)  # a Sunday
    assert selectors.focus_stats(ws, alice, FRIDAY).last_week == 25
    rules_update(user=alice, week_start=6)  # weeks start on Sunday
    assert selectors.focus_stats(ws, alice, FRIDAY).this_week == 25


def test_stats_are_the_users_own_in_a_shared_workspace(personas):
    alice, bob, shared = personas.alice, personas.bob, personas.shared
    with as_user(bob.pk):
        _focus(shared, bob, _at(FRIDAY), 25)
    with as_user(alice.pk):
        _focus(shared, alice, _at(FRIDAY, 11), 10)
        stats = selectors.focus_stats(shared, alice, FRIDAY)
    assert stats.days[0].minutes == 10 and stats.this_week == 10


def test_empty_stats(ws, alice):
    stats = selectors.focus_stats(ws, alice, FRIDAY)
    assert stats.is_empty and stats.by_task == [] and len(stats.days) == 14


def test_the_stats_take_one_query_for_3_or_30_sessions(ws, alice, django_assert_num_queries):
    project = project_create(workspace=ws, title="Launch", area=area_create(workspace=ws, name="W"))

    def fill(count, start):
        for n in range(start, start + count):
            task = task_create(workspace=ws, title=f"Task {n}", project=project)
            _focus(ws, alice, _at(FRIDAY - timedelta(days=n % 14), 6 + n % 12), 10, task=task)

    fill(3, 0)
    with django_assert_num_queries(1):
        selectors.focus_stats(ws, alice, FRIDAY, week_start=0)
    fill(27, 3)
    with django_assert_num_queries(1):
        stats = selectors.focus_stats(ws, alice, FRIDAY, week_start=0)
    assert sum(d.sessions for d in stats.days) == 30


@pytest.mark.parametrize(
    ("value", "top", "step"),
    [(0, 50, 0), (1, 1000, 5), (24, 100, 25), (26, 100, 25), (50, 50, 100), (7, 0, 0)],
)
def test_bars_are_quantised_to_five_percent_steps(value, top, step):
    assert selectors.bar_step(value, top) == step
