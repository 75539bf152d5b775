"""The jobs app's own tables: slot claims of the periodic scheduler, and leases on running jobs
(the queue itself is django-tasks-db's DBTaskResult). See docs/jobs.md."""

from __future__ import annotations

from django.db import models


class ScheduledSlot(models.Model):
    """One run of a periodic job. The unique (job, slot) pair is what makes each slot run once:
    whichever scheduler inserts it first enqueues the job; every other one gets IntegrityError."""

    job = models.CharField(max_length=100)
    slot = models.DateTimeField(help_text="Start of the period this run covers (UTC).")
    enqueued_at = models.DateTimeField(auto_now_add=True)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="jobs_one_run_per_slot")
        ]
        indexes = [models.Index(fields=["enqueued_at"], name="jobs_slot_enqueued_at")]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot:%Y-%m-%d %H:%M:%S}"


class JobLease(models.Model):
    """The worker running a job, and until when it has it.

    Claiming a job writes its lease in the same transaction; the worker's heartbeat pushes
    `expires_at` forward while the job runs. A RUNNING job whose lease has expired lost its worker
    (killed, machine gone, database out for longer than the lease): any worker puts it back in
    the queue, or fails it once it has been tried MAX_ATTEMPTS times (see minime.jobs.leases).
    """

    task_result = models.OneToOneField(
        "django_tasks_database.DBTaskResult",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="lease",
    )
    worker_id = models.CharField(max_length=64, blank=True, help_text="Empty once released.")
    expires_at = models.DateTimeField()
    attempts = models.PositiveIntegerField(default=0, help_text="How many times it was claimed.")

    class Meta:
        indexes = [models.Index(fields=["expires_at"], name="jobs_lease_expires_at")]

    def __str__(self) -> str:
        return f"{self.task_result_id} by {self.worker_id or '-'} until {self.expires_at:%H:%M:%S}"
