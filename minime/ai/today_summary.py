"""The Assistant's view of Today: the Explain today payload and the local preset answers.

Everything here reads one Today plan (``minime.today``'s snapshot + ``plan_today``) for the
signed-in user in the active workspace, so the Assistant says what Today shows and nothing
else. ``load`` is the only function that touches the database; the rest is plain Python over
the snapshot and the plan.

* ``explain_payload(today)``: the body of the explain_today feature — exactly its keys
  (``FEATURES["explain_today"].keys``): counts, titles and short phrases, never ids, dates or
  anything about the user.
* ``named_items(today)``: the items that payload names (the Start with task, the tasks that can
  wait, the attention items' projects and goals), so the page can link to them.
* ``PRESETS`` / ``answer(today, key)``: What's overdue?, Which projects are stuck?, Which goals
  have no work?, What fits in N minutes? (N: the user's quick-win setting, the same one Today's
  quick win follows) — answered locally, no AI call, each naming the items it talks about.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Final, Literal

from minime.ai.features import FEATURES, MAX_LIST_ITEMS, MAX_TITLE_CHARS
from minime.today.engine import TodayPlan, texts
from minime.today.engine.cards import OVERLOAD_MARGIN_MINUTES
from minime.today.engine.snapshot import Snapshot
from minime.today.engine.snapshot import Task as SnapshotTask

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.workspaces.models import Workspace

__all__ = [
    "CAN_WAIT_SHOWN",
    "PRESETS",
    "Answer",
    "Item",
    "Preset",
    "Today",
    "answer",
    "attention",
    "explain_payload",
    "load",
    "named_items",
    "workload_status",
]

# How many titles "can wait" names: a few, not the whole list.
CAN_WAIT_SHOWN: Final = 5
# How many reasons the top task's "why" carries (strongest first).
TOP_REASONS: Final = 3
# How many items a preset answer lists at most.
ITEMS_SHOWN: Final = 10

ItemKind = Literal["task", "project", "goal"]


@dataclass(frozen=True, slots=True)
class Today:
    """One reading of Today: the snapshot and the plan built from it."""

    snapshot: Snapshot
    plan: TodayPlan


@dataclass(frozen=True, slots=True)
class Item:
    """An item an answer names: what it is, its public UUID (for the link), its title and a
    short note ("due Mon 3 Mar", "10 min")."""

    kind: ItemKind
    uuid: str
    title: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """A preset's answer: the question, a sentence or two, and the items it names."""

    key: str
    question: str
    text: str
    items: tuple[Item, ...] = ()


def load(*, user: User, workspace: Workspace, now: datetime) -> Today:
    """Today for ``user`` in ``workspace`` at ``now``, exactly as the Today page plans it."""
    from minime.today.selectors import plan_for  # Django: imported where it is used

    return Today(*plan_for(user=user, workspace=workspace, now=now))


# --- Explain today's plan --------------------------------------------------------------------
def _line(text: str) -> str:
    """One line of at most MAX_TITLE_CHARS characters, as the feature's fields require."""
    squashed = " ".join(text.split())
    if len(squashed) <= MAX_TITLE_CHARS:
        return squashed
    return squashed[: MAX_TITLE_CHARS - 1].rstrip() + "…"


def _lines(texts: Iterable[str], limit: int = MAX_LIST_ITEMS) -> list[str]:
    found = [line for line in (_line(t) for t in texts) if line]
    return found[:limit]


def _overdue_ids(plan: TodayPlan) -> tuple[object, ...]:
    for item in plan.attention:
        if item.kind == "overdue":
            return item.ids
    return ()


def workload_status(plan: TodayPlan) -> str:
    """The workload in a few words: "fits: 180 of 240 free minutes", "tight: 235 of 240 free
    minutes" or "over: 300 minutes planned, 240 free" (over by more than the overload margin,
    as the overload card counts it)."""
    planned = plan.workload.planned_minutes
    free = plan.workload.free_minutes
    if planned - free > OVERLOAD_MARGIN_MINUTES:
        return f"over: {planned} minutes planned, {free} free"
    if planned > free or (free > 0 and planned * 10 >= free * 9 and planned > 0):
        return f"tight: {planned} of {free} free minutes"
    return f"fits: {planned} of {free} free minutes"


def _can_wait(plan: TodayPlan) -> list[SnapshotTask]:
    return [s.task for s in (*plan.if_time, *plan.unplanned)][:CAN_WAIT_SHOWN]


def explain_payload(today: Today) -> dict[str, object]:
    """The explain_today body for ``today``: exactly the feature's keys, in its order.

    ``tasks_today`` counts the planned tasks, ``overdue`` the overdue ones; ``top_task`` is the
    Start with task's title (None on a day without one) and ``top_reasons`` its reasons that
    speak for it, strongest first; ``can_wait`` names a few tasks of If there's time and of
    those that did not fit; ``attention`` holds the sentences of ``attention(today)``; ``workload``
    is ``workload_status``. Titles and phrases are squashed to one line of at most 300
    characters."""
    plan = today.plan
    start = plan.start_with
    payload: dict[str, object] = {
        "tasks_today": len(plan.planned),
        "overdue": len(_overdue_ids(plan)),
        "top_task": _line(start.scored.task.title) or None if start else None,
        "top_reasons": (
            _lines(r.text for r in start.scored.strongest(TOP_REASONS)) if start else []
        ),
        "can_wait": _lines(t.title for t in _can_wait(plan)),
        "attention": _lines(text for _kind, text, _items in attention(today)),
        "workload": workload_status(plan),
    }
    assert tuple(payload) == FEATURES["explain_today"].keys  # the contract, in its order
    return payload


def named_items(today: Today) -> dict[str, list[Item]]:
    """The items the explain payload names, for links: ``start`` (the Start with task, or
    nothing), ``can_wait`` (those tasks) and ``attention`` (the overdue tasks, the stuck
    projects and the goals with no work)."""
    plan = today.plan
    start = plan.start_with
    return {
        "start": [_task_item(start.scored.task)] if start else [],
        "can_wait": [_task_item(t) for t in _can_wait(plan)],
        "attention": _attention_items(today, _ATTENTION_ORDER),
    }


# --- The local presets -----------------------------------------------------------------------
def _task_item(task: SnapshotTask, note: str = "") -> Item:
    return Item("task", str(task.id), task.title, note)


def _tasks_by_id(snapshot: Snapshot) -> dict[object, SnapshotTask]:
    return {t.id: t for t in snapshot.tasks}


_ATTENTION_ORDER: Final = ("overdue", "stuck_project", "goal_no_work", "capture_backlog")


def attention(today: Today) -> list[tuple[str, str, list[Item]]]:
    """Everything that needs a look, as (kind, sentence, items named): Today's attention items
    in their order (overdue tasks, stuck projects, goals with no work, the capture backlog).

    Today leaves a project or goal out of its attention items when a recommendation card
    already shows it; the Assistant has no cards, so those come back here (first in their
    group), worded as attention items ("Website has no open task.")."""
    snapshot, plan = today.snapshot, today.plan
    tasks = _tasks_by_id(snapshot)
    projects = {p.id: p for p in snapshot.projects}
    goals = {g.id: g for g in snapshot.goals}
    groups: dict[str, list[tuple[str, str, list[Item]]]] = {k: [] for k in _ATTENTION_ORDER}
    for card in plan.recommendations:
        if card.kind == "project_next_step" and card.project is not None:
            text = texts.stuck_project(card.project.title, 0, None)
            item = Item("project", str(card.project.id), card.project.title, text)
            groups["stuck_project"].append(("stuck_project", text, [item]))
        elif card.kind == "goal_first_step" and card.goal is not None:
            text = texts.goal_no_work(card.goal.title, None)
            item = Item("goal", str(card.goal.id), card.goal.title, text)
            groups["goal_no_work"].append(("goal_no_work", text, [item]))
    for found in plan.attention:
        items: list[Item] = []
        for key in found.ids:
            if found.kind == "overdue" and key in tasks:
                task = tasks[key]
                day = task.due_date
                items.append(_task_item(task, f"due {day:%a} {day.day} {day:%b}" if day else ""))
            elif found.kind == "stuck_project" and key in projects:
                items.append(Item("project", str(key), projects[key].title, found.text))
            elif found.kind == "goal_no_work" and key in goals:
                items.append(Item("goal", str(key), goals[key].title, found.text))
        groups.setdefault(found.kind, []).append((found.kind, found.text, items))
    return [entry for group in groups.values() for entry in group]


def _attention_items(today: Today, kinds: tuple[str, ...]) -> list[Item]:
    return [item for kind, _text, items in attention(today) if kind in kinds for item in items]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _overdue(today: Today) -> Answer:
    items = _attention_items(today, ("overdue",))
    if not items:
        text = "Nothing is overdue. Every task with a due date is still on time."
    else:
        text = (
            f"{_count(len(items), 'task is', 'tasks are')} overdue, most pressing first. "
            "Do it, give it a new date, or drop it."
        )
    return Answer("overdue", PRESETS["overdue"].question, text, tuple(items[:ITEMS_SHOWN]))


def _stuck_projects(today: Today) -> Answer:
    items = _attention_items(today, ("stuck_project",))
    if not items:
        text = "No project is stuck: every active project has an open task and recent progress."
    else:
        text = (
            f"{_count(len(items), 'project is', 'projects are')} stuck. "
            "Give each one a small next step."
        )
    return Answer("stuck", PRESETS["stuck"].question, text, tuple(items[:ITEMS_SHOWN]))


def _goals_without_work(today: Today) -> Answer:
    items = _attention_items(today, ("goal_no_work",))
    if not items:
        text = "Every active goal has work moving it forward."
    else:
        text = (
            f"{_count(len(items), 'goal has', 'goals have')} no work moving "
            f"{'it' if len(items) == 1 else 'them'} forward. Link a task or a project to each."
        )
    return Answer("goals", PRESETS["goals"].question, text, tuple(items[:ITEMS_SHOWN]))


def _quick(today: Today) -> Answer:
    limit = today.snapshot.rules.quick_win_minutes  # "or less", as Today's quick win
    quick = [
        s.task
        for s in today.plan.task_cards()
        if s.task.estimate_minutes is not None and s.task.estimate_minutes <= limit
    ]
    items = [_task_item(t, f"{t.estimate_minutes} min") for t in quick]
    if not items:
        text = (
            f"No open task is estimated at {limit} minutes or less. Add an estimate "
            "to small tasks and they will show up here."
        )
    else:
        text = f"{_count(len(items), 'task fits', 'tasks fit')} in {limit} minutes, best first."
    question = PRESETS["quick"].asked(limit)
    return Answer("quick", question, text, tuple(items[:ITEMS_SHOWN]))


@dataclass(frozen=True, slots=True)
class Preset:
    key: str
    question: str  # "{minutes}" stands for the user's quick-win setting
    run: Callable[[Today], Answer]

    def asked(self, quick_minutes: int) -> str:
        """The question as the user sees it."""
        return self.question.format(minutes=quick_minutes)


PRESETS: Final[dict[str, Preset]] = {
    p.key: p
    for p in (
        Preset("overdue", "What's overdue?", _overdue),
        Preset("stuck", "Which projects are stuck?", _stuck_projects),
        Preset("goals", "Which goals have no work?", _goals_without_work),
        Preset("quick", "What fits in {minutes} minutes?", _quick),
    )
}


def answer(today: Today, key: str) -> Answer:
    """The local answer to preset ``key`` (a key of ``PRESETS``; KeyError otherwise)."""
    return PRESETS[key].run(today)
