"""Automations with real processes on PostgreSQL: two schedulers, two workers killed while they
answer events, then a fresh worker. Every event fires each of its rules exactly once."""

from __future__ import annotations

import signal
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import Count
from django_tasks_db.models import DBTaskResult

from minime.accounts.services import user_create
from minime.automations import jobs, services
from minime.automations.models import Rule, Run
from minime.core.db import SERVICE_DB, as_user
from minime.jobs.tests.processes import process_env, start, start_worker, stop, wait_for
from minime.outbox import events
from minime.outbox.models import Event, EventState
from minime.tasks.models import Task
from minime.tasks.services import task_complete, task_create
from minime.workspaces.models import Workspace

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
USERS = 4
TASKS_EACH = 60
PROCESS = "minime.automations.jobs.process_events"


def runs() -> int:
    return Run.objects.using(SERVICE_DB).count()


def running_jobs() -> int:
    return DBTaskResult.objects.filter(task_path=PROCESS, status="RUNNING").count()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_killed_workers_and_two_schedulers_fire_each_rule_once_per_event(settings, tmp_path):
    settings.TASKS = DB_TASKS
    now = datetime.now(UTC)
    at = (now - timedelta(minutes=2)).strftime("%H:%M")
    # The services write events as they would in a request; the workers are woken by the
    # scheduler (events that waited), not by this process.
    events.register(events.Consumer(wants=jobs.wants, wake=lambda workspace_id: None))
    users = []
    try:
        for n in range(USERS):
            user = user_create(email=f"user{n}@example.com", password="a long password 123")
            with as_user(user.pk):
                ws = Workspace.objects.get(created_by=user, is_personal=True)
            plan = services_rule(
                user, ws, {"kind": "schedule", "weekdays": list(range(7)), "at": at}, "Plan the day"
            )
            cheer = services_rule(user, ws, {"kind": "task_completed"}, "Follow up: {task}")
            Rule.objects.using(SERVICE_DB).filter(pk=plan.pk).update(
                scheduled_until=now - timedelta(minutes=10)
            )
            with as_user(user.pk):
                for i in range(TASKS_EACH):
                    task = task_create(workspace=ws, title=f"Task {n}.{i}", created_by=user)
                    task_complete(task=task, user=user)
            users.append((user, plan, cheer))
    finally:
        jobs.connect()
    Event.objects.using(SERVICE_DB).update(created_at=now - timedelta(minutes=5))
    completions = USERS * TASKS_EACH
    assert Event.objects.using(SERVICE_DB).filter(kind="task_completed").count() == completions

    env = process_env(tmp_path, JOB_LEASE_SECONDS="2")
    schedulers = [start(["run_scheduler"], env, tmp_path / f"scheduler-{n}.log") for n in range(2)]
    first = [start_worker(env, tmp_path / f"worker-{n}.log") for n in range(2)]
    try:
        try:
            wait_for(lambda: running_jobs() > 0 and runs() >= 20, timeout=90, every=0.01)
        finally:
            for worker in first:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
        assert runs() < completions + USERS  # killed mid-way
        fresh = start_worker(env, tmp_path / "worker-fresh.log")
        try:
            wait_for(
                lambda: (
                    not Event.objects.using(SERVICE_DB).exclude(state=EventState.DONE).exists()
                    and runs() == completions + USERS
                ),
                timeout=180,
            )
        finally:
            assert stop(fresh) == 0
    finally:
        for scheduler in schedulers:
            assert stop(scheduler) == 0

    per_event = Counter(
        Run.objects.using(SERVICE_DB)
        .values_list("rule_id", "event")
        .annotate(n=Count("id"))
        .values_list("n", flat=True)
    )
    assert per_event == {1: completions + USERS}
    for user, plan, cheer in users:
        assert Run.objects.using(SERVICE_DB).filter(rule=plan).count() == 1
        assert Run.objects.using(SERVICE_DB).filter(rule=cheer).count() == TASKS_EACH
        with as_user(user.pk):
            made = Counter(Task.objects.filter(source="automation").values_list("title", flat=True))
        assert made["Plan the day"] == 1
        assert sum(made.values()) == TASKS_EACH + 1
        assert set(made.values()) == {1}


def services_rule(user, ws, trigger: dict, title: str) -> Rule:
    with as_user(user.pk):
        return services.rule_create(
            workspace=ws,
            owner=user,
            definition={"trigger": trigger, "actions": [{"kind": "create_task", "title": title}]},
        )
