"""What the morning recap says, from a Today plan (plain Python: the engine's snapshots)."""

from __future__ import annotations

from datetime import timedelta

from minime.today import engine
from minime.today.engine import CaptureBacklog, Decision, Event
from minime.today.recap import EMPTY_BODY, EMPTY_TITLE, NO_START_TITLE, TITLE_TASK_CHARS, compose
from minime.today.tests.factories import TODAY, at, snapshot, task


def recap_of(**fields):
    shot = snapshot(**fields)
    return compose(shot, engine.plan_today(shot))


def test_the_title_is_the_start_with_and_the_body_counts_tasks_meetings_and_attention():
    recap = recap_of(
        tasks=[
            task("Pay the electricity bill", priority=3, due_date=TODAY - timedelta(days=2)),
            task("Sort the photos", estimate_minutes=30),
            task("Call the plumber", estimate_minutes=15),
        ],
        events=[
            Event("Team sync", at(10), at(11)),
            Event("Dentist", at(15), at(15, 30)),
            Event("Public holiday", at(0), at(23, 59), all_day=True),  # not a meeting
        ],
        decisions=[
            Decision("d1", "Which car", kind="past_deadline", due=TODAY - timedelta(days=1))
        ],
    )
    assert recap.title == "Start with: Pay the electricity bill"
    assert (recap.planned, recap.meetings, recap.attention) == (3, 2, 2)
    assert recap.body == "3 tasks planned · 2 meetings · 2 need attention"
    assert not recap.is_empty


def test_one_of_each_is_singular_and_zero_meetings_or_attention_are_left_out():
    one = recap_of(
        tasks=[task("Write the report", estimate_minutes=60)],
        events=[Event("Team sync", at(10), at(11))],
        capture=CaptureBacklog(count=30, oldest_days=1),
    )
    assert one.body == "1 task planned · 1 meeting · 1 needs attention"
    alone = recap_of(tasks=[task("Write the report", estimate_minutes=60)])
    assert alone.title == "Start with: Write the report"
    assert alone.body == "1 task planned"


def test_a_long_title_is_cut_to_one_line():
    title = "Prepare   the\nquarterly " + "very " * 40 + "long report"
    recap = recap_of(tasks=[task(title, estimate_minutes=30)])
    assert recap.title.startswith("Start with: Prepare the quarterly very")
    assert len(recap.title) == len("Start with: ") + TITLE_TASK_CHARS
    assert recap.title.endswith("…") and "\n" not in recap.title


def test_nothing_planned_and_nothing_needing_attention_is_an_empty_recap():
    recap = recap_of()
    assert recap.is_empty
    assert (recap.title, recap.body) == (EMPTY_TITLE, EMPTY_BODY)
    # Meetings alone do not make a day worth a recap, but the recap names them.
    meetings = recap_of(events=[Event("Team sync", at(10), at(11))])
    assert meetings.is_empty
    assert meetings.body == "No tasks planned · 1 meeting"


def test_attention_without_a_task_to_start_with_has_its_own_title():
    recap = recap_of(capture=CaptureBacklog(count=30, oldest_days=1))
    assert recap.start_with is None and recap.attention >= 1 and not recap.is_empty
    assert recap.title == NO_START_TITLE
    assert recap.body == f"No tasks planned · {recap.attention} needs attention"
