"""Automations' engine: pure Python (no Django) that matches a user's if-then rules to events.

    from minime.automations.engine import Event, Rule, RuleSet, describe, validate_rule

    problems = validate_rule(rule)          # {field: [message, ...]}, empty when fine
    ruleset = RuleSet.build(rules)          # validated, parsed and indexed once
    firings = ruleset.match(event)          # [Firing(rule_id, rendered actions)], rule order
    when = schedule_instances(trigger, "Europe/London", after, until)  # UTC instants
    sentence = describe(rule, projects={id: name}, areas={id: name})

See README.md beside this file for the rules.
"""

from .describe import PRIORITY_NAMES, describe, join_words
from .examples import EXAMPLES
from .matching import MAX_DEPTH, Firing, RenderedAction, RuleSet, match, placeholder_values
from .rules import (
    ACTION_KINDS,
    CAPTURE_TEXT_MAX,
    CONDITIONS_FOR,
    LABEL_MAX,
    MAX_ACTIONS,
    MAX_CHOICES,
    MAX_DO_ON_DAYS,
    MAX_THRESHOLD,
    PLACEHOLDERS_FOR,
    PUSH_BODY_MAX,
    PUSH_TITLE_MAX,
    SET_FIELDS,
    TASK_TITLE_MAX,
    TASK_TRIGGERS,
    TEMPLATE_LIMITS,
    TEXT_CONDITION_MAX,
    TRIGGER_KINDS,
    Action,
    ActionKind,
    ConditionName,
    Conditions,
    Event,
    Id,
    Rule,
    SetField,
    Trigger,
    TriggerKind,
    validate_rule,
)
from .schedule import MAX_WINDOW, fires_at, instance_on, schedule_instances
from .templates import PLACEHOLDERS, Template, TemplateError, cut, parse_template

__all__ = [
    "ACTION_KINDS",
    "CAPTURE_TEXT_MAX",
    "CONDITIONS_FOR",
    "EXAMPLES",
    "LABEL_MAX",
    "MAX_ACTIONS",
    "MAX_CHOICES",
    "MAX_DEPTH",
    "MAX_DO_ON_DAYS",
    "MAX_THRESHOLD",
    "MAX_WINDOW",
    "PLACEHOLDERS",
    "PLACEHOLDERS_FOR",
    "PRIORITY_NAMES",
    "PUSH_BODY_MAX",
    "PUSH_TITLE_MAX",
    "SET_FIELDS",
    "TASK_TITLE_MAX",
    "TASK_TRIGGERS",
    "TEMPLATE_LIMITS",
    "TEXT_CONDITION_MAX",
    "TRIGGER_KINDS",
    "Action",
    "ActionKind",
    "ConditionName",
    "Conditions",
    "Event",
    "Firing",
    "Id",
    "RenderedAction",
    "Rule",
    "RuleSet",
    "SetField",
    "Template",
    "TemplateError",
    "Trigger",
    "TriggerKind",
    "cut",
    "describe",
    "fires_at",
    "instance_on",
    "join_words",
    "match",
    "parse_template",
    "placeholder_values",
    "schedule_instances",
    "validate_rule",
]
