"""Routines: repeated activities with a checklist; each day's occurrence is done, partly done or
skipped, and history gives streaks and completion rate."""

from __future__ import annotations

from django.db import models

from minime.core import recurrence
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

    # Filled in by minime.routines.selectors for the day a list was built for (not columns).
    due: bool = False
    streak: int = 0

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def cadence(self) -> str:
        """The repeat rule in plain English ("Every weekday", "Every 3 days")."""
        try:
            return recurrence.describe(self.recurrence)
        except recurrence.RecurrenceError:
            return "Repeats (custom rule)"

    @property
    def when(self) -> str:
        """The exact time ("07:30"), else the time of day ("Morning"); "" for any time."""
        if self.exact_time is not None:
            return self.exact_time.strftime("%H:%M")
        return "" if self.time_of_day == TimeOfDay.ANYTIME else self.get_time_of_day_display()

    @property
    def occurrence(self) -> RoutineOccurrence | None:
        """The occurrence on the day a selector listed this routine for, when it prefetched it
        (``day_occurrences``); None when there is none yet or nothing was prefetched."""
        found = self.__dict__.get("day_occurrences")
        return found[0] if found else None

    @property
    def checklist(self) -> list[tuple[RoutineStep, bool]]:
        """Each step with whether it is ticked in :attr:`occurrence` (uses prefetched steps)."""
        occurrence = self.occurrence
        ticked = set(occurrence.checked_steps) if occurrence else set()
        return [(step, str(step.uuid) in ticked) for step in self.steps.all()]


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
