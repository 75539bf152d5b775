"""Workers killed mid-job: a fresh worker runs their jobs again once the leases expire, and each
job's effect happens once."""

from __future__ import annotations

import signal
from collections import Counter

import pytest
from django_tasks_db.models import DBTaskResult

from minime.jobs.models import JobLease
from minime.jobs.tests.probe_jobs import slow_effect
from minime.jobs.tests.processes import process_env, start_worker, stop, wait_for

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS = 20


def statuses() -> Counter[str]:
    return Counter(DBTaskResult.objects.values_list("status", flat=True))


def key_of(job: DBTaskResult) -> str:
    return str(job.args_kwargs["kwargs"]["key"])


@pytest.mark.django_db(transaction=True)
def test_jobs_of_killed_workers_run_again_and_their_effects_happen_once(settings, tmp_path):
    settings.TASKS = DB_TASKS
    effects = tmp_path / "effects"
    effects.mkdir()
    keys = [f"job{n:02d}" for n in range(JOBS)]
    for key in keys:
        slow_effect.enqueue(key=key, directory=str(effects), seconds=0.4)
    # A short lease for every worker: the killed ones' leases must run out for the test to end.
    env = process_env(tmp_path, JOB_LEASE_SECONDS="2")

    first = [start_worker(env, tmp_path / f"worker-{n}.log") for n in range(2)]
    try:
        wait_for(lambda: statuses()["SUCCESSFUL"] >= 4)
    finally:
        for worker in first:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
    lost = {key_of(job) for job in DBTaskResult.objects.filter(status="RUNNING")}
    assert lost  # killed mid-job

    fresh = start_worker(env, tmp_path / "worker-fresh.log")
    try:
        wait_for(lambda: statuses()["SUCCESSFUL"] == JOBS)
    finally:
        assert stop(fresh) == 0

    assert statuses() == {"SUCCESSFUL": JOBS}
    effects_log = (effects / "effects.log").read_text().split()
    assert Counter(effects_log) == dict.fromkeys(keys, 1)
    attempts = Counter((effects / "attempts.log").read_text().split())
    assert {key for key, n in attempts.items() if n == 2} == lost
    assert set(attempts.values()) == {1, 2}
    leased_twice = JobLease.objects.filter(attempts=2).select_related("task_result")
    assert {key_of(lease.task_result) for lease in leased_twice} == lost
