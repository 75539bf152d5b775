"""Leases on running jobs: how a job whose worker died gets run again.

A worker claims a job and takes its lease in one transaction (`take`), renews the lease while
the job runs (`renew`), and every worker, on every round of its loop, puts the RUNNING jobs whose
lease has expired back in the queue (`reap_expired`), or marks them FAILED once they were
claimed MAX_ATTEMPTS times. A RUNNING job without a lease (claimed by django-tasks-db's own
db_worker) counts as expired once it started longer than a lease ago.

Reaping is safe with any number of workers: the first check is a plain read (nothing to do is
the usual case, and takes no lock); the work is done in one transaction that locks the job and
its lease rows (PostgreSQL: FOR UPDATE SKIP LOCKED, so two workers never take the same job;
SQLite: the IMMEDIATE transaction serialises writers) and checks the expiry again under the lock,
so a lease renewed meanwhile is left alone.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from uuid import UUID

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet
from django_tasks_db.utils import exclusive_transaction

from minime.jobs.models import JobLease

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


class WorkerLost(Exception):
    """Recorded on a job whose worker disappeared MAX_ATTEMPTS times."""


def lease_length() -> timedelta:
    return timedelta(seconds=settings.JOB_LEASE_SECONDS)


def take(job: DBTaskResult, worker_id: str, lease: timedelta) -> None:
    """Lease a job just claimed to `worker_id`. Call in the claim's transaction."""
    expires_at = timezone.now() + lease
    taken = JobLease.objects.filter(task_result=job).update(
        worker_id=worker_id, expires_at=expires_at, attempts=F("attempts") + 1
    )
    if not taken:
        JobLease.objects.create(
            task_result=job, worker_id=worker_id, expires_at=expires_at, attempts=1
        )


def renew(job_id: UUID, worker_id: str, lease: timedelta) -> bool:
    """Extend the lease; False if `worker_id` no longer holds it (the job was reaped)."""
    renewed = JobLease.objects.filter(task_result_id=job_id, worker_id=worker_id).update(
        expires_at=timezone.now() + lease
    )
    return renewed == 1


def expired(now: datetime, lease: timedelta) -> DBTaskResultQuerySet:
    """RUNNING jobs whose lease ran out, or that have none and started over a lease ago."""
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=now - lease)
        .filter(Q(lease__isnull=True) | Q(lease__expires_at__lt=now))
    )


def reap_expired(lease: timedelta) -> int:
    """Requeue (or fail, after MAX_ATTEMPTS) every job whose worker was lost; return how many."""
    now = timezone.now()
    if not expired(now, lease).exists():
        return 0
    reaped = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        jobs = expired(now, lease).select_for_update(skip_locked=True, of=("self",))
        for job in jobs:
            held = JobLease.objects.select_for_update().filter(task_result=job).first()
            if held is not None and held.expires_at >= now:
                continue  # renewed since the first read
            attempts = held.attempts if held is not None else 1
            JobLease.objects.update_or_create(
                task_result=job,
                defaults={"worker_id": "", "expires_at": now, "attempts": attempts},
            )
            if attempts >= MAX_ATTEMPTS:
                job.set_failed(WorkerLost(f"worker lost {attempts} times"))
                logger.error("job failed: worker lost %d times", attempts, extra=_about(job))
            else:
                job.status = TaskResultStatus.READY
                job.save(update_fields=["status"])
                logger.warning(
                    "job requeued: its worker was lost (attempt %d of %d)",
                    attempts, MAX_ATTEMPTS, extra=_about(job),
                )  # fmt: skip
            reaped += 1
    return reaped


def _about(job: DBTaskResult) -> dict[str, str]:
    return {"job_id": str(job.pk), "task": job.task_path}
