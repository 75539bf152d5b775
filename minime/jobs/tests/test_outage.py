"""A database outage: the worker and the scheduler wait it out, then carry on. PostgreSQL: its
connections cut by a TCP forwarder; SQLite: its folder turned read-only."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from minime.jobs.models import ScheduledSlot
from minime.jobs.schedule import SCHEDULE
from minime.jobs.tests.probe_jobs import slow_effect
from minime.jobs.tests.processes import (
    ROOT,
    Forwarder,
    database_urls,
    process_env,
    start,
    start_worker,
    stop,
    wait_for,
)

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
OUTAGE_SECONDS = 5


def all_done() -> bool:
    return set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def lines(log: Path, text: str) -> list[str]:
    return [line for line in log.read_text().splitlines() if text in line]


def every_job_claimed() -> bool:
    """Each periodic job's slot was claimed (a job every minute may have claimed more than one)."""
    return set(ScheduledSlot.objects.values_list("job", flat=True)) == {j.name for j in SCHEDULE}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_worker_and_the_scheduler_survive_a_database_outage(settings, tmp_path):
    settings.TASKS = DB_TASKS
    server = connection.settings_dict
    forwarder = Forwarder((server["HOST"] or "127.0.0.1", int(server["PORT"] or 5432)))
    env = process_env(tmp_path, **database_urls(port=forwarder.port))
    worker_log, scheduler_log = tmp_path / "worker.log", tmp_path / "scheduler.log"
    worker = start_worker(env, worker_log, "--with-scheduler")
    scheduler = start(["run_scheduler"], env, scheduler_log)
    try:
        # Both schedulers are up and the worker ran the periodic jobs.
        wait_for(lambda: every_job_claimed() and all_done())

        forwarder.cut()
        wait_for(lambda: bool(lines(worker_log, "database unavailable")))
        slow_effect.enqueue(key="during", directory=str(tmp_path))
        time.sleep(OUTAGE_SECONDS)
        assert DBTaskResult.objects.filter(status="READY").count() == 1  # nothing ran meanwhile
        forwarder.restore()
        slow_effect.enqueue(key="after", directory=str(tmp_path))
        ScheduledSlot.objects.all().delete()  # the schedulers claim the slots again

        wait_for(lambda: (tmp_path / "during.done").exists() and (tmp_path / "after.done").exists())
        wait_for(lambda: every_job_claimed() and all_done())
        logs = (worker_log, scheduler_log)
        wait_for(lambda: all(lines(log, "database back") for log in logs))
        assert worker.poll() is None and scheduler.poll() is None
        for log in logs:
            failures = lines(log, "database unavailable")
            assert 1 <= len(failures) <= 20, failures  # a line per try, not a storm
            assert not lines(log, "Traceback")

        # A stop request ends a backoff wait at once: stopped 6 to 8 s waits end within 4 s
        # (most of that is the interpreter's exit, about 0.4 s when the machine is idle).
        long_wait = "retry 5 in"
        seen = {log: len(lines(log, long_wait)) for log in logs}
        forwarder.cut()
        wait_for(lambda: all(len(lines(log, long_wait)) > n for log, n in seen.items()))
        for process in (worker, scheduler):
            started = time.monotonic()
            assert stop(process) == 0
            assert time.monotonic() - started < 4
    finally:
        forwarder.cut()
        for process in (worker, scheduler):
            if process.poll() is None:
                process.kill()
                process.wait()


def test_the_worker_and_the_scheduler_survive_a_read_only_sqlite_folder(tmp_path):
    """The folder of an SQLite database turns read-only for a few seconds (a read-only bind mount
    over it, as a disk remounted read-only): writes fail, both processes wait it out, then carry
    on. Its own database file, so it runs the same on both legs."""
    data = tmp_path / "data"
    data.mkdir()
    database = data / "minime.sqlite3"
    url = f"sqlite:///{database}"
    env = process_env(tmp_path, DATABASE_URL=url, DATABASE_SERVICE_URL=url, DATABASE_OWNER_URL=url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"],
        cwd=ROOT, env=env, check=True, capture_output=True,
    )  # fmt: skip

    def statuses() -> list[str]:
        with closing(sqlite3.connect(database)) as db:
            rows = db.execute("SELECT status FROM django_tasks_database_dbtaskresult").fetchall()
        return [status for (status,) in rows]

    def all_ran(at_least: int) -> bool:
        # At least; a job every minute (the recap's finder) may have had another slot meanwhile.
        done = statuses()
        return len(done) >= at_least and set(done) == {"SUCCESSFUL"}

    worker_log, scheduler_log = tmp_path / "worker.log", tmp_path / "scheduler.log"
    logs = (worker_log, scheduler_log)
    worker = start_worker(env, worker_log, "--with-scheduler")
    scheduler = start(["run_scheduler"], env, scheduler_log)
    try:
        wait_for(lambda: all_ran(len(SCHEDULE)))
        subprocess.run(["mount", "--bind", str(data), str(data)], check=True)
        try:
            subprocess.run(["mount", "-o", "remount,bind,ro", str(data)], check=True)
            wait_for(lambda: all(lines(log, "database unavailable") for log in logs))
            time.sleep(OUTAGE_SECONDS)
        finally:
            subprocess.run(["umount", str(data)], check=True)
        with closing(sqlite3.connect(database)) as db, db:
            db.execute("DELETE FROM jobs_scheduledslot")  # the schedulers claim the slots again

        wait_for(lambda: all(lines(log, "database back") for log in logs))
        wait_for(lambda: all_ran(2 * len(SCHEDULE)))
        assert worker.poll() is None and scheduler.poll() is None
        for log in logs:
            assert 1 <= len(lines(log, "database unavailable")) <= 20
            assert not lines(log, "Traceback")
        assert stop(worker) == 0
        assert stop(scheduler) == 0
    finally:
        for process in (worker, scheduler):
            if process.poll() is None:
                process.kill()
                process.wait()
