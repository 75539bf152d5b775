from __future__ import annotations

from typing import Any

from django import forms

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.errors import Invalid
from minime.routines.models import Routine, TimeOfDay
from minime.routines.services import WEEKDAYS, CadenceKind, cadence_of, cadence_rule
from minime.workspaces.models import Workspace

CUSTOM = "custom"
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# Where a service's complaint about a field shows up in this form.
FIELD_FOR = {"recurrence": "rule"}


class RoutineForm(forms.Form):
    """Create and edit a routine with a friendly cadence picker; `clean()` builds the RRULE.

    `version` is the version the page was rendered from (edit only)."""

    title = forms.CharField(max_length=limits.TITLE_MAX)
    area = forms.ModelChoiceField(
        queryset=LifeArea.objects.none(),
        to_field_name="uuid",
        required=False,
        empty_label="No area",
        label="Life area",
    )
    kind = forms.ChoiceField(
        label="Repeats",
        choices=[*CadenceKind.choices, (CUSTOM, "Custom rule (RRULE)")],
        initial=CadenceKind.DAILY,
    )
    weekdays = forms.MultipleChoiceField(
        label="On these weekdays",
        choices=list(zip(WEEKDAYS, DAY_NAMES, strict=True)),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="For “On chosen weekdays”.",
    )
    every_n = forms.IntegerField(
        label="Every N days",
        min_value=1,
        max_value=limits.EVERY_N_DAYS_MAX,
        required=False,
        help_text="For “Every N days”, e.g. 3.",
    )
    month_day = forms.IntegerField(
        label="Day of the month",
        min_value=-1,
        max_value=31,
        required=False,
        help_text="For “Every month”: 1 to 31, or -1 for the last day. Empty: the start day.",
    )
    rule = forms.CharField(
        label="Custom rule",
        max_length=limits.RECURRENCE_MAX,
        required=False,
        help_text="For “Custom rule”: an RFC 5545 RRULE such as FREQ=WEEKLY;INTERVAL=2;BYDAY=SA.",
    )
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(attrs={"type": "date"}))
    time_of_day = forms.ChoiceField(
        label="Time of day", choices=TimeOfDay.choices, initial=TimeOfDay.ANYTIME
    )
    exact_time = forms.TimeField(
        label="Exact time",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text="Optional. When set, it decides the time of day.",
    )
    estimate_minutes = forms.IntegerField(
        label="Estimated minutes",
        min_value=1,
        max_value=limits.ESTIMATE_MINUTES_MAX,
        required=False,
        widget=forms.NumberInput(attrs={"step": 5}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        workspace: Workspace,
        routine: Routine | None = None,
        initial: dict[str, Any] | None = None,
        hotkey: bool = False,
    ) -> None:
        initial = dict(initial or {})
        if routine is not None:
            initial.update(_initial_for(routine))
        super().__init__(data, initial=initial)
        area = self.fields["area"]
        assert isinstance(area, forms.ModelChoiceField)
        area.queryset = LifeArea.objects.in_workspace(workspace).order_by("position", "name")
        if hotkey:
            self.fields["title"].widget.attrs["data-hotkey"] = "add"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == CUSTOM:
            if not data.get("rule"):
                self.add_error("rule", "Write the rule, or pick one of the other choices.")
            data["recurrence"] = data.get("rule", "")
        elif kind:
            try:
                data["recurrence"] = cadence_rule(
                    kind,
                    weekdays=data.get("weekdays") or (),
                    every_n=data.get("every_n"),
                    month_day=data.get("month_day"),
                )
            except Invalid as exc:
                add_errors(self, exc)
        return data

    def routine_fields(self) -> dict[str, Any]:
        """What the services take, from cleaned data."""
        keys = ("title", "area", "recurrence", "starts_on", "time_of_day", "exact_time",
                "estimate_minutes")  # fmt: skip
        return {k: self.cleaned_data[k] for k in keys}


def _initial_for(routine: Routine) -> dict[str, Any]:
    cadence = cadence_of(routine.recurrence)
    initial: dict[str, Any] = {
        "title": routine.title,
        "area": routine.area.uuid if routine.area else None,
        "starts_on": routine.starts_on,
        "time_of_day": routine.time_of_day,
        "exact_time": routine.exact_time,
        "estimate_minutes": routine.estimate_minutes,
        "version": routine.version,
    }
    if cadence is None:
        initial.update(kind=CUSTOM, rule=routine.recurrence)
    else:
        initial.update(
            kind=cadence.kind,
            weekdays=list(cadence.weekdays),
            every_n=cadence.every_n,
            month_day=cadence.month_day,
        )
    return initial


def add_errors(form: forms.Form, exc: Invalid) -> None:
    """Show a service's Invalid on the form: per field where it has one, else on top."""
    if not exc.fields:
        form.add_error(None, exc.message)
    for field, errors in exc.fields.items():
        name = FIELD_FOR.get(field, field)
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
