"""Reviews: the daily shutdown and the guided weekly review, each kept with what the user wrote
and a snapshot of the period's numbers, so a past review reads the same after the data changes."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from minime.core import limits
from minime.core.models import WorkspaceOwned


class ReviewKind(models.TextChoices):
    DAILY = "daily", "Daily shutdown"
    WEEKLY = "weekly", "Weekly review"


class WeeklyStep(models.TextChoices):
    """The weekly review's steps, in order."""

    INBOX = "inbox", "Empty the inbox"
    PROJECTS = "projects", "Projects"
    GOALS = "goals", "Goals"
    ROUTINES = "routines", "Routines"
    BALANCE = "balance", "Balance"
    DECISIONS = "decisions", "Decisions"
    PRIORITIES = "priorities", "Next week's priorities"
    WINS = "wins", "Wins and lessons"


STEPS: tuple[str, ...] = tuple(WeeklyStep.values)


def _one_to_five() -> list:
    return [MinValueValidator(1), MaxValueValidator(5)]


class Review(WorkspaceOwned):
    """One person's review of one period: a day (daily shutdown) or a week (weekly review)."""

    private_to = "created_by"  # personal: see WorkspaceOwned

    # Nullable: when an account is deleted, a shared workspace forgets whose review it was.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="whose review it is",
    )
    kind = models.CharField(max_length=6, choices=ReviewKind.choices)
    period_start = models.DateField(help_text="the first day reviewed, in the user's time zone")
    period_end = models.DateField(help_text="the last day reviewed (inclusive)")
    step = models.CharField(
        max_length=10,
        choices=WeeklyStep.choices,
        blank=True,
        help_text="the weekly step the user is on; blank once finished (and for a daily one)",
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, help_text="when it was finished (null: in progress)"
    )
    energy = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_one_to_five(), help_text="energy, 1 (low) to 5"
    )
    mood = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=_one_to_five(), help_text="mood, 1 (low) to 5"
    )
    notes = models.CharField(
        max_length=limits.REVIEW_NOTE_MAX, blank=True, help_text="one line of notes"
    )
    answers = models.JSONField(default=dict, blank=True, help_text="what the user wrote per step")
    snapshot = models.JSONField(
        default=dict, blank=True, help_text="the period's numbers, written when it was finished"
    )

    class Meta:
        ordering = ["-period_start", "-created_at"]
        indexes = [
            models.Index(
                fields=["workspace", "created_by", "period_start"], name="reviews_ws_user_start"
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "created_by", "kind", "period_start"],
                name="reviews_one_per_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.period_start:%Y-%m-%d}"

    @property
    def is_done(self) -> bool:
        return self.completed_at is not None

    @property
    def is_weekly(self) -> bool:
        return self.kind == ReviewKind.WEEKLY
