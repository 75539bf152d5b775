"""How did my week go?: the wording over hand-built numbers, and the answer on the page from
completions, focus and decisions made through the services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from minime.ai.models import AIRequest
from minime.ai.today_summary import Answer, Item, duration, week_answer
from minime.core.db import as_user
from minime.decisions import services as decision_services
from minime.focus import services as focus_services
from minime.insights.selectors import AreaWeek, DayCount, ItemRef, PeriodNumbers, RoutineWeek
from minime.tasks import services as task_services

MONDAY = date(2025, 3, 3)


def ref(kind: str, title: str) -> ItemRef:
    return ItemRef(kind, uuid4(), title)


def numbers(start: date = MONDAY, end: date = MONDAY + timedelta(days=2), **fields: Any) -> Any:
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    base = PeriodNumbers(
        start=start,
        end=end,
        completed=0,
        completed_by_day=tuple(DayCount(d, 0) for d in days),
        completed_items=(),
        focus_minutes=0,
        focus_by_day=tuple(DayCount(d, 0) for d in days),
        routines=(),
        areas=(),
        goals=(),
        decisions_made=(),
    )
    return replace(base, **fields)


LAST = numbers(MONDAY - timedelta(days=7), MONDAY - timedelta(days=1))


def part(answer: Answer, title: str) -> Any:
    (found,) = [p for p in answer.parts if p.title == title]
    return found


# --- The wording -----------------------------------------------------------------------------
def test_completions_and_focus_are_compared_with_last_week() -> None:
    done = (ref("task", "Send the invoice"), ref("task", "Call the plumber"))
    this = numbers(completed=2, completed_items=done, focus_minutes=135)
    last = replace(LAST, completed=5, focus_minutes=90)
    answer = week_answer(this, last)
    assert answer.key == "week" and answer.question == "How did my week go?"
    assert answer.text == (
        "This week so far (Monday 3 March to today), compared with the whole of last week."
    )
    assert part(answer, "Done").text == ("You completed 2 tasks, 3 fewer than last week (5).")
    assert [i.title for i in part(answer, "Done").items] == ["Send the invoice", "Call the plumber"]
    assert part(answer, "Done").items[0] == Item("task", str(done[0].uuid), "Send the invoice")
    assert part(answer, "Focus").text == (
        "You focused for 2 hours 15 minutes, 45 minutes more than last week (1 hour 30 minutes)."
    )


def test_singular_the_same_as_last_week_and_none_last_week() -> None:
    this = numbers(completed=1, completed_items=(ref("task", "A"),), focus_minutes=60)
    answer = week_answer(this, replace(LAST, completed=1))
    assert part(answer, "Done").text == "You completed 1 task, the same as last week."
    assert part(answer, "Focus").text == "You focused for 1 hour (none last week)."


def test_more_completed_than_listed_says_the_latest() -> None:
    items = tuple(ref("task", f"Task {n}") for n in range(10))
    answer = week_answer(numbers(completed=12, completed_items=items), LAST)
    assert part(answer, "Done").text == "You completed 12 tasks (none last week). The latest:"
    assert len(part(answer, "Done").items) == 10


def test_routines_name_the_best_kept_and_the_most_missed() -> None:
    run, stretch, read = (
        ref("routine", "Morning run"),
        ref("routine", "Stretch"),
        ref("routine", "Read"),
    )
    routines = (
        RoutineWeek(read, due=3, done=2, partly=0, skipped=0),
        RoutineWeek(run, due=3, done=3, partly=0, skipped=0),
        RoutineWeek(stretch, due=3, done=0, partly=1, skipped=1),
    )
    answer = week_answer(numbers(completed=1, routines=routines), LAST)
    routine_part = part(answer, "Routines")
    assert routine_part.text == "You kept 5 of 9 routine check-ins across 3 routines."
    assert [(i.kind, i.title, i.note) for i in routine_part.items] == [
        ("routine", "Morning run", "the best kept: done 3 of 3"),
        ("routine", "Stretch", "the most missed: done 0 of 3, 1 partly"),
    ]


def test_one_routine_all_kept_is_only_the_best_kept() -> None:
    routines = (RoutineWeek(ref("routine", "Walk"), due=1, done=1, partly=0, skipped=0),)
    routine_part = part(week_answer(numbers(completed=1, routines=routines), LAST), "Routines")
    assert routine_part.text == "You kept 1 of 1 routine check-in across 1 routine."
    assert [i.note for i in routine_part.items] == ["the best kept: done 1 of 1"]


def test_areas_touched_and_left_quiet_against_their_target() -> None:
    health, work, family = ref("area", "Health"), ref("area", "Work"), ref("area", "Family")
    areas = (
        AreaWeek(health, "green", minutes=45, completions=2, target_minutes=51),
        AreaWeek(work, "blue", minutes=200, completions=0, target_minutes=120),
        AreaWeek(family, "red", minutes=0, completions=0, target_minutes=None),
    )
    area_part = part(week_answer(numbers(completed=2, areas=areas), LAST), "Life areas")
    assert area_part.text == (
        "You spent time or finished work in 2 areas of 3. Nothing happened in Family this week."
    )
    assert [(i.title, i.note) for i in area_part.items] == [
        ("Health", "2 tasks done, 45 minutes, 45 of the 51 target minutes so far"),
        ("Work", "3 hours 20 minutes, its weekly target met (120 minutes so far)"),
        ("Family", "nothing this week"),
    ]


def test_decisions_made_are_listed() -> None:
    made = (ref("decision", "Which laptop?"),)
    decision_part = part(week_answer(numbers(decisions_made=made), LAST), "Decisions")
    assert decision_part.text == "You made 1 decision."
    assert decision_part.items[0].kind == "decision"


def test_an_empty_week_is_one_plain_line() -> None:
    answer = week_answer(numbers(end=MONDAY), LAST)
    assert answer.text == (
        "A quiet week so far (today): nothing completed, no focus time and no decision made."
        " One small task done today already counts."
    )
    assert answer.parts == ()


def test_an_empty_week_after_a_busy_one_says_what_last_week_held() -> None:
    quiet = (AreaWeek(ref("area", "Home"), "teal", 0, 0, None),)
    answer = week_answer(numbers(areas=quiet), replace(LAST, completed=4, focus_minutes=50))
    assert "Last week you completed 4 tasks and focused for 50 minutes." in answer.text
    assert [p.title for p in answer.parts] == ["Life areas"]
    assert part(answer, "Life areas").text == (
        "No life area saw a completed task or any time this week yet."
    )


def test_duration_words() -> None:
    assert [duration(m) for m in (0, 1, 45, 60, 61, 135)] == [
        "0 minutes",
        "1 minute",
        "45 minutes",
        "1 hour",
        "1 hour 1 minute",
        "2 hours 15 minutes",
    ]


def test_as_text_holds_the_sentences_and_titles_never_ids() -> None:
    done = (ref("task", "Send the invoice"),)
    answer = week_answer(numbers(completed=1, completed_items=done), LAST)
    text = answer.as_text()
    assert "Done: You completed 1 task (none last week)." in text
    assert "- Send the invoice" in text
    assert str(done[0].uuid) not in text


# --- The page --------------------------------------------------------------------------------
@pytest.fixture
def week(alice: Any, personas: Any, now: datetime) -> dict[str, Any]:
    """This week: two tasks completed, a 40-minute focus session and a decision made."""
    ws = personas.personal(alice)
    with as_user(alice.pk):
        first = task_services.task_create(workspace=ws, title="Send the invoice", created_by=alice)
        second = task_services.task_create(workspace=ws, title="Book the dentist", created_by=alice)
        for task in (first, second):
            task_services.task_complete(task=task, user=alice, now=now)
        session = focus_services.session_start(
            workspace=ws, user=alice, minutes=50, now=now - timedelta(minutes=40)
        )
        focus_services.session_end(session=session, now=now)
        decision = decision_services.decision_create(workspace=ws, question="Which laptop?")
    return {"first": first, "second": second, "decision": decision}


@pytest.mark.django_db
def test_the_week_preset_names_what_was_done_with_links(signed_in, alice, week, now):
    response = signed_in.get("/ai/assistant/?ask=week")
    assert response.status_code == 200
    page = response.content.decode()
    assert "How did my week go?" in page
    assert "You completed 2 tasks (none last week)." in page
    assert f'href="/tasks/{week["first"].uuid}/">Send the invoice</a>' in page
    assert f'href="/tasks/{week["second"].uuid}/">Book the dentist</a>' in page
    assert "You focused for 40 minutes (none last week)." in page
    with as_user(alice.pk):
        assert AIRequest.objects.count() == 0  # local: no AI request


@pytest.mark.django_db
def test_the_week_preset_swaps_in_with_htmx(signed_in, week):
    response = signed_in.get("/ai/assistant/?ask=week", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and 'data-answer="week"' in page


@pytest.mark.django_db
def test_an_empty_week_on_the_page(signed_in, now):
    page = signed_in.get("/ai/assistant/?ask=week").content.decode()
    assert "A quiet week so far" in page


@pytest.mark.django_db
def test_the_page_offers_the_week(signed_in, now):
    page = signed_in.get("/ai/assistant/").content.decode()
    assert 'value="week">How did my week go?</button>' in page


@pytest.mark.django_db
def test_the_week_reads_in_a_fixed_number_of_queries(
    signed_in, alice, personas, week, now, django_assert_max_num_queries
):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        for n in range(8):
            task = task_services.task_create(workspace=ws, title=f"Chore {n}", created_by=alice)
            task_services.task_complete(task=task, user=alice, now=now)
    with django_assert_max_num_queries(40):
        response = signed_in.get("/ai/assistant/?ask=week", HTTP_HX_REQUEST="true")
    assert "You completed 10 tasks" in response.content.decode()
