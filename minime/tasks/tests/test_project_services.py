from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest
from django.utils import timezone

from minime.core.errors import Conflict, Invalid
from minime.goals.models import Goal
from minime.tasks import services
from minime.tasks.models import Project, Task
from minime.tasks.selectors import (
    project_is_stuck,
    project_list,
    stuck_days_for,
    with_stuck,
)


def _names(ws, **kwargs):
    return [p.title for p in project_list(ws, **kwargs)]


def _age_project(project: Project, days: int) -> None:
    created = timezone.now() - timedelta(days=days)
    Project.objects.filter(pk=project.pk).update(created_at=created)


def test_projects_are_created_in_order_with_open_task_counts(ws):
    home = services.project_create(workspace=ws, title="Home")
    services.project_create(workspace=ws, title="Work")
    services.task_create(workspace=ws, title="a", project=home)
    b = services.task_create(workspace=ws, title="b", project=home)
    services.task_create(workspace=ws, title="sub", project=home, parent=b)
    services.task_create(workspace=ws, title="c", project=home)
    services.task_drop(task=Task.objects.get(title="c"))
    rows: list[Any] = list(project_list(ws))
    assert [(p.title, p.open_count) for p in rows] == [("Home", 2), ("Work", 0)]


def test_project_rules(ws, personas):
    with pytest.raises(Invalid) as caught:
        services.project_create(workspace=ws, title="")
    assert "title" in caught.value.fields
    theirs = Goal.objects.create(workspace=personas.shared, title="Theirs")
    with pytest.raises(Invalid) as caught:
        services.project_create(workspace=ws, title="Mine", goal=theirs)
    assert "goal" in caught.value.fields


def test_a_project_update_from_a_stale_version_is_a_conflict(ws):
    project = services.project_create(workspace=ws, title="Home")
    services.project_update(project=project, expected_version=1, deadline=date(2026, 6, 1))
    stale = Project.objects.get(pk=project.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        services.project_update(project=stale, expected_version=1, title="House")
    assert Project.objects.get(pk=project.pk).title == "Home"


def test_done_sets_completed_at_and_leaves_open_tasks_alone(ws):
    project = services.project_create(workspace=ws, title="Home")
    task = services.task_create(workspace=ws, title="Paint", project=project)
    services.project_set_status(project=project, status="done")
    project.refresh_from_db()
    assert project.status == "done" and project.completed_at is not None
    assert Task.objects.get(pk=task.pk).status == "open"
    services.project_set_status(project=project, status="active")
    project.refresh_from_db()
    assert project.completed_at is None
    with pytest.raises(Invalid):
        services.project_set_status(project=project, status="finished")


def test_deleting_a_project_keeps_its_tasks(ws):
    project = services.project_create(workspace=ws, title="Home")
    task = services.task_create(workspace=ws, title="Paint", project=project)
    services.project_delete(project=project)
    task.refresh_from_db()
    assert task.project is None


def test_moving_a_project_stays_within_its_status(ws):
    a = services.project_create(workspace=ws, title="A")
    services.project_create(workspace=ws, title="Someday", status="someday")
    c = services.project_create(workspace=ws, title="C")
    services.project_move(project=c, offset=-1)
    assert _names(ws) == ["C", "Someday", "A"]
    services.project_move(project=a, offset=1)  # already last of the active ones
    assert _names(ws, status="active") == ["C", "A"]
    services.project_reorder(workspace=ws, order=[a.uuid])
    assert _names(ws) == ["A", "C", "Someday"]


def test_a_project_without_open_tasks_is_stuck(ws):
    today = timezone.localdate()
    project = services.project_create(workspace=ws, title="Home")
    assert project_is_stuck(project, today, 7)
    services.task_create(workspace=ws, title="Paint", project=project)
    assert not project_is_stuck(project, today, 7)  # new: counts from its creation


def test_a_project_with_nothing_done_lately_is_stuck(ws, alice):
    today = timezone.localdate()
    project = services.project_create(workspace=ws, title="Home")
    _age_project(project, 30)
    services.task_create(workspace=ws, title="Paint", project=project)
    done = services.task_create(workspace=ws, title="Buy paint", project=project)
    services.task_complete(task=done, user=alice, now=timezone.now() - timedelta(days=10))
    (row,) = project_list(ws)
    assert project_is_stuck(row, today, 7)
    assert not project_is_stuck(row, today, 14)
    later = services.task_create(workspace=ws, title="Buy brushes", project=project)
    services.task_complete(task=later, user=alice, now=timezone.now() - timedelta(days=2))
    rows: list[Any] = with_stuck(project_list(ws), today, 7)
    assert rows[0].is_stuck is False
    assert not project_is_stuck(Project.objects.get(pk=project.pk), today, 7)  # not annotated


def test_only_active_projects_can_be_stuck(ws):
    project = services.project_create(workspace=ws, title="Later", status="someday")
    assert not project_is_stuck(project, timezone.localdate(), 7)


def test_the_stuck_threshold_comes_from_the_users_rules(ws, alice):
    from minime.preferences.models import RuleSettings

    RuleSettings.objects.update_or_create(user=alice, defaults={"stuck_project_days": 3})
    alice.refresh_from_db()
    assert stuck_days_for(alice) == 3
    RuleSettings.objects.filter(user=alice).delete()
    fresh = type(alice).objects.get(pk=alice.pk)
    assert stuck_days_for(fresh) == 7


def test_done_is_not_recorded_for_an_unchanged_status(ws):
    project = services.project_create(workspace=ws, title="Home", status="done")
    first = project.completed_at
    assert isinstance(first, datetime)
    services.project_set_status(project=project, status="done")
    assert Project.objects.get(pk=project.pk).completed_at == first
