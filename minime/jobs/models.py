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
