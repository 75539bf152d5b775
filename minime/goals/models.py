"""Goals and their milestones. Progress comes from milestones, a measure, or linked work."""

from __future__ import annotations

from django.db import models

from minime.core.models import WorkspaceOwned


class GoalStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(WorkspaceOwned):
    title = models.CharField(max_length=200)
    why = models.TextField("why it matters", blank=True)
    area = models.ForeignKey(
        "areas.LifeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="goals"
    )
    target_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    # Optional measurable target: "run 100 km" → target 100, unit "km", current 42.
    measure_target = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    measure_unit = models.CharField(max_length=30, blank=True)
    measure_current = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    achieved_at = models.DateTimeField(null=True, blank=True)
    # The latest completion of a task in it (minime.tasks.services keeps it; None: never). Today
    # reads it instead of aggregating every done task of the workspace on each view.
    last_completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["workspace", "status"], name="goals_ws_status")]

    def __str__(self) -> str:
        return self.title


class Milestone(WorkspaceOwned):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    target_date = models.DateField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title
