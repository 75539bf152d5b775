"""Reads for reviews: one person's reviews, and what the daily shutdown and each weekly step
show. Every function runs a fixed number of queries, whatever the size of the workspace.

A review is personal: each read is one person's reviews in one workspace (in a shared
workspace, Bob's reviews are his).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from minime.accounts.models import User
from minime.capture.models import CaptureItem
from minime.capture.selectors import inbox
from minime.decisions.selectors import DecisionAttention, decisions_needing_attention
from minime.goals.models import Goal, GoalStatus
from minime.goals.selectors import Progress, goal_list, goal_progress
from minime.insights.selectors import PeriodNumbers, period_numbers, week_of
from minime.preferences.rules import rules_for
from minime.reviews.models import STEPS, Review, ReviewKind
from minime.tasks.models import Project, ProjectStatus, Task, TaskStatus
from minime.tasks.selectors import DEFAULT_STUCK_DAYS, project_list, with_stuck
from minime.today.selectors import day_bounds
from minime.workspaces.models import Workspace

INBOX_SHOWN = 50  # inbox items on the weekly review's first step (the oldest first)
DONE_LISTED = 50  # completed tasks a daily shutdown lists (and keeps in its snapshot)
TOP_OPEN_TASKS = 10  # "top open tasks" offered as next week's priorities
NEXT_WEEK_TASKS = 20  # tasks due or planned next week offered as priorities


def review_list(workspace: Workspace, user: User, *, kind: str | None = None) -> QuerySet[Review]:
    """The user's reviews in the workspace, the newest period first. `kind` filters."""
    rows = (
        Review.objects.in_workspace(workspace)
        .filter(created_by=user)
        .order_by("-period_start", "-created_at", "-pk")
    )
    if kind is not None:
        rows = rows.filter(kind=kind)
    return rows


def review_for(workspace: Workspace, user: User, kind: str, start: date) -> Review | None:
    """The user's review of `kind` starting on `start`, or None."""
    return review_list(workspace, user, kind=kind).filter(period_start=start).first()


def week_for(user: User, day: date) -> tuple[date, date]:
    """The first and last day of the user's week holding `day` (their week start rule)."""
    return week_of(day, rules_for(user).week_start)


def numbers(workspace: Workspace, user: User, start: date, end: date) -> PeriodNumbers:
    """The period's numbers (minime.insights' one reader, so the review and Insights agree)."""
    return period_numbers(workspace=workspace, user=user, start=start, end=end)


def step_number(step: str) -> int:
    """A weekly step's place, from 1."""
    return STEPS.index(step) + 1


# --- The daily shutdown --------------------------------------------------------------------------
def on_today(workspace: Workspace, today: date) -> QuerySet[Task]:
    """Open tasks still on today's plan, as Today counts them: committed for today (pinned to
    today, "do on" today or earlier, due today) or overdue, and not hidden (snoozed with "Not
    now"). A task planned for a later day has been moved off today here, even when it is
    overdue. With project, by due date then the user's order."""
    committed = Q(pinned_on=today) | Q(do_on__lte=today) | Q(due_date__lte=today)
    return (
        Task.objects.in_workspace(workspace)
        .filter(committed, status=TaskStatus.OPEN)
        .filter(Q(snoozed_until__isnull=True) | Q(snoozed_until__lt=today))
        .exclude(Q(do_on__gt=today) & ~Q(pinned_on=today))
        .select_related("project")
        .order_by(F("due_date").asc(nulls_last=True), "position", "created_at", "pk")
    )


def done_on(workspace: Workspace, day: date, user: User) -> list[Task]:
    """Tasks completed on `day` in the user's zone, latest first (at most DONE_LISTED)."""
    start, end = day_bounds(day, user.tz)
    return list(
        Task.objects.in_workspace(workspace)
        .filter(status=TaskStatus.DONE, completed_at__gte=start, completed_at__lt=end)
        .order_by("-completed_at", "-pk")[:DONE_LISTED]
    )


# --- The weekly steps ----------------------------------------------------------------------------
def inbox_items(workspace: Workspace) -> tuple[list[CaptureItem], int]:
    """The oldest INBOX_SHOWN inbox items and how many there are in all (two queries)."""
    rows = inbox(workspace)
    return list(rows[:INBOX_SHOWN]), rows.count()


def projects_to_review(workspace: Workspace, user: User, today: date) -> list[Project]:
    """Active projects, stuck ones first (stuck as Today says: no open task, or nothing completed
    within the user's stuck-project days), then in the user's order; each with `is_stuck`."""
    stuck_days = rules_for(user).stuck_project_days or DEFAULT_STUCK_DAYS
    rows = with_stuck(project_list(workspace, status=ProjectStatus.ACTIVE), today, stuck_days)
    return sorted(rows, key=lambda p: not getattr(p, "is_stuck", False))  # stable sort


@dataclass(frozen=True)
class GoalLine:
    goal: Goal
    progress: Progress


def goals_to_review(workspace: Workspace) -> list[GoalLine]:
    """Active goals in the user's order with their progress (one query)."""
    return [GoalLine(g, goal_progress(g)) for g in goal_list(workspace, status=GoalStatus.ACTIVE)]


def decisions_to_review(workspace: Workspace, today: date) -> list[DecisionAttention]:
    """Decisions past their deadline or due for a revisit, the longest waiting first."""
    return decisions_needing_attention(workspace, today)


@dataclass(frozen=True)
class Candidate:
    """Something that can be one of next week's priorities: `key` is "task:<uuid>" or
    "goal:<uuid>", `why` says why it is offered."""

    key: str
    kind: str
    title: str
    why: str


def priority_candidates(
    workspace: Workspace, week_end: date, picked: list[dict[str, Any]]
) -> list[Candidate]:
    """What next week's priorities are picked from (three queries): open tasks due or planned
    next week (the week after the one ending `week_end`), the top open tasks (high priority and
    soonest due first), the active goals, and whatever was picked already. Each once."""
    start, end = week_end + timedelta(days=1), week_end + timedelta(days=7)
    open_tasks = Task.objects.in_workspace(workspace).filter(
        status=TaskStatus.OPEN, parent__isnull=True
    )
    soon = open_tasks.filter(
        Q(due_date__gte=start, due_date__lte=end) | Q(do_on__gte=start, do_on__lte=end)
    ).order_by(F("due_date").asc(nulls_last=True), "do_on", "position", "pk")[:NEXT_WEEK_TASKS]
    top = open_tasks.order_by("-priority", F("due_date").asc(nulls_last=True), "position", "pk")[
        :TOP_OPEN_TASKS
    ]
    found: dict[str, Candidate] = {}
    for entry in picked:
        key = f"{entry['kind']}:{entry['uuid']}"
        found[key] = Candidate(key, entry["kind"], entry["title"], "Picked")
    for task in soon:
        when = min(d for d in (task.due_date, task.do_on) if d is not None and d >= start)
        found.setdefault(
            f"task:{task.uuid}",
            Candidate(f"task:{task.uuid}", "task", task.title, f"Next week: {when:%a %-d %b}"),
        )
    for task in top:
        why = f"{task.get_priority_display()} priority" if task.priority else "Open task"
        found.setdefault(
            f"task:{task.uuid}", Candidate(f"task:{task.uuid}", "task", task.title, why)
        )
    for goal in (
        Goal.objects.in_workspace(workspace)
        .filter(status=GoalStatus.ACTIVE)
        .order_by("position", "created_at")
    ):
        found.setdefault(
            f"goal:{goal.uuid}", Candidate(f"goal:{goal.uuid}", "goal", goal.title, "Active goal")
        )
    return list(found.values())


# --- Planned vs happened -------------------------------------------------------------------------
def previous_weekly(workspace: Workspace, user: User, review: Review) -> Review | None:
    """The user's latest finished weekly review of an earlier week than `review`'s."""
    return (
        review_list(workspace, user, kind=ReviewKind.WEEKLY)
        .filter(period_start__lt=review.period_start, completed_at__isnull=False)
        .first()
    )


def planned_vs_happened(workspace: Workspace, user: User, review: Review) -> list[dict[str, str]]:
    """The priorities picked in the previous week's review against what happened to each by
    now: "done", "still open", "dropped", "paused" or "deleted" (three queries). Empty when
    there is no previous weekly review or it picked nothing."""
    previous = previous_weekly(workspace, user, review)
    picked = ((previous.answers.get("priorities") or {}).get("picked") or []) if previous else []
    if not picked:
        return []
    uuids = {kind: [p["uuid"] for p in picked if p["kind"] == kind] for kind in ("task", "goal")}
    tasks = {
        str(u): s
        for u, s in Task.objects.in_workspace(workspace)
        .filter(uuid__in=uuids["task"])
        .values_list("uuid", "status")
    }
    goals = {
        str(u): s
        for u, s in Goal.objects.in_workspace(workspace)
        .filter(uuid__in=uuids["goal"])
        .values_list("uuid", "status")
    }
    outcome = {
        TaskStatus.DONE: "done",
        TaskStatus.OPEN: "still open",
        TaskStatus.DROPPED: "dropped",
        TaskStatus.SKIPPED: "dropped",
        GoalStatus.ACHIEVED: "done",
        GoalStatus.ACTIVE: "still open",
        GoalStatus.PAUSED: "paused",
    }
    rows = []
    for entry in picked:
        status = (tasks if entry["kind"] == "task" else goals).get(entry["uuid"])
        happened = "deleted" if status is None else outcome.get(status, "dropped")
        rows.append({**entry, "happened": happened})
    return rows


# --- Helpers -------------------------------------------------------------------------------------
def local_now(user: User) -> datetime:
    return timezone.now().astimezone(user.tz)
