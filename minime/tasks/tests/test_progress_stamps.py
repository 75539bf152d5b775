"""Projects, goals and areas keep the time a task in them was last completed: Today reads the
stamps instead of aggregating every done task on each view."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime, timedelta

from django.db import connection

from minime.areas.models import LifeArea
from minime.areas.services import area_create
from minime.goals.models import Goal
from minime.tasks import services
from minime.tasks.models import Project, Task

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _stamps(project, goal, area):
    return (
        Project.objects.get(pk=project.pk).last_completed_at,
        Goal.objects.get(pk=goal.pk).last_completed_at,
        LifeArea.objects.get(pk=area.pk).last_completed_at,
    )


def test_completing_a_task_stamps_its_project_and_the_projects_goal_and_area(ws, alice):
    area = area_create(workspace=ws, name="Home")
    goal = Goal.objects.create(workspace=ws, title="Calm house", area=area)
    project = services.project_create(workspace=ws, title="Kitchen", goal=goal, area=area)
    task = services.task_create(workspace=ws, title="Paint", project=project)
    assert _stamps(project, goal, area) == (None, None, None)

    services.task_complete(task=task, user=alice, now=T0)
    assert _stamps(project, goal, area) == (T0, T0, T0)


def test_a_tasks_own_goal_and_area_win_over_its_projects(ws, alice):
    home, work = area_create(workspace=ws, name="Home"), area_create(workspace=ws, name="Work")
    project_goal = Goal.objects.create(workspace=ws, title="Calm house")
    own_goal = Goal.objects.create(workspace=ws, title="Get fit")
    project = services.project_create(workspace=ws, title="Kitchen", goal=project_goal, area=home)
    task = services.task_create(
        workspace=ws, title="Run", project=project, goal=own_goal, area=work
    )
    services.task_complete(task=task, user=alice, now=T0)
    assert Goal.objects.get(pk=own_goal.pk).last_completed_at == T0
    assert LifeArea.objects.get(pk=work.pk).last_completed_at == T0
    assert Goal.objects.get(pk=project_goal.pk).last_completed_at is None
    assert LifeArea.objects.get(pk=home.pk).last_completed_at is None
    assert Project.objects.get(pk=project.pk).last_completed_at == T0


def test_an_earlier_completion_never_moves_a_stamp_back_and_skipping_is_not_progress(ws, alice):
    area = area_create(workspace=ws, name="Home")
    goal = Goal.objects.create(workspace=ws, title="Calm house")
    project = services.project_create(workspace=ws, title="Kitchen", goal=goal, area=area)
    late = services.task_create(workspace=ws, title="Paint", project=project)
    early = services.task_create(workspace=ws, title="Sand", project=project)
    services.task_complete(task=late, user=alice, now=T0)
    services.task_complete(task=early, user=alice, now=T0 - timedelta(days=3))
    assert _stamps(project, goal, area) == (T0, T0, T0)

    weekly = services.task_create(
        workspace=ws,
        title="Water plants",
        project=project,
        recurrence="FREQ=WEEKLY",
        due_date=(T0 + timedelta(days=1)).date(),
    )
    services.task_skip(task=weekly, user=alice, now=T0 + timedelta(days=1))
    assert _stamps(project, goal, area) == (T0, T0, T0)


def test_the_migration_fills_the_stamps_from_tasks_already_done(ws):
    """Rows written before the stamps existed (here: straight to the table) get them from the
    backfill's statements, by the same rule as the service."""
    area = area_create(workspace=ws, name="Home")
    other_area = area_create(workspace=ws, name="Work")
    goal = Goal.objects.create(workspace=ws, title="Calm house")
    project = services.project_create(workspace=ws, title="Kitchen", goal=goal, area=area)
    idle = services.project_create(workspace=ws, title="Garage")
    for title, when, extra in [
        ("Paint", T0, {}),
        ("Sand", T0 - timedelta(days=3), {}),
        ("Invoice", T0 + timedelta(days=1), {"area": other_area, "project": None}),
    ]:
        fields = {"project": project, **extra}
        Task.objects.create(workspace=ws, title=title, status="done", completed_at=when, **fields)
    Task.objects.create(workspace=ws, title="Open one", project=idle)

    migration = importlib.import_module("minime.tasks.migrations.0003_project_last_completed_at")
    with connection.cursor() as cursor:
        for statement in migration.BACKFILL:
            cursor.execute(statement)
    assert _stamps(project, goal, area) == (T0, T0, T0)
    assert Project.objects.get(pk=idle.pk).last_completed_at is None
    assert LifeArea.objects.get(pk=other_area.pk).last_completed_at == T0 + timedelta(days=1)
