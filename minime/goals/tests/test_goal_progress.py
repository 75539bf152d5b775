from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.goals import services
from minime.goals.models import Goal
from minime.goals.selectors import Progress, goal_has_no_work, goal_list, goal_progress
from minime.tasks.models import Project, ProjectStatus, Task, TaskStatus

TODAY = date(2030, 5, 20)


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


@pytest.fixture
def goal(ws):
    return services.goal_create(workspace=ws, title="Run a half marathon")


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=12))


def _task(
    goal, *, status=TaskStatus.OPEN, created=TODAY, completed=None, project=None, both=False, **kw
):
    """A task linked to `goal` directly, or through `project` (or both ways with `both`)."""
    task = Task.objects.create(
        workspace_id=goal.workspace_id,
        title=kw.pop("title", "A task"),
        goal=goal if both or not project else None,
        project=project,
        status=status,
        completed_at=_at(completed) if completed else None,
        **kw,
    )
    Task.objects.filter(pk=task.pk).update(created_at=_at(created))
    return task


def test_a_goal_with_nothing_to_measure_has_no_percent(goal):
    assert goal_progress(goal) == Progress(None, None, "Nothing to measure yet")


def test_progress_from_milestones(goal):
    milestones = [services.milestone_create(goal=goal, title=f"Step {i}") for i in range(5)]
    for milestone in milestones[:3]:
        services.milestone_complete(milestone=milestone)
    assert goal_progress(goal) == Progress(60, "milestones", "3 of 5 milestones")


def test_milestones_win_over_the_measure_and_the_work(goal):
    services.goal_set_measure(goal=goal, target=Decimal(100), unit="km", current=Decimal(90))
    _task(goal, status=TaskStatus.DONE, completed=TODAY)
    services.milestone_create(goal=goal, title="First race")
    assert goal_progress(goal) == Progress(0, "milestones", "0 of 1 milestone")


def test_progress_from_the_measure(goal):
    services.goal_set_measure(goal=goal, target=Decimal(100), unit="km", current=Decimal(42))
    assert goal_progress(goal) == Progress(42, "measure", "42 of 100 km")
    services.goal_set_measure(goal=goal, target=Decimal("12.5"), unit="", current=Decimal("2.5"))
    assert goal_progress(goal) == Progress(20, "measure", "2.5 of 12.5")


def test_a_measure_past_its_target_shows_100_percent(goal):
    services.goal_set_measure(goal=goal, target=Decimal(10), unit="books", current=Decimal(12))
    assert goal_progress(goal).percent == 100


def test_percent_rounds_down_so_almost_is_not_done(goal):
    services.goal_set_measure(goal=goal, target=Decimal(1000), unit="m", current=Decimal(999))
    assert goal_progress(goal).percent == 99


def test_the_measure_wins_over_the_work(goal):
    _task(goal, status=TaskStatus.DONE, completed=TODAY)
    services.goal_set_measure(goal=goal, target=Decimal(10), unit="km", current=Decimal(1))
    assert goal_progress(goal).basis == "measure"


def test_progress_from_work_counts_tasks_linked_directly_and_through_projects(goal, ws):
    project = Project.objects.create(workspace=ws, title="Training plan", goal=goal)
    for _ in range(2):
        _task(goal, status=TaskStatus.DONE, completed=TODAY)
        _task(goal, status=TaskStatus.DONE, completed=TODAY, project=project)
    for _ in range(3):
        _task(goal)
    _task(goal, project=project, both=True, title="Linked both ways, counted once")
    _task(goal, project=project)
    _task(goal, status=TaskStatus.DROPPED)  # dropped and skipped work does not count
    _task(goal, status=TaskStatus.SKIPPED, project=project)
    Task.objects.create(workspace=ws, title="Unrelated", status=TaskStatus.DONE)
    assert goal_progress(goal) == Progress(44, "work", "4 of 9 tasks done")


def test_annotated_and_bare_goals_give_the_same_progress(goal, ws):
    services.milestone_create(goal=goal, title="A")
    other = services.goal_create(workspace=ws, title="Other")
    _task(other, status=TaskStatus.DONE, completed=TODAY)
    listed = {g.pk: goal_progress(g) for g in goal_list(ws)}
    assert listed == {
        goal.pk: goal_progress(Goal.objects.get(pk=goal.pk)),
        other.pk: Progress(100, "work", "1 of 1 task done"),
    }


def test_goal_list_filters_by_status_and_area(ws, goal):
    health = area_create(workspace=ws, name="Health")
    services.goal_create(workspace=ws, title="Gym", area=health)
    services.goal_set_status(goal=goal, status="paused")
    assert [g.title for g in goal_list(ws, status="paused")] == ["Run a half marathon"]
    assert [g.title for g in goal_list(ws, area=health)] == ["Gym"]
    assert [g.title for g in goal_list(ws, area=health.uuid)] == ["Gym"]
    assert list(goal_list(ws, status="achieved")) == []


# --- Has no work ---------------------------------------------------------------------------------
def test_an_active_goal_with_nothing_linked_has_no_work(goal):
    assert goal_has_no_work(goal, TODAY) is True


def test_only_active_goals_can_lack_work(goal):
    for status in ("paused", "achieved", "dropped"):
        services.goal_set_status(goal=goal, status=status)
        assert goal_has_no_work(goal, TODAY) is False


def test_an_open_task_created_recently_is_work(goal):
    _task(goal, created=TODAY - timedelta(days=13))
    assert goal_has_no_work(goal, TODAY) is False


def test_work_that_has_not_moved_for_recent_days_does_not_count(goal):
    _task(goal, created=TODAY - timedelta(days=14))
    assert goal_has_no_work(goal, TODAY) is True
    assert goal_has_no_work(goal, TODAY, recent_days=30) is False


def test_a_recent_completion_keeps_an_old_open_task_moving(goal):
    _task(goal, created=TODAY - timedelta(days=60))
    _task(goal, status=TaskStatus.DONE, created=TODAY - timedelta(days=60), completed=TODAY)
    assert goal_has_no_work(goal, TODAY) is False


def test_only_done_tasks_leave_a_goal_without_work(goal):
    _task(goal, status=TaskStatus.DONE, completed=TODAY)
    assert goal_has_no_work(goal, TODAY) is True


def test_an_active_project_serves_the_goal_once_its_tasks_move(goal, ws):
    project = Project.objects.create(workspace=ws, title="Training plan", goal=goal)
    assert goal_has_no_work(goal, TODAY) is True  # a project without any task: no first step yet
    _task(goal, project=project, status=TaskStatus.DONE, completed=TODAY - timedelta(days=2))
    assert goal_has_no_work(goal, TODAY) is False
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.ON_HOLD)
    assert goal_has_no_work(goal, TODAY) is True


def test_has_no_work_uses_the_list_annotations(goal, ws, django_assert_num_queries):
    _task(goal)
    (listed,) = goal_list(ws)
    with django_assert_num_queries(0):
        assert goal_has_no_work(listed, TODAY) is False
        assert goal_progress(listed).basis == "work"
