from __future__ import annotations

from datetime import date, time

import pytest

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Task


def _make(user, workspace, **fields):
    with as_user(user.pk):
        return services.task_create(workspace=workspace, **{"title": "Write", **fields})


def _get(user, task):
    with as_user(user.pk):
        return Task.objects.get(pk=task.pk)


def _edit_form(task, **changes):
    form = {
        "title": task.title,
        "notes": "",
        "priority": "0",
        "due_date": "",
        "due_time": "",
        "do_on": "",
        "estimate_minutes": "",
        "energy": "",
        "project": "",
        "goal": "",
        "area": "",
        "labels": "",
        "repeat": "",
        "rrule": "",
        "repeat_from": "due",
        "version": str(task.version),
    }
    form.update(changes)
    return form


# --- The list ----------------------------------------------------------------------------------


def test_the_list_pages_add_box_reads_smart_add_syntax(signed_in, alice):
    page = signed_in.get("/tasks/?group=priority").content.decode()
    box = page.split('<form id="tasks-add-form"')[1].split("</form>")[0]
    assert 'action="/ai/add/"' in box
    assert 'name="next" value="/tasks/?group=priority"' in box
    assert 'data-hotkey="add"' in box and 'hx-post="/ai/add/read/"' in box
    # Add posts the page (the list then shows the task); only the chips are read as you type.
    assert "hx-target" not in box.split("data-quick-add-submit")[0].split("<button")[-1]
    response = signed_in.post(
        "/ai/add/", {"text": "Buy milk 1 May !high", "next": "/tasks/?group=priority"}
    )
    assert response.status_code == 302 and response["Location"] == "/tasks/?group=priority"
    with as_user(alice.pk):
        task = Task.objects.get()
    assert task.due_date is not None
    assert (task.title, task.due_date.day, task.due_date.month, task.priority) == (
        "Buy milk", 1, 5, 3
    )  # fmt: skip
    page = signed_in.get("/tasks/").content.decode()
    assert "Buy milk" in page and "High priority" in page


def test_the_list_page_is_read_only(signed_in, alice):
    assert signed_in.post("/tasks/", {"title": "Buy milk"}).status_code == 405


def test_an_empty_list_says_what_to_do(signed_in):
    page = signed_in.get("/tasks/").content.decode()
    assert "No open tasks" in page


def test_rows_show_their_badges(signed_in, alice, home):
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="Home")
    _make(
        alice,
        home,
        title="Stretch",
        due_date=date(2026, 3, 2),
        due_time=time(7, 30),
        recurrence="FREQ=WEEKLY;BYDAY=MO,WE",
        labels=["health"],
        project=project,
        estimate_minutes=10,
    )
    page = signed_in.get("/tasks/").content.decode()
    assert "Every week on Mon and Wed" in page
    assert "Due Mon 2 Mar 07:30" in page and "Overdue" in page
    assert "#health" in page and ">Home</a>" in page and "10 min" in page
    assert 'data-action="complete"' in page and "data-row" in page


# --- Completing --------------------------------------------------------------------------------


def test_completing_with_htmx_returns_the_row(signed_in, alice, home):
    task = _make(alice, home)
    response = signed_in.post(
        f"/tasks/{task.uuid}/complete/", {"next": "/tasks/"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and html.count("<li") == 1
    assert f"/tasks/{task.uuid}/reopen/" in html
    assert _get(alice, task).status == "done"


def test_completing_a_repeating_task_with_htmx_shows_the_next_one(signed_in, alice, home):
    alice.time_zone = "Europe/Berlin"
    alice.save()
    task = _make(
        alice,
        home,
        title="Stand-up",
        due_date=date(2099, 3, 28),
        due_time=time(9, 0),
        recurrence="FREQ=DAILY",
    )
    response = signed_in.post(f"/tasks/{task.uuid}/complete/", HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.count("<li") == 2 and "Next: Sun 29 Mar" in html
    with as_user(alice.pk):
        nxt = Task.objects.get(series=task.series, status="open")
    assert f'id="task-{task.uuid}"' in html and f'id="task-{nxt.uuid}"' in html
    assert (nxt.due_date, nxt.due_time) == (date(2099, 3, 29), time(9, 0))


def test_completing_without_javascript_redirects_back(signed_in, alice, home):
    task = _make(alice, home, due_date=date(2099, 3, 2), recurrence="FREQ=WEEKLY")
    response = signed_in.post(f"/tasks/{task.uuid}/complete/", {"next": "/tasks/?q=wri"})
    assert response.status_code == 302 and response["Location"] == "/tasks/?q=wri"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Done: “Write”. Next: Mon 9 Mar." in page


def test_a_next_address_on_another_site_is_ignored(signed_in, alice, home):
    task = _make(alice, home)
    response = signed_in.post(
        f"/tasks/{task.uuid}/complete/", {"next": "https://elsewhere.example/"}
    )
    assert response["Location"] == "/tasks/"


def test_reopen_drop_skip_and_delete(signed_in, alice, home):
    task = _make(alice, home, due_date=date(2099, 3, 2), recurrence="FREQ=DAILY")
    assert signed_in.post(f"/tasks/{task.uuid}/drop/").status_code == 302
    assert _get(alice, task).status == "dropped"
    response = signed_in.post(f"/tasks/{task.uuid}/reopen/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'data-action="complete"' in response.content.decode()
    signed_in.post(f"/tasks/{task.uuid}/skip/")
    assert _get(alice, task).status == "skipped"
    with as_user(alice.pk):
        nxt = Task.objects.get(series=task.series, status="open")
    assert nxt.due_date == date(2099, 3, 3)
    once = _make(alice, home, title="Once")
    response = signed_in.post(f"/tasks/{once.uuid}/skip/", follow=True)
    assert "Only a repeating task can be skipped." in response.content.decode()
    assert signed_in.post(f"/tasks/{nxt.uuid}/delete/").status_code == 302
    with as_user(alice.pk):
        assert not Task.objects.filter(pk=nxt.pk).exists()


def test_moving_from_a_rows_menu_without_javascript_goes_back_to_the_row(signed_in, alice, home):
    _make(alice, home, title="A")
    b = _make(alice, home, title="B")
    response = signed_in.post(
        f"/tasks/{b.uuid}/move/", {"direction": "up", "next": "/tasks/?q=", "list": "index"}
    )
    assert response.status_code == 302 and response["Location"] == f"/tasks/?q=#task-{b.uuid}"
    page = signed_in.get("/tasks/").content.decode()
    assert page.index(">B</a>") < page.index(">A</a>")
    assert "Moved “B” to position 1 of 2." in page
    response = signed_in.post(f"/tasks/{b.uuid}/move/", {"direction": "down", "next": "/tasks/"})
    assert response.status_code == 302
    page = signed_in.get("/tasks/").content.decode()
    assert page.index(">A</a>") < page.index(">B</a>")


# --- The task's page ---------------------------------------------------------------------------


def test_editing_every_field(signed_in, alice, home):
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="Home")
    task = _make(alice, home)
    form = _edit_form(
        task,
        title="Write the report",
        notes="Two pages",
        priority="2",
        due_date="2026-05-04",
        due_time="09:30",
        estimate_minutes="45",
        energy="high",
        project=str(project.uuid),
        labels="work, Deep work",
        repeat="weekdays",
        repeat_from="completion",
    )
    response = signed_in.post(f"/tasks/{task.uuid}/", form)
    assert response.status_code == 302
    saved = _get(alice, task)
    assert (saved.title, saved.priority, saved.due_time) == ("Write the report", 2, time(9, 30))
    assert saved.recurrence == "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
    assert (saved.repeat_from, saved.project_id, saved.version) == ("completion", project.pk, 2)
    with as_user(alice.pk):
        assert sorted(lb.name for lb in saved.labels.all()) == ["Deep work", "work"]
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert 'value="work, Deep work"' in page or 'value="Deep work, work"' in page
    assert '<option value="weekdays" selected>' in page


def test_deep_work_is_a_checkbox_on_the_task_page(signed_in, alice, home):
    task = _make(alice, home)
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    checkbox = '<input type="checkbox" name="deep_work"'
    assert checkbox in page and "Plan it in one unbroken block." in page
    assert '<label class="check" for="id_deep_work">' in page and " Deep work</label>" in page
    assert "checked" not in page[page.index(checkbox) :].split(">")[0]
    response = signed_in.post(f"/tasks/{task.uuid}/", _edit_form(task, deep_work="on"))
    assert response.status_code == 302
    saved = _get(alice, task)
    assert saved.deep_work is True and saved.version == 2
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert "checked" in page[page.index(checkbox) :].split(">")[0]
    # An unticked checkbox is not posted at all: leaving it out turns deep work off.
    assert signed_in.post(f"/tasks/{task.uuid}/", _edit_form(saved)).status_code == 302
    assert _get(alice, task).deep_work is False


def test_a_custom_rule_is_kept_and_a_bad_one_explained(signed_in, alice, home):
    task = _make(alice, home)
    form = _edit_form(
        task, due_date="2026-05-04", repeat="custom", rrule="FREQ=MONTHLY;BYMONTHDAY=-1"
    )
    assert signed_in.post(f"/tasks/{task.uuid}/", form).status_code == 302
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert 'value="FREQ=MONTHLY;BYMONTHDAY=-1"' in page and "Every month on the last day" in page
    form = _edit_form(_get(alice, task), due_date="2026-05-04", repeat="custom", rrule="FREQ=OFTEN")
    response = signed_in.post(f"/tasks/{task.uuid}/", form)
    assert response.status_code == 422
    assert "That repeat rule isn&#x27;t valid" in response.content.decode()
    assert 'value="FREQ=OFTEN"' in response.content.decode()


def test_a_repeating_task_without_a_due_date_is_explained(signed_in, alice, home):
    task = _make(alice, home)
    response = signed_in.post(f"/tasks/{task.uuid}/", _edit_form(task, repeat="daily"))
    assert response.status_code == 422
    assert "A repeating task needs a due date." in response.content.decode()
    assert _get(alice, task).recurrence == ""


def test_editing_with_a_stale_version_is_refused_with_a_clear_message(signed_in, alice, home):
    task = _make(alice, home)
    with as_user(alice.pk):
        services.task_update(task=task, expected_version=1, priority=3)  # another device
    response = signed_in.post(
        f"/tasks/{task.uuid}/", _edit_form(task, title="Rewrite", version="1")
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "changed somewhere else" in page and 'value="Rewrite"' in page
    assert _get(alice, task).title == "Write"


def test_posting_another_workspaces_project_is_refused(signed_in, alice, bob, home, personas):
    with as_user(bob.pk):
        theirs = services.project_create(workspace=personas.personal(bob), title="Bob's")
    task = _make(alice, home)
    response = signed_in.post(f"/tasks/{task.uuid}/", _edit_form(task, project=str(theirs.uuid)))
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()
    assert _get(alice, task).project_id is None


def test_subtasks_are_added_and_completed_with_htmx_or_plain_posts(signed_in, alice, home):
    task = _make(alice, home)
    response = signed_in.post(
        f"/tasks/{task.uuid}/subtasks/", {"title": "Outline"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="subtasks"' in html and "Outline" in html
    assert "<html" not in html
    assert signed_in.post(f"/tasks/{task.uuid}/subtasks/", {"title": "Draft"}).status_code == 302
    with as_user(alice.pk):
        outline = Task.objects.get(title="Outline")
    assert outline.parent_id == task.pk
    response = signed_in.post(
        f"/tasks/{outline.uuid}/complete/", {"row": "subtask"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert 'class="subtask-row is-closed"' in html and html.count("<li") == 1
    response = signed_in.post(
        f"/tasks/{task.uuid}/subtasks/", {"title": ""}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422 and "Give the subtask a title." in response.content.decode()
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert "Outline" in page and "Draft" in page and "data-confirm" in page


def test_an_empty_subtask_is_explained_next_to_its_field(signed_in, alice, home):
    task = _make(alice, home)
    response = signed_in.post(
        f"/tasks/{task.uuid}/subtasks/", {"title": "  "}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 422 and html.startswith(
        '<section class="card stack" id="subtasks"'
    )
    field = html[html.index('name="title"') :]
    assert field.index("autofocus") < field.index(">")
    assert field.index('aria-invalid="true"') < field.index(">")
    assert field.index("Give the subtask a title.") < field.index("</form>")
    # Without JavaScript: the task's page again, with the message at the field (no redirect).
    response = signed_in.post(f"/tasks/{task.uuid}/subtasks/", {"title": ""})
    page = response.content.decode()
    assert response.status_code == 422 and "<html" in page
    subtasks = page[page.index('id="subtasks"') :]
    assert subtasks.index("Give the subtask a title.") < subtasks.index("</section>")
    with as_user(alice.pk):
        assert not Task.objects.filter(parent=task).exists()


def test_the_task_pages_load_the_script_that_shows_refused_forms_in_place(signed_in, alice, home):
    task = _make(alice, home)
    for url in ("/tasks/", f"/tasks/{task.uuid}/"):
        assert "tasks/tasks.js" in signed_in.get(url).content.decode()


def test_a_subtask_page_links_back_to_its_parent(signed_in, alice, home):
    parent = _make(alice, home, title="Trip")
    sub = _make(alice, home, title="Pack", parent=parent)
    page = signed_in.get(f"/tasks/{sub.uuid}/").content.decode()
    back = page[page.index(f'<a class="tasks-back" href="/tasks/{parent.uuid}/">') :]
    assert back.index("</svg>Trip</a>") < back.index("</p>")
    assert "←" not in page
    response = signed_in.post(f"/tasks/{sub.uuid}/delete/")
    assert response["Location"] == f"/tasks/{parent.uuid}/"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/tasks/{uuid}/"),
        ("post", "/tasks/{uuid}/"),
        ("post", "/tasks/{uuid}/complete/"),
        ("post", "/tasks/{uuid}/reopen/"),
        ("post", "/tasks/{uuid}/drop/"),
        ("post", "/tasks/{uuid}/skip/"),
        ("post", "/tasks/{uuid}/delete/"),
        ("post", "/tasks/{uuid}/move/"),
        ("post", "/tasks/{uuid}/plan/"),
        ("get", "/tasks/{uuid}/rename/"),
        ("get", "/tasks/{uuid}/title/"),
        ("post", "/tasks/{uuid}/subtasks/"),
    ],
)
def test_another_workspaces_task_answers_404(client, charlie, alice, home, method, path):
    task = _make(alice, home)
    client.force_login(charlie)
    response = getattr(client, method)(path.format(uuid=task.uuid), {"title": "X"})
    assert response.status_code == 404
    assert _get(alice, task).status == "open"


# --- Labels ------------------------------------------------------------------------------------


def test_the_labels_page(signed_in, alice, home):
    _make(alice, home, labels=["errands"])
    assert signed_in.post("/tasks/labels/", {"name": "Calls"}).status_code == 302
    page = signed_in.get("/tasks/labels/").content.decode()
    assert "#Calls" in page and "#errands" in page and "1 open" in page
    response = signed_in.post("/tasks/labels/", {"name": "x" * 41})
    assert response.status_code == 422
    page = response.content.decode()
    field = page[page.index('name="name"') :]
    assert field.index("Ensure this value has at most 40 characters") < field.index("</form>")
    with as_user(alice.pk):
        from minime.tasks.models import Label

        calls = Label.objects.get(name="Calls")
    assert signed_in.post(f"/tasks/labels/{calls.uuid}/delete/").status_code == 302
    assert "#Calls" not in signed_in.get("/tasks/labels/").content.decode()
