"""The outbox: what happened in a workspace, written in the same transaction as the change.

A row is an event (a task was completed, an inbox item added, a routine missed …) waiting to be
matched against the automation rules of its workspace. Because the service that makes the change
writes the event inside its own transaction, an event exists exactly when its change was
committed: a rolled-back change leaves none. The consumer (the automations app) claims each
event, acts on it and marks it done; done events are kept a week so that the scheduler's keyed
events ("task 42 became overdue on 5 March") are found once, then pruned.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minime.core.models import WorkspaceOwned


class EventState(models.TextChoices):
    PENDING = "pending", "Waiting"
    CLAIMED = "claimed", "Being matched"
    DONE = "done", "Done"


class Event(WorkspaceOwned):
    """One event: its kind, when it happened, who caused it, how deep in a chain of automations
    it is, and what it is about (`subject`: the item's public id, title, project, area …, as the
    automation engine's Event takes them). `key`, when set, makes it once per workspace."""

    kind = models.CharField(max_length=30, help_text="what happened: task_completed, schedule …")
    occurred_at = models.DateTimeField(help_text="when it happened")
    depth = models.PositiveSmallIntegerField(
        default=0, help_text="0: a person's change; n + 1: made by an automation at depth n."
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="who made the change (none: the scheduler)",
    )
    subject = models.JSONField(
        default=dict, blank=True, help_text="what it is about: the item's id, title, project …"
    )
    # NULL, not "": only keyed events are held to one per workspace.
    key = models.CharField(  # noqa: DJ001
        max_length=200, null=True, blank=True, help_text="makes an event found by the clock once"
    )
    state = models.CharField(
        max_length=8,
        choices=EventState.choices,
        default=EventState.PENDING,
        help_text="waiting, being matched or done",
    )
    claimed_at = models.DateTimeField(null=True, blank=True, help_text="when a worker took it")
    attempts = models.PositiveSmallIntegerField(default=0, help_text="how many workers took it")

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["workspace", "key"], name="outbox_event_once_per_key")
        ]
        indexes = [
            models.Index(fields=["state", "workspace", "id"], name="outbox_event_waiting"),
            models.Index(fields=["state", "created_at"], name="outbox_event_state_age"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} @ {self.occurred_at:%Y-%m-%d %H:%M} ({self.state})"
