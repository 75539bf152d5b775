"""The scoring reasons: each kind's weight sign and the exact words the user reads."""

from __future__ import annotations

from datetime import time, timedelta

import pytest

from minime.today.engine import Area, Event, Goal, Project, Reason, Task, score, texts

from .factories import TODAY, at, snapshot, task


def reasons_of(t: Task, **fields: object) -> dict[str, Reason]:
    snap = snapshot(tasks=[t], **fields)
    found = score(t, snap).reasons
    assert len({r.kind for r in found}) == len(found), "one reason per kind"
    return {r.kind: r for r in found}


def test_score_is_the_sum_of_the_reasons() -> None:
    t = task("x", priority=3, due_date=TODAY, energy="high", estimate_minutes=20)
    scored = score(t, snapshot(tasks=[t]))
    assert scored.score == pytest.approx(sum(r.weight for r in scored.reasons))
    assert [r.kind for r in scored.reasons] == ["deadline", "priority", "energy", "fits"]
    weights = [r.weight for r in scored.by_strength()]
    assert weights == sorted(weights, reverse=True)
    assert [r.kind for r in scored.strongest(2)] == ["deadline", "priority"]
    assert [r.kind for r in scored.strongest(9)] == ["deadline", "priority", "fits"]


@pytest.mark.parametrize(
    ("priority", "text"),
    [(3, "it's high priority"), (2, "it's medium priority"), (1, "it's low priority")],
)
def test_priority_reason(priority: int, text: str) -> None:
    assert reasons_of(task("x", priority=priority))["priority"].text == text


def test_no_priority_gives_no_priority_reason() -> None:
    assert "priority" not in reasons_of(task("x"))


@pytest.mark.parametrize(
    ("days", "kind", "text"),
    [
        (-9, "overdue", "it's 9 days overdue"),
        (-1, "overdue", "it was due yesterday"),
        (0, "deadline", "it's due today"),
        (1, "deadline", "its deadline is tomorrow"),
        (3, "deadline", "it's due on Friday"),  # TODAY is a Tuesday
        (9, "deadline", "it's due in 9 days"),
    ],
)
def test_deadline_and_overdue_reasons(days: int, kind: str, text: str) -> None:
    found = reasons_of(task("x", due_date=TODAY + timedelta(days=days)))
    assert found[kind].text == text


def test_deadlines_weigh_more_as_they_come_closer() -> None:
    weights = []
    for days in (-5, -1, 0, 1, 7, 14, 20):
        found = reasons_of(task("x", due_date=TODAY + timedelta(days=days)))
        weights.append(next(r.weight for r in found.values() if r.kind in ("overdue", "deadline")))
    assert weights == sorted(weights, reverse=True)
    assert "deadline" not in reasons_of(task("x", due_date=TODAY + timedelta(days=21)))


def test_a_due_time_today_that_has_passed_is_overdue() -> None:
    at_seven = reasons_of(task("x", due_date=TODAY, due_time=time(7)))  # now is 08:00
    assert at_seven["overdue"].text == "it was due at 07:00 today"
    at_five = reasons_of(task("x", due_date=TODAY, due_time=time(17)))
    assert at_five["deadline"].text == "it's due today at 17:00"


def test_a_projects_deadline_speaks_for_its_tasks_without_one() -> None:
    site = Project("p1", "Website", deadline=TODAY + timedelta(days=2), open_task_count=1)
    found = reasons_of(task("x", project_id="p1"), projects=[site])
    assert found["deadline"].text == "its project Website is due on Thursday"
    own = reasons_of(task("x", project_id="p1", due_date=TODAY), projects=[site])
    assert own["deadline"].text == "it's due today"


@pytest.mark.parametrize(
    ("today", "energy", "weight_sign", "text"),
    [
        ("low", "low", 1, "it suits your low energy today"),
        ("high", "high", 1, "it suits your high energy today"),
        ("low", "high", -1, "it needs more energy than you have today"),
        ("medium", "high", -1, "it needs more energy than you have today"),
    ],
)
def test_energy_fit_reason(today: str, energy: str, weight_sign: int, text: str) -> None:
    found = reasons_of(task("x", energy=energy), energy=today)
    assert found["energy"].text == text
    assert found["energy"].weight * weight_sign > 0


def test_a_task_needing_less_energy_than_today_has_no_energy_reason() -> None:
    assert "energy" not in reasons_of(task("x", energy="low"), energy="high")
    assert "energy" not in reasons_of(task("x"), energy="low")


def test_goal_reason_names_the_goal_and_a_near_target_adds_weight() -> None:
    far = Goal("g1", "Launch v2", target_date=TODAY + timedelta(days=200))
    near = Goal("g1", "Launch v2", target_date=TODAY + timedelta(days=10))
    far_reason = reasons_of(task("x", goal_id="g1"), goals=[far])["goal"]
    near_reason = reasons_of(task("x", goal_id="g1"), goals=[near])["goal"]
    assert far_reason.text == near_reason.text == "it moves your goal Launch v2 forward"
    assert near_reason.weight > far_reason.weight


def test_a_subtask_serves_its_parents_goal() -> None:
    goal = Goal("g1", "Launch v2")
    parent = task("Ship it", goal_id="g1")
    child = task("Write changelog", parent_id="Ship it")
    snap = snapshot(tasks=[parent, child], goals=[goal])
    assert "it moves your goal Launch v2 forward" in [r.text for r in score(child, snap).reasons]


def test_fits_the_time_left_reason() -> None:
    fits = reasons_of(task("x", estimate_minutes=60))
    assert fits["fits"].text == "it fits in the time you have left today"
    assert fits["fits"].weight > 0
    busy = [Event("Conference", at(9), at(19, 30))]  # 30 minutes left
    too_long = reasons_of(task("x", estimate_minutes=60), events=busy)
    assert too_long["fits"].text == "it won't fit in the time left today"
    assert too_long["fits"].weight < 0
    unestimated = reasons_of(task("x"), events=busy)  # counts as 30 minutes
    assert unestimated["fits"].weight > 0


@pytest.mark.parametrize(
    ("importance", "text", "sign"),
    [
        (5, "it's in Health, one of your most important areas", 1),
        (4, "it's in Health, an area that matters to you", 1),
        (2, "it's in Health, an area you ranked lower", -1),
        (1, "it's in Health, an area you ranked lower", -1),
    ],
)
def test_area_importance_reason(importance: int, text: str, sign: int) -> None:
    area = Area("a1", "Health", importance=importance, last_activity_at=at(7))
    found = reasons_of(task("x", area_id="a1"), areas=[area])
    assert found["area_importance"].text == text
    assert found["area_importance"].weight * sign > 0


def test_an_area_of_middling_importance_gives_no_importance_reason() -> None:
    area = Area("a1", "Health", importance=3, last_activity_at=at(7))
    assert reasons_of(task("x", area_id="a1"), areas=[area]).keys() == {"fits"}


def test_area_neglect_reason() -> None:
    quiet = Area("a1", "Health", last_activity_at=at(8) - timedelta(days=12))
    assert reasons_of(task("x", area_id="a1"), areas=[quiet])["area_neglect"].text == (
        "nothing has moved in Health for 12 days"
    )
    fresh = Area("a1", "Health", last_activity_at=at(8) - timedelta(days=3))
    assert "area_neglect" not in reasons_of(task("x", area_id="a1"), areas=[fresh])
    never = Area("a1", "Health")
    assert reasons_of(task("x", area_id="a1"), areas=[never])["area_neglect"].text == (
        "nothing has moved in Health yet"
    )


def test_a_task_takes_its_projects_area() -> None:
    area = Area("a1", "Work", importance=5, last_activity_at=at(7))
    site = Project("p1", "Website", area_id="a1", open_task_count=1)
    found = reasons_of(task("x", project_id="p1"), projects=[site], areas=[area])
    assert found["area_importance"].text == "it's in Work, one of your most important areas"


@pytest.mark.parametrize(
    ("days", "text"),
    [
        (10, "it has been waiting for 10 days"),
        (30, "it has been waiting for 4 weeks"),
        (200, "it has been waiting for 6 months"),
    ],
)
def test_waiting_time_reason(days: int, text: str) -> None:
    found = reasons_of(task("x", created_at=at(8) - timedelta(days=days)))
    assert found["waiting"].text == text


def test_new_and_recurring_tasks_have_no_waiting_reason() -> None:
    assert "waiting" not in reasons_of(task("x", created_at=at(8) - timedelta(days=3)))
    old = at(8) - timedelta(days=100)
    assert "waiting" not in reasons_of(task("x", created_at=old, is_recurring=True))


def test_pinned_planned_and_snoozed_reasons() -> None:
    assert reasons_of(task("x", pinned_on=TODAY))["pinned"].text == "you pinned it to today"
    assert reasons_of(task("x", do_on=TODAY))["planned"].text == "you planned it for today"
    monday = TODAY - timedelta(days=1)
    assert reasons_of(task("x", do_on=monday))["planned"].text == "you planned it for yesterday"
    week_ago = TODAY - timedelta(days=4)
    assert reasons_of(task("x", do_on=week_ago))["planned"].text == (
        "you planned it for last Friday"
    )
    ahead = reasons_of(task("x", do_on=TODAY + timedelta(days=2)))["planned"]
    assert ahead.text == "you planned it for Thursday"
    assert ahead.weight < 0
    snoozed = reasons_of(task("x", snoozed_until=TODAY + timedelta(days=1)))["snoozed"]
    assert snoozed.text == "you snoozed it until Thursday"
    assert snoozed.weight < 0


def test_start_with_sentence_uses_at_most_two_reasons() -> None:
    assert texts.start_with("Pay rent", ["a", "b"]) == "Start with: Pay rent — a and b."
    assert texts.start_with("Pay rent", ["a"]) == "Start with: Pay rent — a."
    assert texts.start_with("Pay rent", []) == (
        "Start with: Pay rent — it's the best next step on your list."
    )


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(0, "0 min"), (45, "45 min"), (60, "1 h"), (150, "2 h 30 min"), (300, "5 h")],
)
def test_durations_read_naturally(minutes: int, text: str) -> None:
    assert texts.duration(minutes) == text
