from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.core.errors import Conflict, Invalid
from minime.goals import services
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.goals.selectors import goal_list, goal_milestones
from minime.tasks.models import Project, Task


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def _titles(ws, **filters):
    return [g.title for g in goal_list(ws, **filters)]


def test_new_goals_are_active_and_go_to_the_end_of_the_list(ws):
    for title in ("Run a half marathon", "Learn Spanish", "Save for a bike"):
        services.goal_create(workspace=ws, title=title)
    assert _titles(ws) == ["Run a half marathon", "Learn Spanish", "Save for a bike"]
    assert {g.status for g in goal_list(ws)} == {GoalStatus.ACTIVE}


def test_a_goal_keeps_its_fields_and_its_title_is_trimmed(ws):
    area = area_create(workspace=ws, name="Health")
    goal = services.goal_create(
        workspace=ws,
        title="  Run 100 km  ",
        why="Feel fit",
        area=area,
        target_date=date(2030, 6, 1),
        measure_target=Decimal(100),
        measure_unit=" km ",
    )
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.title == "Run 100 km" and stored.area == area and stored.why == "Feel fit"
    assert stored.measure_unit == "km" and stored.measure_current == 0  # a measure starts at 0


def test_a_blank_title_is_refused(ws):
    with pytest.raises(Invalid) as caught:
        services.goal_create(workspace=ws, title="   ")
    assert "title" in caught.value.fields
    assert not Goal.objects.exists()


def test_an_area_of_another_workspace_is_refused(ws, personas):
    theirs = area_create(workspace=personas.shared, name="Shared area")
    with pytest.raises(Invalid) as caught:
        services.goal_create(workspace=ws, title="Mine", area=theirs)
    assert caught.value.fields == {"area": ["Choose one of your areas."]}
    goal = services.goal_create(workspace=ws, title="Mine")
    with pytest.raises(Invalid):
        services.goal_update(goal=goal, expected_version=goal.version, area=theirs)
    assert Goal.objects.get(pk=goal.pk).area is None


def test_an_update_from_a_stale_version_is_a_conflict(ws):
    goal = services.goal_create(workspace=ws, title="Learn Spanish")
    services.goal_update(goal=goal, expected_version=1, why="Talk to my neighbours")
    assert goal.version == 2
    stale = Goal.objects.get(pk=goal.pk)
    with pytest.raises(Conflict) as caught:
        services.goal_update(goal=stale, expected_version=1, title="Learn Italian")
    assert caught.value.current_version == 2
    assert Goal.objects.get(pk=goal.pk).title == "Learn Spanish"


def test_unknown_fields_are_refused(ws):
    goal = services.goal_create(workspace=ws, title="Learn Spanish")
    with pytest.raises(Invalid):
        services.goal_update(goal=goal, expected_version=None, workspace=None)


@pytest.mark.parametrize(
    ("target", "current", "field", "message"),
    [
        (Decimal(0), Decimal(1), "measure_target", "The target must be more than zero."),
        (Decimal(-5), None, "measure_target", "The target must be more than zero."),
        (Decimal(10), Decimal(-1), "measure_current", "The current value cannot be below zero."),
        (None, Decimal(3), "measure_target", "Set a target to track a measure."),
    ],
)
def test_a_measure_needs_a_positive_target_and_a_current_value_not_below_zero(
    ws, target, current, field, message
):
    goal = services.goal_create(workspace=ws, title="Read books")
    with pytest.raises(Invalid) as caught:
        services.goal_set_measure(goal=goal, target=target, unit="books", current=current)
    assert caught.value.fields[field] == [message]
    assert Goal.objects.get(pk=goal.pk).measure_target is None


def test_setting_and_removing_a_measure(ws):
    goal = services.goal_create(workspace=ws, title="Read books")
    services.goal_set_measure(goal=goal, target=Decimal(24), unit="books", current=Decimal(3))
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.measure_target, stored.measure_unit, stored.measure_current) == (24, "books", 3)
    assert stored.version == 2
    services.goal_set_measure(goal=goal, target=None)
    stored = Goal.objects.get(pk=goal.pk)
    assert (stored.measure_target, stored.measure_unit, stored.measure_current) == (None, "", None)


def test_achieving_records_when_and_reactivating_clears_it(ws):
    goal = services.goal_create(workspace=ws, title="Run a half marathon")
    services.goal_set_status(goal=goal, status=GoalStatus.ACHIEVED)
    achieved_at = Goal.objects.get(pk=goal.pk).achieved_at
    assert achieved_at is not None
    services.goal_set_status(goal=goal, status=GoalStatus.ACHIEVED)  # again: keeps the first time
    assert Goal.objects.get(pk=goal.pk).achieved_at == achieved_at
    services.goal_set_status(goal=goal, status=GoalStatus.ACTIVE)
    stored = Goal.objects.get(pk=goal.pk)
    assert stored.status == GoalStatus.ACTIVE and stored.achieved_at is None


def test_pausing_and_dropping(ws):
    goal = services.goal_create(workspace=ws, title="Learn Spanish")
    services.goal_set_status(goal=goal, status="paused")
    assert _titles(ws, status="paused") == ["Learn Spanish"]
    services.goal_set_status(goal=goal, status="dropped")
    assert _titles(ws, status="dropped") == ["Learn Spanish"]
    assert _titles(ws, status="active") == []


def test_an_unknown_status_is_refused(ws):
    goal = services.goal_create(workspace=ws, title="Learn Spanish")
    with pytest.raises(Invalid) as caught:
        services.goal_set_status(goal=goal, status="done")
    assert "status" in caught.value.fields


def test_deleting_a_goal_keeps_its_projects_and_tasks_without_a_goal(ws):
    goal = services.goal_create(workspace=ws, title="Move house")
    services.milestone_create(goal=goal, title="Find a flat")
    project = Project.objects.create(workspace=ws, title="Packing", goal=goal)
    task = Task.objects.create(workspace=ws, title="Call the landlord", goal=goal)
    services.goal_delete(goal=goal)
    assert not Goal.objects.exists() and not Milestone.objects.exists()
    assert Project.objects.get(pk=project.pk).goal is None
    assert Task.objects.get(pk=task.pk).goal is None


def test_moving_a_goal_stays_within_its_status_group(ws):
    _, b, c, d = (services.goal_create(workspace=ws, title=t) for t in "ABCD")
    services.goal_set_status(goal=b, status="paused")
    services.goal_move(goal=c, offset=-1)  # up past the paused B: before A
    assert _titles(ws, status="active") == ["C", "A", "D"]
    assert _titles(ws) == ["C", "B", "A", "D"]  # B kept its slot
    services.goal_move(goal=c, offset=-1)  # already first: stays
    assert _titles(ws, status="active") == ["C", "A", "D"]
    services.goal_move(goal=c, offset=5)
    assert _titles(ws, status="active") == ["A", "D", "C"]
    services.goal_reorder(workspace=ws, order=[d.uuid, c.uuid])
    assert _titles(ws) == ["D", "C", "A", "B"]


# --- Milestones ----------------------------------------------------------------------------------
@pytest.fixture
def goal(ws):
    return services.goal_create(workspace=ws, title="Run a half marathon")


def _milestones(goal):
    return [m.title for m in goal_milestones(goal)]


def test_milestones_are_appended_at_the_end(goal):
    for title in ("5 km", "10 km", "15 km"):
        services.milestone_create(goal=goal, title=title, target_date=date(2030, 1, 1))
    assert _milestones(goal) == ["5 km", "10 km", "15 km"]
    assert {m.workspace_id for m in goal_milestones(goal)} == {goal.workspace_id}


def test_a_milestone_needs_a_title(goal):
    with pytest.raises(Invalid) as caught:
        services.milestone_create(goal=goal, title=" ")
    assert "title" in caught.value.fields


def test_a_milestone_update_from_a_stale_version_is_a_conflict(goal):
    milestone = services.milestone_create(goal=goal, title="5 km")
    services.milestone_update(milestone=milestone, expected_version=1, title="5 km easy")
    stale = Milestone.objects.get(pk=milestone.pk)
    with pytest.raises(Conflict):
        services.milestone_update(milestone=stale, expected_version=1, title="6 km")
    assert Milestone.objects.get(pk=milestone.pk).title == "5 km easy"
    with pytest.raises(Invalid):
        services.milestone_update(milestone=stale, expected_version=None, goal=None)


def test_completing_and_reopening_a_milestone(goal):
    milestone = services.milestone_create(goal=goal, title="5 km")
    services.milestone_complete(milestone=milestone)
    done_at = Milestone.objects.get(pk=milestone.pk).done_at
    assert done_at is not None
    services.milestone_complete(milestone=Milestone.objects.get(pk=milestone.pk))
    assert Milestone.objects.get(pk=milestone.pk).done_at == done_at
    services.milestone_reopen(milestone=milestone)
    assert Milestone.objects.get(pk=milestone.pk).done_at is None


def test_moving_and_deleting_milestones(goal):
    a, _, c = (services.milestone_create(goal=goal, title=t) for t in "ABC")
    services.milestone_move(milestone=c, offset=-1)
    assert _milestones(goal) == ["A", "C", "B"]
    services.milestone_move(milestone=a, offset=-1)
    assert _milestones(goal) == ["A", "C", "B"]
    services.milestone_delete(milestone=a)
    assert _milestones(goal) == ["C", "B"]
    services.milestone_create(goal=goal, title="D")
    assert _milestones(goal) == ["C", "B", "D"]
