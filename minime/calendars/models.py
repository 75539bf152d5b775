"""A person's connected calendars (private iCal addresses) and the cached events of the next days.

Both belong to the person, not to a workspace: my calendar is my time on every workspace's Today.
Row-level security on PostgreSQL admits only the transaction's user's rows (`EnableUserRLS`);
export (never the address) and deletion cover them with the account.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from minime.core import limits


class Colour(models.TextChoices):
    BLUE = "blue", "Blue"
    GREEN = "green", "Green"
    ORANGE = "orange", "Orange"
    PURPLE = "purple", "Purple"
    RED = "red", "Red"
    TEAL = "teal", "Teal"
    GREY = "grey", "Grey"


class Calendar(models.Model):
    """One calendar feed. `url_encrypted` is the private address, encrypted with the project's
    rotating keys (`minime.core.crypto`): it is never shown, exported or logged; `url_hint` is
    what the pages show of it (the host and the last characters). The sync state says when the
    cache was last filled and, if the last try failed, why."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendars"
    )
    name = models.CharField(max_length=limits.CALENDAR_NAME_MAX, help_text="what the pages call it")
    colour = models.CharField(
        max_length=6, choices=Colour.choices, default=Colour.BLUE, help_text="its events' colour"
    )
    url_encrypted = models.TextField(help_text="the private address, encrypted (never exported)")
    url_hint = models.CharField(max_length=80, help_text="the address as shown: host and ending")
    created_at = models.DateTimeField(auto_now_add=True)
    synced_at = models.DateTimeField(
        null=True, blank=True, help_text="when its events were last read successfully"
    )
    tried_at = models.DateTimeField(null=True, blank=True, help_text="when it was last read")
    error_code = models.CharField(max_length=20, blank=True, help_text="why the last read failed")
    error = models.CharField(max_length=200, blank=True, help_text="the same, in words")
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "created_at"], name="calendar_user")]

    def __str__(self) -> str:
        return self.name


class CalendarEvent(models.Model):
    """One occurrence of an event in the next days, as last read from its calendar (replaced
    whole on each successful read). `uid` names the occurrence in the feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_events"
    )
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="events")
    uid = models.CharField(max_length=300, help_text="the occurrence's id in the feed")
    title = models.CharField(max_length=300)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    all_day = models.BooleanField(default=False)

    class Meta:
        ordering = ["starts_at", "title"]
        indexes = [models.Index(fields=["user", "starts_at"], name="calendar_event_user_start")]

    def __str__(self) -> str:
        return self.title
