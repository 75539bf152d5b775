"""The demo's focus history: two weeks of ended sessions on the demo's tasks, none running."""

from __future__ import annotations

from datetime import date, timedelta

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.focus import selectors
from minime.focus.demo import populate
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import project_create, task_create

TODAY = date(2026, 11, 27)


def test_the_demo_has_two_weeks_of_ended_sessions_on_its_tasks(personas):
    alice = personas.alice
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    ws = personas.personal(alice)
    with as_user(alice.pk):
        work = area_create(workspace=ws, name="Work")
        launch = project_create(workspace=ws, title="Product page relaunch", area=work)
        tasks = [
            task_create(workspace=ws, title="Draft the page copy", project=launch),
            task_create(workspace=ws, title="Review the pricing table", project=launch),
            task_create(workspace=ws, title="Read chapter 4"),
        ]

    populate(user=alice, workspace=ws, today=TODAY)

    with as_user(alice.pk):
        sessions = list(FocusSession.objects.filter(workspace=ws).select_related("task"))
        stats = selectors.focus_stats(ws, alice, TODAY)
    assert 20 <= len(sessions) <= 60
    assert {s.state for s in sessions} == {SessionState.ENDED}  # none running
    assert {s.created_by_id for s in sessions} == {alice.pk}
    days = {s.started_at.astimezone(alice.tz).date() for s in sessions}
    assert min(days) == TODAY - timedelta(days=14) and max(days) == TODAY - timedelta(days=1)
    assert {s.task for s in sessions} == {*tasks, None}  # every task, and some free focus
    assert any(s.interruptions for s in sessions) and any(s.note for s in sessions)
    assert any(s.actual_minutes < s.planned_minutes for s in sessions)
    assert all(0 < s.actual_minutes <= s.planned_minutes for s in sessions)
    assert {s.started_at.astimezone(alice.tz).hour for s in sessions} <= {9, 10, 14, 16}
    assert stats.last_week > 0 and stats.this_week > 0
    assert "Product page relaunch" in [row.label for row in stats.by_project]


def test_the_demo_without_tasks_is_free_focus(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    populate(user=alice, workspace=ws, today=TODAY)
    with as_user(alice.pk):
        assert FocusSession.objects.filter(workspace=ws).exists()
        assert not FocusSession.objects.filter(task__isnull=False).exists()
