"""On PostgreSQL the database itself keeps focus sessions in their workspace: row-level security
hides and refuses other workspaces' sessions, the guard refuses a task of another workspace, and
the partial unique index allows one running session per person per workspace."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.utils import timezone

from minime.core.db import as_user
from minime.focus import services
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import task_create

pytestmark = pytest.mark.postgres


def _check_deferred_constraints_now():
    """Foreign keys and the workspace guard are checked at commit; a test never commits."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _write_as_if_committed(write):
    """Run `write` and the commit-time checks in a savepoint, which a failure rolls back."""
    with transaction.atomic():
        write()
        _check_deferred_constraints_now()


@pytest.fixture
def sessions(personas):
    p = personas
    for user, workspace in ((p.alice, p.personal(p.alice)), (p.charlie, p.personal(p.charlie))):
        with as_user(user.pk):
            services.session_start(workspace=workspace, user=user)
    return p


def test_an_unscoped_query_sees_only_the_users_workspaces(sessions):
    with as_user(sessions.charlie.pk):
        assert FocusSession.objects.count() == 1
        assert FocusSession.objects.get().created_by == sessions.charlie
    with transaction.atomic():  # no user: nothing
        assert FocusSession.objects.count() == 0


def test_a_request_never_sees_another_workspaces_running_session(sessions):
    client = Client()
    client.force_login(sessions.bob)
    assert client.get("/api/v1/focus/running").json()["session"] is None
    assert client.get("/api/v1/focus/sessions").json()["count"] == 0


def test_writing_a_session_into_another_workspace_fails(sessions):
    p = sessions
    with pytest.raises(DatabaseError, match="row-level security"), as_user(p.charlie.pk):
        FocusSession.objects.create(
            workspace=p.personal(p.alice),
            created_by=p.charlie,
            started_at=timezone.now(),
            planned_minutes=25,
        )


def test_ending_another_workspaces_session_touches_nothing(sessions):
    p = sessions
    with as_user(p.charlie.pk):
        changed = FocusSession.objects.filter(created_by=p.alice).update(
            state=SessionState.CANCELLED
        )
    assert changed == 0
    with as_user(p.alice.pk):
        assert FocusSession.objects.get().state == SessionState.RUNNING


def test_the_guard_refuses_a_task_of_another_workspace(personas):
    p = personas
    with as_user(p.alice.pk):  # a member of both workspaces
        theirs = task_create(workspace=p.shared, title="Ours")
        mine = p.personal(p.alice)
        with pytest.raises(IntegrityError, match="focus_focussession_task_id_ws_guard"):
            _write_as_if_committed(
                lambda: FocusSession.objects.create(
                    workspace=mine,
                    created_by=p.alice,
                    task=theirs,
                    started_at=timezone.now(),
                    planned_minutes=25,
                )
            )


def test_a_task_of_the_same_workspace_and_no_task_pass(personas):
    p = personas
    with as_user(p.alice.pk):
        ws = p.personal(p.alice)
        task = task_create(workspace=ws, title="Mine")
        session = services.session_start(workspace=ws, user=p.alice, task=task)
        services.session_end(session=session)
        services.session_start(workspace=ws, user=p.alice)
        task.delete()  # SET_NULL keeps the guard satisfied
        _check_deferred_constraints_now()


def test_the_index_allows_one_running_session_per_person(personas):
    p = personas
    with as_user(p.alice.pk):
        services.session_start(workspace=p.shared, user=p.alice)
        with pytest.raises(IntegrityError, match="focus_one_running_per_user"):
            _write_as_if_committed(
                lambda: FocusSession.objects.create(
                    workspace=p.shared,
                    created_by=p.alice,
                    started_at=timezone.now(),
                    planned_minutes=25,
                )
            )
    with as_user(p.bob.pk):
        services.session_start(workspace=p.shared, user=p.bob)
