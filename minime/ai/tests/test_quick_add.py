"""Quick add: one line in Smart Add's syntax becomes an item at once; a paragraph goes on to the
preview; what the line reads as is shown as chips while typing. The local engine only: nothing
is sent to a provider and nothing counts against the AI quota."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse

from minime.ai.models import AIUsage
from minime.core.db import as_user
from minime.tasks.models import Project, Task

ADD = reverse("ai:quick_add")
READ = reverse("ai:quick_add_read")


def tasks_of(user):
    with as_user(user.pk):
        return list(Task.objects.select_related("project").order_by("created_at"))


def test_the_page_offers_the_line_with_the_text_kept(signed_in):
    page = signed_in.get(ADD, {"text": "Call mom tomorrow"})
    assert page.status_code == 200
    body = page.content.decode()
    assert 'name="text"' in body
    assert "Call mom tomorrow</textarea>" in body
    # The page is the dialog's form: no second dialog with the same ids on it.
    assert body.count('id="quick-add-form"') == 1


def test_one_line_is_saved_at_once_with_what_it_says(signed_in, alice, now):
    with as_user(alice.pk):
        assert not Project.objects.exists()
    response = signed_in.post(
        ADD, {"text": "Call the bank tomorrow 10am !high #Admin 15m", "next": "/tasks/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/tasks/"
    (task,) = tasks_of(alice)
    assert task.title == "Call the bank"
    assert task.due_date == now.date() + timedelta(days=1)
    assert task.due_time == time(10, 0)
    assert task.priority == 3
    assert task.estimate_minutes == 15
    assert task.project is not None and task.project.title == "Admin"
    with as_user(alice.pk):
        assert not AIUsage.objects.exists()  # the local engine: no quota taken


def test_with_htmx_the_answer_is_a_fresh_form_saying_what_was_added(signed_in, alice):
    response = signed_in.post(ADD, {"text": "Water the plants"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Added “Water the plants”" in body
    assert "Water the plants</textarea>" not in body  # the line is empty again
    assert [t.title for t in tasks_of(alice)] == ["Water the plants"]


def test_a_paragraph_goes_on_to_the_preview_and_saves_nothing(signed_in, alice):
    response = signed_in.post(ADD, {"text": "Buy milk\nCall mom friday"})
    assert response.status_code == 307  # the browser posts the same form to the preview
    assert response["Location"] == reverse("ai:smart_add")
    assert tasks_of(alice) == []


def test_a_line_that_reads_as_several_items_is_previewed_first(signed_in, alice):
    response = signed_in.post(ADD, {"text": "Buy milk; call mom"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "reads as 2 items" in response.content.decode()
    assert tasks_of(alice) == []


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_line_is_refused_with_a_message(signed_in, alice, text):
    response = signed_in.post(ADD, {"text": text})
    assert response.status_code == 422
    assert "Type a task first" in response.content.decode()
    assert tasks_of(alice) == []


def test_an_overlong_line_is_refused_and_kept(signed_in, alice):
    text = "x" * 4_001
    response = signed_in.post(ADD, {"text": text}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    body = response.content.decode()
    assert "at most 4000 characters" in body
    assert text in body
    assert tasks_of(alice) == []


def test_next_never_leaves_the_site(signed_in):
    response = signed_in.post(ADD, {"text": "Stretch", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"] == reverse("today:index")


def test_the_chips_show_what_the_line_reads_as(signed_in, now):
    response = signed_in.post(READ, {"text": "finish report tomorrow 2h #Work @deep"})
    assert response.status_code == 200
    body = response.content.decode()
    tomorrow = now.date() + timedelta(days=1)
    assert "finish report" in body.lower()
    assert date.strftime(tomorrow, "%a %-d %b") in body
    assert "2 h" in body
    assert "#Work" in body
    assert "@deep" in body


def test_the_chips_say_when_enter_will_open_the_preview(signed_in):
    body = signed_in.post(READ, {"text": "Buy milk\nCall mom"}).content.decode()
    assert "2 items: Enter opens the preview." in body
    assert signed_in.post(READ, {"text": ""}).content.decode().strip() == ""


def test_quick_add_needs_a_signed_in_user(client, db):
    assert client.get(ADD).status_code == 302
    assert client.post(READ, {"text": "x"}).status_code == 302
