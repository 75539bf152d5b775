"""Notifications of one user, the devices their pushes go to, and each push's delivery.

All of it belongs to the user, not to a workspace (like the AI log): a notification is for a
person whichever workspace they are in. Row-level security on PostgreSQL admits only the
transaction's user's rows (`EnableUserRLS`); export and deletion cover them with the account.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from minime.core import limits


class PushDevice(models.Model):
    """A browser that turned push on: its push service endpoint and the keys the payload is
    encrypted with (`p256dh`: the browser's P-256 public key, `auth`: its 16-byte secret, both
    base64url). The endpoint is unique: one browser subscription belongs to one account."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_devices"
    )
    endpoint = models.URLField(max_length=limits.PUSH_ENDPOINT_MAX, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    name = models.CharField(max_length=limits.PUSH_DEVICE_NAME_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure = models.CharField(max_length=200, blank=True)
    failures = models.PositiveIntegerField(
        default=0, help_text="Failed pushes since the last one that arrived."
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["user", "created_at"], name="push_device_user")]

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    """One notification: it shows in the user's list at once and is pushed to their devices.
    `key`, when set, makes it happen once per user ("recap:2026-12-07")."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=limits.NOTIFICATION_KIND_MAX)
    title = models.CharField(max_length=limits.NOTIFICATION_TITLE_MAX)
    body = models.CharField(max_length=limits.NOTIFICATION_BODY_MAX, blank=True)
    url = models.CharField(max_length=limits.NOTIFICATION_URL_MAX, help_text="A path on this site.")
    tag = models.CharField(max_length=limits.NOTIFICATION_TAG_MAX, blank=True)
    # NULL, not "": the unique (user, key) constraint must hold only keyed notifications.
    key = models.CharField(max_length=limits.NOTIFICATION_KEY_MAX, null=True, blank=True)  # noqa: DJ001
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # NULL keys never collide: only keyed notifications are held to one.
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_user_recent")]

    def __str__(self) -> str:
        return self.title


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    GONE = "gone", "Device gone"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One notification's push to one device. Unique per (notification, device): a job claims
    it with a conditional update before sending, so nothing is sent twice for one notification.
    When the push service says the device is gone, the device is deleted and its deliveries keep
    their history with no device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="push_deliveries"
    )
    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    device = models.ForeignKey(
        PushDevice, on_delete=models.SET_NULL, null=True, blank=True, related_name="deliveries"
    )
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    not_before = models.DateTimeField(
        null=True, blank=True, help_text="Not sent before this (quiet hours, a retry's wait)."
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The push service's last HTTP status."
    )
    last_error = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "device"], name="delivery_once_per_device"
            )
        ]

    def __str__(self) -> str:
        return f"{self.notification_id} → {self.device_id}: {self.state}"


class QuietHours(models.Model):
    """When pushes wait (in the user's time zone): from `start` to `end`, across midnight when
    `end` is earlier. The in-app list gets notifications at once regardless."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiet_hours"
    )
    start = models.TimeField()
    end = models.TimeField()

    class Meta:
        verbose_name_plural = "quiet hours"

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"
