"""Forms of the AI features: the Smart Add box and its editable preview.

The preview shows each proposed item as one card: the title, the item's fields as chips
(``ItemForm.chips``) and an Edit disclosure with the fields. A repeat is one of the common
choices (``repeat_choices``) or a raw RRULE under Advanced; ``ItemForm.clean`` says which one
counts when both are sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory

from minime.ai.smartadd import KINDS, Item
from minime.core import limits, recurrence
from minime.core.recurrence import PRESETS
from minime.core.vocabulary import Energy
from minime.tasks.forms import LABELS_TEXT_MAX, check_label_names

if TYPE_CHECKING:
    from minime.tasks.models import Project

# Highest first, as Smart Add proposes them; "—" is "not said".
PRIORITIES = [("", "—"), ("high", "High"), ("medium", "Medium"), ("low", "Low")]
ENERGIES = [("", "—"), *reversed(Energy.choices)]

# The common repeats of the preview's select, in its order; "weekly" repeats on the item's own
# day (``weekday_code``), the others are the shared presets of minime.core.recurrence.
CUSTOM = "custom"
REPEATS = ("", "daily", "weekdays", "weekly", "every_other_week", "monthly", "yearly", CUSTOM)
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ONE_WEEKDAY = re.compile(r"FREQ=WEEKLY;BYDAY=(MO|TU|WE|TH|FR|SA|SU)")
KIND_ICONS = {
    "task": "check-circle",
    "routine": "arrow-path-rounded-square",
    "project": "folder",
    "goal": "trophy",
    "note": "document-text",
}
# A routine saved without a rule repeats daily (minime.ai.services).
ROUTINE_DEFAULT_RULE = "FREQ=DAILY"


def weekday_code(rule: str, due: date | None, today: date) -> str:
    """The day a weekly repeat of this item falls on: the one day of a weekly ``rule``, else the
    item's date's weekday, else today's ("MO" … "SU")."""
    found = _ONE_WEEKDAY.fullmatch(rule)
    if found:
        return found.group(1)
    return WEEKDAY_CODES[(due or today).weekday()]


def repeat_rule(key: str, day: str) -> str:
    """The rule of the common repeat ``key`` ("" for none and for CUSTOM); ``day``: the weekday
    code a weekly repeat falls on."""
    if key == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}"
    return PRESETS.get(key, "")


def repeat_key(rule: str, day: str) -> str:
    """Which common repeat ``rule`` is ("" for none), or CUSTOM."""
    if not rule:
        return ""
    if rule == "FREQ=WEEKLY":  # weekly on its first day, the item's own
        return "weekly"
    return next((key for key in REPEATS[1:-1] if repeat_rule(key, day) == rule), CUSTOM)


def repeat_choices(day: str) -> list[tuple[str, str]]:
    """The select's choices, in words ("Every week on Tuesday" for ``day`` "TU")."""
    common = [(key, recurrence.describe(repeat_rule(key, day))) for key in REPEATS[1:-1]]
    return [("", "Doesn't repeat"), *common, (CUSTOM, "Custom rule")]


def repeat_words(rule: str) -> str:
    """``rule`` in plain words ("Every week on Mon, Wed and Fri"), or "" for none or a rule
    that is not valid."""
    try:
        return recurrence.describe(rule) if rule else ""
    except ValueError:
        return ""


@dataclass(frozen=True)
class Chip:
    """One field of a preview card in a few words; ``name`` is the field, ``icon`` a heroicon."""

    name: str
    text: str
    icon: str
    note: str = ""


class ItemForm(forms.Form):
    """One line of the preview, every field editable; "leave out" drops it.

    ``today`` (keyword, the user's today) dates the chips and the weekly repeat of an undated
    item. ``existing_project``, set by the view, is the workspace's project this line's name
    matches (``project_name``), if any: the line then offers ``project_choice``."""

    leave_out = forms.BooleanField(label="Leave out", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[(k, k.capitalize()) for k in KINDS])
    title = forms.CharField(
        label="Title",
        max_length=limits.TITLE_MAX,
        # A textarea, so a long title wraps and is never cut off; the line breaks go in clean.
        widget=forms.Textarea(attrs={"rows": 1, "class": "ai-item__title"}),
    )
    due_date = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    due_time = forms.TimeField(
        label="Time", required=False, widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    # Both repeat fields post their value when the preview was shown (``show_hidden_initial``),
    # so ``clean`` knows which one the user changed.
    repeat = forms.ChoiceField(
        label="Repeats", required=False, choices=repeat_choices("MO"), show_hidden_initial=True
    )
    recurrence = forms.CharField(
        label="Repeat rule (RRULE)",
        required=False,
        max_length=limits.RECURRENCE_MAX,
        show_hidden_initial=True,
        help_text="When you change this rule it is used instead of the choice above.",
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
    project_choice = forms.ChoiceField(
        label="Project",
        required=False,  # not shown (no project of that name): "" is "existing", harmlessly
        choices=[("existing", "Use it"), ("new", "Create a new one")],
        widget=forms.RadioSelect,
    )

    existing_project: Project | None = None

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        title = str(self["title"].value() or "")
        # Rows for browsers that cannot grow a textarea to its text (CSS field-sizing).
        self.fields["title"].widget.attrs["rows"] = min(4, 1 + len(title) // 60)
        repeat = self.fields["repeat"]
        assert isinstance(repeat, forms.ChoiceField)
        repeat.choices = repeat_choices(self.weekday)
        if not self.is_bound:
            rule = str(self.initial.get("recurrence") or "")
            self.initial["repeat"] = repeat_key(rule, self.weekday)

    def _value(self, name: str) -> Any:
        """The field's value as shown (as posted, when bound), as Python; None if not valid."""
        try:
            return self.fields[name].to_python(self[name].value())
        except ValidationError:
            return None

    @property
    def weekday(self) -> str:
        """The weekday code a weekly repeat of this line falls on (``weekday_code``)."""
        rule = str(self._value("recurrence") or "").strip().upper().removeprefix("RRULE:")
        return weekday_code(rule, self._value("due_date"), self.today)

    def project_name(self) -> str:
        """The project name this line looks up: its title for a project, its project for a
        task, else ""."""
        kind = self["kind"].value()
        name = self["title"].value() if kind == "project" else self["project"].value()
        return " ".join(str(name or "").split()) if kind in ("project", "task") else ""

    def clean_title(self) -> str:
        return " ".join(str(self.cleaned_data.get("title") or "").split())

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

    def clean(self) -> dict[str, Any]:
        """Which repeat counts: the Advanced rule when the user changed it (empty: no repeat);
        else the select's choice when the user changed it (Custom keeps the Advanced rule);
        else the rule as proposed."""
        data = super().clean() or {}
        if "recurrence" in self.errors or "recurrence" in self.changed_data:
            return data
        key = data.get("repeat") or ""
        if "repeat" not in self.changed_data:
            return data
        if key == CUSTOM:
            if not data.get("recurrence"):
                self.add_error(
                    "recurrence", "Type a rule under Advanced, or choose one of the repeats."
                )
            return data
        data["recurrence"] = repeat_rule(key, self.weekday)
        return data

    @property
    def rule(self) -> str:
        """The repeat rule this line saves with (as checked, once the form is valid)."""
        cleaned = getattr(self, "cleaned_data", {})
        if "recurrence" in cleaned:
            rule = str(cleaned["recurrence"])
        else:
            rule = str(self._value("recurrence") or "").strip().removeprefix("RRULE:")
        if not rule and self["kind"].value() == "routine":
            return ROUTINE_DEFAULT_RULE
        return rule

    @property
    def repeats_text(self) -> str:
        """The repeat rule in plain words ("Every week on Mon, Wed and Fri"), or ""."""
        return repeat_words(self.rule)

    def chips(self) -> list[Chip]:
        """The line's fields in a few words each, for its card; fields not set are left out."""
        kind = str(self["kind"].value() or "")
        chips = [Chip("kind", kind.capitalize(), KIND_ICONS.get(kind, "check-circle"))]
        day, at = self._value("due_date"), self._value("due_time")
        if isinstance(day, date):
            chips.append(Chip("date", self._day_words(day), "calendar-days"))
        repeats = self.repeats_text
        if isinstance(at, time) and f" at {at:%H:%M}" not in repeats:
            chips.append(Chip("time", f"{at:%H:%M}", "clock"))
        if repeats:
            chips.append(Chip("repeat", repeats, "arrow-path"))
        priority = dict(PRIORITIES).get(self["priority"].value() or "")
        if priority and priority != "—":
            chips.append(Chip("priority", f"{priority} priority", "flag"))
        project = self.project_name() if kind == "task" else ""
        if project:
            note = "" if self.existing_project else "new project"
            chips.append(Chip("project", f"#{project}", "folder", note))
        labels = [n.strip() for n in str(self["labels"].value() or "").split(",") if n.strip()]
        chips.extend(Chip("label", f"@{name}", "tag") for name in dict.fromkeys(labels))
        minutes = self._value("estimate_minutes")
        if isinstance(minutes, int) and minutes > 0:
            chips.append(Chip("estimate", _duration(minutes), "arrows-right-left"))
        energy = dict(ENERGIES).get(self["energy"].value() or "")
        if energy and energy != "—":
            chips.append(Chip("energy", f"{energy} energy", "bolt"))
        area = " ".join(str(self["area"].value() or "").split())
        if area:
            chips.append(Chip("area", area, "squares-2x2"))
        return chips

    def _day_words(self, day: date) -> str:
        if day == self.today:
            return "Today"
        if (day - self.today).days == 1:
            return "Tomorrow"
        words = f"{day:%a} {day.day} {day:%b}"
        return words if day.year == self.today.year else f"{words} {day.year}"

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

    @property
    def wants_new_project(self) -> bool:
        """The user chose to create a new project though one of that name exists."""
        return bool(self.existing_project) and self.cleaned_data.get("project_choice") == "new"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


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
        "project_choice": "existing",
    }


ItemFormSet = formset_factory(
    ItemForm,
    extra=0,
    max_num=limits.SMART_ADD_ITEMS_MAX,
    absolute_max=limits.SMART_ADD_ITEMS_MAX,
    validate_max=True,
)
