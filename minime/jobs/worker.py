"""The job worker: django-tasks-db's worker, with leases and a loop that outlives the database.

What it adds to `db_worker` (whose queue, claim query and task model it reuses):

- Each claimed job carries a lease (minime.jobs.leases), written in the claim's transaction and
  renewed every third of its length by a heartbeat thread with its own connection. Every round,
  the worker also requeues the jobs of workers that died.
- A database outage does not end the process: the loop backs off and retries
  (minime.jobs.resilience). A job whose end could not be recorded stays RUNNING under a lease
  nobody renews, and runs again once it expires.
- SIGTERM/SIGINT end the current job's round, then the process; a wait ends at once. A second
  signal stops at once, and the job being run runs again once its lease expires.
- Optionally, the scheduler ticks in a thread of the same process (`run_worker --with-scheduler`).
"""

from __future__ import annotations

import logging
import random
import signal
import sys
import threading
from datetime import timedelta
from types import FrameType
from typing import Any
from uuid import UUID

from django.core.exceptions import SuspiciousOperation
from django.db import close_old_connections
from django_tasks_db.compat import TaskContext, task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from minime.jobs import leases
from minime.jobs.resilience import close_connections, is_outage, run_resiliently

logger = logging.getLogger(__name__)


class Heartbeat:
    """Renew a job's lease every third of its length, from a thread with its own connection."""

    def __init__(self, job_id: UUID, worker_id: str, lease: timedelta) -> None:
        self.job_id, self.worker_id, self.lease = job_id, worker_id, lease
        self.every = lease.total_seconds() / 3
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> Heartbeat:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(timeout=self.every)

    def _run(self) -> None:
        try:
            if not self.stop.wait(self.every):
                run_resiliently(self._beat, self.stop, f"lease heartbeat of job {self.job_id}")
        finally:
            close_connections()

    def _beat(self) -> float | None:
        try:
            renewed = leases.renew(self.job_id, self.worker_id, self.lease)
        except Exception as exc:
            if is_outage(exc):
                raise  # run_resiliently waits it out
            # Anything else is a bug, but a heartbeat that stops would let the lease run out and
            # the job run twice: log it and beat again.
            logger.exception("lease heartbeat failed", extra={"job_id": str(self.job_id)})
            return self.every
        if renewed:
            return self.every
        logger.warning(
            "lease lost: the job was requeued and may run again elsewhere",
            extra={"job_id": str(self.job_id)},
        )
        return None


class LeasedWorker(Worker):
    def __init__(self, *, lease: timedelta, stop: threading.Event, **options: Any) -> None:
        super().__init__(**options)
        self.lease = lease
        self.stop = stop

    def shutdown(self, signum: int, frame: FrameType | None) -> None:
        if self.stop.is_set():
            logger.warning("Received %s again - stopping now.", signal.strsignal(signum))
            self.reset_signals()
            sys.exit(1)
        logger.warning(
            "Received %s - stopping after the current job (again to stop now).",
            signal.strsignal(signum),
        )
        self.running = False
        self.stop.set()

    def run(self) -> None:
        logger.info("Starting worker worker_id=%s queues=%s", self.worker_id, self.queue_names)
        if self.startup_delay and self.interval:
            self.stop.wait(random.random())  # noqa: S311 (spreads workers started together)
        run_resiliently(self.step, self.stop, f"worker {self.worker_id}")

    def step(self) -> float | None:
        """One round: requeue lost jobs, claim one and run it. Returns the seconds to wait."""
        close_old_connections()
        leases.reap_expired(self.lease)
        job = self.claim()
        if job is not None:
            self.run_task(job)
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran the maximum of %d tasks - exiting.", self._run_tasks)
                return None
            return 0
        if self.batch:
            logger.info("No more tasks to run for worker_id=%s - exiting.", self.worker_id)
            return None
        return self.interval

    def claim(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        with exclusive_transaction(tasks.db):
            job = tasks.get_locked()
            if job is not None:
                job.claim(self.worker_id)
                leases.take(job, self.worker_id, self.lease)
        return job

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """Run a claimed job under its lease; record SUCCESSFUL, or FAILED with its exception.

        If the database is unreachable when recording, the error propagates to the loop (which
        backs off) and the job, its lease no longer renewed, runs again once the lease expires.
        """
        self.running_task = True
        try:
            error: BaseException | None = None
            with Heartbeat(db_task_result.pk, self.worker_id, self.lease):
                try:
                    task = db_task_result.task
                    result = db_task_result.task_result
                    task_started.send(sender=type(task.get_backend()), task_result=result)
                    context = [TaskContext(task_result=result)] if task.takes_context else []
                    return_value = task.call(*context, *result.args, **result.kwargs)
                except Exception as exc:
                    error = exc
            if error is None:
                try:
                    db_task_result.set_successful(return_value)
                except Exception as exc:  # e.g. a return value JSON cannot hold
                    if is_outage(exc):
                        raise
                    error = exc
            if error is not None:
                db_task_result.set_failed(error)
            self._send_finished(db_task_result)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _send_finished(self, db_task_result: DBTaskResult) -> None:
        try:
            sender = type(db_task_result.task.get_backend())
        except (ImportError, SuspiciousOperation):
            logger.exception("Task id=%s failed unexpectedly", db_task_result.id)
        else:
            task_finished.send(sender=sender, task_result=db_task_result.task_result)
