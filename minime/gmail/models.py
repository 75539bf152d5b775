"""A person's Gmail connection and the messages their last pull read.

Both belong to the person, not to a workspace (like calendars): row-level security on
PostgreSQL admits only the transaction's user's rows (`EnableUserRLS`). Export lists the
connection (never the token) and the pulled messages; deleting the account deletes both, after
revoking the grant at Google.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ConnectionState(models.TextChoices):
    CONNECTED = "connected", "Connected"
    RECONNECT = "reconnect", "Needs connecting again"


class GmailConnection(models.Model):
    """One person's read-only access to one Gmail account. `refresh_token_encrypted` is the
    lasting access Google granted, encrypted with the project's rotating keys
    (`minime.core.crypto`); access tokens are made from it for one pull and never stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gmail_connection"
    )
    email_address = models.CharField(max_length=254, help_text="the connected Gmail account")
    refresh_token_encrypted = models.TextField(help_text="encrypted (never exported)")
    scopes = models.CharField(max_length=500, help_text="what Google granted, space-separated")
    connected_at = models.DateTimeField()
    state = models.CharField(
        max_length=10, choices=ConnectionState.choices, default=ConnectionState.CONNECTED
    )
    problem = models.CharField(max_length=300, blank=True, help_text="why it needs connecting")
    pulled_at = models.DateTimeField(null=True, blank=True, help_text="the last successful pull")

    def __str__(self) -> str:
        return self.email_address


class PulledMessage(models.Model):
    """One inbox message as the last pull read it: sender, subject and snippet, nothing more.
    Replaced by the next pull, and deleted a day after it was read (`services.KEEP_PULLED`)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pulled_messages"
    )
    gmail_id = models.CharField(max_length=64, help_text="Gmail's id of the message")
    sender = models.CharField(max_length=300, blank=True)
    subject = models.CharField(max_length=300, blank=True)
    snippet = models.CharField(max_length=500, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    pulled_at = models.DateTimeField()
    position = models.PositiveSmallIntegerField(help_text="its place in the inbox, newest 0")

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "gmail_id"], name="pulled_message_once")
        ]

    def __str__(self) -> str:
        return self.subject or self.snippet[:60]
