"""What people write through the contact form, and the operator's answer, kept with it.

A message belongs to the person who sent it when they were signed in (`user`): they can export
it, and deleting the account deletes it. A visitor's message has no user.

Row-level security on PostgreSQL (migration 0001): a signed-in person reads only their own
messages; an anonymous request may add a message without a user and reads none. Operators read
and answer every message through the service connection (the admin). The primary key is the
uuid, made in Python: inserting then needs no `RETURNING id`, which PostgreSQL would check against
the read policy and refuse for a visitor's message, since nobody may read it back.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from minime.core import limits


class Topic(models.TextChoices):
    QUESTION = "question", "A question"
    PROBLEM = "problem", "Something isn't working"
    IDEA = "idea", "An idea or a wish"
    PRIVACY = "privacy", "Privacy or my data"
    OTHER = "other", "Something else"


class ContactMessage(models.Model):
    """One message sent through the contact form, with the operator's reply once answered."""

    uuid = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contact_messages",
        help_text="the sender, when they were signed in",
    )
    topic = models.CharField(max_length=20, choices=Topic.choices)
    email = models.EmailField(
        max_length=limits.CONTACT_EMAIL_MAX, help_text="where the answer goes"
    )
    message = models.TextField(help_text="what they wrote")
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(blank=True, help_text="the operator's answer, as emailed")
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contact_replies",
        help_text="the operator who answered",
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="contact_user_created"),
            models.Index(fields=["created_at"], name="contact_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} from {self.email}"

    @property
    def replied(self) -> bool:
        return self.replied_at is not None
