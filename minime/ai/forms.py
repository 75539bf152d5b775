"""Forms of the AI features: the Smart Add box and its editable preview."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from minime.ai.smartadd import KINDS, Item
from minime.core import limits, recurrence
from minime.core.vocabulary import Energy
from minime.tasks.forms import LABELS_TEXT_MAX, check_label_names

# Highest first, as Smart Add proposes them; "—" is "not said".
PRIORITIES = [("", "—"), ("high", "High"), ("medium", "Medium"), ("low", "Low")]
ENERGIES = [("", "—"), *reversed(Energy.choices)]


class ItemForm(forms.Form):
    """One line of the preview, every field editable; "leave out" drops it."""

    leave_out = forms.BooleanField(label="Leave out", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[(k, k.capitalize()) for k in KINDS])
    title = forms.CharField(label="Title", max_length=limits.TITLE_MAX)
    due_date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_time = forms.TimeField(
        label="Time", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    recurrence = forms.CharField(
        label="Repeats (RRULE)",
        required=False,
        max_length=limits.RECURRENCE_MAX,
        widget=forms.TextInput(attrs={"placeholder": "FREQ=WEEKLY;BYDAY=MO"}),
    )
    priority = forms.ChoiceField(label="Priority", choices=PRIORITIES, required=False)
    estimate_minutes = forms.IntegerField(
        label="Minutes", required=False, min_value=1, max_value=limits.ESTIMATE_MINUTES_MAX
    )
    energy = forms.ChoiceField(label="Energy", choices=ENERGIES, required=False)
    project = forms.CharField(label="Project", required=False, max_length=limits.TITLE_MAX)
    area = forms.CharField(label="Area", required=False, max_length=limits.AREA_NAME_MAX)
    labels = forms.CharField(
        label="Labels", required=False, max_length=LABELS_TEXT_MAX, help_text="Comma-separated"
    )

    def clean_labels(self) -> str:
        text = str(self.cleaned_data.get("labels") or "")
        check_label_names([n.strip() for n in text.split(",") if n.strip()])
        return text

    def clean_recurrence(self) -> str:
        value = str(self.cleaned_data.get("recurrence") or "").strip()
        if not value:
            return ""
        try:
            return recurrence.validate(value.removeprefix("RRULE:"))
        except ValueError as exc:
            raise ValidationError(
                "That repeat rule isn't valid. Try FREQ=DAILY or FREQ=WEEKLY;BYDAY=MO,WE."
            ) from exc

    @property
    def repeats_text(self) -> str:
        """The repeat rule in plain words ("Every week on Mon, Wed and Fri"), or ""."""
        rule = str(self["recurrence"].value() or "").strip().removeprefix("RRULE:")
        try:
            return recurrence.describe(rule) if rule else ""
        except ValueError:
            return ""

    def item(self) -> Item:
        data: dict[str, Any] = self.cleaned_data
        labels = tuple(
            dict.fromkeys(n.strip() for n in str(data.get("labels") or "").split(",") if n.strip())
        )
        return Item(
            kind=data["kind"],
            title=data["title"].strip(),
            due_date=data.get("due_date"),
            due_time=data.get("due_time"),
            recurrence=data.get("recurrence") or None,
            priority=data.get("priority") or None,
            estimate_minutes=data.get("estimate_minutes"),
            energy=data.get("energy") or None,
            project=(data.get("project") or "").strip() or None,
            area=(data.get("area") or "").strip() or None,
            labels=labels,
        )


def initial_for(item: Item) -> dict[str, object]:
    """A preview line's starting values."""
    return {
        "kind": item.kind,
        "title": item.title,
        "due_date": item.due_date,
        "due_time": item.due_time,
        "recurrence": item.recurrence or "",
        "priority": item.priority or "",
        "estimate_minutes": item.estimate_minutes,
        "energy": item.energy or "",
        "project": item.project or "",
        "area": item.area or "",
        "labels": ", ".join(item.labels),
    }


ItemFormSet = formset_factory(
    ItemForm,
    extra=0,
    max_num=limits.SMART_ADD_ITEMS_MAX,
    absolute_max=limits.SMART_ADD_ITEMS_MAX,
    validate_max=True,
)
