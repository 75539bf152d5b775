"""Today's engine, scenario by scenario, as a user would describe them. No database, no Django."""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from minime.today.engine import (
    UNPLANNED_SHOWN,
    Area,
    CaptureBacklog,
    Decision,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Scored,
    Scorer,
    candidates,
    day_of,
    free_minutes,
    next_work_day,
    plan_today,
    rank,
    score,
)

from .factories import TODAY, TZ, ZONE, at, random_snapshot, snapshot, task

SEEDS = range(300)


def titles(scored: Iterable[Scored]) -> list[str]:
    return [s.task.title for s in scored]


# --- Ranking ----------------------------------------------------------------------------------


def test_an_overdue_high_priority_task_beats_a_low_one_due_next_week() -> None:
    late = task("Pay the electricity bill", priority=3, due_date=TODAY - timedelta(days=2))
    later = task("Sort the photos", priority=1, due_date=TODAY + timedelta(days=7))
    snap = snapshot(tasks=[later, late])

    assert titles(rank(snap.tasks, snap)) == ["Pay the electricity bill", "Sort the photos"]
    plan = plan_today(snap)
    assert plan.start_with is not None
    assert plan.start_with.scored.task == late
    assert plan.start_with.text == (
        "Start with: Pay the electricity bill — it's 2 days overdue and it's high priority."
    )


def test_on_a_low_energy_day_low_energy_tasks_rise() -> None:
    easy = task("Tidy the desk", energy="low")
    hard = task("Write the architecture doc", energy="high", priority=1)
    tasks = [easy, hard]

    usual = snapshot(tasks=tasks, energy="high")
    tired = snapshot(tasks=tasks, energy="low")

    assert titles(rank(tasks, usual)) == ["Write the architecture doc", "Tidy the desk"]
    assert titles(rank(tasks, tired)) == ["Tidy the desk", "Write the architecture doc"]
    assert score(easy, tired).score > score(easy, usual).score
    assert "it suits your low energy today" in [r.text for r in score(easy, tired).reasons]


def test_todays_energy_defaults_to_the_onboarding_answer() -> None:
    easy = task("Tidy the desk", energy="low")
    snap = snapshot(tasks=[easy], onboarding=Onboarding(default_energy="low"))
    assert snap.energy_today == "low"
    assert plan_today(snap).energy == "low"
    assert [r.kind for r in score(easy, snap).reasons if r.kind == "energy"] == ["energy"]


def test_a_task_serving_an_active_goal_says_so() -> None:
    launch = Goal("g1", "Launch v2")
    page = task("Finish the product page", goal_id="g1", due_date=TODAY + timedelta(days=1))
    snap = snapshot(tasks=[page], goals=[launch])

    reasons = score(page, snap).reasons
    assert ("goal", "it moves your goal Launch v2 forward") in [(r.kind, r.text) for r in reasons]
    plan = plan_today(snap)
    assert plan.start_with is not None
    assert plan.start_with.text == (
        "Start with: Finish the product page — its deadline is tomorrow "
        "and it moves your goal Launch v2 forward."
    )


def test_a_paused_goal_gives_no_goal_reason() -> None:
    paused = Goal("g1", "Learn the cello", status="paused")
    practice = task("Practise scales", goal_id="g1")
    snap = snapshot(tasks=[practice], goals=[paused])
    assert "goal" not in [r.kind for r in score(practice, snap).reasons]


def test_a_task_in_a_project_serves_the_projects_goal() -> None:
    launch = Goal("g1", "Launch v2")
    site = Project("p1", "Website", goal_id="g1", open_task_count=1)
    copy = task("Write the copy", project_id="p1")
    snap = snapshot(tasks=[copy], goals=[launch], projects=[site])
    assert "it moves your goal Launch v2 forward" in [r.text for r in score(copy, snap).reasons]


def test_pinned_tasks_rank_first() -> None:
    area = Area("a1", "Work", importance=5)
    pressing = task(
        "Everything at once",
        priority=3,
        due_date=TODAY - timedelta(days=30),
        do_on=TODAY,
        energy="medium",
        area_id="a1",
        created_at=at(8) - timedelta(days=400),
    )
    pinned = task(
        "Call grandma",
        pinned_on=TODAY,
        energy="high",
        estimate_minutes=2000,  # doesn't even fit the day
    )
    stale_pin = task("Yesterday's pin", pinned_on=TODAY - timedelta(days=1))
    snap = snapshot(tasks=[pressing, stale_pin, pinned], areas=[area], energy="low")

    assert titles(rank(snap.tasks, snap))[0] == "Call grandma"
    plan = plan_today(snap)
    assert plan.start_with is not None
    assert plan.start_with.scored.task == pinned
    assert plan.start_with.scored.reasons[0].text == "you pinned it to today"
    assert "pinned" not in [r.kind for r in score(stale_pin, snap).reasons]


def test_ties_are_broken_by_due_date_then_title_then_id() -> None:
    far = task("B", id="x2", due_date=TODAY + timedelta(days=40))
    near = task("B", id="x1", due_date=TODAY + timedelta(days=30))
    a = task("A", id="x3")
    same = task("A", id="x0")
    snap = snapshot(tasks=[a, far, same, near])
    assert [s.task.id for s in rank(snap.tasks, snap)] == ["x1", "x2", "x0", "x3"]


def test_the_plan_ranks_with_the_one_scoring_function() -> None:
    for seed in range(60):
        snap = random_snapshot(random.Random(seed))
        considered = candidates(snap)
        ranked = rank(considered, snap)
        rows = Scorer(snap).ranking(considered).rows
        assert [row.task for row in rows] == [s.task for s in ranked], seed
        assert [-row[0] for row in rows] == [s.score for s in ranked], seed
        for scored in ranked:
            assert scored == score(scored.task, snap)
            assert scored.score == pytest.approx(sum(r.weight for r in scored.reasons))
        plan = plan_today(snap)
        for card in plan.task_cards():
            assert card == score(card.task, snap), seed
        planned = [s.task.id for s in plan.planned]
        order = [s.task.id for s in ranked]
        assert planned == sorted(planned, key=order.index), seed


def test_the_same_snapshot_gives_the_same_plan() -> None:
    for seed in range(40):
        snap = random_snapshot(random.Random(seed))
        shuffled = random.Random(seed + 1000)
        reordered = dataclasses.replace(
            snap,
            tasks=tuple(shuffled.sample(snap.tasks, len(snap.tasks))),
            projects=tuple(shuffled.sample(snap.projects, len(snap.projects))),
            goals=tuple(shuffled.sample(snap.goals, len(snap.goals))),
            events=tuple(shuffled.sample(snap.events, len(snap.events))),
            routines=tuple(shuffled.sample(snap.routines, len(snap.routines))),
        )
        first = plan_today(snap)
        assert plan_today(snap) == first
        assert plan_today(reordered) == first


# --- Start with and the first day -------------------------------------------------------------


def test_an_empty_workspace_gets_the_first_step_card() -> None:
    starter_areas = [Area(f"a{i}", name) for i, name in enumerate(["Health", "Work", "Home"])]
    plan = plan_today(snapshot(areas=starter_areas))

    assert plan.start_with is None
    assert plan.first_step is not None
    assert "first step" in plan.first_step
    assert "add one task" in plan.first_step
    assert "capture whatever is on your mind" in plan.first_step
    assert plan.task_cards() == []
    assert plan.recommendations == ()
    assert plan.overload is None


def test_a_workspace_with_nothing_for_today_gets_an_all_clear() -> None:
    away = task("Later", snoozed_until=TODAY)
    plan = plan_today(snapshot(tasks=[away]))
    assert plan.start_with is None
    assert plan.first_step is not None
    assert plan.first_step.startswith("Nothing is waiting for you today")


def test_start_with_falls_back_to_the_top_task_when_nothing_fits() -> None:
    snap = snapshot(tasks=[task("Write the thesis", estimate_minutes=900)], now=at(19))
    plan = plan_today(snap)
    assert plan.free_minutes == 60
    assert plan.start_with is not None
    assert plan.start_with.planned is False
    assert plan.planned == ()
    assert plan.unplanned == ()
    assert not plan.day_over and plan.tomorrow is None


def test_after_the_work_window_the_day_is_over_and_tomorrow_has_its_first_task() -> None:
    tasks = [
        task("Write the thesis", estimate_minutes=900),
        task("Send the invoice", due_date=TODAY + timedelta(days=1), priority=3),
        task("Call the bank", do_on=TODAY, estimate_minutes=20),  # promised, not done
        task("Book flights", do_on=TODAY + timedelta(days=2)),  # not tomorrow's business
    ]
    plan = plan_today(snapshot(tasks=tasks, now=at(21)))
    assert plan.day_over and plan.start_with is None
    assert plan.overload is None and plan.simplify is None  # the evening is not "overloaded"
    assert plan.tomorrow is not None
    assert plan.tomorrow.scored.task.title == "Send the invoice"
    assert plan.tomorrow.text == (
        "Tomorrow, start with: Send the invoice — it's high priority and its deadline is tomorrow."
    )
    assert plan.first_step == (
        "Your work day ended at 20:00. Rest now: tomorrow starts with Send the invoice."
    )
    # What is left of today stays on the page.
    assert "Call the bank" in titles(plan.planned)
    # On a Friday evening, the next work day is Monday.
    friday = TODAY + timedelta(days=3)
    weekend = plan_today(snapshot(tasks=tasks[:1], now=at(21, day=friday)))
    assert weekend.first_step is not None and "Monday starts with" in weekend.first_step
    empty = plan_today(snapshot(now=at(21)))
    assert empty.tomorrow is None
    assert empty.first_step == (
        "Your work day ended at 20:00. Nothing is waiting for tomorrow yet: rest, or capture "
        "what's on your mind."
    )


# --- Snooze and "do on" -----------------------------------------------------------------------


def test_a_snoozed_task_stays_away_until_tomorrow() -> None:
    not_now = task("Clean the garage", snoozed_until=TODAY)  # "not now" sets it to today
    other = task("Buy bread")
    today = snapshot(tasks=[not_now, other])
    tomorrow = snapshot(tasks=[not_now, other], now=at(8, day=TODAY + timedelta(days=1)))

    assert not_now.id not in [s.task.id for s in plan_today(today).task_cards()]
    assert not_now.id in [s.task.id for s in plan_today(tomorrow).task_cards()]
    snoozed = score(not_now, today).by_strength()
    assert snoozed[-1].kind == "snoozed"
    assert snoozed[-1].text == "you snoozed it until tomorrow"


def test_a_task_planned_for_a_later_day_stays_away_unless_it_is_due() -> None:
    friday = TODAY + timedelta(days=3)
    later = task("Plan the trip", do_on=friday)
    due = task("Renew passport", do_on=friday, due_date=TODAY)
    plan = plan_today(snapshot(tasks=[later, due]))
    assert [s.task.title for s in plan.task_cards()] == ["Renew passport"]


def test_committed_tasks_are_planned_even_when_they_do_not_fit() -> None:
    pinned = task("Big pinned job", pinned_on=TODAY, estimate_minutes=600)
    planned = task("Planned for yesterday", do_on=TODAY - timedelta(days=1), estimate_minutes=60)
    due = task("Due today", due_date=TODAY, estimate_minutes=60)
    optional = task("Nice to have", estimate_minutes=30)
    plan = plan_today(snapshot(tasks=[pinned, planned, due, optional]))
    assert {s.task.title for s in plan.planned} == {
        "Big pinned job",
        "Planned for yesterday",
        "Due today",
    }
    assert titles(plan.unplanned) == ["Nice to have"]
    assert plan.workload.planned_minutes == 720


# --- The plan ---------------------------------------------------------------------------------


def test_the_plan_fills_in_score_order_and_skips_what_does_not_fit() -> None:
    tasks = [
        task("First", priority=3, estimate_minutes=300),
        task("Too long now", priority=2, estimate_minutes=400),
        task("Fits after", priority=1, estimate_minutes=300),
        task("Small", estimate_minutes=60),
    ]
    plan = plan_today(snapshot(tasks=tasks, rules=Rules(priorities_per_day=1)))
    assert plan.free_minutes == 660
    assert titles(plan.planned) == ["First", "Fits after", "Small"]
    assert titles(plan.unplanned) == ["Too long now"]
    assert plan.workload.planned_minutes == 660
    assert plan.overload is None


def test_do_first_holds_at_most_the_priorities_per_day() -> None:
    tasks = [task(f"Task {i}", priority=3 - i % 4, estimate_minutes=20) for i in range(10)]
    for per_day in (1, 3, 5):
        plan = plan_today(snapshot(tasks=tasks, rules=Rules(priorities_per_day=per_day)))
        assert plan.start_with is not None
        assert 1 + len(plan.do_first) == per_day
        top = plan.start_with.scored.task.title
        assert titles(plan.planned)[:per_day] == [top, *titles(plan.do_first)]


def test_do_next_stays_within_the_focus_budget_and_the_rest_is_if_there_is_time() -> None:
    tasks = [task(f"Task {i:02d}", estimate_minutes=50) for i in range(12)]
    snap = snapshot(tasks=tasks, onboarding=Onboarding(available_time="2-4"))  # 240 min
    plan = plan_today(snap)
    assert plan.workload.focus_minutes == 240
    # 4 x 50 = 200 minutes fit the 240-minute budget: Start with + 2 in Do first, 1 in Do next;
    # the other 8 still fit the 660 free minutes: If there's time.
    assert plan.recommendations == ()
    assert (len(plan.do_first), len(plan.do_next), len(plan.if_time)) == (2, 1, 8)
    assert titles(plan.if_time) == [f"Task {i:02d}" for i in range(4, 12)]
    assert plan.unplanned == ()


def test_unplanned_tasks_are_counted_and_the_first_ones_listed() -> None:
    tasks = [task(f"Task {i:03d}", estimate_minutes=120) for i in range(100)]
    plan = plan_today(snapshot(tasks=tasks, onboarding=Onboarding(guidance="lists")))
    assert len(plan.planned) == 5  # 5 x 120 of 660 free minutes
    assert plan.unplanned_count == 95
    assert titles(plan.unplanned) == [f"Task {i:03d}" for i in range(5, 5 + UNPLANNED_SHOWN)]
    assert plan.candidate_count == 100


def test_a_task_with_steps_is_planned_as_one_unit_with_its_next_step() -> None:
    """High priority, due tomorrow, 90 minutes, three steps: it is the Start with, as one unit,
    ahead of a task due in ten days, and names its first open step."""
    copy = task("Draft the product page copy", priority=3, due_date=TODAY + timedelta(days=1))
    copy = copy._replace(estimate_minutes=90)
    steps = [
        task("Call to action", parent_id=copy.id, position=2),
        task("Headline and subhead", parent_id=copy.id, position=0),
        task("Feature list", parent_id=copy.id, position=1),
    ]
    later = task("Renew the passport", due_date=TODAY + timedelta(days=10), estimate_minutes=30)
    plan = plan_today(snapshot(tasks=[later, *steps, copy]))
    assert plan.start_with is not None
    assert plan.start_with.scored.task.id == copy.id
    assert plan.start_with.text == (
        "Start with: Draft the product page copy — next: Headline and subhead. "
        "It's high priority and its deadline is tomorrow."
    )
    assert plan.steps[copy.id].title == "Headline and subhead"
    assert "Renew the passport" in titles(plan.task_cards())
    shown = set(titles(plan.task_cards()))
    assert not shown & {"Call to action", "Headline and subhead", "Feature list"}
    assert plan.workload.planned_minutes == 90 + 30


def test_a_unit_without_an_estimate_counts_its_steps_minutes() -> None:
    parent = task("Move flat")
    steps = [
        task("Book the van", parent_id="Move flat", estimate_minutes=20),
        task("Pack books", parent_id="Move flat", estimate_minutes=60),
        task("Label boxes", parent_id="Move flat"),  # the default 30
    ]
    plan = plan_today(snapshot(tasks=[parent, *steps]))
    assert titles(plan.planned) == ["Move flat"]
    assert plan.planned[0].task.estimate_minutes == 110
    assert plan.steps["Move flat"].title == "Book the van"  # same position: created first, id


def test_a_step_the_user_committed_to_stands_on_its_own() -> None:
    parent = task("Move flat", estimate_minutes=120)
    pinned = task("Book the van", parent_id="Move flat", pinned_on=TODAY, estimate_minutes=20)
    overdue = task("Cancel internet", parent_id="Move flat", due_date=TODAY - timedelta(days=1))
    rest = task("Pack books", parent_id="Move flat", position=3)
    plan = plan_today(snapshot(tasks=[parent, pinned, overdue, rest]))
    assert set(titles(plan.planned)) == {"Move flat", "Book the van", "Cancel internet"}
    assert plan.steps["Move flat"].title == "Pack books"


def test_steps_are_hidden_with_their_parent() -> None:
    parent = task("Move flat", snoozed_until=TODAY)
    steps = [task(f"Step {i}", parent_id="Move flat", estimate_minutes=30) for i in range(2)]
    plan = plan_today(snapshot(tasks=[parent, *steps]))
    assert plan.task_cards() == []
    assert plan.candidate_count == 0


def test_a_snoozed_step_is_not_the_next_step() -> None:
    parent = task("Move flat")
    first = task("Book the van", parent_id="Move flat", position=0, snoozed_until=TODAY)
    second = task("Pack books", parent_id="Move flat", position=1)
    plan = plan_today(snapshot(tasks=[parent, first, second]))
    assert plan.steps["Move flat"].title == "Pack books"


def test_the_same_task_never_appears_twice_on_the_page() -> None:
    for seed in SEEDS:
        snap = random_snapshot(random.Random(seed))
        plan = plan_today(snap)
        ids = [s.task.id for s in plan.task_cards()]
        assert len(ids) == len(set(ids)), seed
        considered = {t.id for t in candidates(snap)}
        assert set(ids) <= considered, seed
        unlisted = plan.unplanned_count - len(plan.unplanned)
        assert len(ids) + unlisted == plan.candidate_count == len(considered), seed
        assert (plan.start_with is None) == (plan.first_step is not None), seed
        assert len(plan.do_first) + (1 if plan.start_with else 0) <= snap.rules.priorities_per_day
        assert plan.workload.planned_minutes == sum(snap.estimate(s.task) for s in plan.planned)
        quick = [r for r in plan.recommendations if r.kind == "quick_win"]
        for rec in quick:
            assert rec.scored is not None
            assert rec.scored.task.estimate_minutes is not None
            assert rec.scored.task.estimate_minutes <= snap.rules.quick_win_minutes


def test_guidance_strong_still_plans_every_committed_task() -> None:
    tasks = [task(f"Planned {i}", do_on=TODAY, estimate_minutes=10) for i in range(9)]
    tasks += [task(f"Free {i}", estimate_minutes=10) for i in range(5)]
    plan = plan_today(snapshot(tasks=tasks, onboarding=Onboarding(guidance="strong")))
    assert sorted(titles(plan.planned)) == [f"Planned {i}" for i in range(9)]
    assert len(plan.do_next) <= 3


def test_guidance_strong_shows_fewer_choices() -> None:
    tasks = [task(f"Task {i:02d}", estimate_minutes=10 + i) for i in range(20)]
    idle_project = Project("p1", "Website")
    idle_goal = Goal("g1", "Run a half marathon")
    common = {"tasks": tasks, "projects": [idle_project], "goals": [idle_goal]}

    suggest = plan_today(snapshot(**common, onboarding=Onboarding(guidance="suggest")))
    strong = plan_today(snapshot(**common, onboarding=Onboarding(guidance="strong")))
    lists = plan_today(snapshot(**common, onboarding=Onboarding(guidance="lists")))

    assert [r.kind for r in suggest.recommendations] == [
        "quick_win",
        "project_next_step",
        "goal_first_step",
    ]
    assert len(strong.recommendations) == 1
    assert len(strong.do_next) <= 3
    assert len(strong.planned) <= 3 + 3
    assert len(strong.planned) < len(suggest.planned)
    assert lists.recommendations == ()
    assert titles(lists.planned) == titles(suggest.planned)
    assert lists.start_with == suggest.start_with


# --- Recommendations and attention -----------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "energy", "is_quick_win"),
    [
        (14, "low", True),
        (14, "", True),
        (15, "low", True),  # the threshold itself counts: "15 minutes or less"
        (16, "low", False),
        (14, "high", False),  # short but not low-effort
        (None, "low", False),  # unknown length is not known to be short
    ],
)
def test_a_quick_win_appears_only_at_or_under_the_threshold(
    minutes: int | None, energy: str, is_quick_win: bool
) -> None:
    top = task("Finish the report", priority=3, estimate_minutes=60)
    small = task("Water the plants", estimate_minutes=minutes, energy=energy)
    plan = plan_today(snapshot(tasks=[top, small], rules=Rules(quick_win_minutes=15)))

    quick = [r for r in plan.recommendations if r.kind == "quick_win"]
    if is_quick_win:
        assert len(quick) == 1
        assert quick[0].scored is not None
        assert quick[0].scored.task == small
        assert quick[0].text == (
            f"It takes {minutes} min and little energy: an easy way to get going."
        )
    else:
        assert quick == []


def test_a_quick_win_never_repeats_a_task_shown_above() -> None:
    only = task("Water the plants", estimate_minutes=5, energy="low")
    plan = plan_today(snapshot(tasks=[only]))
    assert plan.start_with is not None
    assert plan.start_with.scored.task == only
    assert [r.kind for r in plan.recommendations] == []


def test_projects_and_goals_without_work_get_a_recommendation() -> None:
    idle = Project("p1", "Website redesign", deadline=TODAY + timedelta(days=10))
    idle_later = Project("p2", "Garden shed")
    busy = Project("p3", "Tax return")
    on_hold = Project("p4", "Novel", status="on_hold")
    goal = Goal("g1", "Run a half marathon")
    served = Goal("g2", "Launch v2")
    tasks = [task("Gather receipts", project_id="p3"), task("Ship", goal_id="g2")]
    plan = plan_today(
        snapshot(tasks=tasks, projects=[idle_later, idle, busy, on_hold], goals=[goal, served])
    )
    cards = {r.kind: r for r in plan.recommendations}
    assert cards["project_next_step"].project == idle
    assert cards["project_next_step"].text == (
        "Website redesign has no next step. Add one so it keeps moving."
    )
    assert cards["goal_first_step"].goal == goal
    assert cards["goal_first_step"].text == (
        "Run a half marathon has nothing linked to it yet. Add a first step."
    )
    # Attention names the other idle project, not the one already on a card.
    stuck = [a for a in plan.attention if a.kind == "stuck_project"]
    assert [a.ids for a in stuck] == [("p2",)]
    assert stuck[0].text == "Garden shed has no open task."


def test_attention_lists_overdue_stuck_projects_goals_and_the_capture_backlog() -> None:
    old = at(8) - timedelta(days=20)
    stale = Project("p1", "Tax return", open_task_count=2, created_at=old)
    fresh = Project("p2", "Holiday", open_task_count=1, created_at=at(8) - timedelta(days=2))
    moving = Project(
        "p3",
        "Kitchen",
        open_task_count=1,
        created_at=old,
        last_completed_at=at(8) - timedelta(days=3),
    )
    slow = Project(
        "p4",
        "Garden",
        open_task_count=1,
        created_at=old,
        last_completed_at=at(8) - timedelta(days=9),
    )
    quiet_goal = Goal("g1", "Learn Spanish", linked_open_tasks=2, last_activity_at=old)
    late = [
        task("Pay rent", due_date=TODAY - timedelta(days=1)),
        task("Call bank", due_date=TODAY, due_time=time(7)),
    ]
    snap = snapshot(
        tasks=late,
        projects=[stale, fresh, moving, slow],
        goals=[quiet_goal],
        capture=CaptureBacklog(count=4, oldest_days=3),
        onboarding=Onboarding(guidance="lists"),
    )
    items = plan_today(snap).attention
    assert [(a.kind, a.text) for a in items] == [
        ("overdue", "2 tasks are overdue."),
        ("stuck_project", "Nothing in Tax return has been completed yet."),
        ("stuck_project", "Nothing in Garden was completed for 9 days."),
        ("goal_no_work", "Nothing has moved toward Learn Spanish for 20 days."),
        ("capture_backlog", "4 items wait in your inbox; the oldest is 3 days old."),
    ]


@pytest.mark.parametrize(
    ("count", "oldest", "shown"),
    [(9, 2, False), (10, 0, True), (1, 3, True), (0, 9, False)],
)
def test_the_capture_backlog_shows_from_either_threshold(
    count: int, oldest: int, shown: bool
) -> None:
    snap = snapshot(capture=CaptureBacklog(count=count, oldest_days=oldest))
    kinds = [a.kind for a in plan_today(snap).attention]
    assert ("capture_backlog" in kinds) is shown


def test_decisions_waiting_come_after_goals_and_before_the_capture_backlog() -> None:
    old = TODAY - timedelta(days=30)
    decisions = [
        Decision("d2", "Move to Lisbon", "revisit_due", TODAY - timedelta(days=1)),
        Decision("d3", "Which bank?", "past_deadline", TODAY - timedelta(days=1)),
        Decision("d1", "Which laptop?", "past_deadline", TODAY - timedelta(days=3)),
        Decision("d4", "Sell the car", "revisit_due", TODAY),
    ]
    snap = snapshot(
        goals=[Goal("g1", "Learn Spanish", linked_open_tasks=1, last_activity_at=at(8, day=old))],
        capture=CaptureBacklog(count=12),
        decisions=decisions,
    )
    items = plan_today(snap).attention
    assert [(a.kind, a.ids) for a in items] == [
        ("goal_no_work", ("g1",)),
        ("decision_overdue", ("d1",)),  # the longest waiting first
        ("decision_revisit", ("d2",)),  # same day: by title
        ("decision_overdue", ("d3",)),
        ("decision_revisit", ("d4",)),
        ("capture_backlog", ()),
    ]
    assert [a.text for a in items if a.kind.startswith("decision")] == [
        "Decide: Which laptop? — the deadline was 3 days ago.",
        "Time to revisit: Move to Lisbon — what actually happened?",
        "Decide: Which bank? — the deadline was yesterday.",
        "Time to revisit: Sell the car — what actually happened?",
    ]


def test_the_order_of_decisions_does_not_depend_on_the_input_order() -> None:
    decisions = [
        Decision(f"d{i}", f"Question {i % 3}", "past_deadline", TODAY - timedelta(days=1 + i % 2))
        for i in range(6)
    ]
    first = plan_today(snapshot(decisions=decisions)).attention
    again = plan_today(snapshot(decisions=list(reversed(decisions)))).attention
    assert first == again and len(first) == 6


@pytest.mark.parametrize(
    ("days", "said"),
    [(1, "yesterday"), (2, "2 days ago"), (20, "20 days ago"), (30, "4 weeks ago")],
)
def test_a_decision_past_its_deadline_says_how_long_ago(days: int, said: str) -> None:
    late = Decision("d", "Which laptop?", "past_deadline", TODAY - timedelta(days=days))
    (item,) = plan_today(snapshot(decisions=[late])).attention
    assert item.text == f"Decide: Which laptop? — the deadline was {said}."


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision("d", "Q", "past_deadline", TODAY), "decisions[0]: its deadline 2026-03-10 is"),
        (
            Decision("d", "Q", "revisit_due", TODAY + timedelta(days=1)),
            "decisions[0]: its revisit date 2026-03-11 is after 2026-03-10",
        ),
    ],
)
def test_a_decision_not_waiting_today_is_refused(decision: Decision, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        snapshot(decisions=[decision])


def test_a_decision_of_an_unknown_kind_or_named_twice_is_refused() -> None:
    with pytest.raises(ValueError, match="kind must be past_deadline or revisit_due"):
        Decision("d", "Q", "overdue", TODAY)
    twice = Decision("d", "Q", "revisit_due", TODAY)
    with pytest.raises(ValueError, match="decision ids must be unique"):
        snapshot(decisions=[twice, twice])


# --- Free time --------------------------------------------------------------------------------


def test_all_day_events_do_not_reduce_free_time() -> None:
    birthday = Event("Mum's birthday", at(0), at(0, day=TODAY + timedelta(days=1)), all_day=True)
    standup = Event("Stand-up", at(10), at(10, 30))
    assert free_minutes(snapshot()) == 660
    assert free_minutes(snapshot(events=[birthday])) == 660
    assert free_minutes(snapshot(events=[birthday, standup])) == 630


@pytest.mark.parametrize(
    ("tz", "day", "start", "end", "minutes"),
    [
        ("Europe/Berlin", date(2026, 3, 29), time(0), time(0), 23 * 60),
        ("Europe/Berlin", date(2026, 3, 29), time(9), time(20), 11 * 60),
        ("Europe/Berlin", date(2026, 3, 29), time(1), time(4), 2 * 60),  # 02:00-03:00 is skipped
        ("Europe/Berlin", date(2026, 10, 25), time(0), time(0), 25 * 60),
        ("America/New_York", date(2026, 11, 1), time(0), time(0), 25 * 60),
        ("America/New_York", date(2026, 11, 1), time(9), time(20), 11 * 60),
        ("America/New_York", date(2026, 3, 8), time(0), time(0), 23 * 60),
        ("Europe/Berlin", date(2026, 3, 10), time(0), time(0), 24 * 60),
    ],
)
def test_a_dst_day_has_the_right_number_of_minutes(
    tz: str, day: date, start: time, end: time, minutes: int
) -> None:
    zone = ZoneInfo(tz)
    snap = snapshot(
        tz=tz,
        now=datetime.combine(day, time(0), tzinfo=zone),
        rules=Rules(workday_start=start, workday_end=end),
    )
    assert free_minutes(snap) == minutes


def test_a_dst_day_counts_events_by_their_real_length() -> None:
    zone = ZoneInfo("Europe/Berlin")
    day = date(2026, 3, 29)
    # 01:00-04:00 wall clock is 2 real hours on this day.
    night = Event(
        "Night shift", datetime(2026, 3, 29, 1, tzinfo=zone), datetime(2026, 3, 29, 4, tzinfo=zone)
    )
    snap = snapshot(
        tz="Europe/Berlin",
        now=datetime.combine(day, time(0), tzinfo=zone),
        rules=Rules(workday_start=time(0), workday_end=time(0)),
        events=[night],
    )
    assert free_minutes(snap) == 23 * 60 - 120


def test_free_time_counts_from_now_once_the_day_has_started() -> None:
    assert free_minutes(snapshot(now=at(7))) == 660
    assert free_minutes(snapshot(now=at(14))) == 360
    assert free_minutes(snapshot(now=at(14, 0).replace(second=30))) == 359  # the next whole minute
    assert free_minutes(snapshot(now=at(20))) == 0
    assert free_minutes(snapshot(now=at(23))) == 0
    meeting_so_far = Event("Workshop", at(13), at(15))
    assert free_minutes(snapshot(now=at(14), events=[meeting_so_far])) == 300


def test_overlapping_events_and_timed_routines_are_counted_once() -> None:
    events = [Event("Review", at(10), at(11)), Event("Call", at(10, 30), at(11, 30))]
    routines = [
        Routine("r1", "Walk", exact_time=time(11), estimate_minutes=60),
        Routine("r2", "Stretch", exact_time=time(15)),  # 15 minutes by default
        Routine("r3", "Read", exact_time=time(16), estimate_minutes=30, done_today=True),
        Routine("r4", "Journal", time_of_day="evening", estimate_minutes=30),  # untimed
    ]
    assert free_minutes(snapshot(events=events, routines=routines)) == 660 - 120 - 15


def test_events_outside_the_window_are_clipped() -> None:
    early = Event("Breakfast meeting", at(8), at(9, 30))
    late = Event("Dinner", at(19), at(22))
    assert free_minutes(snapshot(events=[early, late])) == 660 - 30 - 60


# --- Workload, overload, Simplify --------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "overloaded"), [(15, False), (16, True), (0, False), (-10, False)]
)
def test_overload_appears_at_16_minutes_over_not_at_15(over: int, overloaded: bool) -> None:
    events = [Event("Planning", at(9), at(14)), Event("Offsite", at(14), at(18, 30))]
    free = 660 - 300 - 270  # 90 minutes
    tasks = [
        task("Report", pinned_on=TODAY, estimate_minutes=60),
        task("Slides", pinned_on=TODAY, estimate_minutes=free - 60 + over),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events))
    assert plan.free_minutes == free
    assert plan.workload.planned_minutes == free + over
    if overloaded:
        assert plan.overload is not None
        assert plan.overload.text == "1 h 46 min planned, 1 h 30 min free"
        assert plan.overload.events == (("Planning", 300), ("Offsite", 270))
        assert (
            plan.overload.detail
            == "Your biggest events today: Planning (5 h) and Offsite (4 h 30 min)."
        )
        assert plan.simplify is not None
    else:
        assert plan.overload is None
        assert plan.simplify is None


def test_the_overload_card_reads_hours_planned_and_free() -> None:
    events = [Event("Workshop", at(9), at(18))]  # leaves 120 free minutes
    tasks = [task(f"Task {i}", do_on=TODAY, estimate_minutes=60) for i in range(5)]
    plan = plan_today(snapshot(tasks=tasks, events=events))
    assert plan.overload is not None
    assert plan.overload.text == "5 h planned, 2 h free"
    assert plan.overload.detail == "Your biggest event today: Workshop (9 h)."


def test_the_overload_card_is_true_at_any_hour_of_a_day_of_meetings() -> None:
    # Eight hours of meetings, 09:00-17:00 in a 09:00-20:00 day; four hours of work promised.
    events = [Event("Workshop", at(9), at(13)), Event("Reviews", at(13), at(17))]
    tasks = [task(f"Task {i}", do_on=TODAY, estimate_minutes=60) for i in range(4)]

    def detail(hour: int, minute: int = 0) -> str:
        plan = plan_today(snapshot(tasks=tasks, events=events, now=at(hour, minute)))
        assert plan.overload is not None, hour
        return plan.overload.detail

    assert detail(8) == "Your biggest events today: Workshop (4 h) and Reviews (4 h)."
    # Half-way through the afternoon meeting, only what is left of it counts.
    assert detail(15) == "Your biggest event still ahead: Reviews (2 h)."
    assert detail(18, 30) == ("No more meetings today: the tasks alone don't fit the time left.")
    quiet = plan_today(snapshot(tasks=tasks, now=at(18, 30)))
    assert quiet.overload is not None
    assert quiet.overload.detail == "No meetings today: the tasks alone don't fit."


def test_the_gaps_are_filled_with_what_is_worth_most_and_the_start_with_stays() -> None:
    # Three free hours. In rank order: a 30-minute task, a 2-hour one, two 1-hour ones. Filling
    # in rank order took the 2-hour task and left the two 1-hour tasks (worth more together)
    # out; now the room after the Start with goes to the best set.
    tasks = [
        task("Start", priority=3, due_date=TODAY + timedelta(days=1), estimate_minutes=30),
        task("Long", priority=3, estimate_minutes=120),
        task("Short A", priority=2, estimate_minutes=60),
        task("Short B", priority=2, estimate_minutes=60),
    ]
    rules = Rules(workday_start=time(9), workday_end=time(12))
    plan = plan_today(snapshot(tasks=tasks, rules=rules))
    assert plan.free_minutes == 180
    assert plan.start_with is not None and plan.start_with.scored.task.title == "Start"
    assert titles(plan.planned) == ["Start", "Short A", "Short B"]
    assert [s.task.title for s in plan.unplanned] == ["Long"]
    scores = {s.task.title: s.score for s in plan.planned}
    assert scores["Short A"] + scores["Short B"] > plan.unplanned[0].score


def test_the_focus_budget_is_shown_with_where_it_comes_from() -> None:
    tasks = [task(f"Task {i}", estimate_minutes=60) for i in range(8)]
    short = plan_today(snapshot(tasks=tasks, onboarding=Onboarding(available_time="1-2")))
    assert short.workload.focus_minutes == 120
    assert short.workload.focus_text == (
        "2 h focus budget (the time you said you have for focused work; change it in your "
        "preferences)"
    )
    focused = [*short.do_first, *short.do_next]
    if short.start_with is not None:
        focused.append(short.start_with.scored)
    assert sum(s.task.estimate_minutes or 0 for s in focused) <= 120  # the numbers add up
    assert short.if_time
    free = plan_today(snapshot(tasks=tasks, onboarding=Onboarding(available_time="gt6")))
    assert free.workload.focus_text == "11 h focus budget (all your free time)"


def test_a_day_off_leaves_work_out_unless_it_is_due_or_planned_for_it() -> None:
    saturday = TODAY + timedelta(days=4)
    areas = [Area("work", "Work", is_work=True), Area("home", "Home")]
    projects = [Project("launch", "Launch", area_id="work")]
    goals = [Goal("promotion", "Promotion", area_id="work")]
    tasks = [
        task("Answer emails", area_id="work"),
        task("Fix the launch page", project_id="launch"),
        task("Prepare the talk", goal_id="promotion"),
        task("Send the contract", area_id="work", due_date=saturday),
        task("Read the report", area_id="work", do_on=saturday),
        task("Water the plants", area_id="home"),
        task("Call grandma"),
    ]
    day = {"tasks": tasks, "areas": areas, "projects": projects, "goals": goals}
    off = plan_today(snapshot(now=at(10, day=saturday), **day))
    assert off.day_off
    shown = {s.task.title for s in off.task_cards()}
    assert shown == {"Send the contract", "Read the report", "Water the plants", "Call grandma"}
    monday = plan_today(snapshot(now=at(10, day=saturday + timedelta(days=2)), **day))
    assert not monday.day_off and monday.candidate_count == len(tasks)
    weekend_worker = Rules(work_days=(0, 1, 2, 3, 4, 5))
    assert not plan_today(snapshot(now=at(10, day=saturday), rules=weekend_worker, **day)).day_off


def test_simplify_my_day_moves_the_lowest_scored_tasks_until_it_fits() -> None:
    events = [Event("Workshop", at(9), at(17))]  # 180 free minutes
    tasks = [
        task("Pinned", pinned_on=TODAY, estimate_minutes=60),
        task("Due today", due_date=TODAY, priority=3, estimate_minutes=60),
        task("Planned high", do_on=TODAY, priority=3, estimate_minutes=60),
        task("Planned medium", do_on=TODAY, priority=2, estimate_minutes=60),
        task("Planned low", do_on=TODAY, priority=1, estimate_minutes=45),
        task("Planned none", do_on=TODAY, estimate_minutes=30),
    ]
    snap = snapshot(tasks=tasks, events=events)  # Tuesday
    plan = plan_today(snap)
    assert plan.workload.planned_minutes == 315
    assert plan.simplify is not None
    moved = [m.scored.task.title for m in plan.simplify.moves]
    assert moved == ["Planned none", "Planned low", "Planned medium"]
    scores = [m.scored.score for m in plan.simplify.moves]
    assert scores == sorted(scores)
    can_leave = [s for s in plan.planned if s.task.due_date is None and s.task.title not in moved]
    assert max(scores) <= min(s.score for s in can_leave)
    assert plan.simplify.planned_minutes == 180 <= plan.simplify.free_minutes
    assert {m.to for m in plan.simplify.moves} == {TODAY + timedelta(days=1)}
    assert plan.simplify.moves[0].reason == "You planned it for today, but today is full."
    assert plan.simplify.text == "Move 3 tasks to tomorrow: 3 h planned, 3 h free."


def test_simplify_never_offers_a_task_that_cannot_leave_today_and_says_when_that_is_not_enough():
    events = [Event("Workshop", at(9), at(18))]  # 120 free minutes
    tasks = [
        task("Due today", due_date=TODAY, estimate_minutes=150),
        task("Late", due_date=TODAY - timedelta(days=2), estimate_minutes=60),
        task("Planned", do_on=TODAY, estimate_minutes=60),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events))
    assert plan.simplify is not None
    assert [m.scored.task.title for m in plan.simplify.moves] == ["Planned"]
    assert plan.simplify.text == (
        "Move 1 task to tomorrow: 2 h 30 min planned, 2 h free. "
        "That is all that can move: the rest is due today or late."
    )
    only_due = [t for t in tasks if t.title != "Planned"]
    stuck = plan_today(snapshot(tasks=only_due, events=events))
    assert stuck.overload is not None and stuck.simplify is None  # nothing to offer


def test_the_users_commitments_for_today_take_do_first_and_say_so():
    tasks = [
        task("Undated high", priority=3, estimate_minutes=30),
        task("Undated high too", priority=3, estimate_minutes=30),
        task("Promised", do_on=TODAY, estimate_minutes=30),
        task("Promised yesterday", do_on=TODAY - timedelta(days=1), estimate_minutes=30),
    ]
    snap = snapshot(tasks=tasks, rules=Rules(priorities_per_day=2))
    plan = plan_today(snap)
    assert plan.start_with is not None
    first = [plan.start_with.scored, *plan.do_first]
    assert sorted(s.task.title for s in first) == ["Promised", "Promised yesterday"]
    assert "you planned it for today" in plan.start_with.text
    assert [s.task.title for s in plan.do_next][:2] == ["Undated high", "Undated high too"]


def test_a_weak_attribute_is_never_a_reason_to_start():
    plan = plan_today(snapshot(tasks=[task("Tidy the shelf", priority=1, estimate_minutes=20)]))
    assert plan.start_with is not None
    assert "low priority" not in plan.start_with.text
    assert all(r.text != "it's low priority" for r in plan.start_with.scored.strongest(5))
    assert any("low priority" in r.text for r in plan.start_with.scored.reasons)  # still scored


def test_simplify_moves_to_the_next_work_day() -> None:
    friday = date(2026, 3, 13)
    assert next_work_day(friday, (0, 1, 2, 3, 4)) == date(2026, 3, 16)
    assert next_work_day(friday, (5,)) == date(2026, 3, 14)
    assert next_work_day(friday, ()) == date(2026, 3, 14)
    tasks = [
        task("A", do_on=friday, estimate_minutes=600),
        task("B", do_on=friday, estimate_minutes=600),
    ]
    plan = plan_today(snapshot(tasks=tasks, now=at(8, day=friday)))
    assert plan.simplify is not None
    assert [m.to for m in plan.simplify.moves] == [date(2026, 3, 16)]
    assert plan.simplify.text.startswith("Move 1 task to Monday:")


# --- Timeline ---------------------------------------------------------------------------------


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def test_the_timeline_never_overlaps_events_and_stays_inside_the_window() -> None:
    for seed in SEEDS:
        snap = random_snapshot(random.Random(seed))
        plan = plan_today(snap)
        day = day_of(snap)
        busy = [b for b in plan.timeline if b.kind != "task"]
        tasks = [b for b in plan.timeline if b.kind == "task"]
        for block in plan.timeline:
            assert _utc(day.start) <= _utc(block.start) < _utc(block.end) <= _utc(day.window_end), (
                seed
            )
        for block in tasks:
            for other in busy:
                assert _utc(block.end) <= _utc(other.start) or _utc(other.end) <= _utc(
                    block.start
                ), seed
        for i, block in enumerate(tasks):
            for other in tasks[i + 1 :]:
                assert _utc(block.end) <= _utc(other.start) or _utc(other.end) <= _utc(
                    block.start
                ), seed
        placed: dict[object, int] = {}
        for block in tasks:
            placed[block.ref] = placed.get(block.ref, 0) + block.minutes
        for scored in plan.planned:
            if scored.task.id not in plan.unplaced:
                assert placed[scored.task.id] == snap.estimate(scored.task), seed
        if plan.workload.planned_minutes <= plan.free_minutes:
            assert plan.unplaced == (), seed


def test_the_timeline_starts_now_once_the_day_has_begun() -> None:
    snap = snapshot(tasks=[task("Email", estimate_minutes=30)], now=at(14, 10))
    blocks = plan_today(snap).timeline
    assert [(b.start.strftime("%H:%M"), b.end.strftime("%H:%M")) for b in blocks] == [
        ("14:10", "14:40")
    ]


def test_an_overloaded_day_lists_what_the_timeline_cannot_hold() -> None:
    events = [Event("Workshop", at(9), at(19))]  # 60 free minutes
    tasks = [
        task("A", do_on=TODAY, estimate_minutes=45),
        task("B", do_on=TODAY, estimate_minutes=45),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events))
    assert plan.overload is not None
    assert len(plan.unplaced) == 1
    placed = {b.ref for b in plan.timeline if b.kind == "task"}
    assert placed | set(plan.unplaced) == {"A", "B"}


def test_the_timeline_places_tasks_around_a_meeting() -> None:
    meeting = Event("Team meeting", at(10), at(11))
    tasks = [
        task("Deep work", priority=3, estimate_minutes=90),
        task("Email", priority=2, estimate_minutes=30),
    ]
    snap = snapshot(tasks=tasks, events=[meeting], now=at(9))
    plan = plan_today(snap)
    blocks = [
        (b.start.strftime("%H:%M"), b.end.strftime("%H:%M"), b.kind, b.title) for b in plan.timeline
    ]
    assert blocks == [
        ("09:00", "09:30", "task", "Email"),
        ("10:00", "11:00", "event", "Team meeting"),
        ("11:00", "12:30", "task", "Deep work"),
    ]
    assert all(b.start.tzinfo == ZONE for b in plan.timeline)


def test_the_timeline_counts_real_minutes_on_a_dst_day() -> None:
    zone = ZoneInfo("Europe/Berlin")
    day = date(2026, 3, 29)  # 02:00 becomes 03:00
    snap = snapshot(
        tz="Europe/Berlin",
        now=datetime.combine(day, time(0), tzinfo=zone),
        rules=Rules(workday_start=time(0), workday_end=time(0)),
        tasks=[task(f"Task {i}", estimate_minutes=60) for i in range(3)],
    )
    blocks = [b for b in plan_today(snap).timeline if b.kind == "task"]
    assert [(b.start.strftime("%H:%M"), b.end.strftime("%H:%M")) for b in blocks] == [
        ("00:00", "01:00"),
        ("01:00", "03:00"),  # one real hour
        ("03:00", "04:00"),
    ]
    assert all(_utc(b.end) - _utc(b.start) == timedelta(hours=1) for b in blocks)


def test_a_task_longer_than_any_gap_is_split_around_what_is_in_the_way() -> None:
    events = [Event("A", at(10), at(11)), Event("B", at(12), at(20))]
    snap = snapshot(
        tasks=[task("Long", pinned_on=TODAY, estimate_minutes=90)], events=events, now=at(9)
    )
    parts = [b for b in plan_today(snap).timeline if b.kind == "task"]
    assert [(b.start.hour, b.minutes, b.part, b.parts) for b in parts] == [
        (9, 60, 1, 2),
        (11, 30, 2, 2),
    ]


# --- Purity -----------------------------------------------------------------------------------


def test_snapshot_rejects_naive_datetimes_and_unknown_zones() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        snapshot(now=datetime(2026, 3, 10, 8))  # noqa: DTZ001 - the point of the test
    with pytest.raises(ValueError, match="time zone"):
        snapshot(tz="Mars/Olympus")
    with pytest.raises(ValueError, match="priority"):
        snapshot(tasks=[task("x", priority=4)])
    with pytest.raises(ValueError, match="unique"):
        snapshot(tasks=[task("x"), task("x")])
    with pytest.raises(ValueError, match="energy"):
        snapshot(tasks=[task("x", energy="huge")])
    with pytest.raises(ValueError, match="negative"):
        snapshot(tasks=[task("x", estimate_minutes=30), task("y", estimate_minutes=-5)])
    with pytest.raises(ValueError, match="created_at must be timezone-aware"):
        snapshot(tasks=[task("x", created_at=datetime(2026, 3, 1))])  # noqa: DTZ001
    snapshot(tasks=[task("x", estimate_minutes=0, created_at=None)])  # both mean "not set"


def test_now_is_read_in_the_users_zone() -> None:
    late_utc = datetime(2026, 3, 10, 23, 30, tzinfo=UTC)  # already the 11th in Berlin
    snap = snapshot(now=late_utc, tz=TZ)
    assert snap.today == date(2026, 3, 11)
    assert snap.now.tzinfo == ZONE


def test_the_timeline_begins_with_the_start_with_and_follows_the_plan() -> None:
    """The Start with begins at the first free minute (split around the stand-up, as it is not
    deep work); the rest follow in plan order, each whole in the earliest gap that holds it."""
    events = [Event("Stand-up", at(9, 30), at(10)), Event("Team sync", at(14), at(15))]
    tasks = [
        task("Write the report", priority=3, estimate_minutes=60),
        task("Answer Ana", priority=2, estimate_minutes=20),
        task("Plan the week", priority=1, estimate_minutes=45),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9)))
    assert plan.start_with is not None and plan.start_with.scored.task.title == "Write the report"
    blocks = [
        (b.start.strftime("%H:%M"), b.title, b.part) for b in plan.timeline if b.kind == "task"
    ]
    assert blocks == [
        ("09:00", "Write the report", 1),
        ("10:00", "Write the report", 2),
        ("10:30", "Answer Ana", 1),
        ("10:50", "Plan the week", 1),
    ]
    assert plan.notes == {}  # nothing ranked above them was left out


def test_a_task_that_fills_a_gap_says_which_gap_it_fits() -> None:
    """Two hours left: the 90-minute Start with, then the 30 minutes before the meeting go to a
    task further down, because the one-hour task above it does not fit."""
    events = [Event("Team sync", at(14), at(20))]
    tasks = [
        task("Write the report", priority=3, estimate_minutes=90),
        task("Review the budget", priority=2, estimate_minutes=60),
        task("Answer Ana", priority=1, estimate_minutes=30),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(12)))
    assert titles(plan.planned) == ["Write the report", "Answer Ana"]
    assert plan.notes == {"Answer Ana": "it fits the 30 min before Team sync at 14:00"}


def test_deep_work_is_never_split_between_meetings() -> None:
    """A day of 30-minute slivers: the two-hour writing task is not cut into pieces; it is named
    on the no-block card with the day it can move to, and the slivers hold what fits them."""
    events = [Event(f"Meeting {h}", at(h, 30), at(h + 1)) for h in range(9, 20)]
    tasks = [
        task("Write the essay", priority=3, estimate_minutes=120),
        task("Reply to Sam", priority=1, estimate_minutes=25),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9)))
    assert titles(plan.planned) == ["Reply to Sam"]
    assert all(b.parts == 1 for b in plan.timeline)
    assert plan.no_block is not None
    assert titles(plan.no_block.tasks) == ["Write the essay"]
    assert plan.no_block.longest_minutes == 30
    assert plan.no_block.move_to == TODAY + timedelta(days=1)
    assert plan.no_block.text == (
        "No free block today is long enough for Write the essay (2 h): the longest is 30 min."
    )


def test_a_task_marked_deep_work_needs_one_block_whatever_its_length() -> None:
    events = [Event("Lunch", at(10), at(10, 30)), Event("Review", at(11), at(20))]
    tasks = [task("Sketch the design", estimate_minutes=45, deep_work=True)]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9, 30)))
    assert plan.planned == ()  # two free half hours, no 45-minute block
    assert plan.no_block is not None
    unmarked = plan_today(
        snapshot(tasks=[tasks[0]._replace(deep_work=False)], events=events, now=at(9, 30))
    )
    assert [b.parts for b in unmarked.timeline if b.kind == "task"] == [2, 2]


def test_the_deep_work_threshold_is_the_users_setting() -> None:
    events = [Event("Lunch", at(10), at(10, 30)), Event("Review", at(11), at(20))]
    tasks = [task("Plan the quarter", estimate_minutes=50)]
    default = plan_today(snapshot(tasks=tasks, events=events, now=at(9, 30)))
    assert titles(default.planned) == ["Plan the quarter"]  # 50 min is not over 60: split
    strict = plan_today(
        snapshot(tasks=tasks, events=events, now=at(9, 30), rules=Rules(deep_work_minutes=45))
    )
    assert strict.planned == ()
    assert strict.no_block is not None


def test_deep_work_gets_the_block_that_holds_it() -> None:
    """Shorter tasks do not take the only long gap from a deep task further down the plan."""
    events = [Event("Stand-up", at(10), at(10, 15)), Event("Offsite", at(12), at(20))]
    tasks = [
        task("Answer Ana", priority=3, estimate_minutes=30),
        task("Write the essay", priority=2, estimate_minutes=100),
    ]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9)))
    blocks = [(b.start.strftime("%H:%M"), b.title) for b in plan.timeline if b.kind == "task"]
    assert blocks == [("09:00", "Answer Ana"), ("10:15", "Write the essay")]


def test_committed_deep_work_stays_in_the_plan_and_is_named() -> None:
    events = [Event(f"Meeting {h}", at(h, 30), at(h + 1)) for h in range(9, 20)]
    tasks = [task("Write the essay", estimate_minutes=90, do_on=TODAY)]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9)))
    assert titles(plan.planned) == ["Write the essay"]
    assert plan.no_block is not None and titles(plan.no_block.tasks) == ["Write the essay"]


def test_deep_work_never_splits_and_the_plan_fits_the_timeline() -> None:
    for seed in SEEDS:
        snap = random_snapshot(random.Random(seed))
        plan = plan_today(snap)
        limit = snap.rules.deep_work_minutes
        for block in plan.timeline:
            if block.kind == "task" and block.parts > 1:
                item = next(s for s in plan.planned if s.task.id == block.ref)
                deep = item.task.deep_work or snap.estimate(item.task) > limit
                assert not deep or plan.no_block is not None, seed
        # The timeline begins with the Start with; within each free gap, tasks follow the plan.
        first = plan.start_with.scored.task if plan.start_with else None
        start = first.id if first else None
        tasks = [b for b in plan.timeline if b.kind == "task"]
        if first is not None and start in {b.ref for b in tasks}:
            deep = first.deep_work or snap.estimate(first) > snap.rules.deep_work_minutes
            assert tasks[0].ref == start or deep, seed
        ranked = sorted(plan.planned, key=lambda s: s.task.id != start)
        order = {s.task.id: i for i, s in enumerate(ranked)}
        gaps = day_of(snap).gaps
        for begins, ends in gaps:
            inside = [
                order[b.ref]
                for b in plan.timeline
                if b.kind == "task" and _utc(begins) <= _utc(b.start) < _utc(ends)
            ]
            assert inside == sorted(inside), seed


def test_work_longer_than_the_whole_free_time_is_the_overload_cards_not_no_blocks() -> None:
    events = [Event("Workshop", at(9), at(18))]  # 120 free minutes
    tasks = [task("Finish the tax return", due_date=TODAY, estimate_minutes=240)]
    plan = plan_today(snapshot(tasks=tasks, events=events, now=at(9)))
    assert plan.overload is not None
    assert plan.no_block is None
