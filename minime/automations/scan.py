"""What the clock finds: schedule instants, tasks that became overdue, routines missed.

``scan(now)`` runs every minute (the ``scan-automations`` periodic job) and writes an outbox
event for each instance it finds, keyed so that each is written once whatever number of
schedulers run or how often it looks (the outbox's unique (workspace, key)):

* **Schedules**: each enabled schedule rule's instants in ``(scheduled_until, now]`` in its
  owner's time zone (the engine's ``schedule_instances``: DST-safe), key
  ``schedule:<rule>:<instant>``; then ``scheduled_until`` moves to ``now``. An instant found
  more than ``LATE`` after it passed (no scheduler ran) is skipped: "plan the day" at noon helps
  no one.
* **Became overdue**: open tasks whose due day is before today in the rule owner's zone, within
  the last ``OVERDUE_DAYS`` days (a task overdue for a month did not just become so), key
  ``overdue:<task>:<due date>`` (a new due date makes a new instance). In a shared workspace the
  first owner's midnight counts.
* **Routine missed**: routines due yesterday (the owner's zone) with nothing recorded for it,
  key ``routine_missed:<routine>:<day>``.

It also wakes any workspace whose events wait longer than ``STRAGGLER`` (a lost job, a worker
that died), and ``prune`` drops done events after ``EVENT_KEEP`` (longer than any window above,
so a key is never written twice) and runs after ``RUN_KEEP``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q

from minime.automations import convert, engine
from minime.automations.models import Rule, Run
from minime.automations.runner import stale_claim
from minime.core.db import SERVICE_DB, as_user
from minime.outbox.models import Event, EventState
from minime.routines.selectors import due_on
from minime.tasks.events import task_subject
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

LATE = timedelta(hours=1)
OVERDUE_DAYS = 2
STRAGGLER = timedelta(minutes=1)
EVENT_KEEP = timedelta(days=7)
RUN_KEEP = timedelta(days=90)


def scan(now: datetime) -> set[int]:
    """Write the events the clock brings at ``now``; return the workspaces to wake."""
    return _schedules(now) | _overdue(now) | _routines_missed(now) | _stragglers(now)


def _write(events: list[Event]) -> set[int]:
    if events:
        Event.objects.using(SERVICE_DB).bulk_create(events, ignore_conflicts=True, batch_size=500)
    return {event.workspace_id for event in events}


def _schedules(now: datetime) -> set[int]:
    rules = (
        Rule.objects.using(SERVICE_DB)
        .filter(enabled=True, trigger_kind="schedule", owner__isnull=False)
        .filter(Q(scheduled_until__isnull=True) | Q(scheduled_until__lt=now))
        .select_related("owner")
    )
    events, seen = [], []
    for rule in rules:
        checked, problems = convert.parse(rule.definition)
        seen.append(rule.pk)
        if checked is None or problems:
            continue  # the runner pauses it with the reason when it next fires
        after = max(rule.scheduled_until or now, now - LATE)
        for instant in engine.schedule_instances(checked.trigger, rule.owner.time_zone, after, now):
            events.append(
                Event(
                    workspace_id=rule.workspace_id,
                    kind="schedule",
                    occurred_at=instant,
                    subject={"rule": str(rule.uuid)},
                    key=f"schedule:{rule.uuid}:{instant:%Y-%m-%dT%H:%MZ}",
                )
            )
    with transaction.atomic(using=SERVICE_DB):
        woken = _write(events)
        Rule.objects.using(SERVICE_DB).filter(pk__in=seen, scheduled_until__lt=now).update(
            scheduled_until=now
        )
        Rule.objects.using(SERVICE_DB).filter(pk__in=seen, scheduled_until__isnull=True).update(
            scheduled_until=now
        )
    return woken


def _watching(kind: str) -> dict[int, list[tuple[int, str]]]:
    """Workspace → [(owner id, owner's zone)] of the enabled rules of ``kind``."""
    rows = (
        Rule.objects.using(SERVICE_DB)
        .filter(enabled=True, trigger_kind=kind, owner__isnull=False)
        .values_list("workspace_id", "owner_id", "owner__time_zone")
        .distinct()
    )
    found: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for workspace_id, owner_id, zone in rows:
        found[workspace_id].append((owner_id, zone))
    return found


def _today(now: datetime, zone: str) -> date:
    return now.astimezone(engine.rules.zone(zone)).date()


def _overdue(now: datetime) -> set[int]:
    watching = _watching("task_overdue")
    if not watching:
        return set()
    today = {ws: max(_today(now, zone) for _, zone in owners) for ws, owners in watching.items()}
    tasks = (
        Task.objects.using(SERVICE_DB)
        .filter(
            workspace_id__in=list(today),
            status=TaskStatus.OPEN,
            due_date__gte=min(today.values()) - timedelta(days=OVERDUE_DAYS),
            due_date__lt=max(today.values()),
        )
        .select_related("project", "area", "goal")
        .prefetch_related("labels")
    )
    events = [
        Event(
            workspace_id=task.workspace_id,
            kind="task_overdue",
            occurred_at=now,
            subject=task_subject(task),
            key=f"overdue:{task.uuid}:{task.due_date}",
        )
        for task in tasks
        if today[task.workspace_id] - timedelta(days=OVERDUE_DAYS)
        <= task.due_date
        < today[task.workspace_id]
    ]
    return _write(events)


def _routines_missed(now: datetime) -> set[int]:
    watching = _watching("routine_missed")
    events = []
    workspaces = Workspace.objects.using(SERVICE_DB).in_bulk(list(watching))
    for workspace_id, owners in watching.items():
        owner_id, zone = owners[0]
        yesterday = _today(now, zone) - timedelta(days=1)
        with as_user(owner_id):
            due = due_on(workspaces[workspace_id], yesterday, zone)
        events += [
            Event(
                workspace_id=workspace_id,
                kind="routine_missed",
                occurred_at=now,
                subject=_routine_subject(routine),
                key=f"routine_missed:{routine.uuid}:{yesterday}",
            )
            for routine in due
            if routine.occurrence is None
        ]
    return _write(events)


def _routine_subject(routine: Any) -> dict[str, Any]:
    area = routine.area
    return {
        "item_id": str(routine.uuid),
        "routine": routine.title,
        "area_id": str(area.uuid) if area else None,
        "area_name": area.name if area else "",
    }


def _stragglers(now: datetime) -> set[int]:
    waiting = Event.objects.using(SERVICE_DB).filter(
        Q(state=EventState.PENDING, created_at__lt=now - STRAGGLER)
        | Q(state=EventState.CLAIMED, claimed_at__lt=now - stale_claim())
    )
    return set(waiting.values_list("workspace_id", flat=True).distinct())


def prune(now: datetime) -> tuple[int, int]:
    """Drop done events older than ``EVENT_KEEP`` and runs older than ``RUN_KEEP``."""
    events, _ = (
        Event.objects.using(SERVICE_DB)
        .filter(state=EventState.DONE, created_at__lt=now - EVENT_KEEP)
        .delete()
    )
    runs, _ = Run.objects.using(SERVICE_DB).filter(created_at__lt=now - RUN_KEEP).delete()
    return events, runs
