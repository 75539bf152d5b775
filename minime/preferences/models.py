"""Preferences: the rules Today and reviews follow, and what the onboarding wizard was told, per
user. Until the user saves either, reads answer the product's defaults without making a row
(``rules_for``, ``answers_for``)."""

from __future__ import annotations

from datetime import time

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from minime.accounts.models import User
from minime.core.vocabulary import Energy


def default_work_days() -> list[int]:
    return [0, 1, 2, 3, 4]  # Monday to Friday (Python's weekday numbers)


class RuleSettings(models.Model):
    """The rules Today and reviews follow, per user, with the product's defaults."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="rules")
    priorities_per_day = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    workday_start = models.TimeField(default=time(9, 0))
    workday_end = models.TimeField(default=time(20, 0))
    work_days = models.JSONField(default=default_work_days, help_text="0 = Monday … 6 = Sunday")
    week_start = models.PositiveSmallIntegerField(
        default=0, validators=[MaxValueValidator(6)], help_text="0 = Monday … 6 = Sunday"
    )
    quick_win_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    # A task longer than this is planned in one unbroken block, as a deep-work task is.
    deep_work_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    focus_minutes = models.PositiveSmallIntegerField(
        default=25, validators=[MinValueValidator(5), MaxValueValidator(180)]
    )
    break_minutes = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    recap_enabled = models.BooleanField(default=True)
    recap_time = models.TimeField(default=time(7, 30))
    # Also send the recap on a day with nothing planned and nothing needing attention.
    recap_when_empty = models.BooleanField(default=False)
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
