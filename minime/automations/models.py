"""A person's automation rules and the history of their runs.

Both are workspace rows that belong to one person (`private_to`): the rules someone makes in a
shared workspace are theirs alone, act with their name and notify only them. A rule's
`definition` is the JSON the builder and the API write (trigger, conditions, actions); the
engine (`minime.automations.engine`) checks it and matches it (`convert.py` turns one into the
other). `trigger_kind` repeats the definition's trigger so that "does this workspace have a rule
for task_completed?" is one indexed lookup.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minime.core import limits
from minime.core.models import WorkspaceOwned


class Rule(WorkspaceOwned):
    """When `trigger` happens and the conditions hold, run the actions. `enabled` false: kept,
    never matched. A rule that fails `PAUSE_AFTER` runs in a row turns itself off and says why
    in `paused_reason` (cleared when the person turns it on again)."""

    private_to = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="whose rule it is (its pushes go to them, its tasks are made in their name)",
    )
    name = models.CharField(
        max_length=limits.AUTOMATION_NAME_MAX, blank=True, help_text="a name, if given"
    )
    enabled = models.BooleanField(default=True, help_text="on or off")
    trigger_kind = models.CharField(max_length=30, help_text="the trigger's kind")
    definition = models.JSONField(help_text="trigger, conditions and actions (see the docs)")
    failures = models.PositiveSmallIntegerField(
        default=0, help_text="failed runs in a row (back to 0 after a run that worked)"
    )
    paused_reason = models.CharField(
        max_length=300, blank=True, help_text="why it turned itself off, if it did"
    )
    scheduled_until = models.DateTimeField(
        null=True, blank=True, help_text="a schedule's instants up to here have been looked at"
    )
    last_run_at = models.DateTimeField(null=True, blank=True, help_text="when it last fired")

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["workspace", "trigger_kind", "enabled"], name="automation_rule_kind"
            ),
            models.Index(fields=["workspace", "owner"], name="automation_rule_owner"),
        ]

    def __str__(self) -> str:
        return self.name or f"{self.trigger_kind} rule"


class RunOutcome(models.TextChoices):
    DONE = "done", "Done"
    PARTLY = "partly", "Partly done"
    FAILED = "failed", "Failed"


class Run(WorkspaceOwned):
    """One firing of a rule: when, what triggered it, and what each action did or why it
    failed (`actions`: [{kind, ok, detail, url}]). Unique per (rule, event): a rule fires once per
    event, however many workers look at it."""

    private_to = "owner"

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="whose rule fired",
    )
    rule = models.ForeignKey(
        Rule, on_delete=models.CASCADE, related_name="runs", help_text="the rule that fired"
    )
    event = models.UUIDField(help_text="the outbox event it answered")
    trigger = models.CharField(max_length=300, help_text="what happened, in words")
    occurred_at = models.DateTimeField(help_text="when it happened")
    depth = models.PositiveSmallIntegerField(
        default=0, help_text="0: a person's change fired it; 1: another rule's action"
    )
    outcome = models.CharField(
        max_length=6, choices=RunOutcome.choices, help_text="done, partly done or failed"
    )
    actions = models.JSONField(
        default=list, help_text="what each action did or why it failed: [{kind, ok, detail, url}]"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["rule", "event"], name="automation_run_once_per_event")
        ]
        indexes = [models.Index(fields=["rule", "-created_at"], name="automation_run_recent")]

    def __str__(self) -> str:
        return f"{self.rule_id} @ {self.created_at:%Y-%m-%d %H:%M}: {self.outcome}"
