from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Project, Task


def _project(user, workspace, **fields):
    with as_user(user.pk):
        return services.project_create(workspace=workspace, **{"title": "Home", **fields})


def _get(user, project):
    with as_user(user.pk):
        return Project.objects.get(pk=project.pk)


def test_adding_a_project_opens_its_page(signed_in, alice):
    response = signed_in.post("/tasks/projects/", {"title": "Move flat", "deadline": "2026-06-30"})
    assert response.status_code == 302
    with as_user(alice.pk):
        project = Project.objects.get()
    assert response["Location"] == f"/tasks/projects/{project.uuid}/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Move flat" in page and "No open tasks" in page and 'data-hotkey="add"' in page


def test_a_project_without_a_title_is_explained(signed_in, alice):
    response = signed_in.post("/tasks/projects/", {"title": "", "description": "Why"})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert "Why</textarea>" in response.content.decode()


def test_the_list_groups_projects_by_status_with_counts_and_stuck_badges(signed_in, alice, home):
    empty = _project(alice, home, title="Empty one")
    busy = _project(alice, home, title="Busy one")
    _project(alice, home, title="Later one", status="someday")
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Step", project=busy)
        services.task_create(workspace=home, title="Step 2", project=busy)
    page = signed_in.get("/tasks/projects/").content.decode()
    assert page.index('<h2 id="group-1">Active') < page.index("Someday</h2>")
    empty_row = page[page.index(f'id="project-{empty.uuid}"') :][:800]
    busy_row = page[page.index(f'id="project-{busy.uuid}"') :][:800]
    assert "Stuck" in empty_row and "0 open" in empty_row
    assert "Stuck" not in busy_row and "2 open" in busy_row


def test_a_project_goes_stuck_when_nothing_was_done_lately(signed_in, alice, home):
    project = _project(alice, home)
    with as_user(alice.pk):
        services.task_create(workspace=home, title="Step", project=project)
        Project.objects.filter(pk=project.pk).update(created_at=timezone.now() - timedelta(days=8))
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert "Stuck" in page


def test_the_project_page_adds_orders_and_completes_its_tasks(signed_in, alice, home):
    project = _project(alice, home)
    url = f"/tasks/projects/{project.uuid}/"
    for title in ("Paint", "Clean"):
        assert signed_in.post(f"{url}tasks/", {"title": title}).status_code == 302
    with as_user(alice.pk):
        clean = Task.objects.get(title="Clean")
        services.task_create(workspace=home, title="Elsewhere")
    assert clean.project_id == project.pk
    page = signed_in.get(url).content.decode()
    assert page.index(">Paint</a>") < page.index(">Clean</a>") and "Elsewhere" not in page
    response = signed_in.post(
        f"/tasks/{clean.uuid}/move/", {"direction": "up", "list": "project", "next": url}
    )
    assert response["Location"] == f"{url}#task-{clean.uuid}"
    html = signed_in.get(url).content.decode()
    assert html.index(">Clean</a>") < html.index(">Paint</a>") and "Elsewhere" not in html
    assert "Moved “Clean” to position 1 of 2." in html
    response = signed_in.post(f"/tasks/{clean.uuid}/complete/", {"next": url})
    assert response["Location"] == url
    assert ">Clean</a>" not in signed_in.get(url).content.decode()


def _primary_buttons(page: str) -> list[str]:
    """The primary buttons of the page's own content, top to bottom."""
    main = page[page.index("<main") : page.index("</main>")]
    found = re.findall(r'<button type="submit" class="btn btn-primary"[^>]*>([^<]*)</button>', main)
    return [text.strip() for text in found]


def test_a_new_projects_first_action_is_adding_a_task_not_marking_it_done(signed_in, alice, home):
    project = _project(alice, home)
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert _primary_buttons(page) == ["Add", "Save"]  # add its first task; save its details
    field = page[page.index('name="title"') :].split(">")[0]
    assert "autofocus" in field and 'data-hotkey="add"' in field
    menu = page[page.index('<details class="menu" data-menu>') :]
    menu = menu[: menu.index("</details>")]
    assert 'class="menu__item" name="status" value="done">Mark as done</button>' in menu
    assert "Every task in it is done." not in page


def test_done_is_offered_prominently_once_every_task_is_done(signed_in, alice, home):
    project = _project(alice, home)
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Paint", project=project)
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert "Mark as done" not in _primary_buttons(page)
    assert "autofocus" not in page[page.index('name="title"') :].split(">")[0]
    with as_user(alice.pk):
        services.task_complete(task=task, user=alice)
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert _primary_buttons(page) == ["Mark as done", "Add", "Save"]
    assert "Every task in it is done." in page
    signed_in.post(f"/tasks/projects/{project.uuid}/status/", {"status": "done"})
    page = signed_in.get(f"/tasks/projects/{project.uuid}/").content.decode()
    assert "Mark as done" not in page and "Mark as active" in page


def test_a_task_without_a_title_is_explained_on_the_project_page(signed_in, alice, home):
    project = _project(alice, home)
    response = signed_in.post(f"/tasks/projects/{project.uuid}/tasks/", {"title": ""})
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()


def test_status_buttons(signed_in, alice, home):
    project = _project(alice, home)
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Paint", project=project)
    url = f"/tasks/projects/{project.uuid}/status/"
    assert signed_in.post(url, {"status": "done"}).status_code == 302
    saved = _get(alice, project)
    assert saved.status == "done" and saved.completed_at is not None
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).status == "open"
    page = signed_in.get(f"/tasks/projects/{project.uuid}/", follow=True).content.decode()
    assert "Its open tasks stay open" in page
    response = signed_in.post(url, {"status": "finished"}, follow=True)
    assert "Choose a status." in response.content.decode()


def test_editing_a_project_and_a_stale_version(signed_in, alice, home):
    project = _project(alice, home)
    url = f"/tasks/projects/{project.uuid}/"
    form = {"title": "House", "description": "", "deadline": "", "version": "1"}
    assert signed_in.post(url, form).status_code == 302
    assert _get(alice, project).title == "House"
    response = signed_in.post(url, {**form, "title": "Flat"})  # still says version 1
    assert response.status_code == 422
    assert "changed somewhere else" in response.content.decode()
    assert 'value="Flat"' in response.content.decode()
    assert _get(alice, project).title == "House"


def test_posting_another_workspaces_area_is_refused(signed_in, alice, bob, home, personas):
    with as_user(bob.pk):
        theirs = area_create(workspace=personas.personal(bob), name="Bob's")
    project = _project(alice, home)
    form = {"title": "Home", "area": str(theirs.uuid), "version": "1"}
    response = signed_in.post(f"/tasks/projects/{project.uuid}/", form)
    assert response.status_code == 422
    assert _get(alice, project).area_id is None
    response = signed_in.post("/tasks/projects/", {"title": "New", "area": str(theirs.uuid)})
    assert response.status_code == 422


def test_deleting_a_project_keeps_its_tasks(signed_in, alice, home):
    project = _project(alice, home)
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Paint", project=project)
    response = signed_in.post(f"/tasks/projects/{project.uuid}/delete/")
    assert response["Location"] == "/tasks/projects/"
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).project_id is None
        assert not Project.objects.exists()


def test_moving_a_project(signed_in, alice, home):
    _project(alice, home, title="A")
    b = _project(alice, home, title="B")
    response = signed_in.post(f"/tasks/projects/{b.uuid}/move/", {"direction": "up"})
    assert response.status_code == 302
    page = signed_in.get("/tasks/projects/").content.decode()
    assert page.index(">B</a>") < page.index(">A</a>")


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/tasks/projects/{uuid}/"),
        ("post", "/tasks/projects/{uuid}/"),
        ("post", "/tasks/projects/{uuid}/tasks/"),
        ("post", "/tasks/projects/{uuid}/status/"),
        ("post", "/tasks/projects/{uuid}/delete/"),
        ("post", "/tasks/projects/{uuid}/move/"),
    ],
)
def test_another_workspaces_project_answers_404(client, charlie, alice, home, method, path):
    project = _project(alice, home)
    client.force_login(charlie)
    response = getattr(client, method)(path.format(uuid=project.uuid), {"title": "X"})
    assert response.status_code == 404
    assert _get(alice, project).title == "Home"
