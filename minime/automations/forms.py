"""The rule builder: what a person picks and types, to a rule's definition and back.

The builder reads as a sentence, top to bottom: "When <trigger> … only if <conditions> … then
<action>, then <action> …". Its fields are a plain form (``RuleForm``: the name, the trigger and
the conditions) and one small form per action row (``ActionForm``, fields ``action-<i>-kind``,
``-title`` …). ``Builder`` holds them together:

* it knows which fields apply to the chosen trigger and action kinds (``CONDITIONS_FOR``, task
  triggers only for "change the task" and "add to Today"); the others are kept as hidden inputs,
  so switching back finds them as typed, and never reach the definition;
* it adds and removes action rows (the "Add another action" and "Remove" buttons work without
  JavaScript), between 1 and ``engine.MAX_ACTIONS``;
* ``definition()`` is the JSON the services check (``convert.py`` describes it); ``initial_of``
  and ``example_initial`` are the starting values of a stored rule or an example;
* ``place()`` shows a service's ``Invalid`` by its fields (``trigger.at``, ``actions[1].title`` …);
  a message no field can hold goes in ``summary``, at the top.

The forms only read and place: the services and the engine hold the rules and their messages.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.http import QueryDict
from django.urls import reverse

from minime.areas.selectors import area_list
from minime.automations import convert, engine
from minime.core import limits
from minime.core.errors import Invalid
from minime.tasks.models import Project, ProjectStatus

if TYPE_CHECKING:
    from minime.workspaces.models import Workspace

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_CHOICES = [(str(day), name) for day, name in enumerate(WEEKDAYS)]

# How the trigger select reads after "When".
TRIGGER_LABELS: dict[str, str] = {
    "schedule": "a set day and time comes",
    "task_created": "a task is created",
    "task_completed": "a task is completed",
    "task_overdue": "a task becomes overdue",
    "capture_added": "something is added to the inbox",
    "capture_backlog": "the inbox reaches a number of items",
    "focus_finished": "a focus session ends",
    "routine_missed": "a routine is missed",
    "milestone_reached": "a goal reaches a milestone",
}
# How an action select reads after "then".
ACTION_LABELS: dict[str, str] = {
    "push": "send me a push",
    "create_task": "create a task",
    "set_field": "change the task",
    "add_to_today": "add the task to Today",
    "create_capture": "add a note to the inbox",
}
SET_FIELD_LABELS: dict[str, str] = {
    "priority": "its priority",
    "project": "its project",
    "area": "its life area",
    "do_on": "its “do on” day",
}
# "With priority at least": none/low/medium/high → left out/1/2/3.
MIN_PRIORITY = {"none": None, "low": 1, "medium": 2, "high": 3}
MIN_PRIORITY_CHOICES = [
    ("none", "any priority"),
    ("low", "low or higher"),
    ("medium", "medium or higher"),
    ("high", "high"),
]
PRIORITY_CHOICES = [("", "none"), ("1", "low"), ("2", "medium"), ("3", "high")]
assert tuple(TRIGGER_LABELS) == engine.TRIGGER_KINDS
assert tuple(ACTION_LABELS) == engine.ACTION_KINDS
assert tuple(SET_FIELD_LABELS) == engine.SET_FIELDS
NEW_RULE_TRIGGER = "task_completed"
NEW_ACTION_KIND = "push"
# What a schedule or a backlog trigger starts from when first picked (kept hidden until then).
SCHEDULE_DEFAULT = {"trigger_weekdays": ["0", "1", "2", "3", "4"], "trigger_at": "08:00"}
THRESHOLD_DEFAULT = 20

# Every text of a rule is checked against its own limit by the engine, with its message; this
# only bounds what a post may carry (the longest of those limits).
TEXT_MAX = max(engine.TEMPLATE_LIMITS.values())
LABELS_TEXT_MAX = engine.MAX_CHOICES * (engine.LABEL_MAX + 2)
TOO_LONG = {"max_length": "At most %(limit_value)s characters."}

# Which form field shows each key of the services' problems.
TRIGGER_FIELDS: dict[str, tuple[str, ...]] = {
    "schedule": ("trigger_weekdays", "trigger_at"),
    "capture_backlog": ("trigger_threshold",),
}
CONDITION_FIELDS: dict[str, str] = {  # in the builder's order
    "project": "cond_projects",
    "area": "cond_areas",
    "priority": "cond_min_priority",
    "label": "cond_labels",
    "text": "cond_text",
    "weekday": "cond_weekdays",
}
RULE_KEYS: dict[str, str] = {
    "name": "name",
    "trigger": "trigger_kind",
    "trigger.weekdays": "trigger_weekdays",
    "trigger.at": "trigger_at",
    "trigger.threshold": "trigger_threshold",
    **{f"conditions.{name}": field for name, field in CONDITION_FIELDS.items()},
}
ACTION_KEY = re.compile(r"^actions\[(\d+)\](?:\.(\w+))?$")
ACTION_KEYS = {"do_on": "do_on_days"}
SET_FIELD_VALUE = {
    "priority": "priority",
    "project": "project",
    "area": "area",
    "do_on": "do_on_days",
}
# Buttons of the builder that change the form instead of saving it.
REFRESH, ADD_ACTION, REMOVE_ACTION = "refresh", "add_action", "remove_action"
ACTION_FIELD_NAMES = (
    "kind",
    "title",
    "body",
    "text",
    "field",
    "priority",
    "project",
    "area",
    "do_on_days",
)


@dataclass(frozen=True, slots=True)
class Choices:
    """The workspace's projects and areas, as the selects offer them and the sentence names
    them (by uuid string)."""

    projects: list[tuple[str, str]]
    areas: list[tuple[str, str]]
    project_names: dict[str, str]
    area_names: dict[str, str]

    @classmethod
    def of(cls, workspace: Workspace) -> Choices:
        """Two queries, whatever the number of projects and areas."""
        projects = []
        project_names = {}
        rows = (
            Project.objects.in_workspace(workspace)
            .order_by("position", "created_at", "pk")
            .values_list("uuid", "title", "status")
        )
        for key, title, status in rows:
            label = f"#{title}"
            if status != ProjectStatus.ACTIVE:
                label += f" ({ProjectStatus(status).label.lower()})"
            projects.append((str(key), label))
            project_names[str(key)] = title
        area_names = {
            str(key): name for key, name in area_list(workspace).values_list("uuid", "name")
        }
        return cls(projects, list(area_names.items()), project_names, area_names)


def _with_unknown(
    choices: list[tuple[str, str]], values: Iterable[Any], label: str
) -> list[tuple[str, str]]:
    """``choices`` and every uuid among ``values`` that is not one of them (a project the rule
    names that was deleted since): kept, so the services can say what is wrong with it."""
    known = {key for key, _ in choices}
    extra = []
    for value in values:
        if value in known or value in extra:
            continue
        try:
            uuid.UUID(str(value))
        except ValueError:
            continue
        extra.append(str(value))
    return choices + [(value, label) for value in extra]


def redraws() -> dict[str, str]:
    """The htmx attributes of a select that changes which fields the builder has (the trigger,
    an action's kind, the field a "change" action sets): picking redraws the whole builder. The
    other fields only redraw its sentence (``_builder.html``)."""
    return {
        "hx-post": reverse("automations:preview"),
        "hx-trigger": "change consume",
        "hx-target": "#rule-builder",
        "hx-select": "#rule-builder",
        "hx-swap": "outerHTML",
        "hx-sync": "closest form:queue last",
    }


def _values(field: forms.BoundField) -> list[Any]:
    value = field.value()
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def hidden_inputs(fields: Iterable[forms.BoundField]) -> list[tuple[str, str]]:
    """(name, value) of each hidden input that carries ``fields`` as they were posted (one per
    value of a multiple choice; none for an empty field)."""
    inputs = []
    for field in fields:
        for value in _values(field):
            inputs.append((field.html_name, str(value)))
    return inputs


def _multiple(label: str, choices: list[tuple[str, str]], **kwargs: Any) -> Any:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        **kwargs,
    )


def split_labels(text: str) -> list[str]:
    """ "errand, home ,, " → ["errand", "home"]."""
    return [name.strip() for name in (text or "").split(",") if name.strip()]


class RuleForm(forms.Form):
    """The rule's name, its trigger and its conditions (the actions are ``ActionForm`` rows)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    trigger_kind = forms.ChoiceField(
        label="When",
        choices=list(TRIGGER_LABELS.items()),
        error_messages={
            "required": "Pick what starts the rule.",
            "invalid_choice": "Pick what starts the rule.",
        },
    )
    trigger_weekdays = _multiple(
        "On these days",
        WEEKDAY_CHOICES,
        error_messages={"invalid_choice": "Pick days of the week."},
    )
    trigger_at = forms.TimeField(
        label="At",
        required=False,
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "A time of day like 08:00."},
        help_text="Your time.",
    )
    trigger_threshold = forms.IntegerField(
        label="Items waiting in the inbox",
        required=False,
        widget=forms.NumberInput(
            attrs={"min": 1, "max": engine.MAX_THRESHOLD, "inputmode": "numeric"}
        ),
        error_messages={"invalid": "A whole number, like 20."},
    )
    cond_projects = forms.MultipleChoiceField(
        label="In the project",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "Pick projects of this workspace."},
        help_text="Any of those picked; pick none for every project.",
    )
    cond_areas = forms.MultipleChoiceField(
        label="In the life area",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
        error_messages={"invalid_choice": "Pick life areas of this workspace."},
        help_text="Any of those picked; pick none for every area.",
    )
    cond_min_priority = forms.ChoiceField(
        label="With priority at least",
        choices=MIN_PRIORITY_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Pick a priority."},
    )
    cond_labels = forms.CharField(
        label="Labelled",
        required=False,
        max_length=LABELS_TEXT_MAX,
        error_messages=TOO_LONG,
        help_text="Label names separated by commas: any one of them will do.",
    )
    cond_text = forms.CharField(
        label="Containing the text",
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        help_text="In its title or text, in any case.",
    )
    cond_weekdays = _multiple(
        "On a day of the week",
        WEEKDAY_CHOICES,
        error_messages={"invalid_choice": "Pick days of the week."},
    )
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=limits.AUTOMATION_NAME_MAX,
        error_messages=TOO_LONG,
        help_text="Optional: how the list and its notifications call it.",
    )

    def __init__(self, data: QueryDict, *, choices: Choices) -> None:
        super().__init__(data)
        projects = self.fields["cond_projects"]
        areas = self.fields["cond_areas"]
        assert isinstance(projects, forms.ChoiceField) and isinstance(areas, forms.ChoiceField)
        projects.choices = _with_unknown(
            choices.projects, _values(self["cond_projects"]), "(deleted project)"
        )
        areas.choices = _with_unknown(choices.areas, _values(self["cond_areas"]), "(deleted area)")
        self.fields["trigger_kind"].widget.attrs.update(redraws())
        # The browser stops at the engine's limit; the field only bounds what a post carries.
        self.fields["cond_text"].widget.attrs["maxlength"] = engine.TEXT_CONDITION_MAX

    @property
    def trigger(self) -> engine.TriggerKind:
        """The chosen trigger kind (the new rule's when nothing valid was chosen)."""
        value = self["trigger_kind"].value()
        return cast(
            engine.TriggerKind, value if value in engine.TRIGGER_KINDS else NEW_RULE_TRIGGER
        )


class ActionForm(forms.Form):
    """One action row ("then …"): its kind and the fields that kind has."""

    kind = forms.ChoiceField(
        label="Then",
        choices=list(ACTION_LABELS.items()),
        error_messages={
            "required": "Pick what to do.",
            "invalid_choice": "Pick what to do.",
        },
    )
    title = forms.CharField(required=False, max_length=TEXT_MAX, error_messages=TOO_LONG)
    body = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text = forms.CharField(
        required=False,
        max_length=TEXT_MAX,
        error_messages=TOO_LONG,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    field = forms.ChoiceField(
        label="Change",
        choices=list(SET_FIELD_LABELS.items()),
        required=False,
        error_messages={"invalid_choice": "Pick what to change."},
    )
    priority = forms.TypedChoiceField(
        label="Priority",
        choices=PRIORITY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        error_messages={"invalid_choice": "Pick a priority."},
    )
    project = forms.ChoiceField(
        label="Project",
        required=False,
        error_messages={"invalid_choice": "Pick a project of this workspace."},
    )
    area = forms.ChoiceField(
        label="Life area",
        required=False,
        error_messages={"invalid_choice": "Pick a life area of this workspace."},
    )
    do_on_days = forms.IntegerField(
        label="Do it after (days)",
        required=False,
        widget=forms.NumberInput(
            attrs={"min": 0, "max": engine.MAX_DO_ON_DAYS, "inputmode": "numeric"}
        ),
        error_messages={"invalid": "A whole number of days, like 0 or 1."},
    )

    def __init__(
        self,
        data: QueryDict,
        *,
        index: int,
        trigger: engine.TriggerKind,
        choices: Choices,
    ) -> None:
        super().__init__(data, prefix=f"action-{index}")
        self.index = index
        self.trigger = trigger
        self.fields["kind"].label = "Then" if index == 0 else "And then"
        self.fields["kind"].widget.attrs.update(redraws())
        self.fields["field"].widget.attrs.update(redraws())
        kind = self["kind"].value()
        self.action_kind = kind if kind in engine.ACTION_KINDS else NEW_ACTION_KIND
        chosen = self["field"].value()
        self.set_field = chosen if chosen in engine.SET_FIELDS else engine.SET_FIELDS[0]
        on_task = trigger in engine.TASK_TRIGGERS
        kinds = self.fields["kind"]
        assert isinstance(kinds, forms.ChoiceField)
        # "Change the task" and "Add the task to Today" need a task: offered on task triggers,
        # and kept (the engine then says why) where a row already has one.
        kinds.choices = [
            (key, label)
            for key, label in ACTION_LABELS.items()
            if on_task or key not in ("set_field", "add_to_today") or key == self.action_kind
        ]
        setting = self.action_kind == "set_field"
        blank = "Pick" if setting else "No"
        project = self.fields["project"]
        area = self.fields["area"]
        assert isinstance(project, forms.ChoiceField) and isinstance(area, forms.ChoiceField)
        project.choices = _with_unknown(
            [("", f"{blank} project"), *choices.projects],
            _values(self["project"]),
            "(deleted project)",
        )
        area.choices = _with_unknown(
            [("", f"{blank} life area"), *choices.areas],
            _values(self["area"]),
            "(deleted area)",
        )
        self._label(setting)

    def _label(self, setting: bool) -> None:
        """Labels and hints that read right for the row's kind."""
        fields = self.fields
        if self.action_kind == "push":
            fields["title"].label = "Title"
            fields["title"].widget.attrs["maxlength"] = engine.PUSH_TITLE_MAX
            fields["body"].label = "Text"
            fields["body"].help_text = "Optional."
            fields["body"].widget.attrs["maxlength"] = engine.PUSH_BODY_MAX
        elif self.action_kind == "create_task":
            fields["title"].label = "Task"
            fields["title"].widget.attrs["maxlength"] = engine.TASK_TITLE_MAX
            fields["priority"].label = "With priority"
            fields["do_on_days"].help_text = "0 is the same day; leave it empty for no day."
        elif self.action_kind == "create_capture":
            fields["text"].label = "Note"
            fields["text"].widget.attrs["maxlength"] = engine.CAPTURE_TEXT_MAX
        if setting:
            fields["priority"].label = "To priority"
            fields["project"].label = "To project"
            fields["area"].label = "To life area"
            fields["do_on_days"].label = "To do it after (days)"
            fields["do_on_days"].help_text = "Days after the day it happens; 0 is the same day."

    @property
    def shown(self) -> tuple[str, ...]:
        """The fields the row's kind has, in the order the row shows them."""
        if self.action_kind == "push":
            return ("kind", "title", "body")
        if self.action_kind == "create_task":
            return ("kind", "title", "priority", "project", "area", "do_on_days")
        if self.action_kind == "set_field":
            return ("kind", "field", SET_FIELD_VALUE[self.set_field])
        if self.action_kind == "create_capture":
            return ("kind", "text")
        return ("kind",)

    @property
    def visible(self) -> list[forms.BoundField]:
        return [self[name] for name in self.shown]

    @property
    def kept(self) -> list[tuple[str, str]]:
        """What does not apply to the row's kind, carried as hidden inputs (name, value)."""
        return hidden_inputs(self[name] for name in ACTION_FIELD_NAMES if name not in self.shown)

    def definition(self) -> dict[str, Any]:
        """The action's JSON (call once the row is valid)."""
        data = self.cleaned_data
        action: dict[str, Any] = {"kind": self.action_kind}
        if self.action_kind == "push":
            action.update(title=data["title"], body=data["body"])
        elif self.action_kind == "create_task":
            action["title"] = data["title"]
            if data["priority"]:
                action["priority"] = data["priority"]
            for name in ("project", "area", "do_on_days"):
                if data[name] not in (None, ""):
                    action[name] = data[name]
        elif self.action_kind == "set_field":
            action["field"] = self.set_field
            name = SET_FIELD_VALUE[self.set_field]
            value = data[name]
            if name == "priority":
                value = value or 0
            if value not in (None, ""):
                action[name] = value
        elif self.action_kind == "create_capture":
            action["text"] = data["text"]
        return action


Initial = tuple[dict[str, Any], list[dict[str, Any]]]


def _mapping(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _text(value: object) -> str:
    return "" if value is None or isinstance(value, dict | list) else str(value)


def initial_of(definition: object, *, name: str = "", version: int | None = None) -> Initial:
    """The builder's starting values for a stored definition (canonical, as ``convert.dump``
    writes it): the rule's fields, and one dict per action row. A value of the wrong shape
    (a rule stored before a check changed) is left out: the builder then says what to fix."""
    root = _mapping(definition)
    trigger = _mapping(root.get("trigger"))
    conditions = _mapping(root.get("conditions"))
    words: dict[Any, str] = {value: word for word, value in MIN_PRIORITY.items() if value}
    min_priority = conditions.get("min_priority")
    rule: dict[str, Any] = {
        "name": name,
        "version": version,
        "trigger_kind": _text(trigger.get("kind")) or NEW_RULE_TRIGGER,
        "trigger_weekdays": [_text(day) for day in _list(trigger.get("weekdays"))],
        "trigger_at": _text(trigger.get("at")),
        "trigger_threshold": _text(trigger.get("threshold")) or THRESHOLD_DEFAULT,
        "cond_projects": [_text(key) for key in _list(conditions.get("projects"))],
        "cond_areas": [_text(key) for key in _list(conditions.get("areas"))],
        "cond_min_priority": words.get(min_priority, "none")
        if type(min_priority) is int
        else "none",
        "cond_labels": ", ".join(_text(label) for label in _list(conditions.get("labels"))),
        "cond_text": _text(conditions.get("text")),
        "cond_weekdays": [_text(day) for day in _list(conditions.get("weekdays"))],
    }
    # A schedule picked later starts from weekdays at 08:00 (kept hidden until then).
    if rule["trigger_kind"] != "schedule":
        rule.update(SCHEDULE_DEFAULT)
    actions = []
    for action in _list(root.get("actions")) or [{"kind": NEW_ACTION_KIND}]:
        item = _mapping(action)
        actions.append({name: _text(item.get(name)) for name in ACTION_FIELD_NAMES})
    return rule, actions


def blank_initial() -> Initial:
    """A new rule: when a task is completed, send a push."""
    return initial_of(
        {"trigger": {"kind": NEW_RULE_TRIGGER}, "actions": [{"kind": NEW_ACTION_KIND}]}
    )


def example_initial(example_id: str) -> Initial | None:
    """The builder prefilled with one of the engine's examples, or None for an unknown id."""
    for rule in engine.EXAMPLES:
        if rule.id == example_id:
            return initial_of(convert.dump(rule))
    return None


def as_data(initial: Initial) -> QueryDict:
    """``initial`` as the post the builder would send: the one way the builder reads values."""
    rule, rows = initial
    data = QueryDict(mutable=True)
    for name, value in rule.items():
        if isinstance(value, list):
            data.setlist(name, [str(v) for v in value])
        elif value is not None:
            data[name] = str(value)
    for index, row in enumerate(rows[: engine.MAX_ACTIONS]):
        for name, value in row.items():
            if value is not None:
                data[f"action-{index}-{name}"] = str(value)
    return data


class Builder:
    """The whole builder: ``form`` (name, trigger, conditions), ``actions`` (the rows), the
    messages that belong to no field (``summary``) or to the actions as a whole
    (``actions_errors``). Built from a post, or from starting values (``initial``) as if they
    had been posted."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        choices: Choices,
        initial: Initial | None = None,
    ) -> None:
        self.choices = choices
        self.summary: list[str] = []
        self.actions_errors: list[str] = []
        self.changes: dict[str, str] = {}
        if data is None:
            self.data = as_data(initial or blank_initial())
        else:
            self.data = data.copy()
            self.changes = {
                name: str(data.get(name, ""))
                for name in (REFRESH, ADD_ACTION, REMOVE_ACTION)
                if name in data
            }
        self._build()

    # --- The forms ---------------------------------------------------------------------------
    def _build(self) -> None:
        if self._count() == 0:
            self.data["action-0-kind"] = NEW_ACTION_KIND
        self.form = RuleForm(self.data, choices=self.choices)
        trigger = self.form.trigger
        self.actions = [
            ActionForm(self.data, index=i, trigger=trigger, choices=self.choices)
            for i in range(self._count())
        ]

    def _count(self) -> int:
        """How many action rows the post has (contiguous from 0, at most MAX_ACTIONS)."""
        count = 0
        while count < engine.MAX_ACTIONS and f"action-{count}-kind" in self.data:
            count += 1
        return count

    @property
    def changing(self) -> bool:
        """The post asks to change the form (update, add or remove an action), not to save."""
        return bool(self.changes)

    def apply_changes(self) -> None:
        """Do what the post's button asked: add an action row, remove one, or only redraw."""
        if ADD_ACTION in self.changes:
            self.add_action()
        elif REMOVE_ACTION in self.changes:
            with contextlib.suppress(ValueError):
                self.remove_action(int(self.changes[REMOVE_ACTION]))

    def add_action(self) -> None:
        count = self._count()
        if count < engine.MAX_ACTIONS:
            self.data[f"action-{count}-kind"] = NEW_ACTION_KIND
            self._build()

    def remove_action(self, index: int) -> None:
        """Remove row ``index``; the rows after it move up (a rule keeps at least one)."""
        count = self._count()
        if not 0 <= index < count or count <= 1:
            return
        for row in range(index, count):
            for name in ACTION_FIELD_NAMES:
                key, source = f"action-{row}-{name}", f"action-{row + 1}-{name}"
                if row + 1 < count and source in self.data:
                    self.data.setlist(key, self.data.getlist(source))
                else:
                    self.data.pop(key, None)
        self._build()

    # --- What applies ------------------------------------------------------------------------
    @property
    def trigger(self) -> engine.TriggerKind:
        return self.form.trigger

    @property
    def trigger_fields(self) -> list[forms.BoundField]:
        return [self.form[name] for name in TRIGGER_FIELDS.get(self.trigger, ())]

    @property
    def condition_fields(self) -> list[forms.BoundField]:
        """The conditions the chosen trigger can have (a project or area condition only when
        there is something to pick)."""
        possible = engine.CONDITIONS_FOR[self.trigger]
        fields = []
        for name, field in CONDITION_FIELDS.items():
            choices = getattr(self.form.fields[field], "choices", None)
            if name in possible and (choices is None or list(choices)):
                fields.append(self.form[field])
        return fields

    @property
    def shown(self) -> set[str]:
        """The rule form's fields on show for the chosen trigger."""
        return {
            "version",
            "trigger_kind",
            "name",
            *(field.name for field in self.trigger_fields),
            *(field.name for field in self.condition_fields),
        }

    @property
    def kept(self) -> list[tuple[str, str]]:
        """The rule form's fields the trigger does not have, carried as hidden inputs (name,
        value)."""
        return hidden_inputs(field for field in self.form if field.name not in self.shown)

    @property
    def placeholders(self) -> list[str]:
        """The placeholders the chosen trigger's texts may use, as they are typed."""
        allowed = engine.PLACEHOLDERS_FOR[self.trigger]
        return [f"{{{name}}}" for name in engine.PLACEHOLDERS if name in allowed]

    @property
    def can_add(self) -> bool:
        return len(self.actions) < engine.MAX_ACTIONS

    @property
    def can_remove(self) -> bool:
        return len(self.actions) > 1

    @property
    def max_actions(self) -> int:
        return engine.MAX_ACTIONS

    # --- What was typed ----------------------------------------------------------------------
    def is_valid(self) -> bool:
        """Every field on show holds a value of the right type (what the services cannot read
        has its message by its field)."""
        valid = True
        self.form.is_valid()
        if any(name in self.form.errors for name in self.shown):
            valid = False
        for row in self.actions:
            row.is_valid()
            if any(name in row.errors for name in row.shown):
                valid = False
        return valid

    @property
    def name(self) -> str:
        return str(self.form.cleaned_data.get("name") or "")

    @property
    def version(self) -> int | None:
        value = self.form.cleaned_data.get("version")
        return value if isinstance(value, int) else None

    def definition(self) -> dict[str, Any]:
        """The rule's JSON, from the fields that apply (call once ``is_valid()``)."""
        data = self.form.cleaned_data
        kind = self.trigger
        trigger: dict[str, Any] = {"kind": kind}
        if kind == "schedule":
            trigger["weekdays"] = sorted(int(day) for day in data["trigger_weekdays"])
            if data["trigger_at"] is not None:
                trigger["at"] = data["trigger_at"].strftime("%H:%M")
        if kind == "capture_backlog" and data["trigger_threshold"] is not None:
            trigger["threshold"] = data["trigger_threshold"]
        conditions: dict[str, Any] = {}
        possible = engine.CONDITIONS_FOR[kind]
        if "project" in possible and data["cond_projects"]:
            conditions["projects"] = list(data["cond_projects"])
        if "area" in possible and data["cond_areas"]:
            conditions["areas"] = list(data["cond_areas"])
        if "priority" in possible and MIN_PRIORITY.get(data["cond_min_priority"]) is not None:
            conditions["min_priority"] = MIN_PRIORITY[data["cond_min_priority"]]
        if "label" in possible and split_labels(data["cond_labels"]):
            conditions["labels"] = split_labels(data["cond_labels"])
        if "text" in possible and data["cond_text"]:
            conditions["text"] = data["cond_text"]
        if "weekday" in possible and data["cond_weekdays"]:
            conditions["weekdays"] = sorted(int(day) for day in data["cond_weekdays"])
        return {
            "trigger": trigger,
            "conditions": conditions,
            "actions": [row.definition() for row in self.actions],
        }

    def sentence(self) -> str | None:
        """The rule as the list will read it, or None while it is not a valid rule yet."""
        if not self.is_valid():
            return None
        rule, problems = convert.parse(self.definition())
        if rule is None or problems:
            return None
        return engine.describe(
            rule, projects=self.choices.project_names, areas=self.choices.area_names
        )

    # --- The services' messages --------------------------------------------------------------
    def place(self, error: Invalid) -> None:
        """Each of the services' messages by its field; what no field on show can hold goes in
        the summary (with the general message first, so the top of the form says it)."""
        self.summary.append(error.message)
        for key, messages in error.fields.items():
            for message in messages:
                if not self._place(key, message) and message not in self.summary:
                    self.summary.append(message)

    def _place(self, key: str, message: str) -> bool:
        if key in RULE_KEYS:
            name = RULE_KEYS[key]
            if name in self.shown:
                self.form.add_error(name, message)
                return True
            return False
        if key == "actions":
            self.actions_errors.append(message)
            return True
        match = ACTION_KEY.match(key)
        if match is None or int(match[1]) >= len(self.actions):
            return False
        row = self.actions[int(match[1])]
        if match[2] is None:
            row.add_error(None, message)
            return True
        name = ACTION_KEYS.get(match[2], match[2])
        if name in row.shown:
            row.add_error(name, message)
            return True
        return False

    def refuse(self, message: str) -> None:
        """A message for the whole rule (a conflict, a type error somewhere below)."""
        if message not in self.summary:
            self.summary.append(message)
