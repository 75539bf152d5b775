"""Forms for the onboarding wizard and the rule settings (the services validate again)."""

from __future__ import annotations

from typing import Any

from django import forms

from minime.core.vocabulary import Energy
from minime.preferences.models import OnboardingAnswers
from minime.preferences.onboarding import AREA_NAME_MAX
from minime.preferences.rules import WEEKDAYS

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def _number(label: str, help_text: str, low: int, high: int, step: int = 1) -> forms.IntegerField:
    # No min/max on the field: the service explains a value out of range, for pages and API alike.
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"min": low, "max": high, "step": step}),
    )


class RulesForm(forms.Form):
    priorities_per_day = _number(
        "Priorities per day", "How many tasks Today puts in “Do first”.", 1, 10
    )
    workday_start = forms.TimeField(label="Work day starts", widget=TIME)
    workday_end = forms.TimeField(
        label="Work day ends", widget=TIME, help_text="Today plans your free time in this window."
    )
    work_days = forms.TypedMultipleChoiceField(
        label="Work days",
        choices=[(i, name) for i, name in enumerate(WEEKDAYS)],
        coerce=int,
        required=False,  # "Pick at least one work day." comes from the service
        widget=forms.CheckboxSelectMultiple,
    )
    week_start = forms.TypedChoiceField(
        label="Week starts on",
        choices=[(i, name) for i, name in enumerate(WEEKDAYS)],
        coerce=int,
        help_text="The weekly review and the week view start on this day.",
    )
    quick_win_minutes = _number(
        "Quick win (minutes)", "Tasks this short or shorter count as quick wins.", 1, 120
    )
    deep_work_minutes = _number(
        "Deep work from", "A task longer than this many minutes is kept in one block.", 15, 480, 5
    )
    focus_minutes = _number("Focus length (minutes)", "One focus session.", 5, 180, 5)
    break_minutes = _number("Break (minutes)", "The pause after each focus session.", 1, 60)
    recap_enabled = forms.BooleanField(
        label="Send me a morning recap",
        required=False,
        help_text="On your work days, to your notifications list and to each device where "
        "notifications are on (Settings → Notifications).",
    )
    recap_time = forms.TimeField(
        label="Recap time", widget=TIME, help_text="When the morning recap arrives."
    )
    recap_when_empty = forms.BooleanField(
        label="Send it on empty days too",
        required=False,
        help_text="Otherwise a work day with nothing planned and nothing needing attention "
        "gets no recap.",
    )
    stuck_project_days = _number(
        "Stuck project after (days)",
        "A project with no progress for this long shows up as stuck.",
        1,
        90,
    )
    capture_backlog_items = _number(
        "Inbox backlog at (items)",
        "Today reminds you to sort the inbox when it holds this many items…",
        1,
        500,
    )
    capture_backlog_days = _number(
        "…or when the oldest is (days)", "…or when its oldest item is this many days old.", 1, 60
    )

    GROUPS = (
        (
            "Your day",
            ("priorities_per_day", "workday_start", "workday_end", "work_days", "week_start"),
        ),
        ("Focus", ("quick_win_minutes", "deep_work_minutes", "focus_minutes", "break_minutes")),
        ("Morning recap", ("recap_enabled", "recap_time", "recap_when_empty")),
        ("Nudges", ("stuck_project_days", "capture_backlog_items", "capture_backlog_days")),
    )

    def groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(legend, [self[name] for name in names]) for legend, names in self.GROUPS]


class AnswersForm(forms.Form):
    primary_needs = forms.MultipleChoiceField(
        label="What do you want help with?",
        help_text="Pick as many as you like.",
        choices=list(OnboardingAnswers.NEEDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    guidance = forms.ChoiceField(
        label="How much guidance do you want?",
        choices=OnboardingAnswers.Guidance.choices,
        widget=forms.RadioSelect,
        help_text="“Tell me what to do” shows strong recommendations and fewer choices; "
        "“Just keep my lists” folds recommendations away.",
    )
    available_time = forms.ChoiceField(
        label="How much time a day do you have for focused work?",
        choices=OnboardingAnswers.AvailableTime.choices,
        widget=forms.RadioSelect,
        help_text="Today plans no more than this.",
    )
    default_energy = forms.ChoiceField(
        label="Your usual energy",
        choices=Energy.choices,
        widget=forms.RadioSelect,
        help_text="Today starts from it; you can change today's energy in one tap.",
    )
    planning_style = forms.ChoiceField(
        label="How do you like to plan?",
        choices=OnboardingAnswers.PlanningStyle.choices,
        widget=forms.RadioSelect,
        help_text="Decides when the recap and review prompts appear.",
    )


# How many questions the wizard asks, all on one page: Home and the wizard say it from here.
ONBOARDING_QUESTIONS = len(AnswersForm.base_fields)


class StarterAreaForm(forms.Form):
    keep = forms.BooleanField(label="Keep", required=False)
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=AREA_NAME_MAX,
        error_messages={"max_length": f"Keep area names to {AREA_NAME_MAX} characters."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs.pop("maxlength", None)  # a long paste is explained

    def has_changed(self) -> bool:
        # A proposal kept as proposed is unchanged, yet it is an answer: always clean every row.
        return True


StarterAreaFormSet = forms.formset_factory(StarterAreaForm, extra=1)


def kept_area_names(formset: Any) -> list[str]:
    """Names of the proposals the user kept, and of their own row when they filled it in."""
    names = []
    for row in formset.forms:
        name = (row.cleaned_data.get("name") or "").strip()
        proposed = bool((row.initial or {}).get("name"))
        if name and (row.cleaned_data.get("keep") or not proposed):
            names.append(name)
    return names
