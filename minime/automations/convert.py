"""A rule's stored JSON (the builder's and the API's shape) to the engine's values and back.

The definition::

    {"trigger": {"kind": "schedule", "weekdays": [0, 1, 2, 3, 4], "at": "08:00"},
     "conditions": {"projects": ["<project uuid>"], "areas": [], "min_priority": 2,
                    "labels": ["errand"], "text": "", "weekdays": []},
     "actions": [{"kind": "push", "title": "{task} is done", "body": ""},
                 {"kind": "create_task", "title": "Plan {weekday}", "priority": 2,
                  "project": "<project uuid>", "area": null, "do_on_days": 0},
                 {"kind": "set_field", "field": "priority", "priority": 3},
                 {"kind": "add_to_today"}, {"kind": "create_capture", "text": "…"}]}

Ids are the projects' and areas' public uuids as strings. ``parse`` returns the engine's ``Rule``
or the problems by field (the same keys as the engine's ``validate_rule``): a wrong type is a
message, never a crash. ``dump`` writes the canonical JSON of an engine rule (keys in a fixed
order, empty values left out), so what is stored is what was checked.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from minime.automations import engine

Problems = dict[str, list[str]]

_TRIGGER_KEYS = {"kind", "weekdays", "at", "threshold"}
_CONDITION_KEYS = {"projects", "areas", "min_priority", "labels", "text", "weekdays"}
_ACTION_KEYS = {
    "kind",
    "title",
    "body",
    "text",
    "field",
    "priority",
    "project",
    "area",
    "do_on_days",
}


class _Reader:
    def __init__(self) -> None:
        self.problems: Problems = {}

    def add(self, key: str, message: str) -> None:
        self.problems.setdefault(key, []).append(message)

    def mapping(self, value: object, key: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.add(key, "Expected an object.")
            return {}
        return value

    def unknown(self, data: dict[str, Any], allowed: set[str], key: str) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            self.add(key, f"Unknown field{'s' if len(extra) > 1 else ''}: {', '.join(extra)}.")

    def ints(self, value: object, key: str) -> tuple[int, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(v, int) and not isinstance(v, bool) for v in value
        ):
            self.add(key, "Expected a list of weekday numbers (0 = Monday … 6 = Sunday).")
            return ()
        return tuple(value)

    def strings(self, value: object, key: str, what: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.add(key, f"Expected a list of {what}.")
            return ()
        return tuple(value)

    def int_or_none(self, value: object, key: str) -> int | None:
        if value is None or value == "":
            return None
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(key, "Expected a whole number.")
            return None
        return value

    def text(self, value: object, key: str) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.add(key, "Expected text.")
            return ""
        return value

    def id_or_none(self, value: object, key: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            self.add(key, "Expected an id.")
            return None
        return value

    def choice(self, value: object, choices: tuple[str, ...], key: str, what: str) -> str | None:
        if value not in choices:
            self.add(key, f"Pick {what}: {', '.join(choices)}.")
            return None
        return str(value)


def _at(reader: _Reader, value: object) -> time | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            hours, minutes = value.split(":")
            if len(minutes) == 2:
                return time(int(hours), int(minutes))
        except ValueError:
            pass
    reader.add("trigger.at", "A time of day like 08:00.")
    return None


def parse(data: object, *, rule_id: engine.Id = "new") -> tuple[engine.Rule | None, Problems]:
    """The engine rule a definition describes, and every problem with it by field (the rule is
    None when the JSON itself is malformed; check the problems either way)."""
    reader = _Reader()
    root = reader.mapping(data, "definition")
    reader.unknown(root, {"trigger", "conditions", "actions"}, "definition")
    raw_trigger = reader.mapping(root.get("trigger"), "trigger")
    reader.unknown(raw_trigger, _TRIGGER_KEYS, "trigger")
    kind = reader.choice(raw_trigger.get("kind"), engine.TRIGGER_KINDS, "trigger", "a trigger")
    raw_conditions = reader.mapping(root.get("conditions"), "conditions")
    reader.unknown(raw_conditions, _CONDITION_KEYS, "conditions")
    raw_actions = root.get("actions")
    if not isinstance(raw_actions, list):
        reader.add("actions", "Expected a list of actions.")
        raw_actions = []
    if len(raw_actions) > engine.MAX_ACTIONS:
        reader.add("actions", f"A rule has at most {engine.MAX_ACTIONS} actions.")
        raw_actions = raw_actions[: engine.MAX_ACTIONS]
    trigger = None
    if kind is not None:
        trigger = engine.Trigger(
            kind,  # type: ignore[arg-type]
            weekdays=reader.ints(raw_trigger.get("weekdays"), "trigger.weekdays"),
            at=_at(reader, raw_trigger.get("at")),
            threshold=reader.int_or_none(raw_trigger.get("threshold"), "trigger.threshold"),
        )
    conditions = engine.Conditions(
        projects=reader.strings(raw_conditions.get("projects"), "conditions.project", "ids"),
        areas=reader.strings(raw_conditions.get("areas"), "conditions.area", "ids"),
        min_priority=reader.int_or_none(raw_conditions.get("min_priority"), "conditions.priority"),
        labels=reader.strings(raw_conditions.get("labels"), "conditions.label", "label names"),
        text=reader.text(raw_conditions.get("text"), "conditions.text"),
        weekdays=reader.ints(raw_conditions.get("weekdays"), "conditions.weekday"),
    )
    actions = []
    for index, raw in enumerate(raw_actions):
        key = f"actions[{index}]"
        item = reader.mapping(raw, key)
        reader.unknown(item, _ACTION_KEYS, key)
        action_kind = reader.choice(item.get("kind"), engine.ACTION_KINDS, key, "an action")
        field = item.get("field")
        if field is not None and field not in engine.SET_FIELDS:
            reader.add(f"{key}.field", f"Pick a field: {', '.join(engine.SET_FIELDS)}.")
            field = None
        if action_kind is None:
            continue
        actions.append(
            engine.Action(
                action_kind,  # type: ignore[arg-type]
                title=reader.text(item.get("title"), f"{key}.title"),
                body=reader.text(item.get("body"), f"{key}.body"),
                text=reader.text(item.get("text"), f"{key}.text"),
                field=field,
                priority=reader.int_or_none(item.get("priority"), f"{key}.priority"),
                project=reader.id_or_none(item.get("project"), f"{key}.project"),
                area=reader.id_or_none(item.get("area"), f"{key}.area"),
                do_on_days=reader.int_or_none(item.get("do_on_days"), f"{key}.do_on"),
            )
        )
    if trigger is None or reader.problems:
        return None, reader.problems
    rule = engine.Rule(id=rule_id, trigger=trigger, conditions=conditions, actions=tuple(actions))
    return rule, engine.validate_rule(rule)


def dump(rule: engine.Rule) -> dict[str, Any]:
    """The canonical definition of ``rule`` (what ``parse`` reads back to the same rule)."""
    t, c = rule.trigger, rule.conditions
    trigger: dict[str, Any] = {"kind": t.kind}
    if t.weekdays:
        trigger["weekdays"] = list(t.weekdays)
    if t.at is not None:
        trigger["at"] = f"{t.at:%H:%M}"
    if t.threshold is not None:
        trigger["threshold"] = t.threshold
    conditions: dict[str, Any] = {}
    for name in ("projects", "areas", "labels", "weekdays"):
        if getattr(c, name):
            conditions[name] = list(getattr(c, name))
    if c.min_priority is not None:
        conditions["min_priority"] = c.min_priority
    if c.text:
        conditions["text"] = c.text
    actions = []
    for a in rule.actions:
        action: dict[str, Any] = {"kind": a.kind}
        for name in ("title", "body", "text", "field"):
            if getattr(a, name):
                action[name] = getattr(a, name)
        for name in ("priority", "project", "area", "do_on_days"):
            if getattr(a, name) is not None:
                action[name] = getattr(a, name)
        actions.append(action)
    return {"trigger": trigger, "conditions": conditions, "actions": actions}


def referenced(rule: engine.Rule) -> tuple[set[str], set[str]]:
    """The project and area ids a rule names (in conditions and actions)."""
    projects = {str(p) for p in rule.conditions.projects}
    areas = {str(a) for a in rule.conditions.areas}
    for action in rule.actions:
        if action.project is not None:
            projects.add(str(action.project))
        if action.area is not None:
            areas.add(str(action.area))
    return projects, areas
