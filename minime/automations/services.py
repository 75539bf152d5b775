"""Writes for automation rules: create, change, turn on or off, delete.

A rule is checked whole before it is stored: the definition's shape and types (``convert.parse``),
the engine's rules (``engine.validate_rule``: a condition the trigger cannot have, an unknown
placeholder, a text too long …), and that every project and area it names is one of this
workspace's. Every problem comes back at once in ``Invalid.fields``, keyed like the engine's
(``trigger.at``, ``conditions.project``, ``actions[1].title`` …). Rules belong to their owner:
the views and the API pass only the person's own.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.automations import convert, engine
from minime.automations.models import Rule
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.models import save_versioned
from minime.tasks.models import Project

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.workspaces.models import Workspace

NOT_VALID = "This rule needs another look."


def check(workspace: Workspace, definition: object) -> tuple[engine.Rule, dict[str, Any]]:
    """The engine rule and canonical definition of ``definition``, or Invalid with every
    problem by field."""
    size = len(json.dumps(definition, default=str))
    if size > limits.AUTOMATION_DEFINITION_MAX:
        message = f"A rule's definition has at most {limits.AUTOMATION_DEFINITION_MAX:,} bytes."
        raise Invalid(message, fields={"definition": [message]})
    rule, problems = convert.parse(definition)
    if rule is not None:
        _check_references(workspace, rule, problems)
    if rule is None or problems:
        raise Invalid(NOT_VALID, fields=problems)
    return rule, convert.dump(rule)


def _check_references(
    workspace: Workspace, rule: engine.Rule, problems: dict[str, list[str]]
) -> None:
    """Every project and area the rule names must be one of the workspace's."""
    projects, areas = convert.referenced(rule)
    known_projects = _known(Project, workspace, projects)
    known_areas = _known(LifeArea, workspace, areas)

    def add(key: str, message: str) -> None:
        if message not in problems.get(key, []):
            problems.setdefault(key, []).append(message)

    if any(str(p) not in known_projects for p in rule.conditions.projects):
        add("conditions.project", "Pick projects of this workspace.")
    if any(str(a) not in known_areas for a in rule.conditions.areas):
        add("conditions.area", "Pick life areas of this workspace.")
    for index, action in enumerate(rule.actions):
        if action.project is not None and str(action.project) not in known_projects:
            add(f"actions[{index}].project", "Pick a project of this workspace.")
        if action.area is not None and str(action.area) not in known_areas:
            add(f"actions[{index}].area", "Pick a life area of this workspace.")


def _known(model: type[Project] | type[LifeArea], workspace: Workspace, ids: set[str]) -> set[str]:
    valid = set()
    for value in ids:
        try:
            valid.add(str(uuid.UUID(value)))
        except ValueError:
            continue
    if not valid:
        return set()
    found = model.objects.in_workspace(workspace).filter(uuid__in=valid)
    return {str(u) for u in found.values_list("uuid", flat=True)}


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) > limits.AUTOMATION_NAME_MAX:
        message = f"At most {limits.AUTOMATION_NAME_MAX} characters."
        raise Invalid(message, fields={"name": [message]})
    return name


def rule_create(
    *, workspace: Workspace, owner: User, definition: object, name: str = "", enabled: bool = True
) -> Rule:
    """Store a new rule of ``owner`` in ``workspace``. Raises Invalid (every problem at once),
    also when the person has ``AUTOMATION_RULES_MAX`` rules here already."""
    name = _clean_name(name)
    checked, canonical = check(workspace, definition)
    rules = Rule.objects.in_workspace(workspace).filter(owner=owner)
    if rules.count() >= limits.AUTOMATION_RULES_MAX:
        message = limits.too_many("rules", limits.AUTOMATION_RULES_MAX) + " Delete one first."
        raise Invalid(message, fields={"definition": [message]})
    return Rule.objects.create(
        workspace=workspace,
        owner=owner,
        name=name,
        enabled=enabled,
        trigger_kind=checked.trigger.kind,
        definition=canonical,
        scheduled_until=timezone.now(),
    )


def rule_update(
    *,
    rule: Rule,
    expected_version: int | None,
    definition: object | None = None,
    name: str | None = None,
) -> Rule:
    """Change a rule's definition and/or name. Raises Invalid or Conflict. A changed schedule
    starts counting from now (an instant that passed while it was different never fires)."""
    fields = []
    if name is not None:
        rule.name = _clean_name(name)
        fields.append("name")
    if definition is not None:
        checked, canonical = check(rule.workspace, definition)
        if canonical != rule.definition:
            rule.definition = canonical
            rule.trigger_kind = checked.trigger.kind
            rule.scheduled_until = timezone.now()
            fields += ["definition", "trigger_kind", "scheduled_until"]
    if fields:
        with transaction.atomic():
            save_versioned(rule, fields=fields, expected_version=expected_version)
    return rule


def rule_set_enabled(*, rule: Rule, enabled: bool) -> Rule:
    """Turn a rule on or off. Turning it on clears a pause (its reason and failure count) and
    starts its schedule from now."""
    rule.enabled = enabled
    fields = ["enabled"]
    if enabled:
        rule.failures, rule.paused_reason = 0, ""
        rule.scheduled_until = timezone.now()
        fields += ["failures", "paused_reason", "scheduled_until"]
    with transaction.atomic():
        save_versioned(rule, fields=fields, expected_version=None)
    return rule


def rule_delete(*, rule: Rule) -> None:
    """Delete a rule and its run history."""
    rule.delete()
