from __future__ import annotations

from datetime import date, time

import pytest

from minime.areas.services import area_create
from minime.core.errors import Conflict, Invalid
from minime.routines import services
from minime.routines.models import Routine, RoutineOccurrence, RoutineStep
from minime.routines.services import cadence_rule
from minime.routines.tests.helpers import UTC, make_routine

TODAY = date(2026, 3, 10)  # a Tuesday


def _checkin(routine, day=TODAY, **kwargs):
    return services.check_in(routine=routine, day=day, today=TODAY, tz=UTC, **kwargs)


def test_creating_a_routine_normalises_its_rule_and_adds_steps_in_order(ws):
    routine = make_routine(ws, title="  Morning  ", rule="rrule:freq=weekly;byday=mo",
                           steps=["Water", "Stretch"], estimate_minutes=15)  # fmt: skip
    assert routine.title == "Morning"
    assert routine.recurrence == "FREQ=WEEKLY;BYDAY=MO"
    assert [s.title for s in routine.steps.all()] == ["Water", "Stretch"]
    assert routine.cadence == "Every week on Monday"


def test_an_invalid_rule_is_refused_on_the_recurrence_field(ws):
    with pytest.raises(Invalid) as caught:
        make_routine(ws, rule="FREQ=HOURLY")
    assert "more often than daily" in caught.value.fields["recurrence"][0]
    assert not Routine.objects.exists()


def test_an_exact_time_decides_the_time_of_day(ws):
    assert make_routine(ws, exact_time=time(19, 15)).time_of_day == "evening"
    routine = make_routine(ws, exact_time=time(7), time_of_day="evening")
    assert (routine.time_of_day, routine.when) == ("morning", "07:00")


def test_an_area_of_another_workspace_is_refused(ws, personas):
    elsewhere = area_create(workspace=personas.shared, name="Shared")
    with pytest.raises(Invalid) as caught:
        make_routine(ws, area=elsewhere)
    assert "area" in caught.value.fields
    mine = area_create(workspace=ws, name="Health")
    assert make_routine(ws, area=mine).area == mine


def test_an_estimate_must_be_sensible(ws):
    with pytest.raises(Invalid) as caught:
        make_routine(ws, estimate_minutes=0)
    assert "estimate_minutes" in caught.value.fields


def test_an_update_from_a_stale_version_is_a_conflict(ws):
    routine = make_routine(ws)
    services.routine_update(
        routine=routine, expected_version=1, recurrence=cadence_rule("weekdays")
    )
    assert routine.version == 2
    stale = Routine.objects.get(pk=routine.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        services.routine_update(routine=stale, expected_version=1, title="Other")
    assert Routine.objects.get(pk=routine.pk).title == "Stretch"


def test_an_update_validates_the_rule_too(ws):
    routine = make_routine(ws)
    with pytest.raises(Invalid) as caught:
        services.routine_update(routine=routine, expected_version=1, recurrence="FREQ=SOMETIMES")
    assert "recurrence" in caught.value.fields


def test_moving_routines_and_steps(ws):
    *_, c = (make_routine(ws, title=t) for t in "ABC")
    services.routine_move(routine=c, offset=-1)
    assert [r.title for r in Routine.objects.order_by("position")] == ["A", "C", "B"]
    routine = make_routine(ws, steps=["one", "two", "three"])
    three = routine.steps.get(title="three")
    services.step_move(step=three, offset=-5)
    assert [s.title for s in routine.steps.order_by("position")] == ["three", "one", "two"]


def test_steps_are_renamed_with_a_version_and_need_a_title(ws):
    routine = make_routine(ws, steps=["Water"])
    step = routine.steps.get()
    services.step_update(step=step, expected_version=1, title="Drink water")
    with pytest.raises(Conflict):
        services.step_update(
            step=RoutineStep.objects.get(pk=step.pk), expected_version=1, title="x"
        )
    with pytest.raises(Invalid):
        services.step_add(routine=routine, title="   ")
    services.step_delete(step=step)
    assert not routine.steps.exists()


# --- Checking in ------------------------------------------------------------------------------


def test_ticking_some_steps_is_partly_done_and_all_of_them_done(ws):
    routine = make_routine(ws, steps=["a", "b", "c"])
    a, b, c = routine.steps.all()
    occurrence = _checkin(routine, checked_steps=[a.uuid])
    assert occurrence.status == "partly" and occurrence.checked_steps == [str(a.uuid)]
    occurrence = _checkin(routine, checked_steps=[c.uuid, a.uuid, b.uuid])
    assert occurrence.status == "done"
    assert occurrence.checked_steps == [str(a.uuid), str(b.uuid), str(c.uuid)]
    assert RoutineOccurrence.objects.count() == 1  # one occurrence a day, updated


def test_an_explicit_status_wins_and_keeps_the_ticks(ws):
    routine = make_routine(ws, steps=["a", "b"])
    a, _ = routine.steps.all()
    _checkin(routine, checked_steps=[a.uuid])
    occurrence = _checkin(routine, status="done", note="  felt good ")
    assert occurrence.status == "done" and occurrence.checked_steps == [str(a.uuid)]
    assert occurrence.note == "felt good"


def test_unticking_everything_clears_the_day(ws):
    routine = make_routine(ws, steps=["a"])
    (a,) = routine.steps.all()
    _checkin(routine, checked_steps=[a.uuid])
    assert _checkin(routine, checked_steps=[]) is None
    assert not RoutineOccurrence.objects.exists()


def test_a_routine_without_steps_is_simply_done(ws):
    assert _checkin(make_routine(ws)).status == "done"


def test_with_steps_a_check_in_needs_ticks_or_a_status(ws):
    with pytest.raises(Invalid) as caught:
        _checkin(make_routine(ws, steps=["a"]))
    assert "status" in caught.value.fields


def test_steps_of_another_routine_cannot_be_ticked(ws):
    routine = make_routine(ws, steps=["a"])
    other = make_routine(ws, title="Other", steps=["b"])
    with pytest.raises(Invalid) as caught:
        _checkin(routine, checked_steps=[other.steps.get().uuid])
    assert "checked_steps" in caught.value.fields


def test_an_unknown_status_is_refused(ws):
    with pytest.raises(Invalid) as caught:
        _checkin(make_routine(ws), status="sort of")
    assert "status" in caught.value.fields


def test_a_check_in_on_a_day_the_routine_is_not_due_is_refused(ws):
    mondays = make_routine(ws, title="Mondays", rule=cadence_rule("weekly_on", weekdays=["MO"]))
    with pytest.raises(Invalid) as caught:
        _checkin(mondays)  # a Tuesday
    assert caught.value.fields["date"] == ["Mondays isn't due on Tue 10 Mar 2026."]
    with pytest.raises(Invalid):
        _checkin(mondays, day=date(2026, 2, 23))  # a Monday before it started
    assert _checkin(mondays, day=date(2026, 3, 9)).status == "done"
    assert not RoutineOccurrence.objects.filter(date=TODAY).exists()


def test_a_check_in_on_a_future_day_is_refused(ws):
    routine = make_routine(ws)
    with pytest.raises(Invalid) as caught:
        _checkin(routine, day=date(2026, 3, 11))
    assert "hasn't come yet" in caught.value.fields["date"][0]
    with pytest.raises(Invalid):
        services.skip(routine=routine, day=date(2026, 3, 11), today=TODAY, tz=UTC)
    assert not RoutineOccurrence.objects.exists()


def test_skip_and_clear(ws):
    routine = make_routine(ws, steps=["a"])
    assert services.skip(routine=routine, day=TODAY, today=TODAY, tz=UTC).status == "skipped"
    services.clear(routine=routine, day=TODAY)
    services.clear(routine=routine, day=TODAY)  # nothing left: still fine
    assert not RoutineOccurrence.objects.exists()


def test_a_paused_routine_can_still_be_checked_in_for_a_past_due_day(ws):
    routine = make_routine(ws)
    services.routine_set_active(routine=routine, active=False)
    assert _checkin(routine, day=date(2026, 3, 8)).status == "done"


def test_deleting_a_routine_removes_its_steps_and_history(ws):
    routine = make_routine(ws, steps=["a"])
    _checkin(routine, status="done")
    services.routine_delete(routine=routine)
    assert not RoutineStep.objects.exists() and not RoutineOccurrence.objects.exists()
