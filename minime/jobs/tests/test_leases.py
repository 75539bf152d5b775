"""Leases: a job whose worker was lost runs again; a job whose worker is alive is left alone."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minime.jobs import leases
from minime.jobs.models import JobLease
from minime.jobs.tests.probe_jobs import slow_effect
from minime.jobs.worker import Heartbeat, LeasedWorker

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
LEASE = timedelta(seconds=60)


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def worker(worker_id: str = "w1", lease: timedelta = LEASE) -> LeasedWorker:
    return LeasedWorker(
        lease=lease, stop=threading.Event(), queue_names=["default"], excluded_queue_names=[],
        interval=0.1, batch=True, backend_name="default", startup_delay=False, max_tasks=None,
        worker_id=worker_id,
    )  # fmt: skip


def claimed(tmp_path, key: str = "a", worker_id: str = "w1") -> DBTaskResult:
    """A job enqueued and claimed by `worker_id`, as the worker does before running it."""
    slow_effect.enqueue(key=key, directory=str(tmp_path))
    job = worker(worker_id).claim()
    assert job is not None
    return job


def age(job: DBTaskResult, by: timedelta) -> None:
    """Move the job's start and its lease's expiry `by` into the past (time passing)."""
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=job.started_at - by)
    JobLease.objects.filter(task_result=job).update(expires_at=timezone.now() - by + LEASE)


@pytest.mark.django_db
def test_claiming_a_job_leases_it_in_the_same_transaction(db_tasks, tmp_path):
    job = claimed(tmp_path)
    lease = JobLease.objects.get(task_result=job)
    assert (lease.worker_id, lease.attempts) == ("w1", 1)
    assert lease.expires_at > timezone.now() + LEASE - timedelta(seconds=5)
    assert DBTaskResult.objects.get(pk=job.pk).status == "RUNNING"


@pytest.mark.django_db
def test_a_job_whose_lease_expired_is_requeued_and_the_next_claim_counts_a_second_attempt(
    db_tasks, tmp_path
):
    job = claimed(tmp_path)
    age(job, LEASE + timedelta(seconds=1))

    assert leases.reap_expired(LEASE) == 1

    assert DBTaskResult.objects.get(pk=job.pk).status == "READY"
    lease = JobLease.objects.get(task_result=job)
    assert (lease.worker_id, lease.attempts) == ("", 1)
    assert not leases.renew(job.pk, "w1", LEASE)  # the lost worker no longer holds it
    again = worker("w2").claim()
    assert again is not None and again.pk == job.pk
    assert JobLease.objects.get(task_result=job).attempts == 2


@pytest.mark.django_db
def test_a_job_lost_five_times_fails_with_the_reason(db_tasks, tmp_path):
    job = claimed(tmp_path)
    for attempt in range(1, leases.MAX_ATTEMPTS + 1):
        assert JobLease.objects.get(task_result=job).attempts == attempt
        age(job, LEASE + timedelta(seconds=1))
        assert leases.reap_expired(LEASE) == 1
        if attempt < leases.MAX_ATTEMPTS:
            assert worker(f"w{attempt + 1}").claim() is not None

    failed = DBTaskResult.objects.get(pk=job.pk)
    assert failed.status == "FAILED"
    assert failed.exception_class_path == "minime.jobs.leases.WorkerLost"
    assert "worker lost 5 times" in failed.traceback
    assert failed.finished_at is not None
    assert leases.reap_expired(LEASE) == 0


@pytest.mark.django_db
def test_a_lease_not_yet_expired_is_left_alone(db_tasks, tmp_path):
    job = claimed(tmp_path)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=job.started_at - 10 * LEASE)
    assert leases.renew(job.pk, "w1", LEASE)  # a job running for long, its lease renewed

    assert leases.reap_expired(LEASE) == 0
    assert DBTaskResult.objects.get(pk=job.pk).status == "RUNNING"


@pytest.mark.django_db
def test_a_running_job_without_a_lease_expires_a_lease_after_it_started(db_tasks, tmp_path):
    """Claimed by django-tasks-db's own db_worker, which writes no lease."""
    slow_effect.enqueue(key="old", directory=str(tmp_path))
    slow_effect.enqueue(key="recent", directory=str(tmp_path))
    old, recent = DBTaskResult.objects.order_by("enqueued_at")
    for job in (old, recent):
        job.claim("db-worker")
    DBTaskResult.objects.filter(pk=old.pk).update(started_at=old.started_at - LEASE)

    assert leases.reap_expired(LEASE) == 1

    assert DBTaskResult.objects.get(pk=old.pk).status == "READY"
    assert JobLease.objects.get(task_result=old).attempts == 1
    assert DBTaskResult.objects.get(pk=recent.pk).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_two_workers_reaping_together_requeue_each_lost_job_once(db_tasks, tmp_path):
    jobs = [claimed(tmp_path, key=f"k{n}", worker_id=f"lost{n}") for n in range(20)]
    for job in jobs:
        age(job, LEASE + timedelta(seconds=1))
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def reaper() -> None:
        try:
            barrier.wait(timeout=10)
            counts.append(leases.reap_expired(LEASE))
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=reaper) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(counts) == len(jobs)
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"READY"}


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_keeps_a_long_job_leased_while_reapers_look(db_tasks, tmp_path):
    short = timedelta(seconds=0.6)
    job = claimed(tmp_path)
    JobLease.objects.filter(task_result=job).update(expires_at=timezone.now() + short)
    reaped = 0
    with Heartbeat(job.pk, "w1", short):
        deadline = time.monotonic() + 4 * short.total_seconds()
        while time.monotonic() < deadline:
            reaped += leases.reap_expired(short)
            time.sleep(0.05)
    assert reaped == 0
    assert DBTaskResult.objects.get(pk=job.pk).status == "RUNNING"
    # Without the heartbeat the same lease runs out and the job is requeued.
    time.sleep(short.total_seconds() + 0.1)
    assert leases.reap_expired(short) == 1


@pytest.mark.django_db(transaction=True)
def test_the_heartbeat_survives_an_unexpected_error_and_keeps_the_lease(
    db_tasks, tmp_path, monkeypatch, caplog
):
    short = timedelta(seconds=0.6)
    job = claimed(tmp_path)
    JobLease.objects.filter(task_result=job).update(expires_at=timezone.now() + short)
    renew, calls = leases.renew, []

    def renew_failing_once(*args):
        calls.append(args)
        if len(calls) == 1:
            raise ValueError("a bug in the renewal")
        return renew(*args)

    monkeypatch.setattr(leases, "renew", renew_failing_once)
    with Heartbeat(job.pk, "w1", short):
        time.sleep(4 * short.total_seconds())
        assert leases.reap_expired(short) == 0
    assert len(calls) >= 3
    assert "lease heartbeat failed" in caplog.text
    assert DBTaskResult.objects.get(pk=job.pk).status == "RUNNING"


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_a_job_and_records_it(db_tasks, tmp_path):
    slow_effect.enqueue(key="a", directory=str(tmp_path))
    w = worker()
    w.run()
    job = DBTaskResult.objects.get()
    assert (job.status, job.return_value) == ("SUCCESSFUL", "done")
    assert JobLease.objects.get(task_result=job).attempts == 1
    assert (tmp_path / "a.done").exists()
