"""What the clock finds: schedule instants, overdue tasks, missed routines — each once, however
often the scan runs or how many schedulers run it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from minime.automations import runner, scan, services
from minime.automations.models import Rule, Run
from minime.core.db import SERVICE_DB, as_user
from minime.outbox.models import Event, EventState
from minime.routines.models import OccurrenceStatus, RoutineOccurrence
from minime.routines.services import routine_create
from minime.tasks.models import Task
from minime.tasks.services import task_complete, task_create

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

NOW = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)  # a Wednesday; alice's zone is UTC


def make_rule(user, workspace, definition: dict) -> Rule:
    with as_user(user.pk):
        return services.rule_create(workspace=workspace, owner=user, definition=definition)


def events(kind: str) -> list[Event]:
    return list(Event.objects.using(SERVICE_DB).filter(kind=kind).order_by("id"))


def scan_and_answer(now: datetime) -> set[int]:
    woken = scan.scan(now)
    for workspace_id in woken:
        runner.process_workspace(workspace_id, now=now)
    return woken


def test_a_schedule_fires_each_instant_once(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "schedule", "weekdays": [0, 1, 2, 3, 4], "at": "09:00"},
            "actions": [{"kind": "create_task", "title": "Plan {weekday}", "do_on_days": 0}],
        },
    )
    Rule.objects.using(SERVICE_DB).filter(pk=rule.pk).update(
        scheduled_until=NOW - timedelta(minutes=45)
    )
    assert scan_and_answer(NOW - timedelta(minutes=31)) == set()  # 08:59: not yet
    assert scan_and_answer(NOW) == {ws.pk}
    assert scan_and_answer(NOW + timedelta(minutes=1)) == set()
    # A second scheduler that read the rule before the first moved it on writes the same
    # instant: the key keeps it to one.
    Rule.objects.using(SERVICE_DB).filter(pk=rule.pk).update(
        scheduled_until=NOW - timedelta(hours=1)
    )
    scan_and_answer(NOW + timedelta(minutes=2))
    [event] = events("schedule")
    assert event.occurred_at == datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
    [run] = Run.objects.using(SERVICE_DB).filter(rule=rule)
    assert run.trigger == "The schedule reached Wednesday 2 December 2026, 09:00"
    with as_user(alice.pk):
        task = Task.objects.get(title="Plan Wednesday")
    assert task.do_on == NOW.date()


def test_a_schedule_instant_found_hours_late_is_skipped(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "schedule", "weekdays": [2], "at": "06:00"},
            "actions": [{"kind": "push", "title": "Morning"}],
        },
    )
    Rule.objects.using(SERVICE_DB).filter(pk=rule.pk).update(
        scheduled_until=NOW - timedelta(hours=5)
    )
    assert scan.scan(NOW) == set()  # 06:00 passed 3.5 hours ago: nobody scanned meanwhile
    rule = Rule.objects.using(SERVICE_DB).get(pk=rule.pk)
    assert rule.scheduled_until == NOW


def test_a_task_becomes_overdue_once(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {"trigger": {"kind": "task_overdue"}, "actions": [{"kind": "push", "title": "{task}"}]},
    )
    today = NOW.date()
    with as_user(alice.pk):
        late = task_create(workspace=ws, title="Tax return", due_date=today - timedelta(days=1))
        task_create(workspace=ws, title="Due today", due_date=today)
        task_create(workspace=ws, title="Long overdue", due_date=today - timedelta(days=10))
        done = task_create(workspace=ws, title="Done late", due_date=today - timedelta(days=1))
        task_complete(task=done, user=alice)
    for minutes in range(3):
        scan_and_answer(NOW + timedelta(minutes=minutes))
    assert [e.subject["title"] for e in events("task_overdue")] == ["Tax return"]
    assert [r.trigger for r in Run.objects.using(SERVICE_DB).filter(rule=rule)] == [
        "Task “Tax return” became overdue"
    ]
    # The next day, today's task is overdue too, and a new due date that passes is a new
    # instance of the same task.
    with as_user(alice.pk):
        Task.objects.filter(pk=late.pk).update(due_date=today)
    scan_and_answer(NOW + timedelta(days=1))
    scan_and_answer(NOW + timedelta(days=1, minutes=1))
    assert sorted(e.subject["title"] for e in events("task_overdue")) == [
        "Due today",
        "Tax return",
        "Tax return",
    ]


def test_a_routine_missed_yesterday_fires_once(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "routine_missed"},
            "actions": [{"kind": "create_capture", "text": "Missed {routine} on {weekday}"}],
        },
    )
    start = NOW.date() - timedelta(days=7)
    with as_user(alice.pk):
        routine_create(workspace=ws, title="Stretch", recurrence="FREQ=DAILY", starts_on=start)
        kept = routine_create(
            workspace=ws, title="Journal", recurrence="FREQ=DAILY", starts_on=start
        )
        RoutineOccurrence.objects.create(
            workspace=ws,
            routine=kept,
            date=NOW.date() - timedelta(days=1),
            status=OccurrenceStatus.DONE,
        )
    scan_and_answer(NOW)
    scan_and_answer(NOW + timedelta(minutes=5))
    assert [e.subject["routine"] for e in events("routine_missed")] == ["Stretch"]
    with as_user(alice.pk):
        from minime.capture.models import CaptureItem

        assert list(CaptureItem.objects.values_list("text", flat=True)) == [
            "Missed Stretch on Wednesday"
        ]


def test_events_left_waiting_are_woken_and_old_ones_pruned(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    with as_user(alice.pk):
        Event.objects.create(workspace=ws, kind="task_created", occurred_at=NOW)
    now = datetime.now(UTC)
    assert scan.scan(now) == set()  # just written: its own job is on its way
    assert scan.scan(now + timedelta(minutes=2)) == {ws.pk}
    Event.objects.using(SERVICE_DB).update(state=EventState.DONE)
    assert scan.prune(now + timedelta(days=6)) == (0, 0)
    assert scan.prune(now + timedelta(days=8)) == (1, 0)


def test_schedule_times_are_local_to_the_rule_owner(personas):
    alice = personas.alice
    alice.time_zone = "America/New_York"
    alice.save(update_fields=["time_zone"])
    ws = personas.personal(alice)
    rule = make_rule(
        alice,
        ws,
        {
            "trigger": {"kind": "schedule", "weekdays": [2], "at": "04:30"},
            "actions": [{"kind": "push", "title": "Early"}],
        },
    )
    Rule.objects.using(SERVICE_DB).filter(pk=rule.pk).update(
        scheduled_until=NOW - timedelta(minutes=10)
    )
    scan.scan(NOW)  # 09:30 UTC is 04:30 in New York in December
    [event] = events("schedule")
    assert event.occurred_at == NOW
    assert time(4, 30) == event.occurred_at.astimezone(alice.tz).time()
