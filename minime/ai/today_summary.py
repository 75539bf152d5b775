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
  quick win follows, or the minutes a typed question names) — answered locally, no AI call,
  each naming the items it talks about.
* ``week_answer(this, last)``: How did my week go? — this week so far against the whole of
  last week, from two ``minime.insights.selectors.PeriodNumbers`` (``load_week`` reads them).
* ``explain_answer(today)``: Explain today's plan by the built-in engine, as an ``Answer``: what
  a typed question that asks for it gets, without spending an AI request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Final, Literal, cast

from minime.ai import local
from minime.ai.features import FEATURES, MAX_LIST_ITEMS, MAX_TEXT_CHARS, MAX_TITLE_CHARS
from minime.insights.selectors import (
    AreaWeek,
    ItemRef,
    PeriodNumbers,
    RoutineWeek,
    period_numbers,
    week_of,
)
from minime.preferences.rules import rules_for
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
    "Part",
    "Preset",
    "Today",
    "answer",
    "attention",
    "explain_answer",
    "explain_payload",
    "load",
    "load_week",
    "named_items",
    "week_answer",
    "workload_status",
]

# How many titles "can wait" names: a few, not the whole list.
CAN_WAIT_SHOWN: Final = 5
# How many reasons the top task's "why" carries (strongest first).
TOP_REASONS: Final = 3
# How many items a preset answer lists at most.
ITEMS_SHOWN: Final = 10

ItemKind = Literal["task", "project", "goal", "routine", "area", "decision"]


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
class Part:
    """One topic of a longer answer ("Done", "Focus", "Routines"): a sentence or two and the
    items it names."""

    title: str
    text: str
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Answer:
    """A preset's answer: the question, a sentence or two, the items it names and, for a
    longer answer, its parts."""

    key: str
    question: str
    text: str
    items: tuple[Item, ...] = ()
    parts: tuple[Part, ...] = ()

    def as_text(self) -> str:
        """The answer as plain text, what a rewrite sends: its sentences and the titles (and
        notes) of the items it names, one per line; never ids or links. At most 4000
        characters (the end is cut at a line when longer)."""
        lines = [self.text, *_item_lines(self.items)]
        for part in self.parts:
            lines += [f"{part.title}: {part.text}", *_item_lines(part.items)]
        text = "\n".join(" ".join(line.split()) for line in lines if line.strip())
        while len(text) > MAX_TEXT_CHARS and "\n" in text:
            text = text.rsplit("\n", 1)[0]
        return text[:MAX_TEXT_CHARS]


def _item_lines(items: Iterable[Item]) -> list[str]:
    return [f"- {item.title}" + (f" ({item.note})" if item.note else "") for item in items]


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


_ATTENTION_ORDER: Final = (
    "overdue",
    "stuck_project",
    "goal_no_work",
    "decision_overdue",
    "decision_revisit",
    "capture_backlog",
)


def attention(today: Today) -> list[tuple[str, str, list[Item]]]:
    """Everything that needs a look, as (kind, sentence, items named): Today's attention items
    in their order (overdue tasks, stuck projects, goals with no work, decisions waiting, the
    capture backlog).

    Today leaves a project or goal out of its attention items when a recommendation card
    already shows it; the Assistant has no cards, so those come back here (first in their
    group), worded as attention items ("Website has no open task.")."""
    snapshot, plan = today.snapshot, today.plan
    tasks = _tasks_by_id(snapshot)
    projects = {p.id: p for p in snapshot.projects}
    goals = {g.id: g for g in snapshot.goals}
    decisions = {d.id: d for d in snapshot.decisions}
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
            elif found.kind in ("decision_overdue", "decision_revisit") and key in decisions:
                items.append(Item("decision", str(key), decisions[key].title, found.text))
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


def _quick(today: Today, minutes: int | None = None) -> Answer:
    # The minutes a typed question names, else the quick-win setting; "or less", as Today's.
    limit = minutes or today.snapshot.rules.quick_win_minutes
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
    """A question the Assistant answers locally. ``run`` answers it from Today; None for the
    week, which reads the week's numbers instead (``load_week``, ``week_answer``)."""

    key: str
    question: str  # "{minutes}" stands for the user's quick-win setting
    run: Callable[[Today], Answer] | None

    def asked(self, quick_minutes: int) -> str:
        """The question as the user sees it."""
        return self.question.format(minutes=quick_minutes)


WEEK: Final = "week"
EXPLAIN: Final = "explain"
EXPLAIN_QUESTION: Final = "Explain today's plan"

PRESETS: Final[dict[str, Preset]] = {
    p.key: p
    for p in (
        Preset("overdue", "What's overdue?", _overdue),
        Preset("stuck", "Which projects are stuck?", _stuck_projects),
        Preset("goals", "Which goals have no work?", _goals_without_work),
        Preset("quick", "What fits in {minutes} minutes?", _quick),
        Preset(WEEK, "How did my week go?", None),
    )
}


def answer(today: Today, key: str, minutes: int | None = None) -> Answer:
    """The local answer to preset ``key`` (a key of ``PRESETS`` answered from Today; KeyError
    otherwise). ``minutes`` replaces the quick-win setting in What fits in N minutes?"""
    if key == "quick":
        return _quick(today, minutes)
    run = PRESETS[key].run
    if run is None:
        raise KeyError(key)
    return run(today)


def explain_answer(today: Today) -> Answer:
    """Explain today's plan by the built-in engine (no AI request), with the items it names:
    the Start with task, the tasks that can wait, and what needs a look."""
    named = named_items(today)
    items = [
        *(Item(i.kind, i.uuid, i.title, "start with this") for i in named["start"]),
        *(Item(i.kind, i.uuid, i.title, "can wait") for i in named["can_wait"]),
        *named["attention"],
    ]
    text = local.explain_today(explain_payload(today))
    return Answer(EXPLAIN, EXPLAIN_QUESTION, text, tuple(items[: ITEMS_SHOWN * 2]))


# --- How did my week go? ---------------------------------------------------------------------
def load_week(*, user: User, workspace: Workspace, today: date) -> tuple[PeriodNumbers, ...]:
    """This week up to ``today`` and the whole of last week, weeks starting on the user's week
    start (Settings → Rules), as ``week_answer`` reads them."""
    first, _last = week_of(today, rules_for(user).week_start)
    before = first - timedelta(days=7)
    return (
        period_numbers(workspace=workspace, user=user, start=first, end=today),
        period_numbers(workspace=workspace, user=user, start=before, end=first - timedelta(1)),
    )


def _ref(ref: ItemRef, note: str = "") -> Item:
    return Item(cast(ItemKind, ref.kind), str(ref.uuid), ref.title, note)


def _count_word(n: int, one: str, many: str | None = None) -> str:
    """ "1 task", "3 tasks", "no tasks"."""
    many = many or one + "s"
    return f"no {many}" if n == 0 else _count(n, one, many)


def duration(minutes: int) -> str:
    """ "45 minutes", "1 hour", "2 hours 15 minutes"."""
    hours, rest = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(_count(hours, "hour", "hours"))
    if rest or not hours:
        parts.append(_count(rest, "minute", "minutes"))
    return " ".join(parts)


def _compared(now: int, before: int, said: Callable[[int], str]) -> str:
    """ ", 2 more than last week", ", as many as last week", ", 3 fewer than last week (10)"."""
    if now == before:
        return ", the same as last week"
    if before == 0:
        return " (none last week)"
    more = "more" if now > before else "less"
    return f", {said(abs(now - before))} {more} than last week ({said(before)})"


def _done_part(this: PeriodNumbers, last: PeriodNumbers) -> Part:
    n = this.completed
    if n == 0:
        text = "You have not completed a task this week yet."
        if last.completed:
            text += f" Last week you completed {_count(last.completed, 'task', 'tasks')}."
        return Part("Done", text)
    compared = _compared(n, last.completed, str)
    compared = compared.replace(" less than", " fewer than")
    latest = " The latest:" if len(this.completed_items) < n else ""
    text = f"You completed {_count(n, 'task', 'tasks')}{compared}.{latest}"
    return Part("Done", text, tuple(_ref(r) for r in this.completed_items))


def _focus_part(this: PeriodNumbers, last: PeriodNumbers) -> Part:
    if this.focus_minutes == 0:
        text = "No focus sessions this week yet."
        if last.focus_minutes:
            text += f" Last week you focused for {duration(last.focus_minutes)}."
        return Part("Focus", text)
    compared = _compared(this.focus_minutes, last.focus_minutes, duration)
    return Part("Focus", f"You focused for {duration(this.focus_minutes)}{compared}.")


def _missed(r: RoutineWeek) -> float:
    return r.due - r.done - r.partly / 2


def _done_of(r: RoutineWeek) -> str:
    partly = f", {r.partly} partly" if r.partly else ""
    return f"done {r.done} of {r.due}{partly}"


def _routines_part(this: PeriodNumbers) -> Part | None:
    routines = this.routines
    if not routines:
        return None
    due = sum(r.due for r in routines)
    done = sum(r.done for r in routines)
    text = f"You kept {done} of {_count(due, 'routine check-in', 'routine check-ins')}"
    text += f" across {_count(len(routines), 'routine', 'routines')}."
    items = []
    best = max(routines, key=lambda r: (r.percent, r.done, -_missed(r)))
    if best.done or best.partly:
        items.append(_ref(best.routine, f"the best kept: {_done_of(best)}"))
    worst = max(routines, key=lambda r: (_missed(r), -r.percent))
    if (_missed(worst) > 0 and worst is not best) or not items:
        items.append(_ref(worst.routine, f"the most missed: {_done_of(worst)}"))
    return Part("Routines", text, tuple(items))


def _area_note(area: AreaWeek) -> str:
    bits = []
    if area.completions:
        bits.append(f"{_count(area.completions, 'task', 'tasks')} done")
    if area.minutes:
        bits.append(duration(area.minutes))
    if area.target_minutes:
        if area.minutes >= area.target_minutes:
            bits.append(f"its weekly target met ({area.target_minutes} minutes so far)")
        else:
            bits.append(f"{area.minutes} of the {area.target_minutes} target minutes so far")
    return ", ".join(bits) or "nothing this week"


def _names(titles: list[str]) -> str:
    if len(titles) <= 1:
        return "".join(titles)
    return ", ".join(titles[:-1]) + " and " + titles[-1]


def _areas_part(this: PeriodNumbers) -> Part | None:
    if not this.areas:
        return None
    touched = [a for a in this.areas if a.minutes or a.completions]
    quiet = [a for a in this.areas if not (a.minutes or a.completions)]
    if not touched:
        text = "No life area saw a completed task or any time this week yet."
    else:
        text = f"You spent time or finished work in {_count(len(touched), 'area', 'areas')}"
        text += f" of {len(this.areas)}."
        if quiet:
            names = _names([a.area.title for a in quiet])
            text += f" Nothing happened in {names} this week."
    items = [_ref(a.area, _area_note(a)) for a in (*touched, *quiet)]
    return Part("Life areas", text, tuple(items))


def _decisions_part(this: PeriodNumbers) -> Part | None:
    made = this.decisions_made
    if not made:
        return None
    text = f"You made {_count(len(made), 'decision', 'decisions')}."
    return Part("Decisions", text, tuple(_ref(d) for d in made[:ITEMS_SHOWN]))


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def week_answer(this: PeriodNumbers, last: PeriodNumbers) -> Answer:
    """How did my week go? ``this`` is this week up to today, ``last`` the whole of last
    week: completions against last week (the latest linked), focus time against last week,
    routines kept (the best kept and the most missed, by name), the life areas touched and
    those left quiet (against their weekly target where they have one), and the decisions
    made. A quiet week says so in one line."""
    quiet = (
        this.completed == 0
        and this.focus_minutes == 0
        and not any(r.done or r.partly for r in this.routines)
        and not this.decisions_made
    )
    since = "today" if this.start == this.end else f"{_day(this.start)} to today"
    if quiet:
        text = (
            f"A quiet week so far ({since}): nothing completed, no focus time"
            + (", no routine kept" if this.routines else "")
            + " and no decision made."
        )
        if last.completed or last.focus_minutes:
            text += (
                f" Last week you completed {_count_word(last.completed, 'task')}"
                f" and focused for {duration(last.focus_minutes)}."
            )
        text += " One small task done today already counts."
    else:
        text = f"This week so far ({since}), compared with the whole of last week."
    parts = [
        _done_part(this, last),
        _focus_part(this, last),
        _routines_part(this),
        _areas_part(this),
        _decisions_part(this),
    ]
    kept = tuple(p for p in parts if p is not None)
    if quiet:  # the one line said it; keep what still helps: the areas and the routines
        kept = tuple(p for p in kept if p.title in ("Routines", "Life areas"))
    return Answer(WEEK, PRESETS[WEEK].question, text, (), kept)
