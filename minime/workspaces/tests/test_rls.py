"""Row-level security on PostgreSQL: the safety net under every workspace query.

These run as the app role, as production does (see conftest). The probe app's ProbeNote is a
WorkspaceOwned model that exists only in tests.
"""

from __future__ import annotations

import hashlib

import pytest
from django.apps import apps
from django.db import DatabaseError, IntegrityError, connection, connections, transaction
from django.test import Client

from minime.accounts.models import PersonalAccessToken
from minime.accounts.tokens import token_create, token_revoke, user_for_token
from minime.ai.models import AIRequest, AIUsage
from minime.core.db import SERVICE_DB, ActingForAnotherUser, as_user, current_rls_user
from minime.core.models import WorkspaceOwned
from minime.core.rls import (
    MEMBER_CHECK,
    POLICY_NAME,
    USER_CHECK,
    USER_POLICY_NAME,
    guard_constraint_name,
    guard_lookup_index_name,
    guarded_foreign_keys,
    is_workspace_scoped,
)
from minime.preferences.models import OnboardingAnswers, RuleSettings
from minime.preferences.rules import rules_for
from minime.tasks.models import Label, Project, Task, TaskLabel
from minime.tasks.services import project_create, task_create
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


# --- Foreign keys stay inside one workspace ----------------------------------------------------
def _check_deferred_constraints_now():
    """Django's foreign keys and the workspace guards are checked at commit; a test's transaction
    never commits, so ask PostgreSQL to check what is pending now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _write_as_if_committed(write):
    """Run `write` and the commit-time checks in a savepoint, which a failure rolls back (with
    the write, so nothing pending is left to fail later)."""
    with transaction.atomic():
        write()
        _check_deferred_constraints_now()


@pytest.fixture
def two_workspaces(personas):
    """As alice, a member of both: a task in her personal workspace, a project in the shared one."""
    p = personas
    with as_user(p.alice.pk):
        task = task_create(workspace=p.personal(p.alice), title="Mine")
        project = project_create(workspace=p.shared, title="Ours")
        yield task, project


def test_it_refuses_an_update_pointing_a_task_at_another_workspaces_project(two_workspaces):
    task, project = two_workspaces
    with pytest.raises(IntegrityError, match="tasks_task_project_id_ws_guard"):
        _write_as_if_committed(
            lambda: Task.objects.filter(pk=task.pk).update(project_id=project.pk)
        )


def test_it_refuses_an_insert_pointing_a_task_at_another_workspaces_project(two_workspaces):
    task, project = two_workspaces
    with pytest.raises(IntegrityError, match="tasks_task_project_id_ws_guard"):
        _write_as_if_committed(
            lambda: Task.objects.create(
                workspace_id=task.workspace_id, title="Sneaky", project=project
            )
        )


def test_it_refuses_a_label_of_another_workspace_on_a_task(two_workspaces):
    task, project = two_workspaces
    label = Label.objects.create(workspace_id=project.workspace_id, name="theirs")
    with pytest.raises(IntegrityError, match="tasks_tasklabel_label_id_ws_guard"):
        _write_as_if_committed(
            lambda: TaskLabel.objects.create(workspace_id=task.workspace_id, task=task, label=label)
        )


def test_references_inside_one_workspace_and_null_references_pass(two_workspaces):
    task, project = two_workspaces
    mine = Project.objects.create(workspace_id=task.workspace_id, title="Mine too")
    Task.objects.filter(pk=task.pk).update(project_id=mine.pk)
    Task.objects.create(workspace_id=task.workspace_id, title="Step", parent=task)
    Task.objects.create(workspace_id=project.workspace_id, title="Loose", project=None)
    _check_deferred_constraints_now()


def test_the_orms_cascades_and_set_null_keep_the_guards_satisfied(two_workspaces):
    task, _ = two_workspaces
    mine = Project.objects.create(workspace_id=task.workspace_id, title="Doomed")
    Task.objects.filter(pk=task.pk).update(project_id=mine.pk)
    step = Task.objects.create(workspace_id=task.workspace_id, title="Step", parent=task)
    mine.delete()  # SET_NULL on the task
    task.refresh_from_db()
    assert task.project_id is None
    task.delete()  # CASCADE to its subtask
    assert not Task.objects.filter(pk=step.pk).exists()
    _check_deferred_constraints_now()


def _guarded():
    return [(model, field) for model in apps.get_models() for field in guarded_foreign_keys(model)]


def test_every_workspace_owned_model_is_recognised_as_workspace_scoped():
    assert all(is_workspace_scoped(m) for m in _workspace_owned_models())


def test_the_walk_finds_the_foreign_keys_between_workspace_owned_models():
    found = {f"{m._meta.label}.{f.name}" for m, f in _guarded()}
    expected = {
        "tasks.Task.project",
        "tasks.Task.goal",
        "tasks.Task.area",
        "tasks.Task.parent",
        "tasks.TaskLabel.task",
        "tasks.TaskLabel.label",
        "tasks.Project.area",
        "tasks.Project.goal",
        "goals.Goal.area",
        "goals.Milestone.goal",
        "routines.Routine.area",
        "routines.RoutineStep.routine",
        "routines.RoutineOccurrence.routine",
    }
    assert expected <= found
    assert not any(name.endswith((".workspace", ".created_by", ".user")) for name in found)


@pytest.mark.parametrize(
    ("model", "field"), _guarded(), ids=lambda x: getattr(x, "name", None) or x._meta.label
)
def test_every_foreign_key_between_workspace_scoped_tables_has_the_guard(db, model, field):
    table, parent = model._meta.db_table, field.related_model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.confrelid = %s::regclass, c.condeferrable, c.condeferred,
                   ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, i)
                         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n
                         ORDER BY k.i),
                   ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, i)
                         JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n
                         ORDER BY k.i)
            FROM pg_constraint c
            WHERE c.contype = 'f' AND c.conrelid = %s::regclass AND c.conname = %s
            """,
            [parent, table, guard_constraint_name(table, field.column)],
        )
        row = cursor.fetchone()
    assert row is not None, (
        f"{table}.{field.column} may point into another workspace: add "
        f'GuardWorkspaceForeignKeys("{model.__name__}") to a {model._meta.app_label} migration'
    )
    assert row == (True, True, True, ["workspace_id", field.column], ["workspace_id", "id"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = %s AND indexname = %s",
            [table, guard_lookup_index_name(table, field.column)],
        )
        (lookup,) = cursor.fetchone()
    assert f"({field.column}, workspace_id) WHERE ({field.column} IS NOT NULL)" in lookup


# --- Tables that belong to one user ------------------------------------------------------------
USER_OWNED = [PersonalAccessToken, RuleSettings, OnboardingAnswers, AIRequest, AIUsage]
# Read whole by the owner role, for the token lookup function (see accounts migration 0005).
USER_OWNED_NOT_FORCED = {"accounts_personalaccesstoken"}


def _user_rows(user):
    with as_user(user.pk):
        token_create(user=user, name="cli")
        RuleSettings.objects.create(user=user)
        OnboardingAnswers.objects.create(user=user)
        AIRequest.objects.create(user=user, feature="smart_add", provider="local", outcome="local")
        AIUsage.objects.create(user=user, month="2026-12-01", count=1)


@pytest.fixture
def user_rows(personas):
    _user_rows(personas.alice)
    _user_rows(personas.bob)
    return personas


@pytest.mark.parametrize("model", USER_OWNED, ids=lambda m: m._meta.label)
def test_user_owned_rows_are_invisible_with_no_user_set(user_rows, model):
    with transaction.atomic():
        assert current_rls_user() is None
        assert model.objects.count() == 0
    with as_user(user_rows.alice.pk):
        assert model.objects.count() == 1


@pytest.mark.parametrize("model", USER_OWNED, ids=lambda m: m._meta.label)
def test_a_user_sees_and_changes_only_their_own_user_owned_rows(user_rows, model):
    alice, bob = user_rows.alice, user_rows.bob
    with as_user(bob.pk):
        assert list(model.objects.values_list("user_id", flat=True)) == [bob.pk]
        assert model.objects.filter(user=alice).update(user=bob) == 0
        assert model.objects.filter(user=alice).delete()[0] == 0
    with as_user(alice.pk):
        assert model.objects.filter(user=alice).count() == 1


def test_writing_a_row_for_another_user_fails(user_rows):
    with pytest.raises(DatabaseError, match="row-level security"), as_user(user_rows.bob.pk):
        AIRequest.objects.create(
            user=user_rows.alice, feature="smart_add", provider="local", outcome="local"
        )
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        PersonalAccessToken.objects.create(
            user=user_rows.charlie, name="x", prefix="mm_x", token_hash="0" * 64
        )


def test_a_service_asked_for_another_user_than_the_bound_one_refuses(user_rows):
    with pytest.raises(ActingForAnotherUser), as_user(user_rows.bob.pk):
        rules_for(user_rows.alice)


def test_the_token_lookup_answers_a_user_id_for_a_live_token_and_nothing_else(personas):
    alice = personas.alice
    token, secret = token_create(user=alice, name="cli")
    digest = hashlib.sha256(secret.encode()).hexdigest()
    with transaction.atomic(), connection.cursor() as cursor:
        assert current_rls_user() is None
        cursor.execute("SELECT minime_use_token(%s, interval '1 minute')", [digest])
        assert cursor.fetchone() == (alice.pk,)
        cursor.execute("SELECT minime_use_token(%s, interval '1 minute')", ["f" * 64])
        assert cursor.fetchone() == (None,)
    with as_user(alice.pk):
        token.refresh_from_db()
    assert token.last_used_at is not None  # the lookup stamped the use
    assert user_for_token(secret) == alice
    token_revoke(user=alice, token_id=token.pk)
    assert user_for_token(secret) is None


def test_the_token_lookup_function_is_a_narrow_security_definer(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT prosecdef, proconfig, pg_get_function_result(oid), pg_get_userbyid(proowner)"
            " FROM pg_proc WHERE proname = 'minime_use_token'"
        )
        definer, config, result, owner = cursor.fetchone()
    assert definer and result == "bigint"
    assert any(c.startswith("search_path=") for c in config)
    assert owner != connection.settings_dict["USER"]


@pytest.mark.parametrize("model", USER_OWNED, ids=lambda m: m._meta.label)
def test_every_user_owned_table_has_rls_and_the_user_policy(db, model):
    table = model._meta.db_table
    enabled, forced, policies = _rls_of(table)
    assert enabled, f"{table}: row-level security is not enabled — add EnableUserRLS"
    assert forced == (table not in USER_OWNED_NOT_FORCED)
    assert [p[0] for p in policies] == [USER_POLICY_NAME]
    _, cmd, qual, with_check = policies[0]
    assert cmd == "ALL"
    for expr in (qual, with_check):
        assert "user_id" in expr and "minime_current_user_id" in expr, (
            f"{table}: policy does not check the user ({expr}); expected {USER_CHECK}"
        )


def _rls_of(table):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass",
            [table],
        )
        enabled, forced = cursor.fetchone()
        cursor.execute(
            "SELECT policyname, cmd, qual, with_check FROM pg_policies WHERE tablename = %s"
            " ORDER BY policyname",
            [table],
        )
        return enabled, forced, cursor.fetchall()


# --- Every table is classified ------------------------------------------------------------------
# Tables without a user's or a workspace's policy, each with the reason. Review before adding one.
SYSTEM_TABLES = {
    "django_migrations": "Django's migration history",
    "django_content_type": "Django's catalogue of models",
    "auth_permission": "Django's permission catalogue",
    "auth_group": "operators' permission groups",
    "auth_group_permissions": "operators' permission groups",
    "accounts_user_groups": "operators' permission groups",
    "accounts_user_user_permissions": "operators' permissions",
    "django_admin_log": "operators' admin history, read in the admin only",
    "django_session": "found by its secret key before the user is known (Django's backend)",
    "accounts_user": "found by email before sign-in; co-members' names are shown",
    "accounts_signuprequest": "no account exists yet",
    "accounts_ratelimitevent": "anonymous, keyed by an HMAC",
    "django_tasks_database_dbtaskresult": "the job queue: the worker serves every user",
    "jobs_scheduledslot": "the scheduler's claims: no user",
    "jobs_joblease": "which worker runs a queued job: no user",
}
# Row-level security with their own policies (workspaces.0002_row_level_security; invites:
# owners only, workspaces.0003_invites).
OWN_POLICY_TABLES = {"workspaces_workspace", "workspaces_membership", "workspaces_invite"}


def _public_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = {row[0] for row in cursor.fetchall()}
    models_tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    return sorted(tables | models_tables)


def _classify(table):
    enabled, forced, policies = _rls_of(table)
    names = {p[0] for p in policies}
    if enabled and forced and names == {POLICY_NAME}:
        return "workspace"
    if enabled and names == {USER_POLICY_NAME}:
        return "user"
    if table in OWN_POLICY_TABLES and enabled and policies:
        return "own policies"
    if table in SYSTEM_TABLES and not names:
        return "system"
    return None


@pytest.mark.django_db
def test_every_table_is_workspace_scoped_user_scoped_or_a_reviewed_system_table():
    unclassified = [t for t in _public_tables() if _classify(t) is None]
    assert not unclassified, (
        "Classify these tables: EnableWorkspaceRLS (workspace data), EnableUserRLS (one user's "
        f"data), or, with a reason, SYSTEM_TABLES in this file: {unclassified}"
    )


@pytest.mark.django_db
def test_the_reviewed_lists_name_only_tables_that_exist():
    tables = set(_public_tables())
    assert set(SYSTEM_TABLES) | OWN_POLICY_TABLES <= tables
