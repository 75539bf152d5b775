"""The recap with real processes on PostgreSQL: two schedulers and two workers, the workers
killed mid-recap and a fresh one started; every user gets exactly one recap."""

from __future__ import annotations

import signal
import subprocess
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django_tasks_db.models import DBTaskResult

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.core.db import SERVICE_DB, as_user
from minime.jobs.tests.processes import (
    process_env,
    start,
    start_worker,
    stop,
    wait_for,
    wait_for_log,
)
from minime.notifications.models import Notification
from minime.preferences.rules import rules_update
from minime.tasks.models import Task
from minime.workspaces.models import Workspace

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
USERS = 24
TASKS_EACH = 150  # a plan that takes a moment, so a worker can be killed in the middle of one
SEND_RECAP = "minime.today.jobs.send_recap"


def midday_zone(now: datetime) -> str:
    """A zone where it is between 06:00 and 18:00 now: the recap time an hour earlier is today."""
    for offset in range(-12, 15):
        name = f"Etc/GMT{'+' if offset <= 0 else '-'}{abs(offset)}"  # Etc signs are reversed
        if 6 <= now.astimezone(ZoneInfo(name)).hour < 18:
            return name
    raise AssertionError("no zone at midday")


def recap_jobs() -> Counter[str]:
    rows = DBTaskResult.objects.filter(task_path=SEND_RECAP)
    return Counter(rows.values_list("status", flat=True))


def recap_counts() -> Counter[int]:
    rows = Notification.objects.using(SERVICE_DB).filter(kind="recap")
    return Counter(rows.values_list("user_id", flat=True))


def mid_recap() -> bool:
    return recap_jobs()["RUNNING"] > 0 and 2 <= len(recap_counts()) < USERS


def kill_mid_recap(workers: list[subprocess.Popen[bytes]]) -> None:
    """SIGKILL the workers while a recap is being made and some were sent. They are frozen
    (SIGSTOP) before the state is read, so a job cannot end between the look and the kill;
    if they were caught between two jobs, they go on (SIGCONT) and the next moment is tried."""
    try:
        while True:
            wait_for(mid_recap, every=0.01)
            for worker in workers:
                worker.send_signal(signal.SIGSTOP)
            if mid_recap():
                return
            for worker in workers:
                worker.send_signal(signal.SIGCONT)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_two_schedulers_and_killed_workers_send_each_user_one_recap(settings, tmp_path):
    settings.TASKS = DB_TASKS
    now = datetime.now(UTC)
    zone = midday_zone(now)
    recap_time = (now.astimezone(ZoneInfo(zone)) - timedelta(hours=1)).time().replace(second=0)
    users = []
    for n in range(USERS):
        user = user_create(email=f"user{n}@example.com", password="a long password 123")
        User.objects.filter(pk=user.pk).update(time_zone=zone)
        rules_update(user=user, recap_time=recap_time, work_days=list(range(7)))
        with as_user(user.pk):
            ws = Workspace.objects.get(created_by=user, is_personal=True)
            Task.objects.bulk_create(
                Task(workspace=ws, title=f"Task {i}", estimate_minutes=5 + i % 60, priority=i % 4)
                for i in range(TASKS_EACH)
            )
        users.append(user.pk)

    env = process_env(tmp_path, JOB_LEASE_SECONDS="2")
    logs = [tmp_path / f"scheduler-{n}.log" for n in range(2)]
    schedulers = [start(["run_scheduler"], env, log) for log in logs]
    try:
        for log in logs:  # both running (a SIGTERM while Django starts would simply end one)
            wait_for_log(log, "Scheduler running")
        kill_mid_recap([start_worker(env, tmp_path / f"worker-{n}.log") for n in range(2)])
        lost = recap_jobs()["RUNNING"]
        assert lost > 0  # killed mid-job
        assert len(recap_counts()) < USERS

        fresh = start_worker(env, tmp_path / "worker-fresh.log")
        try:
            wait_for(lambda: len(recap_counts()) == USERS and recap_jobs().keys() == {"SUCCESSFUL"})
        finally:
            assert stop(fresh) == 0
    finally:
        for scheduler in schedulers:
            assert stop(scheduler) == 0

    assert recap_counts() == dict.fromkeys(users, 1)
    key = f"recap:{now.astimezone(ZoneInfo(zone)).date().isoformat()}"
    keys = set(Notification.objects.using(SERVICE_DB).values_list("key", flat=True))
    assert keys == {key}
    # Each user's recap was queued once (two schedulers, one finder per minute), the lost jobs
    # ran again after their lease ran out.
    assert sum(recap_jobs().values()) == USERS
