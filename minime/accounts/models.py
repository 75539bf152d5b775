"""Accounts: the user (email is the login), pending sign-ups and failed sign-in records."""

from __future__ import annotations

import zoneinfo
from datetime import time
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from minime.accounts.plans import Plan
from minime.core.vocabulary import Energy


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
    return [0, 1, 2, 3, 4]  # Monday to Friday (Python's weekday numbers)


class RuleSettings(models.Model):
    """The rules Today and reviews follow, per user, with the product's defaults."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="rules")
    priorities_per_day = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    workday_start = models.TimeField(default=time(9, 0))
    workday_end = models.TimeField(default=time(20, 0))
    work_days = models.JSONField(default=_default_work_days, help_text="0 = Monday … 6 = Sunday")
    week_start = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)], help_text="0 = Monday … 6 = Sunday"
    )
    quick_win_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    focus_minutes = models.PositiveSmallIntegerField(
        default=25, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    break_minutes = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    recap_enabled = models.BooleanField(default=True)
    recap_time = models.TimeField(default=time(7, 30))
    stuck_project_days = models.PositiveSmallIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    capture_backlog_items = models.PositiveSmallIntegerField(
        default=10, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    capture_backlog_days = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"rules of {self.user}"


class OnboardingAnswers(models.Model):
    """What the user told the onboarding wizard; Today and the recap use it."""

    class Guidance(models.TextChoices):
        STRONG = "strong", "Tell me what to do"
        SUGGEST = "suggest", "Suggest, I decide"
        LISTS = "lists", "Just keep my lists"

    class AvailableTime(models.TextChoices):
        UNDER_1H = "lt1", "Under 1 hour"
        H1_2 = "1-2", "1–2 hours"
        H2_4 = "2-4", "2–4 hours"
        H4_6 = "4-6", "4–6 hours"
        OVER_6H = "gt6", "Over 6 hours"

    class PlanningStyle(models.TextChoices):
        EVENING = "evening", "Plan the evening before"
        MORNING = "morning", "Plan in the morning"
        WEEK = "week", "Plan the week"
        FLOW = "flow", "Go with the flow"

    NEEDS = {
        "tasks": "Get on top of tasks",
        "goals": "Make progress on goals",
        "routines": "Build routines",
        "days": "Plan my days",
        "decisions": "Make better decisions",
        "overwhelm": "Feel less overwhelmed",
        "together": "Work with someone else",
    }

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="onboarding")
    primary_needs = models.JSONField(default=list, blank=True)
    guidance = models.CharField(max_length=8, choices=Guidance.choices, default=Guidance.SUGGEST)
    available_time = models.CharField(
        max_length=4, choices=AvailableTime.choices, default=AvailableTime.H2_4
    )
    default_energy = models.CharField(max_length=6, choices=Energy.choices, default=Energy.MEDIUM)
    planning_style = models.CharField(
        max_length=8, choices=PlanningStyle.choices, default=PlanningStyle.MORNING
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"onboarding of {self.user}"
