"""The Focus button on a task's page: an open task offers it, and the form as the page draws it
starts a focus session on that task, without JavaScript (a redirect) and with htmx (an
HX-Redirect to the Focus page)."""

from __future__ import annotations

import re

import pytest

from minime.core.db import as_user
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import task_complete, task_create

FORM = re.compile(r'<form method="post" action="/focus/start/"[^>]*>(.*?)</form>', re.S)


def _task(user, workspace, title="Write the report"):
    with as_user(user.pk):
        return task_create(workspace=workspace, title=title)


def _focus_form(page: str) -> dict[str, str]:
    """The Focus form's fields as the page draws them (the CSRF token aside: the test client
    does not check it)."""
    (body,) = FORM.findall(page)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', body))
    fields.pop("csrfmiddlewaretoken", None)
    return fields


def _running(user):
    with as_user(user.pk):
        return FocusSession.objects.get(created_by=user, state=SessionState.RUNNING)


def test_an_open_tasks_page_offers_focus_on_it(signed_in, alice, home):
    task = _task(alice, home)
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert 'hx-post="/focus/start/"' in page
    assert 'aria-label="Focus on Write the report"' in page
    assert _focus_form(page) == {"task": str(task.uuid)}


def test_a_done_tasks_page_offers_no_focus(signed_in, alice, home):
    task = _task(alice, home)
    with as_user(alice.pk):
        task_complete(task=task, user=alice)
    page = signed_in.get(f"/tasks/{task.uuid}/").content.decode()
    assert "Reopen" in page
    assert FORM.findall(page) == []


@pytest.mark.parametrize("htmx", [False, True])
def test_the_focus_button_starts_a_session_on_the_task(signed_in, alice, home, htmx):
    task = _task(alice, home)
    form = _focus_form(signed_in.get(f"/tasks/{task.uuid}/").content.decode())
    if htmx:
        response = signed_in.post("/focus/start/", form, HTTP_HX_REQUEST="true")
        assert response["HX-Redirect"] == "/focus/"
    else:
        response = signed_in.post("/focus/start/", form)
        assert response.status_code == 302 and response["Location"] == "/focus/"
    assert _running(alice).task_id == task.pk
    assert "Write the report" in signed_in.get("/focus/").content.decode()
