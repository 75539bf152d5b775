"""The Focus page and its actions, with htmx and without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core import limits
from minime.core.db import as_user
from minime.focus import services
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import project_create, task_complete, task_create

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "focus-page"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _task(user, ws, title="Write the report", **fields):
    with as_user(user.pk):
        return task_create(workspace=ws, title=title, **fields)


def _start(user, ws, **fields):
    with as_user(user.pk):
        return services.session_start(workspace=ws, user=user, **fields)


def _stored(user, **lookup):
    with as_user(user.pk):
        return FocusSession.objects.get(**lookup)


def _sessions(user):
    with as_user(user.pk):
        return list(FocusSession.objects.order_by("started_at"))


def _hhmm(moment, zone):
    return timezone.localtime(moment, zone).strftime("%H:%M")


# --- The page ------------------------------------------------------------------------------------
def test_the_empty_page_offers_the_start_form_with_the_users_lengths(signed_in, alice, ws):
    _task(alice, ws, "Write the report")
    page = signed_in.get("/focus/").content.decode()
    assert "<h1>Focus</h1>" in page and "Start a focus session" in page
    assert 'name="minutes" value="25"' in page and 'name="break_minutes" value="5"' in page
    assert ">Write the report</option>" in page and "No task: free focus" in page
    assert "No focus sessions yet" in page and 'href="#focus-start"' in page
    assert "Nothing to count yet" in page


def test_the_page_needs_a_sign_in(client, db):
    response = client.get("/focus/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]


def test_only_open_tasks_of_the_workspace_are_offered(signed_in, alice, ws, personas):
    _task(alice, ws, "Open one")
    done = _task(alice, ws, "Done one")
    with as_user(alice.pk):
        task_complete(task=done, user=alice)
    _task(alice, personas.shared, "Shared one")
    page = signed_in.get("/focus/").content.decode()
    assert "Open one" in page and "Done one" not in page and "Shared one" not in page


# --- Starting ------------------------------------------------------------------------------------
def test_starting_without_js_redirects_and_the_page_shows_when_it_ends(signed_in, alice, ws):
    alice.time_zone = "Europe/Berlin"
    alice.save(update_fields=["time_zone"])
    task = _task(alice, ws)
    response = signed_in.post(
        "/focus/start/", {"task": task.uuid, "minutes": "40", "break_minutes": "10"}
    )
    assert response.status_code == 302 and response["Location"] == "/focus/"
    session = _stored(alice, state=SessionState.RUNNING)
    assert (session.task_id, session.planned_minutes, session.break_minutes) == (task.pk, 40, 10)
    page = signed_in.get("/focus/").content.decode()
    ends = _hhmm(session.planned_end, ZoneInfo("Europe/Berlin"))
    assert f">{ends}</time>" in page and "Ends at" in page  # the no-JS countdown
    assert "Focus started: 40 minutes on Write the report." in page
    assert "Focusing now" in page and "Write the report</a></h2>" in page
    # The countdown is filled in by the script; without it, it stays hidden.
    assert re.search(r"data-focus-countdown hidden>\s*</p>", page)
    assert 'data-minutes="40"' in page
    assert f'data-started="{int(session.started_at.timestamp() * 1000)}"' in page
    assert "Start a focus session" not in page  # one at a time


def test_reloading_shows_the_same_running_session(signed_in, alice, ws):
    session = _start(alice, ws, minutes=25)
    first = signed_in.get("/focus/").content.decode()
    second = signed_in.get("/focus/").content.decode()
    for page in (first, second):
        assert f'data-session="{session.uuid}"' in page


def test_a_session_past_its_time_says_time_was_up(signed_in, alice, ws):
    session = _start(alice, ws, minutes=25, now=timezone.now() - timedelta(minutes=40))
    page = signed_in.get("/focus/").content.decode()
    assert "Time was up at" in page and f">{_hhmm(session.planned_end, None)}</time>" in page
    assert re.search(r"data-focus-up>\s*<svg", page)  # the message is shown, not hidden
    assert 'value="1500" data-focus-progress' in page  # the bar is full


def test_starting_with_htmx_returns_the_pages_content(signed_in, alice, ws):
    response = signed_in.post("/focus/start/", {"minutes": "1"}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "Focusing now" in page and "Free focus" in page
    assert 'hx-swap-oob="true"' in page and "Focus started: 1 minute." in page
    assert _stored(alice, state=SessionState.RUNNING).planned_minutes == 1


def test_a_focus_button_elsewhere_needs_only_the_task(signed_in, alice, ws):
    task = _task(alice, ws)
    response = signed_in.post("/focus/start/", {"task": str(task.uuid)})
    assert response.status_code == 302 and response["Location"] == "/focus/"
    session = _stored(alice, state=SessionState.RUNNING)
    assert (session.task_id, session.planned_minutes, session.break_minutes) == (task.pk, 25, 5)


def test_a_focus_button_posted_by_htmx_elsewhere_sends_the_browser_here(signed_in, alice, ws):
    task = _task(alice, ws)
    response = signed_in.post(
        "/focus/start/", {"task": str(task.uuid)}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="row"
    )
    assert response["HX-Redirect"] == "/focus/"
    assert _stored(alice, state=SessionState.RUNNING).task_id == task.pk


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"minutes": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"minutes": "181"}, "Ensure this value is less than or equal to 180."),
        ({"minutes": "ten"}, "Enter a whole number."),
        ({"break_minutes": "61"}, "Ensure this value is less than or equal to 60."),
    ],
)
def test_bad_lengths_are_explained_next_to_the_field(signed_in, alice, form, message):
    for extra in ({}, HTMX):
        response = signed_in.post("/focus/start/", form, **extra)
        assert response.status_code == 422
        page = response.content.decode()
        field = next(iter(form))
        assert re.search(rf'id="id_{field}_errors"><li>{re.escape(message)}</li>', page), page
        assert f'value="{form[field]}"' in page  # what was typed is kept
    assert _sessions(alice) == []


def test_a_task_of_another_workspace_is_refused(signed_in, alice, personas):
    with as_user(personas.charlie.pk):
        theirs = task_create(workspace=personas.personal(personas.charlie), title="Secret")
    response = signed_in.post("/focus/start/", {"task": str(theirs.uuid)})
    assert response.status_code == 422
    assert "Choose one of your open tasks." in response.content.decode()
    assert _sessions(alice) == []


def test_a_bad_start_from_an_old_tab_is_explained_above_the_running_session(signed_in, alice, ws):
    _start(alice, ws)
    response = signed_in.post("/focus/start/", {"minutes": "0"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ensure this value is greater than or equal to 1." in page and "Focusing now" in page


def test_a_refused_focus_button_posted_by_htmx_elsewhere_explains_on_the_page(signed_in, alice, ws):
    _start(alice, ws)
    task = _task(alice, ws)
    response = signed_in.post(
        "/focus/start/", {"task": str(task.uuid)}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="row"
    )
    assert response["HX-Redirect"] == "/focus/"
    assert "already running" in signed_in.get("/focus/").content.decode()


def test_starting_a_second_session_is_refused_above_the_running_one(signed_in, alice, ws):
    _start(alice, ws)
    response = signed_in.post("/focus/start/", {"minutes": "10"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "A focus session is already running. End it or cancel it first." in page
    assert "Focusing now" in page
    assert len(_sessions(alice)) == 1


# --- Interrupted, end, cancel --------------------------------------------------------------------
def test_interrupted_with_htmx_returns_the_count_only(signed_in, alice, ws):
    session = _start(alice, ws)
    url = f"/focus/{session.uuid}/interrupt/"
    response = signed_in.post(
        url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="focus-interruption-count"
    )
    assert response.status_code == 200 and response.content.decode() == "1 interruption"
    response = signed_in.post(url, HTTP_HX_REQUEST="true")
    assert response.content.decode() == "2 interruptions"
    assert signed_in.post(url).status_code == 302  # without JS: back to the page
    assert _stored(alice, pk=session.pk).interruptions == 3
    assert "3 interruptions" in signed_in.get("/focus/").content.decode()


def test_ending_with_a_note_without_js(signed_in, alice, ws):
    task = _task(alice, ws)
    session = _start(alice, ws, task=task, now=timezone.now() - timedelta(minutes=20))
    response = signed_in.post(f"/focus/{session.uuid}/end/", {"note": "Outline done."})
    assert response.status_code == 302 and response["Location"] == "/focus/"
    stored = _stored(alice, pk=session.pk)
    assert stored.state == SessionState.ENDED and stored.actual_minutes == 20
    assert stored.note == "Outline done."
    page = signed_in.get("/focus/").content.decode()
    assert "Session ended: 20 minutes of focus on Write the report. Take a 5-minute break." in page
    assert "Outline done." in page and "20 of 25 min" in page  # in the recent list
    assert "Break until" in page and "Start a focus session" in page
    assert "This week</span> <strong>20 min</strong>" in page and "focus-bar--100" in page


def test_ending_with_htmx_returns_the_page_with_the_session_in_the_list(signed_in, alice, ws):
    session = _start(alice, ws, now=timezone.now() - timedelta(minutes=25))
    response = signed_in.post(f"/focus/{session.uuid}/end/", {"note": ""}, **HTMX)
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and "25 of 25 min" in page and "Start a focus session" in page
    assert "Session ended: 25 minutes of focus." in page


def test_a_note_too_long_is_explained_and_the_session_keeps_running(signed_in, alice, ws):
    session = _start(alice, ws)
    note = "n" * (limits.FOCUS_NOTE_MAX + 1)
    for extra in ({}, HTMX):
        response = signed_in.post(f"/focus/{session.uuid}/end/", {"note": note}, **extra)
        assert response.status_code == 422
        page = response.content.decode()
        assert f"Ensure this value has at most {limits.FOCUS_NOTE_MAX} characters" in page
        assert 'id="id_note_errors"' in page and "Focusing now" in page
    assert _stored(alice, pk=session.pk).state == SessionState.RUNNING


def test_cancelling_without_js_and_with_htmx(signed_in, alice, ws):
    session = _start(alice, ws)
    response = signed_in.post(f"/focus/{session.uuid}/cancel/")
    assert response.status_code == 302
    assert _stored(alice, pk=session.pk).state == SessionState.CANCELLED
    page = signed_in.get("/focus/").content.decode()
    assert "Session cancelled" in page and "No focus sessions yet" in page
    again = _start(alice, ws)
    response = signed_in.post(f"/focus/{again.uuid}/cancel/", **HTMX)
    assert response.status_code == 200 and "Start a focus session" in response.content.decode()


def test_acting_on_a_session_ended_elsewhere_explains_and_shows_the_page(signed_in, alice, ws):
    session = _start(alice, ws)
    with as_user(alice.pk):
        services.session_end(session=session)
    response = signed_in.post(f"/focus/{session.uuid}/end/", {"note": "late"}, follow=True)
    assert "This session is no longer running" in response.content.decode()
    response = signed_in.post(f"/focus/{session.uuid}/interrupt/", HTTP_HX_REQUEST="true")
    assert response["HX-Refresh"] == "true"
    assert _stored(alice, pk=session.pk).note == ""


def test_another_persons_session_answers_404(client, alice, bob, charlie, personas):
    mine = _start(alice, personas.personal(alice))
    shared = _start(alice, personas.shared)
    client.force_login(charlie)
    for action in ("interrupt", "end", "cancel"):
        assert client.post(f"/focus/{mine.uuid}/{action}/").status_code == 404
    client.force_login(bob)  # a member of the shared workspace: still alice's session
    client.post("/workspaces/switch/", {"workspace": personas.shared.uuid})
    for action in ("interrupt", "end", "cancel"):
        assert client.post(f"/focus/{shared.uuid}/{action}/").status_code == 404
    assert all(s.state == SessionState.RUNNING for s in _sessions(alice))
    assert {s.interruptions for s in _sessions(alice)} == {0}


# --- Standards -----------------------------------------------------------------------------------
def test_the_page_has_no_inline_style_or_script(signed_in, alice, ws):
    with as_user(alice.pk):
        project = project_create(workspace=ws, title="Launch")
    task = _task(alice, ws, project=project)
    for minutes in (25, 10):
        session = _start(
            alice, ws, task=task, minutes=minutes, now=timezone.now() - timedelta(minutes=30)
        )
        with as_user(alice.pk):
            services.session_end(session=session)
    _start(alice, ws)
    page = signed_in.get("/focus/").content.decode()
    assert "style=" not in page and "<style" not in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))
    assert '<script src="/static/focus/focus.js" defer>' in page


def _fill(user, ws, count, start=0):
    """`count` ended sessions, each on its own task in a project with an area."""
    with as_user(user.pk):
        area = area_create(workspace=ws, name=f"Area {start}")
        project = project_create(workspace=ws, title=f"Project {start}", area=area)
        for i in range(start, start + count):
            task = task_create(workspace=ws, title=f"Task {i}", project=project)
            begun = timezone.now() - timedelta(days=i % 14, hours=1, minutes=i)
            FocusSession.objects.create(
                workspace=ws,
                created_by=user,
                task=task,
                state=SessionState.ENDED,
                started_at=begun,
                planned_minutes=25,
                ended_at=begun + timedelta(minutes=20),
                actual_minutes=20,
                interruptions=1,
                note=f"Note {i}",
            )


@pytest.mark.parametrize("running", [False, True])
def test_the_page_makes_the_same_number_of_queries_for_3_or_30_sessions(
    signed_in, alice, ws, running, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(alice, ws, 3)
    if running:
        _start(alice, ws)
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get("/focus/").status_code == 200
    few = len(measured)
    _fill(alice, ws, 27, start=3)
    with django_assert_num_queries(few):
        page = signed_in.get("/focus/").content.decode()
    assert page.count('class="focus-session"') == 10
