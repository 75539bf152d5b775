"""Writes for goals and milestones. Keyword-only, validated, scoped to the goal's workspace.

Every function raises `Invalid` (with per-field messages) for input that cannot be saved, and the
versioned updates raise `Conflict` when the row moved on since the caller read it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.core.errors import Invalid
from minime.core.models import renumber, save_versioned, validate
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.outbox import events
from minime.workspaces.models import Workspace

EDITABLE = (
    "title",
    "why",
    "area",
    "target_date",
    "measure_target",
    "measure_unit",
    "measure_current",
)
MILESTONE_EDITABLE = ("title", "target_date")
MEASURE = ("measure_target", "measure_unit", "measure_current")

AREA_ELSEWHERE = "Choose one of your areas."
TARGET_NEEDED = "Set a target to track a measure."
TARGET_POSITIVE = "The target must be more than zero."
CURRENT_NOT_NEGATIVE = "The current value cannot be below zero."


# --- Goals ---------------------------------------------------------------------------------------
def goal_create(*, workspace: Workspace, title: str, **fields: Any) -> Goal:
    """Create an active goal at the end of the list. `fields` are any of EDITABLE.

    Raises Invalid: a blank title, an area of another workspace, a bad measure.
    """
    _refuse_unknown(fields, EDITABLE)
    _check_area(workspace, fields.get("area"))
    goal = Goal(workspace=workspace, title=title.strip(), **fields)
    _normalise_measure(goal)
    last = Goal.objects.in_workspace(workspace).aggregate(last=Max("position"))["last"]
    goal.position = (last or 0) + 1
    validate(goal)
    goal.save()
    return goal


def goal_update(*, goal: Goal, expected_version: int | None, **changes: Any) -> Goal:
    """Change some of EDITABLE. Raises Invalid, or Conflict when the version moved on."""
    _refuse_unknown(changes, EDITABLE)
    if "area" in changes:
        _check_area(goal.workspace, changes["area"])
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    for field, value in changes.items():
        setattr(goal, field, value)
    if set(changes) & set(MEASURE):
        _normalise_measure(goal)
        changes.update(dict.fromkeys(MEASURE))
    with transaction.atomic():
        save_versioned(goal, fields=list(changes), expected_version=expected_version)
    return goal


def goal_set_measure(
    *,
    goal: Goal,
    target: Decimal | None,
    unit: str = "",
    current: Decimal | None = None,
    expected_version: int | None = None,
) -> Goal:
    """Set the measurable target ("100 km", now at 42). `target=None` removes the measure.

    The target must be above zero and the current value not below it; a missing current value
    starts at zero. Raises Invalid or Conflict.
    """
    return goal_update(
        goal=goal,
        expected_version=expected_version,
        measure_target=target,
        measure_unit=unit,
        measure_current=current,
    )


def goal_set_status(
    *, goal: Goal, status: str, expected_version: int | None = None, now: datetime | None = None
) -> Goal:
    """Make the goal active, paused, achieved or dropped.

    Achieving it records when (once: achieving an achieved goal keeps the first time); any other
    status clears that time, so a reactivated goal is no longer "achieved on …".
    """
    if status not in GoalStatus.values:
        choices = ", ".join(GoalStatus.values)
        raise Invalid(
            f"Status must be one of {choices}.", fields={"status": [f"One of {choices}."]}
        )
    if status == GoalStatus.ACHIEVED:
        if goal.status != GoalStatus.ACHIEVED or goal.achieved_at is None:
            goal.achieved_at = now or timezone.now()
    else:
        goal.achieved_at = None
    goal.status = status
    with transaction.atomic():
        save_versioned(goal, fields=["status", "achieved_at"], expected_version=expected_version)
    return goal


def goal_delete(*, goal: Goal) -> None:
    """Delete the goal and its milestones. Its projects and tasks stay, without a goal."""
    goal.delete()


def goal_move(*, goal: Goal, offset: int) -> None:
    """Move the goal up (offset < 0) or down (> 0) among the goals with the same status.

    Goals of other statuses keep their places: the moved goal only swaps slots with its siblings.
    """
    ordered = list(Goal.objects.in_workspace(goal.workspace).order_by("position", "created_at"))
    slots = [i for i, g in enumerate(ordered) if g.status == goal.status]
    siblings = [ordered[i] for i in slots]
    index = next(i for i, g in enumerate(siblings) if g.pk == goal.pk)
    target = max(0, min(len(siblings) - 1, index + offset))
    siblings.insert(target, siblings.pop(index))
    for slot, sibling in zip(slots, siblings, strict=True):
        ordered[slot] = sibling
    renumber(ordered)


def goal_reorder(*, workspace: Workspace, order: Sequence[UUID]) -> None:
    """Put the goals in the given order; goals not listed keep their relative order after."""
    goals = list(Goal.objects.in_workspace(workspace).order_by("position", "created_at"))
    rank = {uuid: i for i, uuid in enumerate(order)}
    goals.sort(key=lambda g: (rank.get(g.uuid, len(rank)), g.position))
    renumber(goals)


# --- Milestones ----------------------------------------------------------------------------------
def milestone_create(*, goal: Goal, title: str, target_date: Any = None) -> Milestone:
    """Add a milestone at the end of the goal's list. Raises Invalid (e.g. a blank title)."""
    last = goal.milestones.aggregate(last=Max("position"))["last"]
    milestone = Milestone(
        workspace_id=goal.workspace_id,
        goal=goal,
        title=(title or "").strip(),
        target_date=target_date,
        position=(last or 0) + 1,
    )
    validate(milestone, exclude=["workspace", "goal"])
    milestone.save()
    return milestone


def milestone_update(
    *, milestone: Milestone, expected_version: int | None, **changes: Any
) -> Milestone:
    """Change the title or target date. Raises Invalid, or Conflict when the version moved on."""
    _refuse_unknown(changes, MILESTONE_EDITABLE)
    if "title" in changes:
        changes["title"] = (changes["title"] or "").strip()
    for field, value in changes.items():
        setattr(milestone, field, value)
    with transaction.atomic():
        save_versioned(milestone, fields=list(changes), expected_version=expected_version)
    return milestone


def milestone_complete(*, milestone: Milestone, now: datetime | None = None) -> Milestone:
    """Mark the milestone done now. Completing a done milestone keeps its first done time."""
    if milestone.done_at is None:
        milestone.done_at = now or timezone.now()
        with transaction.atomic():
            save_versioned(milestone, fields=["done_at"], expected_version=None)
            if events.wanted(milestone.workspace_id, "milestone_reached"):
                goal = milestone.goal
                events.record(
                    workspace_id=milestone.workspace_id,
                    kind="milestone_reached",
                    subject={
                        "item_id": str(goal.uuid),
                        "goal": goal.title,
                        "milestone": milestone.title,
                        "area_id": str(goal.area.uuid) if goal.area else None,
                        "area_name": goal.area.name if goal.area else "",
                    },
                    occurred_at=milestone.done_at,
                )
    return milestone


def milestone_reopen(*, milestone: Milestone) -> Milestone:
    """Mark the milestone not done."""
    if milestone.done_at is not None:
        milestone.done_at = None
        with transaction.atomic():
            save_versioned(milestone, fields=["done_at"], expected_version=None)
    return milestone


def milestone_delete(*, milestone: Milestone) -> None:
    milestone.delete()


def milestone_move(*, milestone: Milestone, offset: int) -> None:
    """Move the milestone up (offset < 0) or down (> 0) in its goal's list."""
    ordered = list(
        Milestone.objects.filter(goal_id=milestone.goal_id).order_by("position", "created_at")
    )
    index = next(i for i, m in enumerate(ordered) if m.pk == milestone.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    renumber(ordered)


# --- Helpers -------------------------------------------------------------------------------------
def _refuse_unknown(fields: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")


def _check_area(workspace: Workspace, area: LifeArea | None) -> None:
    """An area chosen for a goal must be one of the same workspace's areas."""
    if area is not None and area.workspace_id != workspace.pk:
        raise Invalid(AREA_ELSEWHERE, fields={"area": [AREA_ELSEWHERE]})


def _normalise_measure(goal: Goal) -> None:
    """Check the three measure fields together; a measure without a current value starts at 0."""
    goal.measure_unit = (goal.measure_unit or "").strip()
    errors: dict[str, list[str]] = {}
    if goal.measure_target is None:
        if goal.measure_current is not None or goal.measure_unit:
            errors["measure_target"] = [TARGET_NEEDED]
    else:
        if goal.measure_target <= 0:
            errors["measure_target"] = [TARGET_POSITIVE]
        if goal.measure_current is None:
            goal.measure_current = Decimal(0)
    if goal.measure_current is not None and goal.measure_current < 0:
        errors["measure_current"] = [CURRENT_NOT_NEGATIVE]
    if errors:
        raise Invalid("Some fields need another look.", fields=errors)
