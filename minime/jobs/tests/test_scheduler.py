"""The periodic scheduler enqueues each slot exactly once, even with several schedulers."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connections
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from minime.core.db import SERVICE_DB
from minime.jobs import scheduler
from minime.jobs.housekeeping import prune_job_history
from minime.jobs.models import ScheduledSlot
from minime.jobs.schedule import SCHEDULE, PeriodicJob
from minime.jobs.scheduler import enqueue_due, slot_start

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
T0 = datetime(2026, 11, 27, 10, 0, 0, tzinfo=UTC)


@task()
def tick_probe() -> str:
    return "ticked"


EVERY_MINUTE = PeriodicJob("probe-every-minute", timedelta(minutes=1), tick_probe, {})


def test_slots_are_aligned_to_the_period():
    job = PeriodicJob("x", timedelta(hours=1), tick_probe, {})
    assert slot_start(T0 + timedelta(minutes=59, seconds=59), job) == T0
    assert slot_start(T0 + timedelta(hours=1), job) == T0 + timedelta(hours=1)


@pytest.mark.django_db
def test_a_slot_is_enqueued_once_and_the_next_slot_again(settings):
    settings.TASKS = DB_TASKS
    assert enqueue_due(T0, [EVERY_MINUTE]) == ["probe-every-minute"]
    assert enqueue_due(T0 + timedelta(seconds=30), [EVERY_MINUTE]) == []
    assert enqueue_due(T0 + timedelta(minutes=1), [EVERY_MINUTE]) == ["probe-every-minute"]
    assert ScheduledSlot.objects.count() == 2
    assert DBTaskResult.objects.count() == 2
    claim = ScheduledSlot.objects.get(slot=T0)
    assert DBTaskResult.objects.filter(id=claim.task_id).exists()


@pytest.mark.django_db
def test_jobs_marked_at_start_are_the_ones_queued_at_start(settings):
    settings.TASKS = DB_TASKS
    at_start = PeriodicJob("probe-at-start", timedelta(hours=1), tick_probe, {}, at_start=True)
    assert scheduler.enqueue_at_start([EVERY_MINUTE, at_start]) == ["probe-at-start"]
    assert list(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        tick_probe.module_path
    ]


def test_a_scheduler_queues_the_at_start_jobs_on_its_first_tick_only(monkeypatch):
    stop = threading.Event()
    ticks: list[datetime] = []
    starts: list[bool] = []

    def counting_ticks(now, jobs=SCHEDULE):
        ticks.append(now)
        if len(ticks) == 3:
            stop.set()
        return []

    monkeypatch.setattr(scheduler, "enqueue_due", counting_ticks)

    def at_start() -> list[str]:
        starts.append(True)
        return []

    monkeypatch.setattr(scheduler, "enqueue_at_start", at_start)
    monkeypatch.setattr(scheduler, "close_old_connections", lambda: None)
    monkeypatch.setattr(scheduler, "close_connections", lambda: None)
    scheduler.run_scheduler(stop, interval=0.01)
    assert len(ticks) == 3 and starts == [True]


@pytest.mark.django_db(transaction=True)
def test_two_schedulers_running_together_enqueue_each_slot_exactly_once(settings):
    settings.TASKS = DB_TASKS
    slots = 25
    barrier = threading.Barrier(2)
    enqueued: list[list[str]] = [[], []]
    errors: list[BaseException] = []

    def scheduler(index: int) -> None:
        try:
            for n in range(slots):
                barrier.wait(timeout=10)  # both claim the same slot at the same moment
                enqueued[index] += enqueue_due(T0 + timedelta(minutes=n), [EVERY_MINUTE])
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()  # this thread's; PostgreSQL keeps them open otherwise

    threads = [threading.Thread(target=scheduler, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert len(enqueued[0]) + len(enqueued[1]) == slots
    assert ScheduledSlot.objects.count() == slots
    assert DBTaskResult.objects.count() == slots


# Transactional: the worker and the scheduler close connections between rounds, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_what_the_scheduler_enqueued(settings):
    settings.TASKS = DB_TASKS
    enqueue_due(T0, [EVERY_MINUTE])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    result = DBTaskResult.objects.get()
    assert result.status == "SUCCESSFUL"
    assert result.return_value == "ticked"


@pytest.mark.django_db(transaction=True)
def test_run_scheduler_once_enqueues_every_job_in_the_schedule(settings):
    settings.TASKS = DB_TASKS
    call_command("run_scheduler", "--once", verbosity=0)
    assert set(ScheduledSlot.objects.values_list("job", flat=True)) == {j.name for j in SCHEDULE}


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_job_history_older_than_a_week_is_pruned(settings):
    settings.TASKS = DB_TASKS
    enqueue_due(T0, [EVERY_MINUTE])
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    old = datetime.now(UTC) - timedelta(days=8)
    DBTaskResult.objects.update(finished_at=old)
    ScheduledSlot.objects.update(enqueued_at=old)
    enqueue_due(T0 + timedelta(minutes=1), [EVERY_MINUTE])  # recent, unfinished: kept
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    counts = prune_job_history.call()
    assert counts == {"task_results": 1, "slots": 1}
    assert ScheduledSlot.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_run_worker_with_scheduler_enqueues_the_schedule_and_runs_it(settings):
    settings.TASKS = DB_TASKS
    # Nothing is queued: the jobs it runs are the ones its scheduler thread enqueued, a slot of
    # each periodic job and, once, those that also run when a scheduler starts.
    runs = len(SCHEDULE) + sum(job.at_start for job in SCHEDULE)
    call_command(
        "run_worker", "--with-scheduler", "--max-tasks", str(runs),
        "--no-reload", "--no-startup-delay", "--interval", "0.05", verbosity=0,
    )  # fmt: skip
    assert set(ScheduledSlot.objects.values_list("job", flat=True)) == {j.name for j in SCHEDULE}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
