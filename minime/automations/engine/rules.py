"""Rules and events as plain values, and ``validate_rule``: every problem of a rule at once.

Two levels of checking, like the Today engine's snapshot:

* ``__post_init__`` raises ``ValueError`` for what no form can produce (an unknown trigger or
  action kind, a naive datetime, an unknown zone, a wrong type): the caller has a bug.
* ``validate_rule(rule)`` returns ``{field: [message, ...]}`` for what a user can get wrong (an
  empty weekday set, a condition the trigger cannot have, an unknown placeholder, a text too
  long), empty when the rule is fine, so a form and the API show every problem at once.
  ``RuleSet.build`` refuses a rule with problems: an invalid rule never runs.

Ids are any hashable value (the models' public UUIDs as strings in the app, ints in tests).
Weekdays are ints, 0 = Monday … 6 = Sunday (``date.weekday()``). Priorities: 0 none, 1 low,
2 medium, 3 high.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import lru_cache
from typing import Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .templates import PLACEHOLDERS, TemplateError, parse_template

__all__ = [
    "ACTION_KINDS",
    "CONDITIONS_FOR",
    "MAX_ACTIONS",
    "MAX_CHOICES",
    "MAX_DO_ON_DAYS",
    "MAX_THRESHOLD",
    "PLACEHOLDERS_FOR",
    "SET_FIELDS",
    "TASK_TRIGGERS",
    "TEMPLATE_LIMITS",
    "TEXT_CONDITION_MAX",
    "TRIGGER_KINDS",
    "Action",
    "ActionKind",
    "ConditionName",
    "Conditions",
    "Event",
    "Id",
    "Rule",
    "SetField",
    "Trigger",
    "TriggerKind",
    "validate_rule",
    "zone",
]

Id = Hashable

TriggerKind = Literal[
    "schedule",
    "task_created",
    "task_completed",
    "task_overdue",
    "capture_added",
    "capture_backlog",
    "focus_finished",
    "routine_missed",
    "milestone_reached",
]
ActionKind = Literal["push", "create_task", "set_field", "add_to_today", "create_capture"]
SetField = Literal["priority", "project", "area", "do_on"]
ConditionName = Literal["project", "area", "priority", "label", "text", "weekday"]

TRIGGER_KINDS: tuple[TriggerKind, ...] = get_args(TriggerKind)
ACTION_KINDS: tuple[ActionKind, ...] = get_args(ActionKind)
SET_FIELDS: tuple[SetField, ...] = get_args(SetField)
TASK_TRIGGERS: frozenset[TriggerKind] = frozenset(
    {"task_created", "task_completed", "task_overdue"}
)

# Limits (characters unless said): each rendered text is cut to its limit, and a template longer
# than its limit is refused (the same numbers as the app's push and task fields).
PUSH_TITLE_MAX = 100
PUSH_BODY_MAX = 500
TASK_TITLE_MAX = 300
CAPTURE_TEXT_MAX = 2_000
TEMPLATE_LIMITS: dict[str, int] = {
    "push.title": PUSH_TITLE_MAX,
    "push.body": PUSH_BODY_MAX,
    "create_task.title": TASK_TITLE_MAX,
    "create_capture.text": CAPTURE_TEXT_MAX,
}
TEXT_CONDITION_MAX = 100  # "text contains"
LABEL_MAX = 40  # a label's name
MAX_CHOICES = 20  # projects, areas or labels in one condition
MAX_ACTIONS = 5  # per rule
MAX_THRESHOLD = 10_000  # the inbox count a backlog trigger waits for
MAX_DO_ON_DAYS = 365  # how far ahead "do on" may be set

# What each trigger's event carries: the placeholders its templates may use …
_DAY = frozenset({"date", "weekday"})
_TASK = frozenset({"task", "project", "area", "goal"}) | _DAY
PLACEHOLDERS_FOR: dict[TriggerKind, frozenset[str]] = {
    "schedule": _DAY,
    "task_created": _TASK,
    "task_completed": _TASK,
    "task_overdue": _TASK,
    "capture_added": frozenset({"count"}) | _DAY,
    "capture_backlog": frozenset({"count"}) | _DAY,
    "focus_finished": frozenset({"task", "project", "area", "minutes"}) | _DAY,
    "routine_missed": frozenset({"routine", "area"}) | _DAY,
    "milestone_reached": frozenset({"goal", "milestone", "area"}) | _DAY,
}
# … and the conditions that can apply to it. A schedule picks its own weekdays, so it has none.
_EVENTFUL: frozenset[ConditionName] = frozenset({"weekday"})
CONDITIONS_FOR: dict[TriggerKind, frozenset[ConditionName]] = {
    "schedule": frozenset(),
    "task_created": frozenset({"project", "area", "priority", "label", "text", "weekday"}),
    "task_completed": frozenset({"project", "area", "priority", "label", "text", "weekday"}),
    "task_overdue": frozenset({"project", "area", "priority", "label", "text", "weekday"}),
    "capture_added": frozenset({"text", "weekday"}),
    "capture_backlog": _EVENTFUL,
    "focus_finished": frozenset({"project", "area", "text", "weekday"}),
    "routine_missed": frozenset({"area", "weekday"}),
    "milestone_reached": frozenset({"area", "weekday"}),
}

# How messages and sentences name a trigger ("… when a task is completed").
WHEN: dict[TriggerKind, str] = {
    "schedule": "on a schedule",
    "task_created": "when a task is created",
    "task_completed": "when a task is completed",
    "task_overdue": "when a task becomes overdue",
    "capture_added": "when something is added to the inbox",
    "capture_backlog": "when the inbox passes a number of items",
    "focus_finished": "when a focus session ends",
    "routine_missed": "when a routine is missed",
    "milestone_reached": "when a goal reaches a milestone",
}
_ACTION_NOUN: dict[ActionKind, str] = {
    "push": "A push action",
    "create_task": "A create-task action",
    "set_field": "A set-field action",
    "add_to_today": "An add-to-Today action",
    "create_capture": "A create-capture action",
}
_CONDITION_NOUN: dict[ConditionName, str] = {
    "project": "A project condition",
    "area": "An area condition",
    "priority": "A priority condition",
    "label": "A label condition",
    "text": "A “text contains” condition",
    "weekday": "A weekday condition",
}


@lru_cache(maxsize=256)
def zone(name: str) -> ZoneInfo:
    """The ``ZoneInfo`` for an IANA name; ``ValueError`` for an unknown one."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"Unknown time zone {name!r}") from error


def _kind(value: str, kinds: tuple[str, ...], what: str) -> None:
    if value not in kinds:
        raise ValueError(f"Unknown {what} {value!r}: use one of {', '.join(kinds)}")


def _ints(values: tuple[int, ...], name: str) -> None:
    if not isinstance(values, tuple) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        raise ValueError(f"{name} must be a tuple of ints, got {values!r}")


@dataclass(frozen=True, slots=True)
class Trigger:
    """What starts a rule. ``schedule``: ``weekdays`` (0 = Monday) and ``at`` (local wall time,
    minutes only) in the user's zone. ``capture_backlog``: ``threshold``, the inbox count that,
    once passed, fires the rule. Other kinds take neither."""

    kind: TriggerKind
    weekdays: tuple[int, ...] = ()
    at: time | None = None
    threshold: int | None = None

    def __post_init__(self) -> None:
        _kind(self.kind, TRIGGER_KINDS, "trigger")
        _ints(self.weekdays, "weekdays")
        if self.at is not None and not isinstance(self.at, time):
            raise ValueError(f"at must be a datetime.time, got {self.at!r}")
        if self.threshold is not None and (
            not isinstance(self.threshold, int) or isinstance(self.threshold, bool)
        ):
            raise ValueError(f"threshold must be an int, got {self.threshold!r}")


@dataclass(frozen=True, slots=True)
class Conditions:
    """Filters on the event; all that are set must hold (an empty one is not set).

    ``projects`` / ``areas``: the item is in one of these ids. ``min_priority``: the task's
    priority is at least this (0–3; 0 lets every task through). ``labels``: the task has one of
    these labels (case-insensitive). ``text``: the item's title or text contains this
    (case-insensitive). ``weekdays``: the event happened on one of these local weekdays."""

    projects: tuple[Id, ...] = ()
    areas: tuple[Id, ...] = ()
    min_priority: int | None = None
    labels: tuple[str, ...] = ()
    text: str = ""
    weekdays: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in ("projects", "areas", "labels"):
            if not isinstance(getattr(self, name), tuple):
                raise ValueError(f"{name} must be a tuple, got {getattr(self, name)!r}")
        if not all(isinstance(label, str) for label in self.labels):
            raise ValueError(f"labels must be strings, got {self.labels!r}")
        if not isinstance(self.text, str):
            raise ValueError(f"text must be a string, got {self.text!r}")
        _ints(self.weekdays, "weekdays")
        if self.min_priority is not None and (
            not isinstance(self.min_priority, int) or isinstance(self.min_priority, bool)
        ):
            raise ValueError(f"min_priority must be an int, got {self.min_priority!r}")

    def used(self) -> tuple[ConditionName, ...]:
        """The conditions that are set, in the order the builder shows them."""
        names: list[ConditionName] = []
        if self.projects:
            names.append("project")
        if self.areas:
            names.append("area")
        if self.min_priority is not None:
            names.append("priority")
        if self.labels:
            names.append("label")
        if self.text:
            names.append("text")
        if self.weekdays:
            names.append("weekday")
        return tuple(names)


@dataclass(frozen=True, slots=True)
class Action:
    """One thing a rule does.

    * ``push``: ``title`` and ``body`` templates.
    * ``create_task``: ``title`` template; optional ``priority``, ``project``, ``area`` and
      ``do_on_days`` (the task's "do on" day, this many days after the event's local date).
    * ``set_field``: ``field`` (priority, project, area or do_on) of the event's task, to
      ``priority`` / ``project`` / ``area`` / ``do_on_days`` (task triggers only).
    * ``add_to_today``: pin the event's task to Today (task triggers only).
    * ``create_capture``: ``text`` template.
    """

    kind: ActionKind
    title: str = ""
    body: str = ""
    text: str = ""
    field: SetField | None = None
    priority: int | None = None
    project: Id | None = None
    area: Id | None = None
    do_on_days: int | None = None

    def __post_init__(self) -> None:
        _kind(self.kind, ACTION_KINDS, "action")
        if self.field is not None:
            _kind(self.field, SET_FIELDS, "field")
        for name in ("title", "body", "text"):
            if not isinstance(getattr(self, name), str):
                raise ValueError(f"{name} must be a string, got {getattr(self, name)!r}")
        for name in ("priority", "do_on_days"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise ValueError(f"{name} must be an int, got {value!r}")


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A user's if-then rule: when ``trigger`` happens and every condition holds, run
    ``actions`` in order. A disabled rule is kept but never matches."""

    id: Id
    enabled: bool = True
    trigger: Trigger
    conditions: Conditions = field(default_factory=Conditions)
    actions: tuple[Action, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.trigger, Trigger):
            raise ValueError(f"trigger must be a Trigger, got {self.trigger!r}")
        if not isinstance(self.conditions, Conditions):
            raise ValueError(f"conditions must be Conditions, got {self.conditions!r}")
        if not isinstance(self.actions, tuple) or not all(
            isinstance(a, Action) for a in self.actions
        ):
            raise ValueError(f"actions must be a tuple of Action, got {self.actions!r}")


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, as the app reports it to ``match``.

    ``occurred_at`` is aware (any zone); ``zone`` is the user's IANA zone, which gives the
    event's local date and weekday. ``depth``: 0 for the user's own change, 1 + the causing
    event's depth for a change an automation made. The subject fields are what the kind has
    (``PLACEHOLDERS_FOR``): a task's ``item_id``, ``title``, project, area, ``priority``,
    ``labels`` and ``goal``; a capture item's ``item_id`` and ``text``; the inbox ``count``
    (``previous_count``: the count before, for the backlog trigger; None = ``count - 1``); a
    focus session's ``minutes`` and task; a missed ``routine``; a ``goal`` and its
    ``milestone``. A ``schedule`` event is "the clock reached ``occurred_at``"."""

    kind: TriggerKind
    occurred_at: datetime
    zone: str
    depth: int = 0
    item_id: Id | None = None
    title: str = ""
    text: str = ""
    project_id: Id | None = None
    project_name: str = ""
    area_id: Id | None = None
    area_name: str = ""
    priority: int | None = None
    labels: tuple[str, ...] = ()
    goal: str = ""
    milestone: str = ""
    routine: str = ""
    count: int | None = None
    previous_count: int | None = None
    minutes: int | None = None

    def __post_init__(self) -> None:
        _kind(self.kind, TRIGGER_KINDS, "event")
        if not isinstance(self.occurred_at, datetime) or self.occurred_at.utcoffset() is None:
            raise ValueError(f"occurred_at must be a timezone-aware datetime: {self.occurred_at!r}")
        zone(self.zone)
        if not isinstance(self.depth, int) or self.depth < 0:
            raise ValueError(f"depth must be an int ≥ 0, got {self.depth!r}")
        if self.priority is not None and self.priority not in (0, 1, 2, 3):
            raise ValueError(f"priority must be 0-3 or None, got {self.priority!r}")
        for name in ("count", "previous_count", "minutes"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or value < 0):
                raise ValueError(f"{name} must be an int ≥ 0 or None, got {value!r}")
        if not isinstance(self.labels, tuple):
            raise ValueError(f"labels must be a tuple, got {self.labels!r}")

    def local(self) -> datetime:
        """``occurred_at`` on the user's wall clock."""
        return self.occurred_at.astimezone(zone(self.zone))


# --- validation -------------------------------------------------------------------------------


def _template_fields(action: Action) -> tuple[tuple[str, str], ...]:
    """(attribute, limit key) of the templates an action kind has."""
    if action.kind == "push":
        return (("title", "push.title"), ("body", "push.body"))
    if action.kind == "create_task":
        return (("title", "create_task.title"),)
    if action.kind == "create_capture":
        return (("text", "create_capture.text"),)
    return ()


def _priority_problem(value: int | None) -> str | None:
    if value is not None and value not in (0, 1, 2, 3):
        return f"Priority must be 0 (none) to 3 (high), not {value}."
    return None


def _do_on_problem(value: int | None) -> str | None:
    if value is not None and not 0 <= value <= MAX_DO_ON_DAYS:
        return f"“Do on” must be 0 to {MAX_DO_ON_DAYS} days after the event, not {value}."
    return None


def _check_trigger(trigger: Trigger, add: _Add) -> None:
    if trigger.kind == "schedule":
        if not trigger.weekdays:
            add("trigger.weekdays", "Pick at least one weekday.")
        elif not all(0 <= d <= 6 for d in trigger.weekdays):
            add("trigger.weekdays", "Weekdays are 0 (Monday) to 6 (Sunday).")
        elif len(set(trigger.weekdays)) != len(trigger.weekdays):
            add("trigger.weekdays", "Each weekday may be picked once.")
        if trigger.at is None:
            add("trigger.at", "Pick a time of day.")
        elif trigger.at.tzinfo is not None or trigger.at.second or trigger.at.microsecond:
            add("trigger.at", "The time is a local time in hours and minutes (like 08:00).")
    else:
        if trigger.weekdays or trigger.at is not None:
            add(
                "trigger",
                f"Weekdays and a time belong to a schedule, not {WHEN[trigger.kind]}: use a "
                "weekday condition instead.",
            )
    if trigger.kind == "capture_backlog":
        if trigger.threshold is None:
            add("trigger.threshold", "Say how many inbox items should fire the rule.")
        elif not 1 <= trigger.threshold <= MAX_THRESHOLD:
            add("trigger.threshold", f"The inbox count must be 1 to {MAX_THRESHOLD:,}.")
    elif trigger.threshold is not None:
        add(
            "trigger.threshold",
            f"Only the inbox backlog trigger has a count, not {WHEN[trigger.kind]}.",
        )


def _check_choices(values: tuple[object, ...], key: str, noun: str, add: _Add) -> None:
    if len(values) > MAX_CHOICES:
        add(key, f"Pick at most {MAX_CHOICES} {noun}s.")
    try:
        if len(set(values)) != len(values):
            add(key, f"Each {noun} may be picked once.")
    except TypeError:
        add(key, f"Each {noun} must be an id.")


def _check_conditions(kind: TriggerKind, conditions: Conditions, add: _Add) -> None:
    possible = CONDITIONS_FOR[kind]
    for name in conditions.used():
        if name not in possible:
            reason = (
                "the schedule already picks its weekdays and has no item"
                if kind == "schedule"
                else "its event has no such value"
            )
            add(
                f"conditions.{name}",
                f"{_CONDITION_NOUN[name]} cannot apply {WHEN[kind]}: {reason}.",
            )
    _check_choices(conditions.projects, "conditions.project", "project", add)
    _check_choices(conditions.areas, "conditions.area", "area", add)
    if (problem := _priority_problem(conditions.min_priority)) is not None:
        add("conditions.priority", problem)
    labels = conditions.labels
    _check_choices(tuple(label.casefold() for label in labels), "conditions.label", "label", add)
    if any(not label.strip() for label in labels):
        add("conditions.label", "A label cannot be empty.")
    if any(len(label) > LABEL_MAX for label in labels):
        add("conditions.label", f"A label has at most {LABEL_MAX} characters.")
    if conditions.text and not conditions.text.strip():
        add("conditions.text", "The text to look for cannot be only spaces.")
    if len(conditions.text) > TEXT_CONDITION_MAX:
        add("conditions.text", f"The text to look for has at most {TEXT_CONDITION_MAX} characters.")
    if not all(0 <= d <= 6 for d in conditions.weekdays):
        add("conditions.weekday", "Weekdays are 0 (Monday) to 6 (Sunday).")
    elif len(set(conditions.weekdays)) != len(conditions.weekdays):
        add("conditions.weekday", "Each weekday may be picked once.")


def _check_action(kind: TriggerKind, index: int, action: Action, add: _Add) -> None:
    key = f"actions[{index}]"
    on_task = kind in TASK_TRIGGERS
    for attribute, limit_key in _template_fields(action):
        source: str = getattr(action, attribute)
        limit = TEMPLATE_LIMITS[limit_key]
        if not source.strip() and attribute != "body":
            add(f"{key}.{attribute}", "Write the text.")
        elif len(source) > limit:
            add(f"{key}.{attribute}", f"At most {limit:,} characters.")
        else:
            try:
                parse_template(source, PLACEHOLDERS_FOR[kind], when=WHEN[kind])
            except TemplateError as error:
                add(f"{key}.{attribute}", str(error))
    templated = {a for a, _ in _template_fields(action)}
    for attribute in ("title", "body", "text"):
        if attribute not in templated and getattr(action, attribute):
            add(f"{key}.{attribute}", f"{_ACTION_NOUN[action.kind]} has no {attribute}.")
    if action.kind in ("set_field", "add_to_today") and not on_task:
        what = "Setting a field" if action.kind == "set_field" else "Adding to Today"
        add(key, f"{what} needs a task: it cannot run {WHEN[kind]}.")
    values = {
        "priority": action.priority is not None,
        "project": action.project is not None,
        "area": action.area is not None,
        "do_on": action.do_on_days is not None,
    }
    if action.kind == "set_field":
        if action.field is None:
            add(f"{key}.field", "Pick the field to set: priority, project, area or do on.")
        else:
            if not values[action.field]:
                add(f"{key}.{action.field}", "Pick the value to set.")
            if any(given for name, given in values.items() if name != action.field):
                add(key, "Set one field per action.")
    elif action.field is not None:
        add(f"{key}.field", "Only a set-field action has a field.")
    if action.kind not in ("set_field", "create_task") and any(values.values()):
        add(key, f"{_ACTION_NOUN[action.kind]} takes no priority, project, area or day.")
    if (problem := _priority_problem(action.priority)) is not None:
        add(f"{key}.priority", problem)
    if (problem := _do_on_problem(action.do_on_days)) is not None:
        add(f"{key}.do_on", problem)
    for name in ("project", "area"):
        try:
            hash(getattr(action, name))
        except TypeError:
            add(f"{key}.{name}", f"The {name} must be an id.")


class _Add:
    """Collects messages by field."""

    __slots__ = ("problems",)

    def __init__(self) -> None:
        self.problems: dict[str, list[str]] = {}

    def __call__(self, key: str, message: str) -> None:
        self.problems.setdefault(key, []).append(message)


def validate_rule(rule: Rule) -> dict[str, list[str]]:
    """Every problem of ``rule`` as ``{field: [message, ...]}``; empty when the rule is fine.

    Fields: ``trigger``, ``trigger.weekdays``, ``trigger.at``, ``trigger.threshold``,
    ``conditions.<project|area|priority|label|text|weekday>``, ``actions`` and
    ``actions[i]`` / ``actions[i].<title|body|text|field|priority|project|area|do_on>``."""
    add = _Add()
    kind = rule.trigger.kind
    _check_trigger(rule.trigger, add)
    _check_conditions(kind, rule.conditions, add)
    if not rule.actions:
        add("actions", "Add at least one action.")
    elif len(rule.actions) > MAX_ACTIONS:
        add("actions", f"A rule has at most {MAX_ACTIONS} actions.")
    for index, action in enumerate(rule.actions[:MAX_ACTIONS]):
        _check_action(kind, index, action, add)
    return add.problems


assert set(PLACEHOLDERS) >= set().union(*PLACEHOLDERS_FOR.values())
assert set(TRIGGER_KINDS) == set(PLACEHOLDERS_FOR) == set(CONDITIONS_FOR) == set(WHEN)
