"""Reads for automations: a person's rules with their sentences, a rule's runs.

Both pages and the API read through here, each in a fixed number of queries whatever the number
of rules: the rules, then the names of every project and area they name (one query each).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from minime.areas.models import LifeArea
from minime.automations import convert, engine
from minime.automations.models import Rule, Run
from minime.tasks.models import Project

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.workspaces.models import Workspace


@dataclass(frozen=True, slots=True)
class RuleView:
    """A rule as pages and the API show it: the row, its engine form (None if it no longer
    passes the checks) and its sentence."""

    rule: Rule
    checked: engine.Rule | None
    sentence: str


def rules(workspace: Workspace, owner: User) -> QuerySet[Rule]:
    """The person's own rules in this workspace, oldest first."""
    return Rule.objects.in_workspace(workspace).filter(owner=owner)


def names(
    workspace: Workspace, checked: list[engine.Rule]
) -> tuple[dict[str, str], dict[str, str]]:
    """Project and area names (by uuid string) of those the rules name."""
    projects: set[str] = set()
    areas: set[str] = set()
    for rule in checked:
        p, a = convert.referenced(rule)
        projects |= p
        areas |= a
    project_names = {
        str(uuid): title
        for uuid, title in Project.objects.in_workspace(workspace)
        .filter(uuid__in=_uuids(projects))
        .values_list("uuid", "title")
    }
    area_names = {
        str(uuid): name
        for uuid, name in LifeArea.objects.in_workspace(workspace)
        .filter(uuid__in=_uuids(areas))
        .values_list("uuid", "name")
    }
    return project_names, area_names


def _uuids(values: set[str]) -> list[str]:
    found = []
    for value in values:
        try:
            found.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return found


def described(workspace: Workspace, rows: list[Rule]) -> list[RuleView]:
    """Each rule with its sentence (two queries for the names, whatever the number of rules)."""
    checked: dict[int, engine.Rule] = {}
    for row in rows:
        rule, problems = convert.parse(row.definition, rule_id=row.pk)
        if rule is not None and not problems:
            checked[row.pk] = rule
    projects, areas = names(workspace, list(checked.values()))
    views = []
    for row in rows:
        rule = checked.get(row.pk)
        sentence = (
            engine.describe(rule, projects=projects, areas=areas)
            if rule is not None
            else "This rule no longer passes the checks: edit it."
        )
        views.append(RuleView(row, rule, sentence))
    return views


def examples() -> list[tuple[engine.Rule, str, dict[str, object]]]:
    """The builder's ready-made rules: each with its sentence and its definition."""
    return [(rule, engine.describe(rule), convert.dump(rule)) for rule in engine.EXAMPLES]


def runs(rule: Rule) -> QuerySet[Run]:
    """A rule's runs, newest first."""
    return Run.objects.filter(rule=rule).order_by("-created_at", "-id")
