"""A shared workspace's activity: a short list of who added, completed, moved or assigned what,
and who joined or left. Personal workspaces keep none (there is no one else to tell)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minime.core.models import WorkspaceOwned


class Verb(models.TextChoices):
    ADDED = "added", "Added"
    COMPLETED = "completed", "Completed"
    REOPENED = "reopened", "Reopened"
    DROPPED = "dropped", "Dropped"
    DELETED = "deleted", "Deleted"
    MOVED = "moved", "Moved to another project"
    ASSIGNED = "assigned", "Assigned"
    UNASSIGNED = "unassigned", "Unassigned"
    JOINED = "joined", "Joined"
    LEFT = "left", "Left"
    REMOVED = "removed", "Removed"


class Kind(models.TextChoices):
    TASK = "task", "Task"
    PROJECT = "project", "Project"
    MEMBER = "member", "Member"


class Activity(WorkspaceOwned):
    """One line of a shared workspace's activity list. The item is named as it was then and
    found by its uuid while it exists; people are linked, so a deleted account leaves "someone"
    behind."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="who did it",
    )
    verb = models.CharField(max_length=10, choices=Verb.choices, help_text="what they did")
    kind = models.CharField(max_length=7, choices=Kind.choices, help_text="what it is about")
    item = models.UUIDField(null=True, blank=True, help_text="the task's or project's uuid")
    title = models.CharField(max_length=300, blank=True, help_text="the item's title then")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="who joined, left, was removed or was given the task",
    )
    where = models.CharField(max_length=200, blank=True, help_text="the project it moved to")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["workspace", "-created_at"], name="activity_ws_recent")]

    def __str__(self) -> str:
        return f"{self.verb} {self.title or self.kind}"
