"""Matching: which rules fire for one event, with their actions rendered for it.

The rules:

* ``match(rules, event)`` returns one ``Firing`` per enabled rule whose trigger kind is the
  event's and whose conditions all hold, in rule order; each carries the rule's actions with
  their templates filled in from the event (``RenderedAction``).
* Nothing matches when ``event.depth >= max_depth`` (``MAX_DEPTH`` = 2): a user's own change
  (depth 0) can fire rules, and the changes those make (depth 1) can fire rules once more, but
  the changes made by *those* (depth 2) fire nothing. So one rule may react to another's work,
  and no set of rules can loop: each user change costs at most rules × rules firings.
* A ``schedule`` event ("the clock reached this instant") matches the schedule rules that fire
  exactly then (``schedule.fires_at``). A ``capture_backlog`` event matches the rules whose
  threshold the count passed: ``previous_count < threshold <= count``.
* ``RuleSet.build(rules)`` validates every rule (an invalid one raises ``ValueError``: it must
  never run), parses its templates and indexes the enabled ones by trigger kind once, so matching
  an event only looks at the rules of its kind.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from .rules import (
    PLACEHOLDERS_FOR,
    TEMPLATE_LIMITS,
    Action,
    ActionKind,
    Event,
    Id,
    Rule,
    SetField,
    TriggerKind,
    validate_rule,
)
from .schedule import fires_at
from .templates import Template, parse_template

__all__ = ["MAX_DEPTH", "Firing", "RenderedAction", "RuleSet", "match", "placeholder_values"]

MAX_DEPTH = 2
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True, slots=True)
class RenderedAction:
    """An action ready to run for one event: texts rendered and cut to their limits, ``do_on``
    a date (the event's local date + the rule's days), ``task_id`` the event's task for
    ``set_field`` and ``add_to_today`` (None otherwise)."""

    kind: ActionKind
    title: str = ""
    body: str = ""
    text: str = ""
    field: SetField | None = None
    priority: int | None = None
    project: Id | None = None
    area: Id | None = None
    do_on: date | None = None
    task_id: Id | None = None


@dataclass(frozen=True, slots=True)
class Firing:
    """One rule that fires for an event, and what it will do."""

    rule_id: Id
    actions: tuple[RenderedAction, ...]


def placeholder_values(event: Event) -> dict[str, str]:
    """Each placeholder's text for ``event`` (only those the kind has; missing → "")."""
    local = event.local()
    day = local.date()
    every = {
        "task": event.title,
        "project": event.project_name,
        "area": event.area_name,
        "goal": event.goal,
        "milestone": event.milestone,
        "routine": event.routine,
        "count": "" if event.count is None else str(event.count),
        "minutes": "" if event.minutes is None else str(event.minutes),
        "date": f"{day.day} {MONTH_NAMES[day.month - 1]} {day.year}",
        "weekday": WEEKDAY_NAMES[day.weekday()],
    }
    return {name: every[name] for name in PLACEHOLDERS_FOR[event.kind]}


@dataclass(frozen=True, slots=True)
class _CompiledAction:
    action: Action
    templates: tuple[tuple[str, Template, int], ...]  # (attribute, template, limit)

    def render(self, event: Event, values: dict[str, str], day: date) -> RenderedAction:
        action = self.action
        texts = {name: template.render(values, limit) for name, template, limit in self.templates}
        do_on = None if action.do_on_days is None else day + timedelta(days=action.do_on_days)
        on_task = action.kind in ("set_field", "add_to_today")
        return RenderedAction(
            kind=action.kind,
            title=texts.get("title", ""),
            body=texts.get("body", ""),
            text=texts.get("text", ""),
            field=action.field,
            priority=action.priority,
            project=action.project,
            area=action.area,
            do_on=do_on,
            task_id=event.item_id if on_task else None,
        )


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    rule: Rule
    projects: frozenset[Id] | None
    areas: frozenset[Id] | None
    min_priority: int | None
    labels: frozenset[str] | None
    text: str | None
    weekdays: frozenset[int] | None
    actions: tuple[_CompiledAction, ...]

    def holds(self, event: Event, weekday: int) -> bool:
        trigger = self.rule.trigger
        if trigger.kind == "schedule":
            return fires_at(trigger, event.zone, event.occurred_at)
        if trigger.kind == "capture_backlog":
            assert trigger.threshold is not None
            count = event.count
            if count is None:
                return False
            previous = count - 1 if event.previous_count is None else event.previous_count
            if not previous < trigger.threshold <= count:
                return False
        if self.projects is not None and event.project_id not in self.projects:
            return False
        if self.areas is not None and event.area_id not in self.areas:
            return False
        if self.min_priority is not None and (event.priority or 0) < self.min_priority:
            return False
        if self.labels is not None and not any(
            label.casefold() in self.labels for label in event.labels
        ):
            return False
        if self.text is not None and (
            self.text not in event.title.casefold() and self.text not in event.text.casefold()
        ):
            return False
        return self.weekdays is None or weekday in self.weekdays


_TEMPLATED: dict[str, tuple[tuple[str, str], ...]] = {
    "push": (("title", "push.title"), ("body", "push.body")),
    "create_task": (("title", "create_task.title"),),
    "create_capture": (("text", "create_capture.text"),),
}


def _compile(rule: Rule) -> _CompiledRule:
    problems = validate_rule(rule)
    if problems:
        listed = "; ".join(f"{key}: {' '.join(messages)}" for key, messages in problems.items())
        raise ValueError(f"Rule {rule.id!r} is invalid: {listed}")
    kind = rule.trigger.kind
    allowed = PLACEHOLDERS_FOR[kind]
    actions = tuple(
        _CompiledAction(
            action,
            tuple(
                (name, parse_template(getattr(action, name), allowed), TEMPLATE_LIMITS[key])
                for name, key in _TEMPLATED.get(action.kind, ())
            ),
        )
        for action in rule.actions
    )
    c = rule.conditions
    return _CompiledRule(
        rule=rule,
        projects=frozenset(c.projects) if c.projects else None,
        areas=frozenset(c.areas) if c.areas else None,
        min_priority=c.min_priority,
        labels=frozenset(label.casefold() for label in c.labels) if c.labels else None,
        text=c.text.casefold() if c.text else None,
        weekdays=frozenset(c.weekdays) if c.weekdays else None,
        actions=actions,
    )


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Valid rules, parsed and indexed by trigger kind (disabled rules are left out).

    Build once per user (or per change to their rules) and match many events against it."""

    by_kind: dict[TriggerKind, tuple[_CompiledRule, ...]]
    size: int

    @classmethod
    def build(cls, rules: Iterable[Rule]) -> RuleSet:
        """Validate and index ``rules``; ``ValueError`` names the first invalid rule."""
        index: dict[TriggerKind, list[_CompiledRule]] = {}
        seen: set[Id] = set()
        size = 0
        for rule in rules:
            if rule.id in seen:
                raise ValueError(f"Two rules have the id {rule.id!r}")
            seen.add(rule.id)
            compiled = _compile(rule)
            size += 1
            if rule.enabled:
                index.setdefault(rule.trigger.kind, []).append(compiled)
        return cls({kind: tuple(found) for kind, found in index.items()}, size)

    def match(self, event: Event, *, max_depth: int = MAX_DEPTH) -> list[Firing]:
        """The firings for ``event``, in rule order (see the module's rules)."""
        if event.depth >= max_depth:
            return []
        candidates = self.by_kind.get(event.kind)
        if not candidates:
            return []
        local = event.local()
        weekday = local.weekday()
        firings = []
        values: dict[str, str] | None = None
        for compiled in candidates:
            if compiled.holds(event, weekday):
                if values is None:
                    values = placeholder_values(event)
                day = local.date()
                firings.append(
                    Firing(
                        compiled.rule.id,
                        tuple(a.render(event, values, day) for a in compiled.actions),
                    )
                )
        return firings


def match(
    rules: RuleSet | Iterable[Rule], event: Event, *, max_depth: int = MAX_DEPTH
) -> list[Firing]:
    """The enabled rules that fire for ``event``, in rule order, with their actions rendered.

    Pass a ``RuleSet`` (built once) to match many events; plain rules are built on each call."""
    ruleset = rules if isinstance(rules, RuleSet) else RuleSet.build(rules)
    return ruleset.match(event, max_depth=max_depth)
