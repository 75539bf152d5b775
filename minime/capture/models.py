"""Capture: the inbox of unprocessed thoughts, and notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minime.core.models import WorkspaceOwned


class CaptureKind(models.TextChoices):
    INBOX = "inbox", "Inbox item"
    NOTE = "note", "Note"


class CaptureSource(models.TextChoices):
    TYPED = "typed", "Typed"
    VOICE = "voice", "Voice"
    EMAIL = "email", "Email"
    AUTOMATION = "automation", "Automation"


class CaptureItem(WorkspaceOwned):
    text = models.TextField()
    kind = models.CharField(max_length=6, choices=CaptureKind.choices, default=CaptureKind.INBOX)
    source = models.CharField(
        max_length=10, choices=CaptureSource.choices, default=CaptureSource.TYPED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    processed_at = models.DateTimeField(
        null=True, blank=True, help_text="When it left the inbox (made a task, filed, …)."
    )

    class Meta:
        ordering = ["created_at"]  # the inbox is oldest first
        indexes = [
            models.Index(fields=["workspace", "kind", "processed_at"], name="capture_inbox"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
