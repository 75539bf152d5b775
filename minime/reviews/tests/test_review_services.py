"""Writes for reviews: the shutdown and its moves, the weekly review step by step, finishing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from minime.capture.models import CaptureItem, CaptureKind
from minime.capture.services import capture_add
from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.goals.services import goal_create
from minime.preferences.rules import rules_update
from minime.reviews import services
from minime.reviews.models import STEPS, Review, ReviewKind
from minime.tasks.models import Task, TaskStatus
from minime.tasks.services import project_create, task_complete, task_create, task_drop

TODAY = date(2026, 3, 4)  # a Wednesday


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


@pytest.fixture
def me(alice):
    with as_user(alice.pk):
        yield alice


def _task(ws, title="Write the report", **fields):
    return task_create(workspace=ws, title=title, **fields)


# --- The daily shutdown --------------------------------------------------------------------------
def test_tomorrow_plans_the_task_for_tomorrow_and_remembers_the_move(me, ws):
    task = _task(ws, due_date=TODAY)
    happened = services.shutdown_move(
        workspace=ws, user=me, task=task, action="tomorrow", today=TODAY
    )
    task.refresh_from_db()
    assert happened == "Moved to tomorrow" and task.do_on == TODAY + timedelta(days=1)
    review = Review.objects.get()
    assert review.kind == ReviewKind.DAILY and review.period_start == TODAY
    assert review.completed_at is None
    assert review.answers["moved"][0]["title"] == "Write the report"


def test_the_other_moves_use_todays_and_the_tasks_services(me, ws):
    later, snooze, drop = _task(ws, "Later"), _task(ws, "Snooze"), _task(ws, "Drop")
    day = TODAY + timedelta(days=5)
    services.shutdown_move(workspace=ws, user=me, task=later, action="day", today=TODAY, to=day)
    services.shutdown_move(workspace=ws, user=me, task=snooze, action="not_now", today=TODAY)
    services.shutdown_move(workspace=ws, user=me, task=drop, action="drop", today=TODAY)
    for task in (later, snooze, drop):
        task.refresh_from_db()
    assert later.do_on == day and snooze.snoozed_until == TODAY
    assert drop.status == TaskStatus.DROPPED
    assert [m["action"] for m in Review.objects.get().answers["moved"]] == [
        "day",
        "not_now",
        "drop",
    ]


def test_a_move_to_today_or_earlier_or_an_unknown_action_is_refused(me, ws):
    task = _task(ws)
    with pytest.raises(Invalid) as caught:
        services.shutdown_move(
            workspace=ws, user=me, task=task, action="day", today=TODAY, to=TODAY
        )
    assert caught.value.fields == {"to": ["Pick a day after today."]}
    with pytest.raises(Invalid):
        services.shutdown_move(workspace=ws, user=me, task=task, action="later", today=TODAY)
    assert not Review.objects.exists()


def test_a_dropped_task_cannot_be_moved(me, ws):
    task = _task(ws)
    task_drop(task=task)
    with pytest.raises(Invalid, match="already done"):
        services.shutdown_move(workspace=ws, user=me, task=task, action="drop", today=TODAY)


def test_saving_the_shutdown_twice_updates_the_one_review(me, ws):
    done = _task(ws, "Shipped it")
    task_complete(task=done, user=me)
    today = timezone.localdate()
    first = services.shutdown_save(workspace=ws, user=me, day=today, energy=3, mood=4, notes="Ok")
    again = services.shutdown_save(workspace=ws, user=me, day=today, energy=2, mood=None)
    assert first.pk == again.pk and Review.objects.count() == 1
    stored = Review.objects.get()
    assert (stored.energy, stored.mood, stored.notes) == (2, None, "")
    assert stored.completed_at is not None
    assert [d["title"] for d in stored.snapshot["done"]] == ["Shipped it"]
    assert stored.snapshot["numbers"]["completed"] == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"energy": 0}, "energy"),
        ({"mood": 6}, "mood"),
        ({"notes": "x" * (limits.REVIEW_NOTE_MAX + 1)}, "notes"),
        ({"notes": "two\nlines"}, "notes"),
    ],
)
def test_the_shutdown_refuses_values_out_of_range(me, ws, fields, error):
    values = {"energy": None, "mood": None, "notes": "", **fields}
    with pytest.raises(Invalid) as caught:
        services.shutdown_save(workspace=ws, user=me, day=TODAY, **values)
    assert list(caught.value.fields) == [error]
    assert not Review.objects.exists()


# --- The weekly review ---------------------------------------------------------------------------
def test_the_week_follows_the_users_week_start(me, ws):
    review, created = services.weekly_start(workspace=ws, user=me, today=TODAY)
    assert created and (review.period_start, review.period_end) == (
        date(2026, 3, 2),
        date(2026, 3, 8),
    )
    assert review.step == STEPS[0]
    again, created_again = services.weekly_start(workspace=ws, user=me, today=TODAY + timedelta(3))
    assert again.pk == review.pk and not created_again
    rules_update(user=me, week_start=6)  # Sunday
    sunday, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    assert sunday.period_start == date(2026, 3, 1) and sunday.pk != review.pk


def test_a_next_step_becomes_a_task_in_the_project_once(me, ws):
    project = project_create(workspace=ws, title="Garden")
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    data = {"next_steps": {str(project.uuid): "Buy seeds"}}
    services.weekly_save_step(review=review, user=me, step="projects", data=data, go_to="goals")
    services.weekly_save_step(review=review, user=me, step="projects", data=data)
    tasks = list(Task.objects.filter(project=project))
    assert [t.title for t in tasks] == ["Buy seeds"]
    review.refresh_from_db()
    assert review.step == "goals"
    assert review.answers["projects"]["tasks"][str(project.uuid)]["uuid"] == str(tasks[0].uuid)


def test_a_next_step_for_another_workspaces_project_is_refused(me, ws, personas):
    other = project_create(workspace=personas.shared, title="Shared")
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    with pytest.raises(Invalid) as caught:
        services.weekly_save_step(
            review=review, user=me, step="projects", data={"next_steps": {str(other.uuid): "X"}}
        )
    assert "next_steps" in caught.value.fields
    assert not Task.objects.filter(project=other).exists()


def test_priorities_are_open_tasks_or_active_goals_and_at_most_five(me, ws):
    tasks = [_task(ws, f"Task {n}") for n in range(6)]
    goal = goal_create(workspace=ws, title="Run a 10k")
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    picked = [f"task:{t.uuid}" for t in tasks[:4]] + [f"goal:{goal.uuid}"]
    services.weekly_save_step(review=review, user=me, step="priorities", data={"picked": picked})
    review.refresh_from_db()
    titles = [p["title"] for p in review.answers["priorities"]["picked"]]
    assert titles == ["Task 0", "Task 1", "Task 2", "Task 3", "Run a 10k"]
    with pytest.raises(Invalid) as caught:
        services.weekly_save_step(
            review=review,
            user=me,
            step="priorities",
            data={"picked": [f"task:{t.uuid}" for t in tasks]},
        )
    assert caught.value.fields == {"picked": [services.TOO_MANY_PRIORITIES]}
    task_drop(task=tasks[5])
    with pytest.raises(Invalid):
        services.weekly_save_step(
            review=review, user=me, step="priorities", data={"picked": [f"task:{tasks[5].uuid}"]}
        )


def test_wins_and_lessons_have_a_limit_and_nothing_is_lost_on_refusal(me, ws):
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    services.weekly_save_step(
        review=review, user=me, step="wins", data={"wins": "Ran twice", "lessons": ""}
    )
    with pytest.raises(Invalid) as caught:
        services.weekly_save_step(
            review=review,
            user=me,
            step="wins",
            data={"wins": "x" * (limits.REVIEW_TEXT_MAX + 1), "lessons": ""},
        )
    assert caught.value.fields == {"wins": [services.TEXT_TOO_LONG]}
    review.refresh_from_db()
    assert review.answers["wins"]["wins"] == "Ran twice"


def test_the_inbox_step_processes_items_through_capture(me, ws):
    keep, note, gone = (capture_add(workspace=ws, text=t, created_by=me) for t in ("A", "B", "C"))
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    assert services.weekly_inbox_process(review=review, user=me, item=keep, action="task") == (
        "Made a task: A"
    )
    services.weekly_inbox_process(review=review, user=me, item=note, action="note")
    services.weekly_inbox_process(review=review, user=me, item=gone, action="delete")
    assert Task.objects.filter(title="A").exists()
    assert CaptureItem.objects.get(pk=note.pk).kind == CaptureKind.NOTE
    assert not CaptureItem.objects.filter(pk=gone.pk).exists()
    review.refresh_from_db()
    assert review.answers["inbox"]["processed"] == {"task": 1, "note": 1, "delete": 1}
    with pytest.raises(Invalid):
        services.weekly_inbox_process(review=review, user=me, item=keep, action="task")


def test_finishing_stores_the_snapshot_and_planned_vs_happened(me, ws):
    done, dropped, still = _task(ws, "Done"), _task(ws, "Dropped"), _task(ws, "Open")
    last_week, _ = services.weekly_start(workspace=ws, user=me, today=TODAY - timedelta(days=7))
    picked = [f"task:{t.uuid}" for t in (done, dropped, still)]
    services.weekly_save_step(review=last_week, user=me, step="priorities", data={"picked": picked})
    services.weekly_finish(review=last_week, user=me)
    task_complete(task=done, user=me)
    task_drop(task=dropped)
    review, _ = services.weekly_start(workspace=ws, user=me, today=TODAY)
    services.weekly_finish(review=review, user=me)
    review.refresh_from_db()
    assert review.completed_at is not None and review.step == ""
    assert [(p["title"], p["happened"]) for p in review.snapshot["planned"]] == [
        ("Done", "done"),
        ("Dropped", "dropped"),
        ("Open", "still open"),
    ]
    assert review.snapshot["numbers"]["start"] == "2026-03-02"
    with pytest.raises(Invalid, match="finished"):
        services.weekly_finish(review=review, user=me)
    with pytest.raises(Invalid, match="finished"):
        services.weekly_save_step(review=review, user=me, step="wins", data={})


def test_a_daily_review_has_no_steps(me, ws):
    review = services.shutdown_save(workspace=ws, user=me, day=TODAY, energy=3, mood=3)
    with pytest.raises(Invalid, match="Only a weekly review"):
        services.weekly_save_step(review=review, user=me, step="wins", data={})
