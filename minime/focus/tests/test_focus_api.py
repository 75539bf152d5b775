"""/api/v1/focus: the running session, start, interrupt, end, cancel, the list and the stats."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from minime.accounts.tokens import token_create
from minime.core import limits
from minime.core.db import as_user
from minime.focus import services
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import project_create, task_create

JSON = "application/json"


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


def _fields(answer):
    assert answer.status_code == 422, answer.content
    body = answer.json()["error"]
    assert body["code"] == "invalid"
    return body["fields"]


def _client_for(user):
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def _start(api, **body):
    return api.post("/api/v1/focus/sessions", body, content_type=JSON)


def test_a_session_from_start_to_end(api, alice, ws):
    with as_user(alice.pk):
        task = task_create(workspace=ws, title="Write the report")
    running = api.get("/api/v1/focus/running").json()
    assert running["session"] is None
    assert (running["focus_minutes"], running["break_minutes"]) == (25, 5)
    created = _start(api, task=str(task.uuid), minutes=1)
    assert created.status_code == 201
    session = created.json()
    assert session["state"] == "running" and session["task"] == str(task.uuid)
    assert session["task_title"] == "Write the report" and session["planned_minutes"] == 1
    assert session["break_minutes"] == 5 and session["actual_minutes"] is None
    url = f"/api/v1/focus/sessions/{session['uuid']}"
    assert api.get("/api/v1/focus/running").json()["session"]["uuid"] == session["uuid"]
    for expected in (1, 2):
        interrupted = api.post(f"{url}/interrupt")
        assert interrupted.status_code == 200 and interrupted.json()["interruptions"] == expected
    ended = api.post(f"{url}/end", {"note": "Outline done."}, content_type=JSON)
    assert ended.status_code == 200
    body = ended.json()
    assert body["state"] == "ended" and body["note"] == "Outline done."
    assert body["actual_minutes"] == 0 and body["ended_at"] is not None
    assert body["interruptions"] == 2 and body["version"] == 4
    assert api.get(url).json() == body
    assert api.get("/api/v1/focus/running").json()["session"] is None


def test_ends_at_is_the_start_plus_the_planned_minutes(api):
    session = _start(api, minutes=50).json()
    started = datetime.fromisoformat(session["started_at"])
    assert datetime.fromisoformat(session["ends_at"]) - started == timedelta(minutes=50)


def test_a_second_session_is_refused_while_one_runs(api, alice):
    first = _start(api).json()
    answer = _start(api, minutes=10)
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == services.ALREADY_RUNNING
    api.post(f"/api/v1/focus/sessions/{first['uuid']}/cancel")
    assert _start(api, minutes=10).status_code == 201


def test_a_task_of_another_workspace_is_a_field_error(api, charlie, personas):
    with as_user(charlie.pk):
        theirs = task_create(workspace=personas.personal(charlie), title="Secret")
    assert _fields(_start(api, task=str(theirs.uuid))) == {
        "task": ["No such task in this workspace."]
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes": 0}, "minutes"),
        ({"minutes": limits.FOCUS_MINUTES_MAX + 1}, "minutes"),
        ({"minutes": "25"}, "minutes"),
        ({"minutes": True}, "minutes"),
        ({"break_minutes": -1}, "break_minutes"),
        ({"break_minutes": limits.FOCUS_BREAK_MINUTES_MAX + 1}, "break_minutes"),
        ({"task": "not-a-uuid"}, "task"),
    ],
)
def test_start_refuses_input_past_its_bounds(api, alice, body, field):
    assert field in _fields(_start(api, **body))
    with as_user(alice.pk):
        assert not FocusSession.objects.exists()


def test_a_note_past_its_limit_is_refused(api, alice):
    session = _start(api).json()
    url = f"/api/v1/focus/sessions/{session['uuid']}/end"
    long = {"note": "n" * (limits.FOCUS_NOTE_MAX + 1)}
    assert "note" in _fields(api.post(url, long, content_type=JSON))
    assert _fields(api.post(url, '"done"', content_type=JSON)) == {
        "__all__": ["Send a JSON object with the fields named."]
    }
    with as_user(alice.pk):
        assert FocusSession.objects.get().state == SessionState.RUNNING
    exact = {"note": "n" * limits.FOCUS_NOTE_MAX}
    assert api.post(url, exact, content_type=JSON).status_code == 200


@pytest.mark.parametrize("action", ["interrupt", "end", "cancel"])
def test_acting_on_a_stopped_session_is_refused(api, action):
    session = _start(api).json()
    url = f"/api/v1/focus/sessions/{session['uuid']}"
    assert api.post(f"{url}/cancel").json()["state"] == "cancelled"
    answer = api.post(f"{url}/{action}", {}, content_type=JSON)
    assert answer.status_code == 422
    assert answer.json()["error"]["message"] == services.NOT_RUNNING


def test_the_list_is_paginated_newest_first_and_filtered_by_state(api, alice, ws):
    with as_user(alice.pk):
        for n in range(3):
            session = services.session_start(
                workspace=ws, user=alice, now=timezone.now() - timedelta(hours=3 - n)
            )
            services.session_end(session=session, note=f"Session {n}")
        services.session_start(workspace=ws, user=alice)
    page = api.get("/api/v1/focus/sessions?limit=2").json()
    assert page["count"] == 4 and len(page["items"]) == 2
    assert page["items"][0]["state"] == "running" and page["items"][1]["note"] == "Session 2"
    ended = api.get("/api/v1/focus/sessions?state=ended").json()
    assert [s["note"] for s in ended["items"]] == ["Session 2", "Session 1", "Session 0"]
    assert api.get("/api/v1/focus/sessions?state=paused").status_code == 422


def test_the_stats(api, alice, ws):
    with as_user(alice.pk):
        project = project_create(workspace=ws, title="Launch")
        task = task_create(workspace=ws, title="Write the copy", project=project)
        # Today's, even a few minutes after midnight (the stats count a session on its day).
        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        start = max(timezone.now() - timedelta(minutes=30), midnight + timedelta(seconds=1))
        session = services.session_start(workspace=ws, user=alice, task=task, now=start)
        services.session_end(session=session, now=start + timedelta(minutes=30))
    stats = api.get("/api/v1/focus/stats").json()
    assert stats["today"] == str(timezone.localdate()) and len(stats["days"]) == 14
    assert stats["days"][0]["minutes"] == 25 and stats["days"][0]["sessions"] == 1
    assert stats["this_week_minutes"] == 25 and stats["last_week_minutes"] == 0
    assert stats["by_task"] == [
        {
            "uuid": str(task.uuid),
            "label": "Write the copy",
            "this_week_minutes": 25,
            "last_week_minutes": 0,
        }
    ]
    assert stats["by_project"][0]["label"] == "Launch"
    assert stats["by_area"] == [
        {"uuid": None, "label": "No area", "this_week_minutes": 25, "last_week_minutes": 0}
    ]


def test_another_workspaces_or_persons_sessions_are_404(api, alice, bob, charlie, personas):
    with as_user(alice.pk):
        mine = services.session_start(workspace=personas.personal(alice), user=alice)
        shared = services.session_start(workspace=personas.shared, user=alice)
    stranger = _client_for(charlie)
    member = _client_for(bob)
    member.defaults["HTTP_X_WORKSPACE"] = str(personas.shared.uuid)
    for client, session in ((stranger, mine), (member, shared)):
        url = f"/api/v1/focus/sessions/{session.uuid}"
        assert client.get(url).status_code == 404
        for action in ("interrupt", "cancel"):
            answer = client.post(f"{url}/{action}")
            assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_found"
        assert client.post(f"{url}/end", {}, content_type=JSON).status_code == 404
        assert client.get("/api/v1/focus/running").json()["session"] is None
        assert client.get("/api/v1/focus/sessions").json()["count"] == 0
    with as_user(alice.pk):
        assert {s.state for s in FocusSession.objects.all()} == {SessionState.RUNNING}
    # In the shared workspace, bob may run his own session beside alice's.
    assert member.post("/api/v1/focus/sessions", {}, content_type=JSON).status_code == 201


def test_the_list_endpoint_makes_the_same_number_of_queries_for_3_or_30_sessions(
    api, alice, ws, django_assert_max_num_queries, django_assert_num_queries
):
    def fill(count):
        with as_user(alice.pk):
            for n in range(count):
                task = task_create(workspace=ws, title=f"Task {n}")
                session = services.session_start(workspace=ws, user=alice, task=task)
                services.session_end(session=session)

    fill(3)
    api.get("/api/v1/me")  # the token's first use of the day writes its last use
    with django_assert_max_num_queries(15) as measured:
        assert api.get("/api/v1/focus/sessions").json()["count"] == 3
    few = len(measured)
    fill(27)
    with django_assert_num_queries(few):
        assert api.get("/api/v1/focus/sessions").json()["count"] == 30
    with django_assert_max_num_queries(15) as measured:
        api.get("/api/v1/focus/stats")
    with django_assert_num_queries(len(measured)):
        api.get("/api/v1/focus/stats")


def test_schema_names_are_prefixed(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    ours = {
        "FocusSessionOut",
        "FocusRunningOut",
        "FocusStartIn",
        "FocusEndIn",
        "FocusStatsOut",
        "FocusDayOut",
        "FocusTotalOut",
    }
    assert ours <= set(schemas)
