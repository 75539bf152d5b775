"""period_numbers: the values on hand-built data, the user's day, and a constant query count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.decisions.services import decision_choose, decision_create, option_create
from minime.focus import services as focus
from minime.goals.models import GoalStatus
from minime.goals.selectors import goal_list, goal_progress
from minime.goals.services import (
    goal_create,
    goal_set_status,
    goal_update,
    milestone_complete,
    milestone_create,
)
from minime.insights import selectors
from minime.insights.selectors import DayCount, ItemRef, RoutineWeek, period_numbers
from minime.routines.services import cadence_rule, check_in, routine_create, routine_set_active
from minime.tasks.services import project_create, task_complete, task_create, task_drop

MONDAY = date(2026, 11, 23)
SUNDAY = date(2026, 11, 29)
WEEK = [MONDAY + timedelta(days=n) for n in range(7)]


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def _done(ws, user, title, when, **fields):
    task = task_create(workspace=ws, title=title, **fields)
    task_complete(task=task, user=user, now=when)
    return task


def _focus(ws, user, start, minutes, *, task=None, cancel=False):
    session = focus.session_start(
        workspace=ws, user=user, minutes=max(minutes, 1), task=task, now=start
    )
    if cancel:
        return focus.session_cancel(session=session, now=start + timedelta(minutes=minutes))
    return focus.session_end(session=session, now=start + timedelta(minutes=minutes))


def _week(ws, user):
    return period_numbers(workspace=ws, user=user, start=MONDAY, end=SUNDAY)


def test_an_empty_workspace_has_a_zero_for_every_day(ws, alice):
    numbers = _week(ws, alice)
    assert numbers.start == MONDAY and numbers.end == SUNDAY
    assert numbers.completed == 0 and numbers.focus_minutes == 0
    assert numbers.completed_by_day == tuple(DayCount(d, 0) for d in WEEK)
    assert numbers.focus_by_day == tuple(DayCount(d, 0) for d in WEEK)
    assert numbers.completed_items == numbers.routines == numbers.areas == ()
    assert numbers.goals == numbers.decisions_made == ()


def test_completed_tasks_by_day_and_the_latest_listed(ws, alice):
    _done(ws, alice, "Before", _at(MONDAY - timedelta(days=1), 12))
    first = _done(ws, alice, "Monday", _at(MONDAY, 8))
    _done(ws, alice, "Wednesday one", _at(WEEK[2], 9))
    last = _done(ws, alice, "Wednesday two", _at(WEEK[2], 17))
    _done(ws, alice, "After", _at(SUNDAY + timedelta(days=1), 1))
    task_create(workspace=ws, title="Still open")
    numbers = _week(ws, alice)
    assert numbers.completed == 3
    assert [c.value for c in numbers.completed_by_day] == [1, 0, 2, 0, 0, 0, 0]
    assert numbers.completed_items[0] == ItemRef("task", last.uuid, "Wednesday two")
    assert numbers.completed_items[-1] == ItemRef("task", first.uuid, "Monday")
    for n in range(selectors.LISTED + 2):
        _done(ws, alice, f"More {n}", _at(WEEK[4], 10, n))
    more = _week(ws, alice)
    assert more.completed == 3 + selectors.LISTED + 2
    assert len(more.completed_items) == selectors.LISTED
    assert more.completed_items[0].title == f"More {selectors.LISTED + 1}"


def test_the_day_is_the_users_day_in_their_time_zone(ws, alice):
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    # 23:30 on Sunday in Berlin is 22:30 UTC: it counts on Sunday, in the week.
    _done(ws, alice, "Late on Sunday", _at(SUNDAY, 22, 30))
    # 00:30 on Monday in Berlin is still Sunday in UTC: it counts on Monday.
    _done(ws, alice, "Just after midnight", _at(MONDAY - timedelta(days=1), 23, 30))
    # 00:30 on the Monday after, in Berlin: next week.
    _done(ws, alice, "Next week", _at(SUNDAY, 23, 30))
    _focus(ws, alice, _at(WEEK[2], 23, 15), 25)  # Thursday 00:15 in Berlin
    numbers = _week(ws, alice)
    assert [c.value for c in numbers.completed_by_day] == [1, 0, 0, 0, 0, 0, 1]
    assert [c.value for c in numbers.focus_by_day] == [0, 0, 0, 25, 0, 0, 0]


def test_focus_is_the_users_ended_sessions_by_the_day_they_started(ws, alice, bob, personas):
    _focus(ws, alice, _at(MONDAY, 8), 25)
    _focus(ws, alice, _at(MONDAY, 10), 20)
    _focus(ws, alice, _at(WEEK[3], 10), 30, cancel=True)
    _focus(ws, alice, _at(MONDAY - timedelta(days=1), 10), 40)
    focus.session_start(workspace=ws, user=alice, now=_at(WEEK[4], 9))  # still running
    with as_user(bob.pk):
        _focus(personas.shared, bob, _at(MONDAY, 8), 50)
    numbers = _week(ws, alice)
    assert numbers.focus_minutes == 45
    assert [c.value for c in numbers.focus_by_day] == [45, 0, 0, 0, 0, 0, 0]
    shared = period_numbers(workspace=personas.shared, user=alice, start=MONDAY, end=SUNDAY)
    assert shared.focus_minutes == 0  # bob's session is his


def test_routines_due_in_the_period_with_what_was_recorded(ws, alice):
    daily = routine_create(
        workspace=ws, title="Stretch", recurrence=cadence_rule("daily"), starts_on=MONDAY
    )
    weekly = routine_create(
        workspace=ws,
        title="Plan the week",
        recurrence=cadence_rule("weekly_on", weekdays=["SU"]),
        starts_on=MONDAY,
    )
    later = routine_create(
        workspace=ws, title="Later", recurrence=cadence_rule("daily"), starts_on=date(2027, 1, 1)
    )
    paused = routine_create(
        workspace=ws, title="Paused", recurrence=cadence_rule("daily"), starts_on=MONDAY
    )
    routine_set_active(routine=paused, active=False)
    for day, status in [(WEEK[0], "done"), (WEEK[1], "done"), (WEEK[2], "partly")]:
        check_in(routine=daily, day=day, status=status, today=SUNDAY, tz="UTC")
    check_in(routine=daily, day=WEEK[3], status="skipped", today=SUNDAY, tz="UTC")
    check_in(routine=weekly, day=SUNDAY, status="done", today=SUNDAY, tz="UTC")
    numbers = _week(ws, alice)
    assert numbers.routines == (
        RoutineWeek(ItemRef("routine", weekly.uuid, "Plan the week"), 1, 1, 0, 0),
        RoutineWeek(ItemRef("routine", daily.uuid, "Stretch"), 7, 2, 1, 1),
    )
    assert numbers.routines[1].percent == 36  # (2 + 0.5) of 7
    assert later.uuid not in {r.routine.uuid for r in numbers.routines}


def test_area_time_completions_and_targets(ws, alice, bob, personas):
    health = area_create(workspace=ws, name="Health", importance=5, weekly_target_minutes=150)
    work = area_create(workspace=ws, name="Work", importance=3)
    area_create(workspace=ws, name="Art", importance=3, weekly_target_minutes=60)
    area_create(workspace=ws, name="Old", is_active=False)
    launch = project_create(workspace=ws, title="Launch", area=work)
    # Focus on a task of the project (its area is the project's): 25 + 20 minutes.
    copy = task_create(workspace=ws, title="Write the copy", project=launch, estimate_minutes=90)
    _focus(ws, alice, _at(MONDAY, 8), 25, task=copy)
    _focus(ws, alice, _at(WEEK[1], 8), 20, task=copy)
    task_complete(task=copy, user=alice, now=_at(WEEK[1], 9))  # timed: its estimate is not added
    # A task with its own area inside a project of another area: the task's own area counts.
    _done(
        ws, alice, "Book a physio", _at(WEEK[2]), area=health, project=launch, estimate_minutes=15
    )
    _done(ws, alice, "Old news", _at(MONDAY - timedelta(days=2)), area=health, estimate_minutes=99)
    run = routine_create(
        workspace=ws,
        title="Run",
        recurrence=cadence_rule("daily"),
        starts_on=MONDAY,
        area=health,
        estimate_minutes=30,
    )
    check_in(routine=run, day=MONDAY, status="done", today=SUNDAY, tz="UTC")
    check_in(routine=run, day=WEEK[1], status="partly", today=SUNDAY, tz="UTC")
    check_in(routine=run, day=WEEK[2], status="skipped", today=SUNDAY, tz="UTC")
    _focus(ws, alice, _at(WEEK[3]), 10, task=task_create(workspace=ws, title="x", area=health))
    numbers = _week(ws, alice)
    rows = {a.area.title: (a.minutes, a.completions, a.target_minutes) for a in numbers.areas}
    assert [a.area.title for a in numbers.areas] == ["Health", "Art", "Work"]
    assert rows["Health"] == (10 + 30 + 15 + 15, 1, 150)
    assert rows["Work"] == (45, 1, None)
    assert rows["Art"] == (0, 0, 60)
    assert numbers.areas[0].colour == health.colour
    three_days = period_numbers(workspace=ws, user=alice, start=MONDAY, end=WEEK[2])
    assert three_days.areas[0].target_minutes == 64  # 150 × 3 / 7


def test_active_goals_with_their_progress(ws, alice):
    walk = goal_create(workspace=ws, title="Walk 100 km", measure_target=Decimal(100))
    goal_update(goal=walk, expected_version=None, measure_current=Decimal(42))
    book = goal_create(workspace=ws, title="a book")
    first = milestone_create(goal=book, title="Outline")
    milestone_create(goal=book, title="Draft")
    milestone_complete(milestone=first)
    goal_create(workspace=ws, title="Nothing measured")
    done = goal_create(workspace=ws, title="Done already")
    goal_set_status(goal=done, status=GoalStatus.ACHIEVED)
    numbers = _week(ws, alice)
    assert [(g.goal.title, g.percent) for g in numbers.goals] == [
        ("a book", 50),
        ("Nothing measured", None),
        ("Walk 100 km", 42),
    ]
    assert numbers.goals[0].goal == ItemRef("goal", book.uuid, "a book")


def test_decisions_decided_in_the_period(ws, alice):
    def decided(question, when):
        decision = decision_create(workspace=ws, question=question)
        option = option_create(decision=decision, title="Yes")
        return decision_choose(decision=decision, option=option, now=when)

    early = decided("Move?", _at(MONDAY - timedelta(days=1)))
    chosen = decided("Which bike?", _at(WEEK[4]))
    decision_create(workspace=ws, question="Still open")
    numbers = _week(ws, alice)
    assert numbers.decisions_made == (ItemRef("decision", chosen.uuid, "Which bike?"),)
    assert early.uuid not in {d.uuid for d in numbers.decisions_made}


def test_as_json_is_plain(ws, alice):
    _done(ws, alice, "One", _at(MONDAY))
    data = _week(ws, alice).as_json()
    assert data["start"] == "2026-11-23" and data["completed"] == 1
    assert data["completed_by_day"][0] == {"day": "2026-11-23", "value": 1}
    assert isinstance(data["completed_items"][0]["uuid"], str)


def test_a_period_ending_before_it_starts_is_refused(ws, alice):
    with pytest.raises(ValueError, match="end on or after"):
        period_numbers(workspace=ws, user=alice, start=SUNDAY, end=MONDAY)


def test_week_of_follows_the_week_start():
    assert selectors.week_of(WEEK[4], 0) == (MONDAY, SUNDAY)
    assert selectors.week_of(WEEK[4], 6) == (date(2026, 11, 22), date(2026, 11, 28))
    assert selectors.week_of(MONDAY, 0) == (MONDAY, SUNDAY)


def _fill(ws, user, n, offset):
    area = area_create(workspace=ws, name=f"Area {offset}", weekly_target_minutes=60)
    project = project_create(workspace=ws, title=f"Project {offset}", area=area)
    routine = routine_create(
        workspace=ws,
        title=f"Routine {offset}",
        recurrence=cadence_rule("daily"),
        starts_on=MONDAY,
        area=area,
        estimate_minutes=10,
    )
    goal = goal_create(workspace=ws, title=f"Goal {offset}")
    milestone_create(goal=goal, title="One")
    for i in range(n):
        day = WEEK[i % 7]
        task = task_create(
            workspace=ws, title=f"Task {offset}-{i}", project=project, goal=goal, estimate_minutes=5
        )
        if i % 2:
            _focus(ws, user, _at(day, 6, i % 50), 5, task=task)
        task_complete(task=task, user=user, now=_at(day, 12, i % 60))
    check_in(routine=routine, day=WEEK[offset % 7], status="done", today=SUNDAY, tz="UTC")
    decision = decision_create(workspace=ws, question=f"Decide {offset}")
    decision_choose(
        decision=decision, option=option_create(decision=decision, title="A"), now=_at(WEEK[2])
    )


def _queries(ws, user):
    with CaptureQueriesContext(connection) as captured:
        numbers = _week(ws, user)
    return len(captured), numbers


def test_the_query_count_does_not_grow_with_the_data(ws, alice):
    _fill(ws, alice, 10, 0)
    few, small = _queries(ws, alice)
    for offset in range(1, 4):
        _fill(ws, alice, 30, offset)
    many, big = _queries(ws, alice)
    assert small.completed == 10 and big.completed == 100
    assert len(big.areas) == 4 and len(big.routines) == 4 and len(big.goals) == 4
    assert few == many <= 13


def test_goal_progress_from_work_counts_each_serving_task_once(ws, alice):
    goal = goal_create(workspace=ws, title="Ship it")
    other = goal_create(workspace=ws, title="Other")
    launch = project_create(workspace=ws, title="Launch", goal=goal)
    task_complete(task=task_create(workspace=ws, title="Direct", goal=goal), user=alice)
    task_complete(task=task_create(workspace=ws, title="Via project", project=launch), user=alice)
    # Linked directly and through its project: one task.
    task_complete(
        task=task_create(workspace=ws, title="Both", goal=goal, project=launch), user=alice
    )
    task_create(workspace=ws, title="Open via project", project=launch)
    task_create(workspace=ws, title="Open, another goal in the project", project=launch, goal=other)
    dropped = task_create(workspace=ws, title="Dropped", goal=goal)
    task_drop(task=dropped)
    numbers = _week(ws, alice)
    percents = {g.goal.title: g.percent for g in numbers.goals}
    # goals.selectors agrees: 3 done of 5 serving tasks; "Other" 0 of 1.
    assert percents == {"Ship it": 60, "Other": 0}
    assert {g.title: goal_progress(g).percent for g in goal_list(ws)} == percents
