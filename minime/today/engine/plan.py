"""``plan_today(snapshot) -> TodayPlan``: the whole Today page as data.

Steps, each explainable to a user:

1. **Candidates** (``candidates``). Open tasks Today may show: not snoozed (hidden while
   ``today <= snoozed_until``), not planned for a later day (unless pinned to today or due by
   today), and not a parent whose open subtasks are shown instead (minutes would count twice).
2. **Rank.** One ``Scorer`` scores each candidate once; ``rank_key`` orders them. The ranking is
   put in order only as far as the fill reads it (``scoring.Ranking``).
3. **Fill.** Committed tasks — pinned to today, "do on" today or earlier, due today — are
   always planned. Then the first task in rank order that fits today's free minutes (the Start
   with); then the gaps are filled: of the next ``GAP_FILL_ROWS`` tasks in rank order, the set
   with the highest total score that fits the room left (so one long task does not crowd out
   several shorter ones worth more), then the rest of the ranking in rank order while anything
   fits. Once less room is left than the shortest candidate needs, the rest of the ranking is
   not read (only its committed tasks are taken). "Tell me what to do" fills in rank order.
4. **Buckets.** Do first holds ``priorities_per_day`` planned tasks: the user's own commitments
   for today first (``is_promised``: pinned, or "do on" today or earlier), then the best of the
   rest while they fit the focus budget, kept in rank order (the first of them is the Start
   with card); then, in rank order, Do
   next while the running total stays within the focus budget (onboarding's available time, at
   most the free minutes); the rest are If there's time. Unplanned tasks are counted; the first
   ``UNPLANNED_SHOWN`` are listed (Today is a decision, not the whole list: the task list has
   the rest, in the same order).
5. **Cards.** Recommendations, attention items, overload + Simplify, and the timeline.

Invariants (tested): a task appears at most once on the page (Start with, recommendation cards,
the three buckets, unplanned), and cards + unlisted unplanned = candidates; output depends only on
the snapshot, not on the order of its tuples; Do first (with Start with) never holds more than
``priorities_per_day`` tasks; timeline task blocks never overlap events or timed routines and
stay inside the window.

Guidance (onboarding) changes how much is shown, never the ranking:

* ``suggest`` — the default: up to three recommendations, all buckets.
* ``strong`` ("tell me what to do") — fewer choices: one recommendation, and the fill stops at
  ``priorities_per_day + 3`` tasks (committed tasks are always kept), with Do next capped at 3.
* ``lists`` ("just keep my lists") — recommendations folded away (empty); the plan as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time
from itertools import chain, islice

from . import cards, texts
from .cards import AttentionItem, Overload, Recommendation, Simplify
from .freetime import Block, Day, Placement, day_of, minutes_between, place
from .scoring import Ranking, Row, Scored, Scorer, is_hidden_today, rank_key
from .snapshot import AVAILABLE_TIME_MINUTES, Event, Id, Routine, Snapshot, Task

__all__ = [
    "STRONG_DO_NEXT",
    "UNPLANNED_SHOWN",
    "NoBlock",
    "StartWith",
    "TodayPlan",
    "Workload",
    "candidates",
    "is_committed",
    "is_day_off",
    "is_promised",
    "plan_today",
    "units",
]

# "Tell me what to do": how many tasks Do next shows at most.
STRONG_DO_NEXT = 3
# How many unplanned tasks Today lists (all of them are counted).
UNPLANNED_SHOWN = 20
# How many tasks the no-block card names (all of them are counted).
NO_BLOCK_SHOWN = 3
# How many tasks after the Start with the gap fill weighs together (by rank); the rest of the
# ranking fills what they leave, in rank order. Minutes are weighed in steps of GAP_STEP.
GAP_FILL_ROWS = 40
GAP_STEP = 5


@dataclass(frozen=True, slots=True)
class StartWith:
    """The Start with card: the top planned task (the top-ranked one when nothing fits today),
    with its sentence. ``planned`` says whether its minutes are in today's plan; ``fits``
    whether they fit today's free minutes (a task due today is planned even when they don't)."""

    scored: Scored
    text: str
    planned: bool
    fits: bool = True


@dataclass(frozen=True, slots=True)
class Workload:
    """Planned minutes against free minutes; ``focus_minutes`` is the Do first + Do next budget
    (onboarding's available time, at most the free minutes) and ``focus_text`` says where it
    comes from, so the page's numbers add up: Do first and Do next hold at most the budget,
    If there's time the rest of what is planned."""

    planned_minutes: int
    free_minutes: int
    focus_minutes: int
    focus_text: str


@dataclass(frozen=True, slots=True)
class NoBlock:
    """Tasks kept in one block (deep work) that no free gap today can hold: the first
    ``NO_BLOCK_SHOWN`` of ``count``, the longest free gap, and the next work day they can move
    to. A committed one stays in the plan, split around what is in the way."""

    tasks: tuple[Scored, ...]
    count: int
    longest_minutes: int
    move_to: date
    text: str


@dataclass(frozen=True)
class TodayPlan:
    """Today, ready to render. Task cards: ``start_with``, ``recommendations`` (quick win),
    ``do_first``, ``do_next``, ``if_time``, ``unplanned`` — each task in at most one of them.
    ``unplanned`` lists the first ``UNPLANNED_SHOWN`` of ``unplanned_count`` tasks that did not
    fit; ``candidate_count`` counts every task Today considered. ``planned`` is every planned task
    in rank order (for totals, Simplify, the Assistant; not extra cards). ``first_step`` is set
    exactly when ``start_with`` is None. After the work window (``day_over``) there is no Start
    with: ``first_step`` says the work day is over and ``tomorrow`` is the next work day's Start
    with (planned from its morning), what is left of today stays listed, and nothing is
    "overloaded" any more."""

    today: date
    energy: str
    guidance: str
    start_with: StartWith | None
    first_step: str | None
    day_over: bool
    tomorrow: StartWith | None
    day_off: bool
    recommendations: tuple[Recommendation, ...]
    do_first: tuple[Scored, ...]
    do_next: tuple[Scored, ...]
    if_time: tuple[Scored, ...]
    unplanned: tuple[Scored, ...]
    unplanned_count: int
    candidate_count: int
    planned: tuple[Scored, ...]
    free_minutes: int
    workload: Workload
    overload: Overload | None
    simplify: Simplify | None
    attention: tuple[AttentionItem, ...]
    timeline: tuple[Block, ...]
    unplaced: tuple[Id, ...]
    routines: tuple[Routine, ...]
    events: tuple[Event, ...]
    steps: Mapping[Id, Task]
    notes: Mapping[Id, str]
    no_block: NoBlock | None

    def task_cards(self) -> list[Scored]:
        """Every task card on the page, top to bottom."""
        found: list[Scored] = [self.start_with.scored] if self.start_with else []
        found += [r.scored for r in self.recommendations if r.scored is not None]
        return [*found, *self.do_first, *self.do_next, *self.if_time, *self.unplanned]


def is_committed(task: Task, today: date) -> bool:
    """Planned whatever the time: pinned to today, "do on" today or earlier, or due today."""
    return (
        task.pinned_on == today
        or (task.do_on is not None and task.do_on <= today)
        or task.due_date == today
    )


def is_promised(task: Task, today: date) -> bool:
    """The user's own commitment for today: pinned to today, or "do on" today or earlier (a due
    date is a deadline, not a promise)."""
    return task.pinned_on == today or (task.do_on is not None and task.do_on <= today)


def is_day_off(snapshot: Snapshot) -> bool:
    """Today is not one of the rule settings' work days."""
    work_days = snapshot.rules.work_days
    return bool(work_days) and snapshot.today.weekday() not in work_days


def _off_work(snapshot: Snapshot) -> Callable[[Task], bool]:
    """On a day off, whether a task belongs to a work area (its own area, else its project's,
    else its parent's, else its goal's) and is neither committed nor due by today."""
    work = {a.id for a in snapshot.areas if a.is_work}
    if not work or not is_day_off(snapshot):
        return lambda task: False
    today = snapshot.today
    area_of = Scorer(snapshot, free_minutes=0).area_of

    def off(task: Task) -> bool:
        if is_committed(task, today) or (task.due_date is not None and task.due_date <= today):
            return False
        return area_of(task) in work

    return off


def candidates(snapshot: Snapshot) -> list[Task]:
    """The tasks Today considers, in snapshot order (``units``)."""
    return units(snapshot)[0]


def units(snapshot: Snapshot) -> tuple[list[Task], dict[Id, Task]]:
    """The tasks Today considers, in snapshot order, and each one's next step.

    A task is considered when it is not hidden today (``is_hidden_today``) and not work on a day
    off (unless due or planned for it). A task with open subtasks is planned as one unit: its
    subtasks are its steps, the first of them (by ``position``) is its next step, and without an
    estimate of its own its minutes are its steps' minutes. A subtask stands on its own when the
    user committed to it for today (pinned, planned for today or earlier, due by today) or its
    parent is not an open task; it is hidden with its parent (snoozed, planned for a later day,
    work on a day off). Returns the tasks (units with their minutes) and ``{unit id: next step}``.
    """
    today = snapshot.today
    off = _off_work(snapshot)
    # Most tasks are neither snoozed nor planned for a day: they skip the call.
    visible = [
        t
        for t in snapshot.tasks
        if ((t.snoozed_until is None and t.do_on is None) or not is_hidden_today(t, today))
        and not off(t)
    ]
    if all(t.parent_id is None for t in visible):
        return visible, {}
    open_ids = {t.id for t in snapshot.tasks}
    shown = {t.id for t in visible}
    alone: list[Task] = []
    steps: dict[Id, list[Task]] = {}
    for task in visible:
        parent = task.parent_id
        if parent is None or parent not in open_ids or _own_commitment(task, today):
            alone.append(task)
        elif parent in shown:
            steps.setdefault(parent, []).append(task)
    default = snapshot.default_estimate_minutes
    considered: list[Task] = []
    next_steps: dict[Id, Task] = {}
    for task in alone:
        own = steps.get(task.id)
        if own:
            next_steps[task.id] = min(own, key=_step_order)
            if not task.estimate_minutes:
                minutes = sum(step.estimate_minutes or default for step in own)
                task = task._replace(estimate_minutes=minutes)
        considered.append(task)
    return considered, next_steps


def _own_commitment(task: Task, today: date) -> bool:
    """Committed for today (``is_committed``) or overdue: a step that stands on its own."""
    return is_committed(task, today) or (task.due_date is not None and task.due_date < today)


def _step_order(task: Task) -> tuple[int, datetime, str]:
    return (task.position, task.created_at or _EPOCH, str(task.id))


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def plan_today(snapshot: Snapshot) -> TodayPlan:
    """The Today page for ``snapshot`` (see the module's steps, invariants and guidance)."""
    today, rules = snapshot.today, snapshot.rules
    guidance = snapshot.onboarding.guidance
    default = snapshot.default_estimate_minutes
    estimate = snapshot.estimate
    day = day_of(snapshot)
    free = day.free_minutes
    cap = AVAILABLE_TIME_MINUTES[snapshot.onboarding.available_time]
    focus = free if cap is None else min(free, cap)

    # 1-2. Candidates, scored once and ranked.
    scorer = Scorer(snapshot, free_minutes=free)
    considered, steps = units(snapshot)
    rows = scorer.rows(considered)
    # The few tasks that can be committed or overdue (a pin, a "do on" day, a due date by today)
    # are picked out before the calls that decide.
    committed = {
        t.id
        for t in considered
        if (t.pinned_on or t.do_on or t.due_date == today) and is_committed(t, today)
    }
    committed_rows = sorted(row for row in rows if row.task.id in committed) if committed else []
    overdue_rows = sorted(
        row for row in rows if row.due_date <= today and scorer.is_overdue(row.task)
    )
    ranking = Ranking(rows, scorer)  # from here on, only the ranking reads ``rows``
    scored = ranking.scored

    # 3. Fill: committed minutes are reserved first, then greedy in rank order.
    room = free - sum(estimate(row.task) for row in committed_rows)
    extra = rules.priorities_per_day + STRONG_DO_NEXT - len(committed)
    if guidance != "strong":
        extra = len(ranking)
    # Once less room is left than the shortest task needs, nothing else can be planned: the
    # fill stops reading the ranking there and takes the committed tasks below that point.
    shortest = min({t.estimate_minutes or default for t in considered}, default=0)
    # A task to be kept in one block is planned only when a free gap can hold it.
    longest = max((minutes_between(b, e) for b, e in day.gaps), default=0)
    block_from = rules.deep_work_minutes

    def blocked(task: Task, minutes: int) -> bool:
        """Kept in one block, and no free gap today is long enough for it."""
        return minutes > longest and (task.deep_work or minutes > block_from)

    planned_rows: list[Row] = []
    last: Row | None = None
    rows_read = iter(ranking)
    head = 1 if guidance != "strong" else extra  # then the gaps are filled (below)
    for row in rows_read:
        last = row
        task = row.task
        minutes = task.estimate_minutes or default
        if task.id in committed:
            planned_rows.append(row)
        elif extra > 0 and minutes <= room and not blocked(task, minutes):
            planned_rows.append(row)
            room -= minutes
            extra -= 1
            head -= 1
        if extra <= 0 or room < shortest or head <= 0:
            break
    if guidance != "strong" and room >= shortest:
        # Fill the gaps: the Start with stays the first task that fits, in score order; the
        # room left goes to the set of the next tasks with the highest total score (a greedy
        # fill in rank order lets one long task crowd out several shorter ones worth more).
        following = list(islice(rows_read, GAP_FILL_ROWS))
        if following:
            last = following[-1]
        chosen = _fill_gaps(
            [
                (
                    r.task.estimate_minutes or default,
                    0.0
                    if r.task.id in committed or blocked(r.task, r.task.estimate_minutes or default)
                    else -r.neg_score,
                )
                for r in following
            ],
            room,
        )
        for i, row in enumerate(following):
            minutes = row.task.estimate_minutes or default
            if row.task.id in committed:
                planned_rows.append(row)
            elif i in chosen:
                planned_rows.append(row)
                room -= minutes
        if room >= shortest:  # what the chosen set leaves, in rank order
            for row in rows_read:
                last = row
                minutes = row.task.estimate_minutes or default
                if row.task.id in committed:
                    planned_rows.append(row)
                elif minutes <= room and not blocked(row.task, minutes):
                    planned_rows.append(row)
                    room -= minutes
                if room < shortest:
                    break
        planned_rows.sort()
    if last is not None:
        planned_rows += [row for row in committed_rows if row > last]
    planned = [scored(row) for row in planned_rows]

    # The timeline: the plan laid into the free gaps. A task kept in one block that found no
    # gap long enough leaves the plan (unless committed) and is named on the no-block card.
    whole = {s.task.id for s in planned if s.task.deep_work or estimate(s.task) > block_from}

    def lay_out(first: Id | None = None) -> Placement:
        items = [(s.task.id, s.task.title, estimate(s.task)) for s in planned]
        return place(items, day, whole, first=first)

    placement = lay_out()
    dropped = [s for s in planned if s.task.id in set(placement.broken) - committed]
    if dropped:
        planned = [s for s in planned if s not in dropped]
    planned_ids = {s.task.id for s in planned}
    unplanned_count = len(ranking) - len(planned)

    def unplanned(skip: Id | None = None) -> Iterator[Row]:
        """The unplanned rows in rank order, read off the ranking only as far as asked."""
        return (row for row in ranking if row.task.id not in planned_ids and row.task.id != skip)

    # 4. Buckets. The user's own commitments for today (pinned, or "do on" today or earlier)
    # take Do first before anything else; Do first stays in rank order.
    n = rules.priorities_per_day
    promised = [i for i, s in enumerate(planned) if is_promised(s.task, today)][:n]
    first = set(promised)
    running = sum(estimate(planned[i].task) for i in promised)
    for i, item in enumerate(planned):  # the best of the rest, within the focus budget
        if len(first) >= n:
            break
        if i in first:
            continue
        minutes = estimate(item.task)
        if first and running + minutes > focus:
            break  # the Start with always has its place; nothing jumps the rank order
        first.add(i)
        running += minutes
    do_first = [s for i, s in enumerate(planned) if i in first]
    rest = [s for i, s in enumerate(planned) if i not in first]
    do_next: list[Scored] = []
    if_time: list[Scored] = []
    for item in rest:
        minutes = estimate(item.task)
        in_budget = running + minutes <= focus
        capped = guidance == "strong" and len(do_next) >= STRONG_DO_NEXT
        if not if_time and in_budget and not capped:
            do_next.append(item)
            running += minutes
        else:
            if_time.append(item)

    # Start with: the first planned task (else the top-ranked one), shown once, as its card.
    # After the work window, the day is over: the evening says so and looks at tomorrow.
    start_with: StartWith | None = None
    first_step: str | None = None
    day_over = day.start >= day.window_end
    tomorrow: StartWith | None = None
    if day_over:
        first_step, tomorrow = _evening(snapshot, day.window_end.time())
    elif do_first:
        top = do_first.pop(0)
        start_with = StartWith(
            top, _sentence(top, steps.get(top.task.id)), True, estimate(top.task) <= free
        )
    elif unplanned_count:
        top = scored(next(unplanned()))
        start_with = StartWith(
            top, _sentence(top, steps.get(top.task.id)), False, estimate(top.task) <= free
        )
    else:
        first_step = texts.FIRST_DAY if snapshot.is_empty else texts.ALL_CLEAR
    shown_first = start_with.scored.task.id if start_with is not None else None
    # The timeline begins with the Start with; the no-block card and the gap notes read it.
    placement = lay_out(shown_first if shown_first in planned_ids else None)
    no_block = _no_block(
        snapshot,
        ranking,
        planned,
        committed=committed,
        left_out=dropped,
        broken=set(placement.broken),
        blocked=blocked,
        free=free,
        longest=longest,
    )
    notes = _gap_notes(ranking, planned, committed, placement, day)
    if shown_first is not None and shown_first not in planned_ids:
        unplanned_count -= 1

    # 5. Recommendations: never the task already shown above them (Start with). A quick-win task
    # moves out of its bucket onto its card (it keeps its planned minutes, if any).
    busy_projects = {t.project_id for t in snapshot.tasks} - {None}
    served_goals = ({t.goal_id for t in snapshot.tasks} - {None}) | {
        p.goal_id for p in snapshot.projects if p.goal_id is not None and p.status == "active"
    }
    recommendations: list[Recommendation] = []
    if guidance != "lists":
        lazily = chain(do_first, do_next, if_time, map(scored, unplanned(skip=shown_first)))
        quick = cards.quick_win(lazily, snapshot)
        project = cards.project_needing_next_step(snapshot, busy_projects)
        goal = cards.goal_needing_first_step(snapshot, served_goals)
        recommendations = [r for r in (quick, project, goal) if r is not None]
        if guidance == "strong":
            recommendations = recommendations[:1]
    quick_id = next((r.scored.task.id for r in recommendations if r.scored is not None), None)
    if quick_id is not None:
        do_first, do_next, if_time = (
            [s for s in bucket if s.task.id != quick_id] for bucket in (do_first, do_next, if_time)
        )
        if quick_id not in planned_ids:
            unplanned_count -= 1
    shown = {r.project.id for r in recommendations if r.project is not None}
    shown |= {r.goal.id for r in recommendations if r.goal is not None}
    listed = (row for row in unplanned(skip=shown_first) if row.task.id != quick_id)

    planned_minutes = sum(estimate(s.task) for s in planned)

    def minutes_of(item: Scored) -> int:
        return estimate(item.task)

    overload = None if day_over else cards.overload(planned_minutes, day, snapshot.events)
    return TodayPlan(
        today=today,
        energy=snapshot.energy_today,
        guidance=guidance,
        start_with=start_with,
        first_step=first_step,
        day_over=day_over,
        tomorrow=tomorrow,
        day_off=is_day_off(snapshot),
        recommendations=tuple(recommendations),
        do_first=tuple(do_first),
        do_next=tuple(do_next),
        if_time=tuple(if_time),
        unplanned=tuple(map(scored, islice(listed, UNPLANNED_SHOWN))),
        unplanned_count=unplanned_count,
        candidate_count=len(ranking),
        planned=tuple(planned),
        free_minutes=free,
        workload=Workload(
            planned_minutes=planned_minutes,
            free_minutes=free,
            focus_minutes=focus,
            focus_text=texts.focus_budget(focus, cap, free),
        ),
        overload=overload,
        simplify=(
            cards.simplify(planned, snapshot=snapshot, free_minutes=free, estimate=minutes_of)
            if overload is not None
            else None
        ),
        attention=cards.attention(
            snapshot,
            overdue=tuple(row.task.id for row in overdue_rows),
            busy_projects=busy_projects,
            served_goals=served_goals,
            skip=shown,
        ),
        timeline=placement.timeline,
        unplaced=placement.unplaced,
        steps=steps,
        notes=notes,
        no_block=None if day_over else no_block,
        routines=tuple(sorted(snapshot.routines, key=_routine_order)),
        events=tuple(sorted(snapshot.events, key=_event_order)),
    )


def _evening(snapshot: Snapshot, ended: time) -> tuple[str, StartWith | None]:
    """The work day is over: its words, and the next work day's Start with, planned as that
    morning will plan it (today's energy, events and routines left out: they are today's)."""
    nxt = cards.next_work_day(snapshot.today, snapshot.rules.work_days)
    morning = datetime.combine(nxt, snapshot.rules.workday_start.replace(tzinfo=None))
    then = replace(
        snapshot, now=morning.replace(tzinfo=snapshot.zone), energy=None, events=(), routines=()
    )
    morning_plan = plan_today(then)
    first = morning_plan.start_with
    label = texts.day(nxt, snapshot.today)
    if first is None:
        return texts.day_over(ended, label, None), None
    # Scored as of tonight, so its reasons read true tonight ("it's due tomorrow").
    tonight = Scorer(snapshot, free_minutes=0).score(first.scored.task)
    title = tonight.task.title
    step = morning_plan.steps.get(tonight.task.id)
    reasons = [r.text for r in tonight.strongest(2)]
    text = texts.start_on(label, title, reasons, step.title if step else None)
    return texts.day_over(ended, label, title), StartWith(tonight, text, True, first.fits)


def _fill_gaps(items: list[tuple[int, float]], room: int) -> set[int]:
    """The indexes of ``items`` (minutes, score) with the highest total score whose minutes fit
    ``room``: an exact 0/1 knapsack over ``GAP_STEP``-minute steps (each length rounded up, so a
    chosen set always fits). Ties keep the earlier, higher-ranked items."""
    capacity = room // GAP_STEP
    best = [0.0] * (capacity + 1)
    sets = [0] * (capacity + 1)
    for i, (minutes, value) in enumerate(items):
        weight = -(-minutes // GAP_STEP)
        if value <= 0 or weight > capacity:
            continue
        bit = 1 << i
        for c in range(capacity, weight - 1, -1):
            total = best[c - weight] + value
            if total > best[c]:
                best[c], sets[c] = total, sets[c - weight] | bit
    found = sets[capacity]
    return {i for i in range(len(items)) if found >> i & 1}


def _sentence(scored: Scored, step: Task | None) -> str:
    reasons = [r.text for r in scored.strongest(2)]
    return texts.start_with(scored.task.title, reasons, step.title if step else None)


def _no_block(
    snapshot: Snapshot,
    ranking: Ranking,
    planned: list[Scored],
    *,
    committed: set[Id],
    left_out: list[Scored],
    broken: set[Id],
    blocked: Callable[[Task, int], bool],
    free: int,
    longest: int,
) -> NoBlock | None:
    """The no-block card: the tasks kept in one block that no gap today holds — committed ones
    split in the plan (``broken``), those the fill planned that lost their gap to others
    (``left_out``), and those ranked above the last task the fill planned that would fit
    today's minutes but not one gap."""
    estimate = snapshot.estimate
    filled = [s for s in planned if s.task.id not in committed]
    # A committed task longer than the whole day's free time is the overload card's to name.
    found = [s for s in planned if s.task.id in broken and estimate(s.task) <= free]
    found += left_out
    room = free - sum(estimate(s.task) for s in planned if s.task.id in committed)
    # As far as the fill read: to the last task it planned (the top rows when it planned none).
    last = rank_key(filled[-1]) if filled else None
    planned_ids = {s.task.id for s in planned}
    for row in islice(ranking, None if last is not None else GAP_FILL_ROWS):
        if last is not None and row[:4] >= last:
            break
        task = row.task
        minutes = estimate(task)
        if task.id not in planned_ids and minutes <= room and blocked(task, minutes):
            found.append(ranking.scored(row))
    if not found:
        return None
    found.sort(key=rank_key)
    to = cards.next_work_day(snapshot.today, snapshot.rules.work_days)
    shown = tuple(found[:NO_BLOCK_SHOWN])
    text = texts.no_block([(s.task.title, estimate(s.task)) for s in shown], len(found), longest)
    return NoBlock(shown, len(found), longest, to, text)


def _gap_notes(
    ranking: Ranking, planned: list[Scored], committed: set[Id], placement: Placement, day: Day
) -> dict[Id, str]:
    """Why a task is planned although a task ranked above it is not: the free time it fits, from
    its start to the end of its gap ("it fits the 30 min before Team sync at 14:00"). Committed
    tasks and split ones have none."""
    filled = [s for s in planned if s.task.id not in committed]
    if not filled:
        return {}
    last = rank_key(filled[-1])
    ids = {s.task.id for s in filled}
    split = {b.ref for b in placement.timeline if b.kind == "task" and b.parts > 1}
    notes: dict[Id, str] = {}
    skipped = False
    for row in ranking:
        if row[:4] > last:
            break
        task_id = row.task.id
        if task_id not in ids:
            skipped = skipped or task_id not in committed
            continue
        gap = placement.gap_of.get(task_id)
        if skipped and gap is not None and task_id not in split:
            ends = day.gaps[gap][1]
            block = next(b for b in placement.timeline if b.ref == task_id)
            after = next((b for b in day.busy if b.start.astimezone(UTC) == ends), None)
            notes[task_id] = texts.fits_gap(
                minutes_between(block.start, ends),
                after.title if after else None,
                ends.astimezone(day.start.tzinfo).time(),
            )
    return notes


_TIMES_OF_DAY = {"morning": 0, "anytime": 1, "afternoon": 2, "evening": 3}


def _routine_order(routine: Routine) -> tuple[bool, time, int, str, str]:
    """Timed routines by time, then the others by time of day, then title."""
    return (
        routine.exact_time is None,
        (routine.exact_time or time.min).replace(tzinfo=None),
        _TIMES_OF_DAY.get(routine.time_of_day, 1),
        routine.title,
        str(routine.id),
    )


def _event_order(event: Event) -> tuple[bool, float, str]:
    """All-day events first, then by start instant, then title."""
    return (not event.all_day, event.start.timestamp(), event.title)
