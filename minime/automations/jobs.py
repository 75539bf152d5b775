"""Automations' background jobs, and how the app plugs into the outbox and the scheduler.

* ``process_events(workspace_id)``: answer the workspace's waiting events (``runner``). Queued
  when a transaction that wrote events commits, and by the scan for events that waited too long.
  Safe to run twice or at once: events are claimed, runs are unique per rule and event.
* ``scan_automations``: every minute, the events the clock brings (``scan``).
* ``prune_automations``: daily, old done events and old runs.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from minime.automations import runner, scan
from minime.automations.models import Rule

SCAN_EVERY = timedelta(minutes=1)


@task()
def process_events(*, workspace_id: int) -> int:
    """Answer one workspace's waiting events; return how many."""
    return runner.process_workspace(workspace_id)


@task()
def scan_automations() -> int:
    """Write the clock's events and wake the workspaces that have some; return how many."""
    woken = scan.scan(timezone.now())
    for workspace_id in sorted(woken):
        process_events.enqueue(workspace_id=workspace_id)
    return len(woken)


@task()
def prune_automations() -> str:
    events, runs = scan.prune(timezone.now())
    return f"{events} events, {runs} runs"


def wants(workspace_id: int, kind: str) -> bool:
    """Whether the workspace has an enabled rule for ``kind`` (one indexed lookup)."""
    return Rule.objects.filter(workspace_id=workspace_id, trigger_kind=kind, enabled=True).exists()


def wake(workspace_id: int) -> None:
    """Queue the workspace's job, unless one is queued and not started yet: that one will see
    the new events (they were committed before this runs), so a burst of writes queues a few
    jobs, not one per write. A job already running loops until no event waits, and one queued
    now covers what it might miss."""
    if isinstance(process_events.get_backend(), DatabaseBackend):
        waiting = DBTaskResult.objects.filter(
            status=TaskResultStatus.READY,
            task_path=process_events.module_path,
            args_kwargs__kwargs__workspace_id=workspace_id,
        )
        if waiting.exists():
            return
    process_events.enqueue(workspace_id=workspace_id)


def connect() -> None:
    """Register as the outbox's consumer and add the periodic jobs (from ``ready()``)."""
    from minime.jobs.schedule import PeriodicJob, register
    from minime.outbox import events

    events.register(events.Consumer(wants=wants, wake=wake))
    register(PeriodicJob("scan-automations", SCAN_EVERY, scan_automations, {}))
    register(PeriodicJob("prune-automations", timedelta(days=1), prune_automations, {}))
