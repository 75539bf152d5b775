from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import IntegrityError, transaction

from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.focus import services
from minime.focus.models import FocusSession, SessionState
from minime.focus.services import actual_minutes
from minime.preferences.rules import rules_update
from minime.tasks.models import TaskStatus
from minime.tasks.services import task_complete, task_create

T0 = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def _start(ws, user, **fields):
    return services.session_start(workspace=ws, user=user, **fields)


def test_a_session_starts_running_with_the_users_rule_lengths(ws, alice):
    rules_update(user=alice, focus_minutes=50, break_minutes=10)
    session = _start(ws, alice, now=T0)
    stored = FocusSession.objects.get(pk=session.pk)
    assert stored.state == SessionState.RUNNING and stored.started_at == T0
    assert stored.planned_minutes == 50 and stored.break_minutes == 10
    assert stored.created_by == alice and stored.task is None and stored.interruptions == 0
    assert stored.planned_end == T0 + timedelta(minutes=50)


def test_the_defaults_are_25_and_5_until_the_user_changes_them(ws, alice):
    session = _start(ws, alice)
    assert (session.planned_minutes, session.break_minutes) == (25, 5)


def test_custom_lengths_and_a_task(ws, alice):
    task = task_create(workspace=ws, title="Write the report")
    session = _start(ws, alice, minutes=1, break_minutes=0, task=task)
    assert (session.planned_minutes, session.break_minutes, session.task) == (1, 0, task)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": limits.FOCUS_MINUTES_MAX + 1}, "minutes"),
        ({"break_minutes": -1}, "break_minutes"),
        ({"break_minutes": limits.FOCUS_BREAK_MINUTES_MAX + 1}, "break_minutes"),
    ],
)
def test_lengths_out_of_range_are_refused(ws, alice, fields, field):
    with pytest.raises(Invalid) as caught:
        _start(ws, alice, **fields)
    assert field in caught.value.fields
    assert not FocusSession.objects.exists()


def test_the_longest_session_and_break_are_accepted(ws, alice):
    session = _start(
        ws,
        alice,
        minutes=limits.FOCUS_MINUTES_MAX,
        break_minutes=limits.FOCUS_BREAK_MINUTES_MAX,
    )
    assert session.planned_minutes == limits.FOCUS_MINUTES_MAX


def test_only_one_session_runs_at_a_time(ws, alice):
    first = _start(ws, alice)
    with pytest.raises(Invalid, match="already running"):
        _start(ws, alice)
    services.session_end(session=first)
    second = _start(ws, alice)
    assert FocusSession.objects.filter(state=SessionState.RUNNING).get() == second


def test_the_database_also_refuses_a_second_running_session(ws, alice):
    _start(ws, alice)
    with pytest.raises(IntegrityError), transaction.atomic():
        FocusSession.objects.create(
            workspace=ws, created_by=alice, started_at=T0, planned_minutes=25
        )


def test_each_person_and_each_workspace_has_its_own_running_session(personas):
    alice, bob, shared = personas.alice, personas.bob, personas.shared
    with as_user(alice.pk):
        _start(personas.personal(alice), alice)
        _start(shared, alice)
    with as_user(bob.pk):
        _start(shared, bob)  # alice's running session in the shared workspace is hers
        assert FocusSession.objects.filter(workspace=shared).count() == 2


def test_a_task_of_another_workspace_is_refused(ws, alice, personas):
    with as_user(personas.charlie.pk):
        theirs = task_create(workspace=personas.personal(personas.charlie), title="Secret")
    with pytest.raises(Invalid) as caught:
        _start(ws, alice, task=theirs)
    assert caught.value.fields == {"task": [services.TASK_ELSEWHERE]}
    assert not FocusSession.objects.exists()


def test_a_task_that_is_not_open_is_refused(ws, alice):
    task = task_create(workspace=ws, title="Done already")
    task_complete(task=task, user=alice)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE
    with pytest.raises(Invalid) as caught:
        _start(ws, alice, task=task)
    assert caught.value.fields == {"task": [services.TASK_NOT_OPEN]}


def test_ending_counts_the_minutes_from_start_to_end(ws, alice):
    session = _start(ws, alice, minutes=25, now=T0)
    services.session_end(session=session, note="  Outline done.  ", now=T0 + timedelta(minutes=18))
    stored = FocusSession.objects.get(pk=session.pk)
    assert stored.state == SessionState.ENDED and stored.actual_minutes == 18
    assert stored.ended_at == T0 + timedelta(minutes=18) and stored.note == "Outline done."
    assert stored.version == 2


@pytest.mark.parametrize(
    ("elapsed", "expected"),
    [
        (timedelta(seconds=0), 0),
        (timedelta(seconds=29), 0),
        (timedelta(seconds=30), 1),
        (timedelta(minutes=12, seconds=31), 13),
        (timedelta(minutes=25), 25),
        (timedelta(minutes=26), 25),  # capped at the planned length
        (timedelta(hours=9), 25),  # a forgotten tab is not nine hours of focus
        (timedelta(minutes=-3), 0),  # a clock that went backwards
    ],
)
def test_actual_minutes_round_to_the_nearest_minute_within_the_plan(elapsed, expected):
    assert actual_minutes(T0, T0 + elapsed, 25) == expected


def test_interruptions_are_counted_one_tap_at_a_time(ws, alice):
    session = _start(ws, alice)
    services.session_interrupt(session=session)
    services.session_interrupt(session=session)
    assert session.interruptions == 2
    assert FocusSession.objects.get(pk=session.pk).interruptions == 2
    services.session_end(session=session)
    assert FocusSession.objects.get(pk=session.pk).interruptions == 2


def test_interruptions_stop_at_their_limit(ws, alice):
    session = _start(ws, alice)
    FocusSession.objects.filter(pk=session.pk).update(
        interruptions=limits.FOCUS_INTERRUPTIONS_MAX - 1
    )
    session.refresh_from_db()
    services.session_interrupt(session=session)
    with pytest.raises(Invalid, match="At most"):
        services.session_interrupt(session=session)
    assert FocusSession.objects.get(pk=session.pk).interruptions == limits.FOCUS_INTERRUPTIONS_MAX


def test_cancelling_keeps_the_session_but_counts_nothing(ws, alice):
    session = _start(ws, alice, now=T0)
    services.session_cancel(session=session, now=T0 + timedelta(minutes=10))
    stored = FocusSession.objects.get(pk=session.pk)
    assert stored.state == SessionState.CANCELLED and stored.actual_minutes is None
    assert stored.ended_at == T0 + timedelta(minutes=10)
    _start(ws, alice)  # nothing runs any more


@pytest.mark.parametrize("action", ["end", "cancel", "interrupt"])
def test_a_stopped_session_cannot_be_ended_cancelled_or_interrupted(ws, alice, action):
    session = _start(ws, alice)
    stale = FocusSession.objects.get(pk=session.pk)  # what another device still shows
    services.session_end(session=session, now=session.started_at + timedelta(minutes=5))
    with pytest.raises(Invalid, match="no longer running"):
        getattr(services, f"session_{action}")(session=stale)
    stored = FocusSession.objects.get(pk=session.pk)
    assert stored.state == SessionState.ENDED and stored.actual_minutes == 5
    assert stored.interruptions == 0


def test_a_note_longer_than_the_limit_is_refused_and_the_session_keeps_running(ws, alice):
    session = _start(ws, alice)
    with pytest.raises(Invalid) as caught:
        services.session_end(session=session, note="n" * (limits.FOCUS_NOTE_MAX + 1))
    assert caught.value.fields == {"note": [services.NOTE_TOO_LONG]}
    assert FocusSession.objects.get(pk=session.pk).state == SessionState.RUNNING
    services.session_end(session=session, note="n" * limits.FOCUS_NOTE_MAX)
    assert len(FocusSession.objects.get(pk=session.pk).note) == limits.FOCUS_NOTE_MAX


def test_deleting_the_task_keeps_its_sessions_as_free_focus(ws, alice):
    task = task_create(workspace=ws, title="Write the report")
    session = _start(ws, alice, task=task)
    services.session_end(session=session)
    task.delete()
    assert FocusSession.objects.get(pk=session.pk).task is None


def test_the_note_limit_is_the_length_its_column_holds():
    assert FocusSession._meta.get_field("note").max_length == limits.FOCUS_NOTE_MAX
