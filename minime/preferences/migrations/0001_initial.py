"""The rules and onboarding answers move here from the accounts app. The tables stay as they are
in this step (state only); the accounts app then forgets the models, and 0002 renames the tables
to this app's names."""

import datetime

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import minime.preferences.models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("accounts", "0006_token_lookup_records_use"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="OnboardingAnswers",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("primary_needs", models.JSONField(blank=True, default=list)),
                        (
                            "guidance",
                            models.CharField(
                                choices=[
                                    ("strong", "Tell me what to do"),
                                    ("suggest", "Suggest, I decide"),
                                    ("lists", "Just keep my lists"),
                                ],
                                default="suggest",
                                max_length=8,
                            ),
                        ),
                        (
                            "available_time",
                            models.CharField(
                                choices=[
                                    ("lt1", "Under 1 hour"),
                                    ("1-2", "1–2 hours"),
                                    ("2-4", "2–4 hours"),
                                    ("4-6", "4–6 hours"),
                                    ("gt6", "Over 6 hours"),
                                ],
                                default="2-4",
                                max_length=4,
                            ),
                        ),
                        (
                            "default_energy",
                            models.CharField(
                                choices=[("low", "Low"), ("medium", "Medium"), ("high", "High")],
                                default="medium",
                                max_length=6,
                            ),
                        ),
                        (
                            "planning_style",
                            models.CharField(
                                choices=[
                                    ("evening", "Plan the evening before"),
                                    ("morning", "Plan in the morning"),
                                    ("week", "Plan the week"),
                                    ("flow", "Go with the flow"),
                                ],
                                default="morning",
                                max_length=8,
                            ),
                        ),
                        ("completed_at", models.DateTimeField(blank=True, null=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="onboarding",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_onboardinganswers"},
                ),
                migrations.CreateModel(
                    name="RuleSettings",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "priorities_per_day",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(10),
                                ],
                            ),
                        ),
                        ("workday_start", models.TimeField(default=datetime.time(9, 0))),
                        ("workday_end", models.TimeField(default=datetime.time(20, 0))),
                        (
                            "work_days",
                            models.JSONField(
                                default=minime.preferences.models.default_work_days,
                                help_text="0 = Monday … 6 = Sunday",
                            ),
                        ),
                        (
                            "week_start",
                            models.PositiveSmallIntegerField(
                                default=0,
                                help_text="0 = Monday … 6 = Sunday",
                                validators=[django.core.validators.MaxValueValidator(6)],
                            ),
                        ),
                        (
                            "quick_win_minutes",
                            models.PositiveSmallIntegerField(
                                default=15,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(120),
                                ],
                            ),
                        ),
                        (
                            "focus_minutes",
                            models.PositiveSmallIntegerField(
                                default=25,
                                validators=[
                                    django.core.validators.MinValueValidator(5),
                                    django.core.validators.MaxValueValidator(180),
                                ],
                            ),
                        ),
                        (
                            "break_minutes",
                            models.PositiveSmallIntegerField(
                                default=5,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(60),
                                ],
                            ),
                        ),
                        ("recap_enabled", models.BooleanField(default=True)),
                        ("recap_time", models.TimeField(default=datetime.time(7, 30))),
                        (
                            "stuck_project_days",
                            models.PositiveSmallIntegerField(
                                default=7,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(90),
                                ],
                            ),
                        ),
                        (
                            "capture_backlog_items",
                            models.PositiveSmallIntegerField(
                                default=10,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(500),
                                ],
                            ),
                        ),
                        (
                            "capture_backlog_days",
                            models.PositiveSmallIntegerField(
                                default=3,
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(60),
                                ],
                            ),
                        ),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "user",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rules",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "accounts_rulesettings"},
                ),
            ],
        ),
    ]
