from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import NoReverseMatch, reverse

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.goals import services
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.tasks.models import Project, Task, TaskStatus

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _goal(user, ws, title="Run a half marathon", **fields):
    with as_user(user.pk):
        return services.goal_create(workspace=ws, title=title, **fields)


def _stored(user, model=Goal, **lookup):
    with as_user(user.pk):
        return model.objects.get(**lookup)


def _milestones(user, goal):
    with as_user(user.pk):
        return list(
            Milestone.objects.filter(goal=goal).order_by("position").values_list("title", "done_at")
        )


def _form(**changes):
    form = {
        "title": "Run a half marathon",
        "why": "",
        "area": "",
        "target_date": "",
        "measure_target": "",
        "measure_unit": "",
        "measure_current": "",
        "version": 1,
    }
    return {**form, **changes}


# --- The list ------------------------------------------------------------------------------------
def test_adding_a_goal_from_the_list_page(signed_in, alice, ws):
    with as_user(alice.pk):
        area = area_create(workspace=ws, name="Health", icon="run")
    response = signed_in.post(
        "/goals/", {"title": "Run a half marathon", "area": area.uuid, "target_date": "2030-10-01"}
    )
    goal = _stored(alice, title="Run a half marathon")
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.uuid}/"
    assert goal.area_id == area.pk and str(goal.target_date) == "2030-10-01"
    page = signed_in.get("/goals/").content.decode()
    assert "Run a half marathon" in page and "Health</span>" in page and "1 Oct 2030" in page
    assert "Needs a first step" in page and 'data-hotkey="add"' in page


def test_the_list_groups_goals_by_status_with_active_first(signed_in, alice, ws):
    done = _goal(alice, ws, "Done already")
    with as_user(alice.pk):
        services.goal_set_status(goal=done, status=GoalStatus.ACHIEVED)
    _goal(alice, ws, "Still going")
    page = signed_in.get("/goals/").content.decode()
    assert page.index(">Active") < page.index("Still going") < page.index(">Achieved")
    assert page.index(">Achieved") < page.index("Done already")
    assert "Paused" not in page  # empty groups are left out


def test_cards_show_a_progress_bar_without_inline_styles(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        for i in range(4):
            milestone = services.milestone_create(goal=goal, title=f"Step {i}")
            if i == 0:
                services.milestone_complete(milestone=milestone)
    page = signed_in.get("/goals/").content.decode()
    assert '<progress value="25" max="100"' in page and "1 of 4 milestones" in page
    assert "style=" not in page and "<style" not in page


def test_bad_input_is_explained_and_what_was_typed_is_kept(signed_in, alice, ws):
    with as_user(alice.pk):
        area = area_create(workspace=ws, name="Health")
    response = signed_in.post(
        "/goals/", {"title": "", "area": area.uuid, "target_date": "2030-1-5"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "This field is required." in page
    assert re.search(rf'<option value="{area.uuid}" selected', page)
    with as_user(alice.pk):
        assert not Goal.objects.exists()


def test_an_area_of_another_workspace_is_refused(signed_in, alice, charlie, personas, ws):
    with as_user(charlie.pk):
        theirs = area_create(workspace=personas.personal(charlie), name="Secret")
    response = signed_in.post("/goals/", {"title": "Mine", "area": theirs.uuid})
    assert response.status_code == 422
    assert "Choose one of your areas." in response.content.decode()
    goal = _goal(alice, ws)
    response = signed_in.post(f"/goals/{goal.uuid}/", _form(area=theirs.uuid))
    assert response.status_code == 422
    assert _stored(alice, pk=goal.pk).area_id is None


def test_moving_a_goal_with_htmx_returns_the_groups_and_without_js_redirects(signed_in, alice, ws):
    _goal(alice, ws, "A")
    b = _goal(alice, ws, "B")

    def order():
        with as_user(alice.pk):
            return list(Goal.objects.order_by("position").values_list("title", flat=True))

    response = signed_in.post(f"/goals/{b.uuid}/move/", {"direction": "up"}, **HTMX)
    assert response.status_code == 200
    assert "goal-group" in response.content.decode() and "<html" not in response.content.decode()
    assert order() == ["B", "A"]
    assert signed_in.post(f"/goals/{b.uuid}/move/", {"direction": "down"}).status_code == 302
    assert order() == ["A", "B"]


# --- The goal ------------------------------------------------------------------------------------
def test_editing_a_goal_with_its_measure(signed_in, alice, ws):
    goal = _goal(alice, ws)
    form = _form(
        title="Run 100 km",
        why="Fitness",
        measure_target="100",
        measure_unit="km",
        measure_current="42",
    )
    response = signed_in.post(f"/goals/{goal.uuid}/", form)
    assert response.status_code == 302
    stored = _stored(alice, pk=goal.pk)
    assert stored.title == "Run 100 km" and stored.measure_current == Decimal(42)
    assert stored.version == 2
    page = signed_in.get(f"/goals/{goal.uuid}/").content.decode()
    assert "42 of 100 km" in page and 'name="version" value="2"' in page


def test_a_bad_measure_is_explained_on_its_field(signed_in, alice, ws):
    goal = _goal(alice, ws)
    response = signed_in.post(f"/goals/{goal.uuid}/", _form(measure_target="0", measure_unit="km"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "The target must be more than zero." in page and 'value="km"' in page
    assert _stored(alice, pk=goal.pk).version == 1


def test_editing_with_a_stale_version_is_refused_with_a_clear_message(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        services.goal_update(goal=goal, expected_version=1, why="Another device")
    response = signed_in.post(f"/goals/{goal.uuid}/", _form(title="Run a marathon"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "changed somewhere else" in page and 'value="Run a marathon"' in page
    assert _stored(alice, pk=goal.pk).title == "Run a half marathon"


@pytest.mark.parametrize(
    ("status", "achieved"),
    [("achieved", True), ("paused", False), ("dropped", False), ("active", False)],
)
def test_status_actions(signed_in, alice, ws, status, achieved):
    goal = _goal(alice, ws)
    response = signed_in.post(f"/goals/{goal.uuid}/status/", {"status": status})
    assert response.status_code == 302
    stored = _stored(alice, pk=goal.pk)
    assert stored.status == status and (stored.achieved_at is not None) == achieved


def test_achieving_then_reactivating_from_the_page(signed_in, alice, ws):
    goal = _goal(alice, ws)
    signed_in.post(f"/goals/{goal.uuid}/status/", {"status": "achieved"})
    page = signed_in.get(f"/goals/{goal.uuid}/").content.decode()
    assert 'value="active">Reactivate' in page and "Achieved " in page
    signed_in.post(f"/goals/{goal.uuid}/status/", {"status": "active"})
    assert _stored(alice, pk=goal.pk).achieved_at is None
    response = signed_in.post(f"/goals/{goal.uuid}/status/", {"status": "finished"}, follow=True)
    assert "Status must be one of" in response.content.decode()


def test_deleting_a_goal_keeps_its_tasks(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        task = Task.objects.create(workspace=ws, title="Buy shoes", goal=goal)
    assert signed_in.post(f"/goals/{goal.uuid}/delete/").status_code == 302
    assert _stored(alice, Task, pk=task.pk).goal_id is None
    with as_user(alice.pk):
        assert not Goal.objects.exists()


def test_linked_projects_and_tasks_are_listed_by_title(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        project = Project.objects.create(workspace=ws, title="Training plan", goal=goal)
        task = Task.objects.create(workspace=ws, title="Buy shoes", goal=goal)
        Task.objects.create(workspace=ws, title="Register", goal=goal, status=TaskStatus.DONE)
        Task.objects.create(workspace=ws, title="Old idea", goal=goal, status=TaskStatus.DROPPED)
    page = signed_in.get(f"/goals/{goal.uuid}/").content.decode()
    assert "Training plan" in page and "Buy shoes" in page and "Register" in page
    assert "Old idea" not in page
    assert "1 of 2 tasks done" in page
    # Titles link to the tasks app's pages once it has them (it is built alongside).
    for name, row in (("tasks:detail", task), ("tasks:project", project)):
        try:
            link = reverse(name, kwargs={"uuid": row.uuid})
        except NoReverseMatch:
            continue
        assert f'<a href="{link}">{row.title}</a>' in page


def test_another_workspaces_goal_answers_404(client, charlie, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        milestone = services.milestone_create(goal=goal, title="5 km")
    client.force_login(charlie)
    assert client.get(f"/goals/{goal.uuid}/").status_code == 404
    assert client.post(f"/goals/{goal.uuid}/", _form(title="Hacked")).status_code == 404
    assert client.post(f"/goals/{goal.uuid}/status/", {"status": "dropped"}).status_code == 404
    assert client.post(f"/goals/{goal.uuid}/delete/").status_code == 404
    assert (
        client.post(f"/goals/{goal.uuid}/milestones/", {"milestone-title": "X"}).status_code == 404
    )
    for action in ("complete", "reopen", "move", "delete"):
        assert client.post(f"/goals/milestones/{milestone.uuid}/{action}/").status_code == 404
    assert (
        client.post(
            f"/goals/milestones/{milestone.uuid}/edit/", {"title": "X", "version": 1}
        ).status_code
        == 404
    )
    stored = _stored(alice, pk=goal.pk)
    assert stored.title == "Run a half marathon" and stored.status == "active"
    assert _milestones(alice, goal) == [("5 km", None)]


# --- Milestones ----------------------------------------------------------------------------------
def test_adding_a_milestone_with_htmx_returns_the_section_and_the_progress(signed_in, alice, ws):
    goal = _goal(alice, ws)
    response = signed_in.post(
        f"/goals/{goal.uuid}/milestones/",
        {"milestone-title": "5 km", "milestone-target_date": "2030-03-01"},
        **HTMX,
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="milestones"' in page and "5 km" in page
    assert 'hx-swap-oob="true"' in page and "0 of 1 milestone" in page
    assert [t for t, _ in _milestones(alice, goal)] == ["5 km"]


def test_adding_a_milestone_without_js_redirects_to_the_goal(signed_in, alice, ws):
    goal = _goal(alice, ws)
    response = signed_in.post(f"/goals/{goal.uuid}/milestones/", {"milestone-title": "5 km"})
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.uuid}/"
    assert "5 km" in signed_in.get(f"/goals/{goal.uuid}/").content.decode()


def test_a_milestone_without_a_title_is_explained(signed_in, alice, ws):
    goal = _goal(alice, ws)
    url = f"/goals/{goal.uuid}/milestones/"
    response = signed_in.post(url, {"milestone-title": "", "milestone-target_date": "2030-03-01"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert 'value="2030-03-01"' in response.content.decode()
    response = signed_in.post(url, {"milestone-title": ""}, **HTMX)
    assert response.status_code == 200  # htmx only swaps 2xx answers
    assert "This field is required." in response.content.decode()
    assert _milestones(alice, goal) == []


def test_completing_and_reopening_a_milestone_with_htmx_swaps_the_row(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        milestone = services.milestone_create(goal=goal, title="5 km")
    response = signed_in.post(f"/goals/milestones/{milestone.uuid}/complete/", **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith(
        f'<li class="milestone-row is-done" id="milestone-{milestone.uuid}"'
    )
    assert "1 of 1 milestone" in page and 'data-action="complete"' in page
    assert _milestones(alice, goal)[0][1] is not None
    response = signed_in.post(f"/goals/milestones/{milestone.uuid}/reopen/", **HTMX)
    assert "0 of 1 milestone" in response.content.decode()
    assert _milestones(alice, goal) == [("5 km", None)]


def test_completing_a_milestone_without_js_redirects(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        milestone = services.milestone_create(goal=goal, title="5 km")
    response = signed_in.post(f"/goals/milestones/{milestone.uuid}/complete/")
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.uuid}/"
    assert _milestones(alice, goal)[0][1] is not None
    assert signed_in.post(f"/goals/milestones/{milestone.uuid}/reopen/").status_code == 302
    assert _milestones(alice, goal) == [("5 km", None)]


def test_editing_a_milestone(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        milestone = services.milestone_create(goal=goal, title="5 km")
    url = f"/goals/milestones/{milestone.uuid}/edit/"
    response = signed_in.post(url, {"title": "5 km easy", "target_date": "", "version": 1}, **HTMX)
    assert response.status_code == 200 and "5 km easy" in response.content.decode()
    response = signed_in.post(url, {"title": "6 km", "target_date": "", "version": 2})
    assert response.status_code == 302
    assert _milestones(alice, goal) == [("6 km", None)]


def test_a_stale_milestone_edit_is_refused_and_keeps_what_was_typed(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        milestone = services.milestone_create(goal=goal, title="5 km")
        services.milestone_update(milestone=milestone, expected_version=1, title="5 km fast")
    url = f"/goals/milestones/{milestone.uuid}/edit/"
    stale = {"title": "Five k", "target_date": "", "version": 1}
    response = signed_in.post(url, stale)
    assert response.status_code == 422
    page = response.content.decode()
    assert "changed somewhere else" in page and 'value="Five k"' in page
    response = signed_in.post(url, stale, **HTMX)
    assert response.status_code == 200
    assert "changed somewhere else" in response.content.decode()
    assert _milestones(alice, goal) == [("5 km fast", None)]


def test_moving_and_deleting_milestones(signed_in, alice, ws):
    goal = _goal(alice, ws)
    with as_user(alice.pk):
        _, b = (services.milestone_create(goal=goal, title=t) for t in "AB")
    response = signed_in.post(f"/goals/milestones/{b.uuid}/move/", {"direction": "up"}, **HTMX)
    assert response.status_code == 200 and 'id="milestones"' in response.content.decode()
    assert [t for t, _ in _milestones(alice, goal)] == ["B", "A"]
    response = signed_in.post(f"/goals/milestones/{b.uuid}/move/", {"direction": "down"})
    assert response.status_code == 302
    assert [t for t, _ in _milestones(alice, goal)] == ["A", "B"]
    response = signed_in.post(f"/goals/milestones/{b.uuid}/delete/", **HTMX)
    assert response.status_code == 200 and ">B<" not in response.content.decode()
    assert [t for t, _ in _milestones(alice, goal)] == ["A"]
    assert signed_in.post(f"/goals/milestones/{b.uuid}/delete/").status_code == 404


# --- Query counts --------------------------------------------------------------------------------
def _fill(user, ws, count, start=0):
    """`count` goals, each with two milestones (one done), a project and two tasks."""
    with as_user(user.pk):
        area = area_create(workspace=ws, name=f"Area {start}")
        goals = []
        for i in range(start, start + count):
            goal = services.goal_create(workspace=ws, title=f"Goal {i}", area=area)
            done = services.milestone_create(goal=goal, title="First")
            services.milestone_create(goal=goal, title="Second")
            services.milestone_complete(milestone=done)
            project = Project.objects.create(workspace=ws, title=f"Project {i}", goal=goal)
            Task.objects.create(workspace=ws, title=f"Task {i}", goal=goal)
            Task.objects.create(workspace=ws, title=f"Step {i}", project=project)
            goals.append(goal)
        return goals


def test_the_list_page_makes_the_same_number_of_queries_for_3_or_30_goals(
    signed_in, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(alice, ws, 3)
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get("/goals/").status_code == 200
    few = len(measured)
    _fill(alice, ws, 27, start=3)
    with django_assert_num_queries(few):
        assert signed_in.get("/goals/").status_code == 200


def test_the_goal_page_makes_the_same_number_of_queries_for_3_or_30_goals(
    signed_in, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    (goal, *_) = _fill(alice, ws, 3)
    url = f"/goals/{goal.uuid}/"
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get(url).status_code == 200
    few = len(measured)
    _fill(alice, ws, 27, start=3)
    with as_user(alice.pk):
        for i in range(28):
            services.milestone_create(goal=goal, title=f"More {i}")
            Task.objects.create(workspace=ws, title=f"More {i}", goal=goal)
            Project.objects.create(workspace=ws, title=f"More project {i}", goal=goal)
    with django_assert_num_queries(few):
        assert signed_in.get(url).status_code == 200
