"""What the AI features did for a user: one row per button press, and the month's count.

Both belong to the user, not to a workspace: the log is theirs to read in Settings → AI, the
quota is theirs whichever workspace they are in. Both are exported and deleted with the account.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Outcome(models.TextChoices):
    OK = "ok", "Answered"
    LOCAL = "local", "Built-in engine (nothing sent)"
    FALLBACK = "fallback", "Provider failed; built-in engine used"
    REFUSED = "refused", "Not run (quota or plan)"


class AIRequest(models.Model):
    """One AI button press: which feature, which provider and model, exactly what left the
    server (``sent``: the request's payload as the log shows it; audio as its type and size),
    how big the answer was, how long it took and how it ended."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_requests"
    )
    feature = models.CharField(max_length=30)
    provider = models.CharField(max_length=30)
    model = models.CharField(max_length=100, blank=True)
    sent = models.JSONField(null=True, blank=True, help_text="None: nothing left the server.")
    answer_bytes = models.PositiveIntegerField(default=0)
    duration_ms = models.PositiveIntegerField(default=0)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    error = models.CharField(max_length=300, blank=True, help_text="What the user was told.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="ai_request_user_recent")]

    def __str__(self) -> str:
        return f"{self.feature} via {self.provider} ({self.outcome})"


class AIUsage(models.Model):
    """AI button presses in one calendar month (UTC), counted atomically against the quota."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_usage"
    )
    month = models.DateField(help_text="The first day of the month.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "month"], name="ai_usage_one_row_per_month")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.count}"
