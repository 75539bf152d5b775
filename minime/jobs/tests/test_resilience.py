"""The retry loop: real database failures are waited out with backoff, one warning line each,
then the loop carries on; a stop request ends a wait at once; a job whose end could not be
recorded runs again once its lease expires."""

from __future__ import annotations

import logging
import threading
import time
from datetime import timedelta

import pytest
from django.db import IntegrityError, OperationalError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minime.jobs import leases, resilience
from minime.jobs.models import JobLease, ScheduledSlot
from minime.jobs.resilience import Backoff, run_resiliently
from minime.jobs.scheduler import enqueue_due
from minime.jobs.tests.probe_jobs import cut_database, lose_the_database_once, restore_database
from minime.jobs.tests.test_leases import DB_TASKS, LEASE, worker
from minime.jobs.tests.test_scheduler import EVERY_MINUTE

FAILURES = 3


class Clock(threading.Event):
    """A stop Event that records each wait instead of sleeping, and brings the database back
    after FAILURES waits."""

    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, timeout: float | None = None) -> bool:
        self.waits.append(timeout or 0.0)
        if len(self.waits) == FAILURES:
            restore_database()
        if len(self.waits) > FAILURES:
            self.set()  # one normal round after the recovery is enough
        return self.is_set()


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_loop_waits_out_an_unreachable_database_then_enqueues(settings, caplog):
    settings.TASKS = DB_TASKS
    clock = Clock()

    def tick() -> float:
        enqueue_due(timezone.now(), [EVERY_MINUTE])
        return 1.0

    cut_database()
    try:
        with caplog.at_level(logging.WARNING, logger="minime.jobs.resilience"):
            run_resiliently(tick, clock, "scheduler")
    finally:
        restore_database()

    # 0.5 s, 1 s, 2 s, each shortened by up to a quarter; then the normal interval.
    for wait, longest in zip(clock.waits, (0.5, 1.0, 2.0), strict=False):
        assert 0.75 * longest <= wait <= longest
    assert clock.waits[FAILURES] == 1.0
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == FAILURES + 1, messages
    assert all("scheduler: database unavailable" in m for m in messages[:FAILURES])
    assert messages[-1] == f"scheduler: database back after {FAILURES} failed tries"
    assert all(r.exc_info is None for r in caplog.records)  # one line, no traceback
    assert ScheduledSlot.objects.filter(job=EVERY_MINUTE.name).count() == 1


def test_backoff_doubles_up_to_thirty_seconds():
    backoff = Backoff("test")
    waits = [backoff.failed(OperationalError("down")) for _ in range(12)]
    assert waits[0] <= 0.5
    assert all(wait <= 30.0 for wait in waits)
    assert waits[-1] >= 22.5
    backoff.succeeded()
    assert backoff.failed(OperationalError("down")) <= 0.5


@pytest.mark.django_db(transaction=True)
def test_a_stop_request_ends_a_backoff_wait_at_once(monkeypatch):
    monkeypatch.setattr(resilience, "FIRST_WAIT", 30.0)
    stop = threading.Event()
    failed = threading.Event()

    def step() -> float:
        failed.set()
        raise OperationalError("connection refused")

    loop = threading.Thread(target=run_resiliently, args=(step, stop, "test"))
    loop.start()
    assert failed.wait(5)
    time.sleep(0.2)  # in its 22.5 to 30 s wait
    started = time.monotonic()
    stop.set()
    loop.join(timeout=5)
    assert not loop.is_alive()
    assert time.monotonic() - started < 0.5


@pytest.mark.django_db(transaction=True)
def test_an_error_that_is_not_an_outage_is_raised():
    ScheduledSlot.objects.create(job="x", slot=timezone.now())

    def step() -> float:
        ScheduledSlot.objects.create(job="x", slot=ScheduledSlot.objects.get().slot)
        return 1.0

    with pytest.raises(IntegrityError):
        run_resiliently(step, threading.Event(), "test")


@pytest.mark.django_db(transaction=True)
def test_a_job_whose_end_could_not_be_recorded_stays_leased_and_runs_again(settings, tmp_path):
    settings.TASKS = DB_TASKS
    lose_the_database_once.enqueue(directory=str(tmp_path))
    lost = worker("w1")
    job = lost.claim()
    assert job is not None
    try:
        with pytest.raises(OperationalError):
            lost.run_task(job)  # ran, then could not record SUCCESSFUL
    finally:
        restore_database()
    assert DBTaskResult.objects.get(pk=job.pk).status == "RUNNING"
    assert JobLease.objects.get(task_result=job).worker_id == "w1"

    JobLease.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    DBTaskResult.objects.update(started_at=timezone.now() - LEASE - timedelta(seconds=1))
    worker("w2").run()  # reaps it, then runs it again

    again = DBTaskResult.objects.get(pk=job.pk)
    assert (again.status, again.return_value) == ("SUCCESSFUL", "ran again")
    assert JobLease.objects.get(task_result=job).attempts == 2
    assert leases.reap_expired(LEASE) == 0
