"""Projects, labels and tasks (with subtasks and recurrence)."""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from minime.core.models import WorkspaceOwned
from minime.core.vocabulary import Energy


def random_row_stamp() -> int:
    """The default of a column Task no longer has; migration 0005, which added it, names it."""
    return secrets.randbits(62)


class ProjectStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ON_HOLD = "on_hold", "On hold"
    SOMEDAY = "someday", "Someday"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class Project(WorkspaceOwned):
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    area = models.ForeignKey(
        "areas.LifeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    deadline = models.DateField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The latest completion of a task in it (minime.tasks.services keeps it; None: never). Today
    # reads it instead of aggregating every done task of the workspace on each view.
    last_completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [models.Index(fields=["workspace", "status"], name="tasks_project_ws_status")]

    def __str__(self) -> str:
        return self.title


class Label(WorkspaceOwned):
    name = models.CharField(max_length=40)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace", Lower("name"), name="tasks_label_unique_name_per_workspace"
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaskStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"
    SKIPPED = "skipped", "Skipped"  # a missed occurrence of a recurring task


class Priority(models.IntegerChoices):
    NONE = 0, "None"
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class Source(models.TextChoices):
    TYPED = "typed", "Typed"
    SMART_ADD = "smart_add", "Smart Add"
    VOICE = "voice", "Voice"
    EMAIL = "email", "Email"
    AUTOMATION = "automation", "Automation"


class RepeatFrom(models.TextChoices):
    DUE = "due", "From the due date"
    COMPLETION = "completion", "From when I complete it"


class Task(WorkspaceOwned):
    title = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NONE)
    due_date = models.DateField(null=True, blank=True)
    due_time = models.TimeField(null=True, blank=True)
    do_on = models.DateField("do on", null=True, blank=True, help_text="The day you plan to do it.")
    estimate_minutes = models.PositiveIntegerField(null=True, blank=True)
    energy = models.CharField(max_length=6, choices=Energy.choices, blank=True)
    deep_work = models.BooleanField(
        "deep work",
        default=False,
        help_text="Needs one unbroken block of time: Today never splits it between meetings.",
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    goal = models.ForeignKey(
        "goals.Goal", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    area = models.ForeignKey(
        "areas.LifeArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    labels: models.ManyToManyField[Label, TaskLabel] = models.ManyToManyField(
        Label, through="TaskLabel", blank=True, related_name="tasks"
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="subtasks"
    )
    position = models.PositiveIntegerField(default=0)
    # Recurrence: an RRULE (minime.core.recurrence); each occurrence is its own row, all sharing
    # `series`. Completing one keeps it as history and creates the next.
    recurrence = models.CharField(max_length=200, blank=True)
    repeat_from = models.CharField(
        max_length=10, choices=RepeatFrom.choices, default=RepeatFrom.DUE
    )
    series = models.UUIDField(null=True, blank=True, db_index=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.TYPED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # In a shared workspace: the member who does it (None: anyone). Today plans a task for its
    # assignee only, and an unassigned one for every member. A member who leaves loses theirs.
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The member who does it, in a shared workspace (none: anyone).",
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    pinned_on = models.DateField(null=True, blank=True, help_text="Pinned to Today on this day.")
    snoozed_until = models.DateField(null=True, blank=True, help_text="Hidden from Today until.")

    class Meta:
        ordering = ["position", "created_at"]
        indexes = [
            models.Index(fields=["workspace", "status", "due_date"], name="tasks_ws_status_due"),
            models.Index(fields=["workspace", "status", "do_on"], name="tasks_ws_status_do_on"),
            models.Index(fields=["project", "status", "position"], name="tasks_project_status_pos"),
            models.Index(fields=["workspace", "completed_at"], name="tasks_ws_completed"),
            # The task list's order: a page of open tasks without sorting every one of them.
            models.Index(
                fields=["workspace", "status", "position", "created_at"], name="tasks_ws_list_order"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence)

    def new_series(self) -> None:
        self.series = uuid.uuid4()


class TaskLabel(WorkspaceOwned):
    """A label on a task. An explicit table so row-level security covers it too."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    label = models.ForeignKey(Label, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "label"], name="tasks_one_label_per_task")
        ]

    def __str__(self) -> str:
        return f"{self.label} on {self.task}"
