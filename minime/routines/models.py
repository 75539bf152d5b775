"""Routines: repeated activities with a checklist; each day's occurrence is done, partly done or
skipped, and history gives streaks and completion rate."""

from __future__ import annotations

from django.db import models

from minime.core.models import WorkspaceOwned


class TimeOfDay(models.TextChoices):
    ANYTIME = "anytime", "Any time"
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"


class Routine(WorkspaceOwned):
    title = models.CharField(max_length=200)
    area = models.ForeignKey(
        "areas.LifeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="routines"
    )
    recurrence = models.CharField(max_length=200, help_text="An RRULE, e.g. FREQ=DAILY.")
    starts_on = models.DateField(help_text="The first day of the routine.")
    time_of_day = models.CharField(
        max_length=10, choices=TimeOfDay.choices, default=TimeOfDay.ANYTIME
    )
    exact_time = models.TimeField(null=True, blank=True)
    estimate_minutes = models.PositiveIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class RoutineStep(WorkspaceOwned):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class OccurrenceStatus(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    SKIPPED = "skipped", "Skipped"


class RoutineOccurrence(WorkspaceOwned):
    """One day of a routine. Its own checklist state: the checklist resets every occurrence."""

    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="occurrences")
    date = models.DateField()
    status = models.CharField(max_length=8, choices=OccurrenceStatus.choices)
    checked_steps = models.JSONField(default=list, blank=True, help_text="UUIDs of ticked steps.")
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "date"], name="routines_one_occurrence_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.routine} on {self.date}: {self.status}"
