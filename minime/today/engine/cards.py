"""The cards around the plan: Mini Me recommends, attention items, overload and Simplify my day.

Each function takes already-scored, already-ranked data from ``plan.plan_today`` and only picks
and words; none of them ranks tasks on its own (the order always comes from ``scoring``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

from . import texts
from .freetime import Day
from .scoring import Scored
from .snapshot import Event, Goal, Id, Project, Snapshot

__all__ = [
    "OVERLOAD_MARGIN_MINUTES",
    "AttentionItem",
    "Move",
    "Overload",
    "Recommendation",
    "Simplify",
    "attention",
    "goal_needing_first_step",
    "next_work_day",
    "overload",
    "project_needing_next_step",
    "quick_win",
    "simplify",
]

# The day is overloaded when planned minutes exceed free minutes by MORE than this.
OVERLOAD_MARGIN_MINUTES = 15

RecommendationKind = Literal["quick_win", "project_next_step", "goal_first_step"]
AttentionKind = Literal[
    "overdue",
    "stuck_project",
    "goal_no_work",
    "decision_overdue",
    "decision_revisit",
    "capture_backlog",
]


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A "Mini Me recommends" card: ``heading`` ("Quick win"), a one-line ``text``, and what it
    is about (``scored`` for a task, else ``project`` or ``goal``)."""

    kind: RecommendationKind
    heading: str
    text: str
    scored: Scored | None = None
    project: Project | None = None
    goal: Goal | None = None


@dataclass(frozen=True, slots=True)
class AttentionItem:
    """Something that needs a look. ``ids``: the tasks (overdue), the project, the goal or the
    decision."""

    kind: AttentionKind
    text: str
    ids: tuple[Id, ...] = ()


@dataclass(frozen=True, slots=True)
class Overload:
    """The top card when planned minutes exceed free minutes by more than 15: ``text`` is
    "5 h planned, 2 h free", ``detail`` names the day's biggest events, ``events`` their
    (title, minutes), biggest first."""

    planned_minutes: int
    free_minutes: int
    text: str
    detail: str
    events: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Move:
    """Simplify's proposal for one task: move it to ``to``, because ``reason``."""

    scored: Scored
    to: date
    reason: str


@dataclass(frozen=True, slots=True)
class Simplify:
    """Simplify my day: the moves (lowest score first), and the day's minutes after them."""

    moves: tuple[Move, ...]
    planned_minutes: int
    free_minutes: int
    text: str


# --- Mini Me recommends -------------------------------------------------------------------------


def quick_win(candidates: Iterable[Scored], snapshot: Snapshot) -> Recommendation | None:
    """The best-ranked task among ``candidates`` (rank order) that is short and low-effort: an
    explicit estimate of ``quick_win_minutes`` or less (an unestimated task is not known to be
    short) and energy low or not set."""
    limit = snapshot.rules.quick_win_minutes
    for scored in candidates:
        task = scored.task
        minutes = task.estimate_minutes
        if minutes and minutes <= limit and task.energy in ("", "low"):
            return Recommendation("quick_win", "Quick win", texts.quick_win(minutes), scored=scored)
    return None


def project_needing_next_step(snapshot: Snapshot, busy_projects: set[Id]) -> Recommendation | None:
    """An active project with no open task (neither counted nor in the snapshot): the one with
    the nearest deadline, then one serving a goal, then the most important area, then title."""
    importance = {a.id: a.importance for a in snapshot.areas}
    idle = [
        p
        for p in snapshot.projects
        if p.status == "active" and p.open_task_count == 0 and p.id not in busy_projects
    ]
    if not idle:
        return None
    best = min(
        idle,
        key=lambda p: (
            p.deadline or date.max,
            p.goal_id is None,
            -importance.get(p.area_id, 3),
            p.title,
            str(p.id),
        ),
    )
    text = texts.project_next_step(best.title)
    return Recommendation("project_next_step", "Project needs a next step", text, project=best)


def goals_without_work(snapshot: Snapshot, served: set[Id]) -> list[Goal]:
    """Active goals that no open task or active project serves (counted or in the snapshot)."""
    return [
        g
        for g in snapshot.goals
        if g.status == "active"
        and g.linked_open_tasks == 0
        and g.linked_projects == 0
        and g.id not in served
    ]


def goal_needing_first_step(snapshot: Snapshot, served: set[Id]) -> Recommendation | None:
    """An active goal with no work linked: nearest target date, most important area, title."""
    importance = {a.id: a.importance for a in snapshot.areas}
    idle = goals_without_work(snapshot, served)
    if not idle:
        return None
    best = min(
        idle,
        key=lambda g: (
            g.target_date or date.max,
            -importance.get(g.area_id, 3),
            g.title,
            str(g.id),
        ),
    )
    text = texts.goal_first_step(best.title)
    return Recommendation("goal_first_step", "Goal needs a first step", text, goal=best)


# --- Attention ------------------------------------------------------------------------------------


def attention(
    snapshot: Snapshot,
    *,
    overdue: tuple[Id, ...],
    busy_projects: set[Id],
    served_goals: set[Id],
    skip: set[Id],
) -> tuple[AttentionItem, ...]:
    """Overdue tasks (one item; ``overdue`` = their ids in rank order), stuck projects, goals
    with no work, decisions waiting (one item each: past their deadline or due for a look back,
    the longest waiting first), and the capture backlog, in that order. ``skip`` holds the
    project and goal ids a recommendation card already shows, so nothing is named twice."""
    items: list[AttentionItem] = []
    today = snapshot.today
    if overdue:
        items.append(AttentionItem("overdue", texts.overdue_tasks(len(overdue)), overdue))

    rules, zone = snapshot.rules, snapshot.zone
    limit = today - timedelta(days=rules.stuck_project_days)
    stuck: list[tuple[date, str, str, AttentionItem]] = []
    for project in snapshot.projects:
        if project.status != "active" or project.id in skip:
            continue
        has_open = project.open_task_count > 0 or project.id in busy_projects
        known = [d for d in (project.last_completed_at, project.created_at) if d is not None]
        latest = max(known, key=datetime.timestamp) if known else None
        progress = latest.astimezone(zone).date() if latest else None
        if has_open and (progress is None or progress >= limit):
            continue
        days = (today - progress).days if progress and project.last_completed_at else None
        text = texts.stuck_project(project.title, 1 if has_open else 0, days)
        key = progress or date.min
        stuck.append(
            (
                key,
                project.title,
                str(project.id),
                AttentionItem("stuck_project", text, (project.id,)),
            )
        )
    items.extend(item for *_, item in sorted(stuck, key=lambda s: s[:3]))

    quiet: list[tuple[int, str, str, AttentionItem]] = []
    idle = {g.id for g in goals_without_work(snapshot, served_goals)}
    for goal in snapshot.goals:
        if goal.status != "active" or goal.id in skip:
            continue
        if goal.id in idle:
            quiet.append(
                (
                    0,
                    goal.title,
                    str(goal.id),
                    AttentionItem("goal_no_work", texts.goal_no_work(goal.title, None), (goal.id,)),
                )
            )
        elif goal.last_activity_at is not None:
            days = (today - goal.last_activity_at.astimezone(zone).date()).days
            if days > rules.stuck_project_days:
                text = texts.goal_no_work(goal.title, days)
                quiet.append(
                    (1, goal.title, str(goal.id), AttentionItem("goal_no_work", text, (goal.id,)))
                )
    items.extend(item for *_, item in sorted(quiet, key=lambda q: q[:3]))

    for decision in sorted(snapshot.decisions, key=lambda d: (d.due, d.title, str(d.id))):
        if decision.kind == "past_deadline":
            text = texts.decision_overdue(decision.title, (today - decision.due).days)
            items.append(AttentionItem("decision_overdue", text, (decision.id,)))
        else:
            text = texts.decision_revisit(decision.title)
            items.append(AttentionItem("decision_revisit", text, (decision.id,)))

    backlog = snapshot.capture
    if backlog.count > 0 and (
        backlog.count >= rules.capture_backlog_items
        or backlog.oldest_days >= rules.capture_backlog_days
    ):
        text = texts.capture_backlog(backlog.count, backlog.oldest_days)
        items.append(AttentionItem("capture_backlog", text))
    return tuple(items)


# --- Workload -----------------------------------------------------------------------------------


def overload(planned_minutes: int, day: Day, events: Sequence[Event] = ()) -> Overload | None:
    """The overload card when ``planned_minutes`` exceed the free minutes by more than
    ``OVERLOAD_MARGIN_MINUTES`` (16 over is overload, 15 is not), naming the two biggest timed
    events still ahead in the window (by minutes, then start, then title), each counted for the
    minutes still ahead of it. ``events`` (the day's) tell the words apart, so they hold at any
    hour: "today" before the day's first meeting has begun, "still ahead" after, "no more
    meetings" once they are over."""
    free = day.free_minutes
    if planned_minutes - free <= OVERLOAD_MARGIN_MINUTES:
        return None
    ahead = sorted(
        (b for b in day.busy if b.kind == "event"),
        key=lambda b: (-b.minutes, b.start.timestamp(), b.title),
    )[:2]
    named = tuple((b.title, b.minutes) for b in ahead)
    timed = [e for e in events if not e.all_day and e.end > day.window_start]
    begun = any(e.start < day.start for e in timed)
    return Overload(
        planned_minutes=planned_minutes,
        free_minutes=free,
        text=texts.overload(planned_minutes, free),
        detail=texts.overload_detail(list(named), begun=begun, met=bool(timed)),
        events=named,
    )


def next_work_day(today: date, work_days: Sequence[int]) -> date:
    """The first day after ``today`` whose weekday is a work day (tomorrow if there are none)."""
    for ahead in range(1, 8):
        candidate = today + timedelta(days=ahead)
        if not work_days or candidate.weekday() in work_days:
            return candidate
    return today + timedelta(days=1)  # pragma: no cover - range(1, 8) covers every weekday


def simplify(
    planned: Sequence[Scored],
    *,
    snapshot: Snapshot,
    free_minutes: int,
    estimate: Callable[[Scored], int],
) -> Simplify | None:
    """Simplify my day: move planned tasks that can leave today, lowest score first, to the next
    work day until the planned minutes fit the free minutes. A task due today or earlier cannot
    leave (its due date keeps it on today whatever day it is planned for), so it is never
    offered; when what can leave is not enough, the text says so. None when the day already
    fits or nothing can leave."""
    total = sum(estimate(s) for s in planned)
    if total <= free_minutes:
        return None
    today = snapshot.today
    to = next_work_day(today, snapshot.rules.work_days)
    moves: list[Move] = []
    for scored in reversed(planned):  # planned is in rank order: lowest score last
        if total <= free_minutes:
            break
        task = scored.task
        if task.due_date is not None and task.due_date <= today:
            continue
        reason = texts.move_reason(pinned=task.pinned_on == today, promised=task.do_on is not None)
        moves.append(Move(scored, to, reason))
        total -= estimate(scored)
    if not moves:
        return None
    return Simplify(
        moves=tuple(moves),
        planned_minutes=total,
        free_minutes=free_minutes,
        text=texts.simplify(len(moves), to, today, total, free_minutes),
    )
