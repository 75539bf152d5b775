"""Break into steps (task editor) and Break a project into tasks (project view), through the
Django test client: preview, add the ticked steps as edited, cancel, scoping, the provider's
exact request, its failures and the quota."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

import pytest

from minime.ai.models import AIRequest
from minime.core.db import as_user
from minime.tasks import services as task_services
from minime.tasks.models import Project, Task

pytestmark = pytest.mark.django_db

PROVIDER_STEPS = ["Gather the receipts", "Fill in the form", "Send it to the office"]


@pytest.fixture
def signed_in(signed_in: Any, now: datetime) -> Any:
    """Signed in, with the clock frozen (``now``)."""
    return signed_in


def _task(user: Any, workspace: Any, title: str, **fields: Any) -> Task:
    with as_user(user.pk):
        return task_services.task_create(
            workspace=workspace, title=title, created_by=user, **fields
        )


def _project(user: Any, workspace: Any, title: str, description: str = "") -> Project:
    with as_user(user.pk):
        return task_services.project_create(
            workspace=workspace, title=title, description=description
        )


def _subtasks(user: Any, task: Task) -> list[tuple[str, str]]:
    with as_user(user.pk):
        return list(
            Task.objects.filter(parent=task).order_by("position").values_list("title", "source")
        )


def _project_tasks(user: Any, project: Project) -> list[tuple[str, str, int | None]]:
    with as_user(user.pk):
        return list(
            Task.objects.filter(project=project)
            .order_by("position")
            .values_list("title", "source", "parent_id")
        )


def _rows(response: Any) -> list[dict[str, Any]]:
    return list(response.context["rows"])


# --- Break into steps ------------------------------------------------------------------------
def test_the_task_editor_has_the_button(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Do the tax return")
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert f'action="/ai/tasks/{task.uuid}/steps/"' in page and "Break into steps" in page


def test_the_preview_shows_three_to_six_ticked_editable_steps(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/")
    assert response.status_code == 200
    rows = _rows(response)
    assert 3 <= len(rows) <= 6
    assert all(row["keep"] for row in rows)
    page = response.content.decode()
    assert "<html" in page and "Built-in engine" in page
    assert page.count('type="checkbox" name="keep"') == len(rows)
    assert page.count(" checked") >= len(rows)
    for row in rows:
        assert 'name="title" id="ai-step-title-' in page and f'value="{row["title"]}"' in page
    assert _subtasks(alice, task) == []  # a preview creates nothing


def test_with_htmx_the_preview_is_a_fragment(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Plan the garden")
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="ai-steps"' in page
    assert 3 <= len(_rows(response)) <= 6


def test_add_creates_exactly_the_ticked_steps_with_the_edited_titles(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    titles = ["Collect the numbers", "Outline", "Draft it", "Send to Ana"]
    titles[2] = "Draft the report in one go"  # edited in the preview
    form = {"title": titles, "keep": ["0", "2", "3"], "action": "add"}
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/add/", form)
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.uuid}/"
    assert _subtasks(alice, task) == [
        ("Collect the numbers", "smart_add"),
        ("Draft the report in one go", "smart_add"),
        ("Send to Ana", "smart_add"),
    ]
    page = signed_in.get(response["Location"]).content.decode()
    assert "Added 3 subtasks" in page


def test_cancel_creates_nothing(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    form = {"title": ["One", "Two", "Three"], "keep": ["0", "1", "2"], "action": "cancel"}
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/add/", form)
    assert response.status_code == 302 and response["Location"] == f"/tasks/{task.uuid}/"
    assert _subtasks(alice, task) == []


def test_a_blank_ticked_title_keeps_everything_typed_and_creates_nothing(
    signed_in, alice, personas
):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    form = {"title": ["Keep me", "   ", "Mine too"], "keep": ["0", "1", "2"], "action": "add"}
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/add/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert "Step 2 needs a title, or untick it." in page
    assert 'value="Keep me"' in page and 'value="Mine too"' in page
    assert _rows(response) == [
        {"title": "Keep me", "keep": True},
        {"title": "   ", "keep": True},
        {"title": "Mine too", "keep": True},
    ]
    assert _subtasks(alice, task) == []


def test_nothing_ticked_is_refused(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    form = {"title": ["One", "Two", "Three"], "action": "add"}
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/add/", form)
    assert response.status_code == 422
    assert "Tick at least one step" in response.content.decode()
    assert _subtasks(alice, task) == []


def test_a_subtask_cannot_be_broken_down(signed_in, alice, personas):
    ws = personas.personal(alice)
    parent = _task(alice, ws, "Move house")
    child = _task(alice, ws, "Pack the kitchen", parent=parent)
    response = signed_in.post(f"/ai/tasks/{child.uuid}/steps/", HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and response["HX-Redirect"] == f"/tasks/{child.uuid}/"
    response = signed_in.post(f"/ai/tasks/{child.uuid}/steps/")
    assert response.status_code == 302
    assert (
        "Subtasks can&#x27;t have subtasks"
        in signed_in.get(f"/tasks/{child.uuid}/").content.decode()
    )
    with as_user(alice.pk):
        assert AIRequest.objects.count() == 0


def test_another_workspaces_task_is_404(signed_in, bob, personas):
    task = _task(bob, personas.personal(bob), "Bob's secret plan")
    assert signed_in.post(f"/ai/tasks/{task.uuid}/steps/").status_code == 404
    form = {"title": ["Steal it"], "keep": ["0"], "action": "add"}
    assert signed_in.post(f"/ai/tasks/{task.uuid}/steps/add/", form).status_code == 404
    assert _subtasks(bob, task) == []


def test_get_is_not_allowed(signed_in, alice, personas):
    task = _task(alice, personas.personal(alice), "Anything")
    assert signed_in.get(f"/ai/tasks/{task.uuid}/steps/").status_code == 405


def test_the_provider_gets_exactly_title_description_and_project(
    signed_in, alice, personas, provider
):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        home = task_services.project_create(workspace=ws, title="Paperwork")
    task = _task(
        alice, ws, "Do the tax return", notes="Deadline is close.\nUse last year's", project=home
    )
    provider.reply_json({"steps": PROVIDER_STEPS})
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/")
    assert response.status_code == 200
    assert [r["title"] for r in _rows(response)] == PROVIDER_STEPS
    page = response.content.decode()
    assert "OpenAI-compatible endpoint (test-model)" in page and "Built-in engine" not in page
    (request,) = provider.requests
    user_content = request.json["messages"][-1]["content"]
    assert json.loads(user_content) == {
        "title": "Do the tax return",
        "description": "Deadline is close.\nUse last year's",
        "project": "Paperwork",
    }
    body = request.body.decode()
    for secret in (str(task.uuid), str(home.uuid), alice.email, str(ws.uuid)):
        assert secret not in body
    with as_user(alice.pk):
        assert AIRequest.objects.get().outcome == "ok"


def test_a_task_without_a_project_sends_null(signed_in, alice, personas, provider):
    task = _task(alice, personas.personal(alice), "Call the bank")
    provider.reply_json({"steps": PROVIDER_STEPS})
    signed_in.post(f"/ai/tasks/{task.uuid}/steps/")
    sent = json.loads(provider.requests[-1].json["messages"][-1]["content"])
    assert sent == {"title": "Call the bank", "description": "", "project": None}


@pytest.mark.parametrize("failure", ["500", "timeout"])
def test_a_failing_provider_shows_the_notice_and_the_local_steps(
    signed_in, alice, personas, provider, failure
):
    task = _task(alice, personas.personal(alice), "Write the quarterly report")
    if failure == "500":
        provider.reply_status(500)
    else:
        provider.reply_slow(5, {"steps": PROVIDER_STEPS})
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/")
    assert response.status_code == 200
    notice = response.context["notice"]
    assert notice.endswith("These suggestions come from the built-in engine instead.")
    titles = [r["title"] for r in _rows(response)]
    assert 3 <= len(titles) <= 6 and titles != PROVIDER_STEPS
    page = response.content.decode()
    assert "Built-in engine" in page and "built-in engine instead" in page
    with as_user(alice.pk):
        assert AIRequest.objects.get().outcome == "fallback"


def test_quota_reached_says_so_and_sends_nothing(signed_in, alice, personas, provider, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}
    task = _task(alice, personas.personal(alice), "Write the quarterly report", notes="Keep me")
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/", HTTP_HX_REQUEST="true")
    assert response.status_code == 429 and response["HX-Redirect"] == f"/tasks/{task.uuid}/"
    response = signed_in.post(f"/ai/tasks/{task.uuid}/steps/", follow=True)
    page = response.content.decode()
    assert "this month&#x27;s 0 AI requests" in page and "Plain Add still works" in page
    assert provider.requests == []
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).notes == "Keep me"
    assert _subtasks(alice, task) == []


# --- Break a project into tasks --------------------------------------------------------------
def test_the_project_view_has_the_button(signed_in, alice, personas):
    project = _project(alice, personas.personal(alice), "Website")
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert f'action="/ai/projects/{project.uuid}/steps/"' in page
    assert "Break a project into tasks" in page


def test_the_project_preview_shows_five_to_ten_steps(signed_in, alice, personas):
    project = _project(alice, personas.personal(alice), "Launch the new website")
    response = signed_in.post(f"/ai/projects/{project.uuid}/steps/")
    assert response.status_code == 200
    rows = _rows(response)
    assert 5 <= len(rows) <= 10 and all(r["keep"] for r in rows)
    assert _project_tasks(alice, project) == []


def test_project_add_creates_top_level_tasks_in_the_project(signed_in, alice, personas):
    project = _project(alice, personas.personal(alice), "Launch the new website")
    titles = ["Define the goal", "List pages", "Pick a host", "Write copy", "Review", "Ship"]
    titles[3] = "Write the home page copy"  # edited in the preview
    form = {"title": titles, "keep": ["1", "3", "5"], "action": "add"}
    response = signed_in.post(f"/ai/projects/{project.uuid}/steps/add/", form)
    assert response.status_code == 302
    assert response["Location"] == f"/tasks/projects/{project.uuid}/"
    assert _project_tasks(alice, project) == [
        ("List pages", "smart_add", None),
        ("Write the home page copy", "smart_add", None),
        ("Ship", "smart_add", None),
    ]


def test_project_cancel_creates_nothing(signed_in, alice, personas):
    project = _project(alice, personas.personal(alice), "Launch the new website")
    form = {"title": ["A", "B", "C", "D", "E"], "keep": ["0", "1"], "action": "cancel"}
    assert signed_in.post(f"/ai/projects/{project.uuid}/steps/add/", form).status_code == 302
    assert _project_tasks(alice, project) == []


def test_another_workspaces_project_is_404(signed_in, bob, personas):
    project = _project(bob, personas.personal(bob), "Bob's project")
    assert signed_in.post(f"/ai/projects/{project.uuid}/steps/").status_code == 404
    form = {"title": ["X"], "keep": ["0"], "action": "add"}
    assert signed_in.post(f"/ai/projects/{project.uuid}/steps/add/", form).status_code == 404
    assert _project_tasks(bob, project) == []


def test_the_provider_gets_exactly_the_projects_title_and_description(
    signed_in, alice, personas, provider
):
    ws = personas.personal(alice)
    project = _project(alice, ws, "Website", "A new site for the shop")
    steps = ["Agree on the goal", "List the pages", "Pick a host", "Write copy", "Launch"]
    provider.reply_json({"steps": steps})
    response = signed_in.post(f"/ai/projects/{project.uuid}/steps/", HTTP_HX_REQUEST="true")
    assert [r["title"] for r in _rows(response)] == steps
    (request,) = provider.requests
    sent = json.loads(request.json["messages"][-1]["content"])
    assert sent == {"title": "Website", "description": "A new site for the shop"}
    assert str(project.uuid) not in request.body.decode()
    assert alice.email not in request.body.decode()
