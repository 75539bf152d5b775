"""Workspaces and memberships: who may see which rows.

Every workspace-owned row points at a Workspace; a user sees the rows of the workspaces they have a
Membership in. On PostgreSQL this is also enforced by row-level security (see minime.core.rls and
migration 0002 here).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Colour(models.TextChoices):
    """A shared workspace's colour, shown beside its name wherever the workspace is named."""

    INDIGO = "indigo", "Indigo"
    BLUE = "blue", "Blue"
    GREEN = "green", "Green"
    ORANGE = "orange", "Orange"
    PURPLE = "purple", "Purple"
    RED = "red", "Red"
    TEAL = "teal", "Teal"


class Workspace(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=80)
    colour = models.CharField(max_length=6, choices=Colour.choices, default=Colour.INDIGO)
    is_personal = models.BooleanField(
        default=False, help_text="Created with the account; it cannot be shared or left."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-is_personal", "name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    MEMBER = "member", "Member"


class Membership(models.Model):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="workspaces_one_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    @property
    def is_owner(self) -> bool:
        return self.role == Role.OWNER


class Invite(models.Model):
    """A single-use link to join a shared workspace as a member. Only a hash of the link's token
    is kept; the link itself is shown once, to the owner who made it. It works once
    (`used_at`), until `expires_at`, unless revoked; `email`, when given, is the only address
    that may accept it."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invites")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(max_length=254, blank=True, help_text="only this address may accept")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"invite to {self.workspace}"
