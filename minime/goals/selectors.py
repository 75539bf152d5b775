"""Reads for goals: the annotated list, progress, and "has no work".

`goal_list` annotates each goal with the counts progress needs, so a page or an endpoint showing
many goals runs a constant number of queries; `goal_progress` and `goal_has_no_work` use those
annotations when present and run one query for a goal that lacks them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Literal
from uuid import UUID

from django.db.models import OuterRef, QuerySet
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.core.models import count_of
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.tasks.selectors import goal_work_counts
from minime.workspaces.models import Workspace

Basis = Literal["milestones", "measure", "work"]
ANNOTATIONS = (
    "milestones_total",
    "milestones_done",
    "open_tasks",
    "done_tasks",
    "project_count",
    "active_projects",
    "last_moved_at",
)


@dataclass(frozen=True)
class Progress:
    """How far a goal is: `percent` 0–100 (None when nothing measures it), what it is based on,
    and a label to show beside the bar ("3 of 5 milestones", "42 of 100 km", "4 of 9 tasks done").
    """

    percent: int | None
    basis: Basis | None
    label: str


@dataclass(frozen=True)
class GoalCard:
    goal: Goal
    progress: Progress
    has_no_work: bool


@dataclass(frozen=True)
class GoalGroup:
    status: str
    label: str
    cards: list[GoalCard]


def goal_list(
    workspace: Workspace,
    status: str | None = None,
    area: LifeArea | UUID | None = None,
) -> QuerySet[Goal]:
    """The workspace's goals in the user's order, active first, with their area and counts.

    Each goal carries `milestones_total`, `milestones_done`, `open_tasks`, `done_tasks` (tasks
    linked directly or through a project), `project_count` (projects not dropped),
    `active_projects` and `last_moved_at` (the latest creation or completion of a linked task).
    `status` and `area` (an area or its uuid) filter when given.
    """
    milestones = Milestone.objects.filter(goal=OuterRef("pk"))
    goals = (
        Goal.objects.in_workspace(workspace)
        .select_related("area")
        .annotate(
            milestones_total=count_of(milestones),
            milestones_done=count_of(milestones.filter(done_at__isnull=False)),
            **goal_work_counts(),
        )
        .order_by("position", "created_at")
    )
    if status is not None:
        goals = goals.filter(status=status)
    if isinstance(area, LifeArea):
        goals = goals.filter(area=area)
    elif area is not None:
        goals = goals.filter(area__uuid=area)
    return goals


def goal_with_counts(goal: Goal) -> Goal:
    """`goal` itself if it came from `goal_list`, else the same goal with the counts (1 query)."""
    if all(hasattr(goal, name) for name in ANNOTATIONS):
        return goal
    return goal_list(goal.workspace).get(pk=goal.pk)


def goal_progress(goal: Goal) -> Progress:
    """Progress from the milestones if the goal has any, else from its measure if set, else from
    linked work (tasks linked directly or through its projects, done of open + done)."""
    goal = goal_with_counts(goal)
    total: int = goal.milestones_total  # type: ignore[attr-defined]
    if total:
        done: int = goal.milestones_done  # type: ignore[attr-defined]
        noun = "milestone" if total == 1 else "milestones"
        return Progress(_percent(done, total), "milestones", f"{done} of {total} {noun}")
    if goal.measure_target:
        current = goal.measure_current or Decimal(0)
        target = goal.measure_target
        unit = f" {goal.measure_unit}" if goal.measure_unit else ""
        label = f"{_number(current)} of {_number(target)}{unit}"
        return Progress(_percent(current, target), "measure", label)
    done_tasks: int = goal.done_tasks  # type: ignore[attr-defined]
    work = done_tasks + goal.open_tasks  # type: ignore[attr-defined]
    if work:
        noun = "task" if work == 1 else "tasks"
        return Progress(_percent(done_tasks, work), "work", f"{done_tasks} of {work} {noun} done")
    return Progress(None, None, "Nothing to measure yet")


def goal_has_no_work(goal: Goal, today: date, recent_days: int = 14) -> bool:
    """True when the goal is active and no open task or active project serves it, or none of its
    linked tasks was created or completed in the last `recent_days` days (`today` included)."""
    if goal.status != GoalStatus.ACTIVE:
        return False
    goal = goal_with_counts(goal)
    served = goal.open_tasks or goal.active_projects  # type: ignore[attr-defined]
    last: datetime | None = goal.last_moved_at  # type: ignore[attr-defined]
    if not served or last is None:
        return True
    return timezone.localtime(last).date() <= today - timedelta(days=recent_days)


def goal_board(workspace: Workspace, today: date) -> list[GoalGroup]:
    """The goals page: one group per status that has goals, active first, each goal with its
    progress and whether it needs a first step."""
    cards: dict[str, list[GoalCard]] = {status: [] for status in GoalStatus.values}
    for goal in goal_list(workspace):
        card = GoalCard(goal, goal_progress(goal), goal_has_no_work(goal, today))
        cards[goal.status].append(card)
    return [
        GoalGroup(status.value, status.label, cards[status.value])
        for status in GoalStatus
        if cards[status.value]
    ]


def goal_milestones(goal: Goal) -> QuerySet[Milestone]:
    return Milestone.objects.filter(goal=goal, workspace_id=goal.workspace_id).order_by(
        "position", "created_at"
    )


def _percent(done: Decimal | int, total: Decimal | int) -> int:
    """Whole percent, rounded down (99.6 % is not done yet), capped at 100."""
    if total <= 0:
        return 0
    return max(0, min(100, int(done * 100 // total)))


def _number(value: Decimal) -> str:
    """42.50 → "42.5", 100.00 → "100"."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
