"""Row-level security on PostgreSQL: the safety net under every workspace query.

These run as the app role, as production does (see conftest). The probe app's ProbeNote is a
WorkspaceOwned model that exists only in tests.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, connections, transaction
from django.test import Client

from minime.core.db import SERVICE_DB, as_user, current_rls_user
from minime.core.models import WorkspaceOwned
from minime.core.rls import MEMBER_CHECK, POLICY_NAME
from minime.workspaces.models import Membership, Workspace
from minime.workspaces.tests.probe.models import ProbeNote

pytestmark = [pytest.mark.postgres, pytest.mark.urls("minime.workspaces.tests.probe.urls")]


def _note(personas, owner, workspace, text):
    with as_user(owner.pk):
        return ProbeNote.objects.create(workspace=workspace, text=text)


@pytest.fixture
def notes(personas):
    p = personas
    _note(p, p.alice, p.personal(p.alice), "alice private")
    _note(p, p.alice, p.shared, "alice shared")
    _note(p, p.bob, p.personal(p.bob), "bob private")
    _note(p, p.charlie, p.personal(p.charlie), "charlie private")
    return p


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_unscoped_query_in_a_request_returns_only_the_users_rows(notes):
    texts = _signed_in(notes.alice).get("/probe/notes/").json()["texts"]
    assert texts == ["alice private", "alice shared"]


def test_a_member_sees_the_shared_workspace_and_nothing_private_of_its_owner(notes):
    texts = _signed_in(notes.bob).get("/probe/notes/").json()["texts"]
    assert texts == ["alice shared", "bob private"]


def test_a_stranger_sees_only_their_own_rows(notes):
    texts = _signed_in(notes.charlie).get("/probe/notes/").json()["texts"]
    assert texts == ["charlie private"]


def test_an_anonymous_request_sees_nothing(notes):
    assert Client().get("/probe/notes/").json()["texts"] == []


def test_with_no_user_set_nothing_is_visible(notes):
    with transaction.atomic():
        assert current_rls_user() is None
        assert ProbeNote.objects.count() == 0
        assert Workspace.objects.count() == 0
        assert Membership.objects.count() == 0


def test_writing_into_another_users_workspace_fails(notes):
    with pytest.raises(DatabaseError, match="row-level security"), as_user(notes.charlie.pk):
        ProbeNote.objects.create(workspace=notes.personal(notes.alice), text="intrusion")
    with as_user(notes.alice.pk):
        assert not ProbeNote.objects.filter(text="intrusion").exists()


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_a_request_writing_into_another_workspace_fails_and_saves_nothing(notes):
    client = _signed_in(notes.charlie)
    client.raise_request_exception = True
    target = notes.personal(notes.alice).uuid
    with pytest.raises(DatabaseError, match="row-level security"):
        client.post(f"/probe/notes/{target}/", {"text": "intrusion"})
    assert not ProbeNote.objects.using(SERVICE_DB).filter(text="intrusion").exists()


def test_rows_cannot_be_moved_into_another_workspace(notes):
    with pytest.raises(DatabaseError, match="row-level security"), as_user(notes.alice.pk):
        ProbeNote.objects.filter(text="alice private").update(
            workspace=notes.personal(notes.charlie)
        )


def test_updates_and_deletes_of_other_workspaces_touch_nothing(notes):
    with as_user(notes.charlie.pk):
        assert ProbeNote.objects.filter(text="alice private").update(text="x") == 0
        assert ProbeNote.objects.filter(text="alice private").delete()[0] == 0
    with as_user(notes.alice.pk):
        assert ProbeNote.objects.filter(text="alice private").count() == 1


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_nothing_leaks_from_one_request_to_the_next_on_a_persistent_connection(notes, settings):
    connection.close()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    try:
        alice_client = _signed_in(notes.alice)
        assert len(alice_client.get("/probe/notes/").json()["texts"]) == 2
        backend_pid = connection.connection.info.backend_pid
        # Same connection, next request is anonymous: it must see nothing at all.
        assert Client().get("/probe/notes/").json()["texts"] == []
        assert connection.connection.info.backend_pid == backend_pid
        assert current_rls_user() is None
        assert ProbeNote.objects.count() == 0
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = 0
        connection.close()


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_background_work_sees_only_the_user_it_runs_for(notes):
    with as_user(notes.bob.pk):
        texts = sorted(ProbeNote.objects.values_list("text", flat=True))
    assert texts == ["alice shared", "bob private"]
    assert current_rls_user() is None


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_the_service_connection_sees_every_workspace_for_system_work(notes):
    assert ProbeNote.objects.using(SERVICE_DB).count() == 4
    assert ProbeNote.objects.count() == 0  # the app connection, no user: nothing


def test_as_user_restores_the_previous_user_when_nested(notes):
    with as_user(notes.alice.pk):
        with as_user(notes.charlie.pk):
            assert ProbeNote.objects.count() == 1
        assert current_rls_user() == notes.alice.pk
        assert ProbeNote.objects.count() == 2


def test_memberships_of_strangers_are_invisible(notes):
    with as_user(notes.charlie.pk):
        assert list(Membership.objects.values_list("user__email", flat=True)) == [
            "charlie@example.com"
        ]
        assert list(Workspace.objects.values_list("name", flat=True)) == ["Charlie's workspace"]


def test_a_member_cannot_add_people_to_a_workspace_they_do_not_own(notes):
    with pytest.raises(DatabaseError, match="row-level security"), as_user(notes.bob.pk):
        Membership.objects.create(workspace=notes.shared, user=notes.charlie, role="member")


def test_a_user_cannot_make_themselves_owner_of_someone_elses_workspace(notes):
    with pytest.raises(DatabaseError, match="row-level security"), as_user(notes.charlie.pk):
        Membership.objects.create(
            workspace=notes.personal(notes.alice), user=notes.charlie, role="owner"
        )


# --- The schema itself: no table may forget, no role may bypass ---------------------------------
def _workspace_owned_models():
    return [m for m in apps.get_models() if issubclass(m, WorkspaceOwned)]


def test_there_is_at_least_one_workspace_owned_model_to_check():
    assert ProbeNote in _workspace_owned_models()


@pytest.mark.parametrize("model", _workspace_owned_models(), ids=lambda m: m._meta.label)
def test_every_workspace_owned_table_has_forced_rls_and_the_member_policy(db, model):
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass",
            [table],
        )
        enabled, forced = cursor.fetchone()
        cursor.execute(
            "SELECT cmd, qual, with_check FROM pg_policies"
            " WHERE tablename = %s AND policyname = %s",
            [table, POLICY_NAME],
        )
        policies = cursor.fetchall()
    assert enabled, f"{table}: row-level security is not enabled — add EnableWorkspaceRLS"
    assert forced, f"{table}: row-level security is not forced — add EnableWorkspaceRLS"
    assert len(policies) == 1, f"{table}: the {POLICY_NAME} policy is missing"
    cmd, qual, with_check = policies[0]
    assert cmd == "ALL"
    for expr in (qual, with_check):
        assert "workspace_id" in expr and "minime_member_workspace_ids" in expr, (
            f"{table}: policy does not check membership ({expr}); expected {MEMBER_CHECK}"
        )


@pytest.mark.parametrize("table", ["workspaces_workspace", "workspaces_membership"])
def test_workspaces_and_memberships_have_rls_with_policies(db, table):
    with connection.cursor() as cursor:
        cursor.execute("SELECT relrowsecurity FROM pg_class WHERE oid = %s::regclass", [table])
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT count(*) FROM pg_policies WHERE tablename = %s", [table])
        assert cursor.fetchone()[0] == 4  # read, create, change, delete


def test_the_app_role_neither_owns_tables_nor_bypasses_rls(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, bypass = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = %s",
            [role],
        )
        owned = cursor.fetchone()[0]
        cursor.execute("SELECT has_schema_privilege(current_user, 'public', 'CREATE')")
        can_create = cursor.fetchone()[0]
    assert (superuser, bypass, owned, can_create) == (False, False, 0, False)


@pytest.mark.django_db(databases=["default", SERVICE_DB])
def test_the_service_role_is_a_different_role_that_may_bypass_rls():
    with connections[SERVICE_DB].cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        role, superuser, bypass = cursor.fetchone()
    assert role != connection.settings_dict["USER"]
    assert (superuser, bypass) == (False, True)
