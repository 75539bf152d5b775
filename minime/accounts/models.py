"""Accounts: the user (email is the login), pending sign-ups, rate-limit records and API tokens."""

from __future__ import annotations

import zoneinfo
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from minime.accounts.plans import Plan


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone we know. Pick one from the list.")


def normalize_email(email: str) -> str:
    """Emails are compared case-insensitively everywhere: store them lower-cased and trimmed."""
    return email.strip().lower()


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        """Django's hook (createsuperuser, tests): the same path as sign-up, personal workspace
        included."""
        from minime.accounts.services import user_create  # services import this module

        if not email:
            raise ValueError("An email address is required.")
        return user_create(email=email, password=password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        "email address",
        max_length=254,
        unique=True,
        error_messages={"unique": "An account with this email already exists."},
    )
    display_name = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    plan = models.CharField(max_length=8, choices=Plan.choices, default=Plan.FREE)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="Can sign in to the operators' admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Stored lower-cased, so the unique constraint is case-insensitive in effect.
        self.email = normalize_email(self.email)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """What to call the user: their display name, else the part of the email before @."""
        return self.display_name or self.email.split("@", 1)[0]

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class SignUpRequest(models.Model):
    """A sign-up waiting for its emailed link. The account exists only once the link is opened,
    so nobody can claim an address they cannot read, and sign-up never reveals who has an account.
    Only a hash of the link's token is kept."""

    email = models.EmailField(max_length=254, db_index=True)
    password = models.CharField(max_length=256)  # a password *hash*, as on User
    display_name = models.CharField(max_length=80, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC")
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    invite_hash = models.CharField(
        max_length=64, blank=True, help_text="the hash of the invite link the sign-up came through"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"sign-up for {self.email}"


class RateLimitEvent(models.Model):
    """One counted event (a failed sign-in, an account email asked for), keyed by an HMAC of what
    it counts against: "account:<email>", "address:<ip>", "email-to:<email>"..."""

    key = models.CharField(max_length=64)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["key", "at"], name="accounts_ratelimit_key_at")]

    def __str__(self) -> str:
        return f"rate-limit event at {self.at:%Y-%m-%d %H:%M}"


class PersonalAccessToken(models.Model):
    """A key for API clients, made and revoked by its user in Settings.

    Only a SHA-256 hash is stored (the token is 256 random bits, so a slow hash adds nothing);
    the token itself is shown once, when it is made. `prefix` lets the user tell tokens apart.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="tokens")
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


def _default_work_days() -> list[int]:
    """Kept for the migration that first made the rules table (minime.preferences owns it now)."""
    return [0, 1, 2, 3, 4]
