"""Focus sessions: a timer on a task (or on nothing in particular), kept on the server so that a
reload, a closed tab or another device never loses it."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from minime.core import limits
from minime.core.models import WorkspaceOwned


class SessionState(models.TextChoices):
    RUNNING = "running", "Running"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class FocusSession(WorkspaceOwned):
    """A focus session: its start, planned and actual minutes, task, interruptions and note."""

    private_to = "created_by"  # personal: see WorkspaceOwned

    # Nullable: when an account is deleted, a shared workspace forgets whose session it was.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="who focused",
    )
    task = models.ForeignKey(
        "tasks.Task",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the task it was on (null: free focus, or the task was deleted)",
    )
    state = models.CharField(
        max_length=9, choices=SessionState.choices, default=SessionState.RUNNING
    )
    started_at = models.DateTimeField(help_text="when it started")
    planned_minutes = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(limits.FOCUS_MINUTES_MAX)],
        help_text="how long it was meant to last",
    )
    break_minutes = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(limits.FOCUS_BREAK_MINUTES_MAX)],
        help_text="the break planned after it",
    )
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="when it ended or was cancelled"
    )
    actual_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="how long it lasted, at most the planned minutes (null until it ends)",
    )
    interruptions = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(limits.FOCUS_INTERRUPTIONS_MAX)],
        help_text="how many times it was interrupted",
    )
    note = models.CharField(
        max_length=limits.FOCUS_NOTE_MAX, blank=True, help_text="a short note written at the end"
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(
                fields=["workspace", "created_by", "started_at"], name="focus_ws_user_start"
            )
        ]
        constraints = [
            # At most one running session per person per workspace (the services say so first,
            # with a message; this holds it against two requests at once).
            models.UniqueConstraint(
                fields=["workspace", "created_by"],
                condition=Q(state="running"),
                name="focus_one_running_per_user",
            )
        ]

    def __str__(self) -> str:
        return f"{self.planned_minutes} min from {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def planned_end(self) -> datetime:
        """When the timer reaches zero."""
        return self.started_at + timedelta(minutes=self.planned_minutes)

    @property
    def is_running(self) -> bool:
        return self.state == SessionState.RUNNING
