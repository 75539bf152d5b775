"""Row-level security for workspace-owned tables, as a migration operation.

Every model that inherits `WorkspaceOwned` gets, in its app's migration:

    EnableWorkspaceRLS("Task")

which on PostgreSQL enables and *forces* RLS on the table (the owner role is subject too) and adds
one policy admitting rows whose workspace the current user is a member of, for reading and for
writing. On other databases it does nothing. `minime/workspaces/tests/test_rls.py` walks every
`WorkspaceOwned` model and fails if a table lacks any of this, so a new model cannot forget.

The helper functions the policy calls are created by `workspaces.0002_row_level_security`.

Two more operations complete the picture:

    GuardWorkspaceForeignKeys("Task")

makes every foreign key from a workspace-scoped table to another workspace-scoped table stay
inside one workspace. PostgreSQL checks foreign keys without row-level security, so a plain
`project_id` could name another workspace's project; the guard adds, next to Django's own
constraint, a composite one, `(workspace_id, project_id) REFERENCES tasks_project (workspace_id,
id)`, deferred to commit like Django's, backed by a unique index on the parent's
`(id, workspace_id)` and a partial index on the child's `(project_id, workspace_id)`. MATCH
SIMPLE: a null reference passes, so SET_NULL keeps working.

    EnableUserRLS("PersonalAccessToken")

puts a table that belongs to one user (a `user` foreign key, no workspace) under row-level
security keyed on the transaction's user.
"""

from __future__ import annotations

from abc import ABCMeta, abstractmethod
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.backends.utils import truncate_name
from django.db.migrations.operations.base import Operation
from django.db.migrations.state import ProjectState

POLICY_NAME = "minime_workspace_member"
MEMBER_CHECK = "workspace_id = ANY ((SELECT minime_member_workspace_ids())::bigint[])"


def enable_sql(table: str) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" FORCE ROW LEVEL SECURITY',
        f'CREATE POLICY {POLICY_NAME} ON "{table}" USING ({MEMBER_CHECK}) '
        f"WITH CHECK ({MEMBER_CHECK})",
    ]


def disable_sql(table: str) -> list[str]:
    return [
        f'DROP POLICY IF EXISTS {POLICY_NAME} ON "{table}"',
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
    ]


class _TableOperation(Operation, metaclass=ABCMeta):
    """A migration operation that runs SQL on one model's table, on PostgreSQL only (SQLite has
    no row-level security), and changes nothing in Django's model state. A subclass says which
    `statements` apply it and which undo it."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # no change to Django's model state

    @abstractmethod
    def statements(self, model: type[models.Model], *, up: bool) -> list[str]:
        """The SQL that applies the operation to `model`'s table (up) or undoes it."""

    def _run(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState, up: bool
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = state.apps.get_model(app_label, self.model_name)
        for statement in self.statements(model, up=up):
            schema_editor.execute(statement)

    def database_forwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(app_label, schema_editor, to_state, up=True)

    def database_backwards(
        self,
        app_label: str,
        schema_editor: BaseDatabaseSchemaEditor,
        from_state: ProjectState,
        to_state: ProjectState,
    ) -> None:
        self._run(app_label, schema_editor, from_state, up=False)


class EnableWorkspaceRLS(_TableOperation):
    """Enable, force and add the membership policy on a WorkspaceOwned model's table."""

    def statements(self, model: type[models.Model], *, up: bool) -> list[str]:
        table = model._meta.db_table
        return enable_sql(table) if up else disable_sql(table)

    def describe(self) -> str:
        return f"Enable workspace row-level security on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rls_{self.model_name.lower()}"


# --- Foreign keys that stay inside one workspace -------------------------------------------------
def is_workspace_scoped(model: type[models.Model]) -> bool:
    """Whether `model` has a `workspace` foreign key to workspaces.Workspace.

    Decided by the field, not by inheriting `WorkspaceOwned`: migrations see historical models,
    which keep no abstract base class.
    """
    try:
        field = model._meta.get_field("workspace")
    except FieldDoesNotExist:
        return False
    target = field.related_model
    if not (field.many_to_one or field.one_to_one) or not isinstance(target, type):
        return False
    return bool(target._meta.label_lower == "workspaces.workspace")  # type: ignore[attr-defined]


def guarded_foreign_keys(model: type[models.Model]) -> list[models.ForeignKey[Any, Any]]:
    """The foreign keys of `model` that must stay inside its workspace: every one from a
    workspace-scoped model to another workspace-scoped model's primary key (the `workspace`
    field itself excluded)."""
    if not is_workspace_scoped(model):
        return []
    found = []
    for field in model._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or field.name == "workspace":
            continue
        target = field.related_model
        if not isinstance(target, type) or not is_workspace_scoped(target):
            continue
        assert isinstance(field, models.ForeignKey)
        if field.target_field != target._meta.pk:
            continue  # a to_field other than the key: not a shape the guard knows
        found.append(field)
    return found


def guard_index_name(parent_table: str) -> str:
    """The unique index on `(id, workspace_id)` that composite foreign keys to `parent_table`
    reference (PostgreSQL matches the columns in any order)."""
    return truncate_name(f"{parent_table}_ws_guard_key", 63)


def guard_constraint_name(table: str, column: str) -> str:
    return truncate_name(f"{table}_{column}_ws_guard", 63)


def guard_lookup_index_name(table: str, column: str) -> str:
    """The index on the referencing side that deleting (or re-keying) a parent row searches."""
    return truncate_name(f"{table}_{column}_ws_guard_idx", 63)


def guard_sql(table: str, column: str, parent_table: str) -> list[str]:
    index = guard_index_name(parent_table)
    return [
        # `id` first: the index then serves any lookup by id as well as the key does. Led by
        # `workspace_id`, right after a bulk write the planner may pick it for Django's own
        # foreign-key checks (`id = $1`) and scan it whole, once per row.
        f'CREATE UNIQUE INDEX IF NOT EXISTS "{index}" ON "{parent_table}" (id, workspace_id)',
        # Deleting a parent row looks up `(workspace_id, column)` here, once per row. Django's
        # index on the column alone serves that only when the planner knows the table's size; right
        # after a bulk write it may scan the whole workspace instead, once per deleted row.
        # Partial: rows without a reference (most tasks have no parent) cost nothing.
        f'CREATE INDEX IF NOT EXISTS "{guard_lookup_index_name(table, column)}" '
        f'ON "{table}" ("{column}", workspace_id) WHERE "{column}" IS NOT NULL',
        f'ALTER TABLE "{table}" ADD CONSTRAINT "{guard_constraint_name(table, column)}" '
        f'FOREIGN KEY (workspace_id, "{column}") REFERENCES "{parent_table}" (workspace_id, id) '
        "MATCH SIMPLE DEFERRABLE INITIALLY DEFERRED",
    ]


def unguard_sql(table: str, column: str, parent_table: str) -> list[str]:
    index = guard_index_name(parent_table)
    return [
        f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{guard_constraint_name(table, column)}"',
        f'DROP INDEX IF EXISTS "{guard_lookup_index_name(table, column)}"',
        # The parent's index goes with the last guard that references it (other apps' guards may
        # still need it).
        f"""DO $$ BEGIN
            IF to_regclass('"{index}"') IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM pg_constraint WHERE conindid = to_regclass('"{index}"')
            ) THEN DROP INDEX "{index}"; END IF;
        END $$""",  # noqa: S608 (the index name comes from the model's table)
    ]


class GuardWorkspaceForeignKeys(_TableOperation):
    """For each foreign key of a workspace-scoped model to another workspace-scoped model, make
    PostgreSQL refuse a reference across workspaces (see the module's docstring).

    Add it to the model's app, in the migration after the one creating the model or the field.
    `minime/workspaces/tests/test_rls.py` walks every such foreign key and fails if one lacks it.
    """

    def statements(self, model: type[models.Model], *, up: bool) -> list[str]:
        table, sql = model._meta.db_table, guard_sql if up else unguard_sql
        return [
            statement
            for field in guarded_foreign_keys(model)
            for statement in sql(table, field.column, field.related_model._meta.db_table)  # type: ignore[union-attr]
        ]

    def describe(self) -> str:
        return f"Keep {self.model_name}'s foreign keys inside its workspace"

    @property
    def migration_name_fragment(self) -> str:
        return f"guard_{self.model_name.lower()}_fks"


# --- Tables that belong to one user ---------------------------------------------------------------
USER_POLICY_NAME = "minime_user_owner"
USER_CHECK = "user_id = minime_current_user_id()"


def enable_user_sql(table: str, *, force: bool) -> list[str]:
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" {"" if force else "NO "}FORCE ROW LEVEL SECURITY',
        f'CREATE POLICY {USER_POLICY_NAME} ON "{table}" USING ({USER_CHECK}) '
        f"WITH CHECK ({USER_CHECK})",
    ]


def disable_user_sql(table: str) -> list[str]:
    return [
        f'DROP POLICY IF EXISTS {USER_POLICY_NAME} ON "{table}"',
        f'ALTER TABLE "{table}" NO FORCE ROW LEVEL SECURITY',
        f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY',
    ]


class EnableUserRLS(_TableOperation):
    """Enable row-level security on a user-owned model's table (a `user_id` column, no
    workspace): it admits only the transaction's user's rows (`app.user_id`), for reading and
    for writing. With no user set, nothing.

    Forced by default, so the owner role is bound too. `force=False` leaves the owner (and so a
    SECURITY DEFINER function it owns) reading the whole table: only for a table that must be
    searched before the user is known, through such a function (the token lookup).
    The function `minime_current_user_id()` comes from `workspaces.0002_row_level_security`:
    the migration must depend on it.
    """

    def __init__(self, model_name: str, *, force: bool = True) -> None:
        super().__init__(model_name)
        self.force = force

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {} if self.force else {"force": False}
        return (self.__class__.__qualname__, [self.model_name], kwargs)

    def statements(self, model: type[models.Model], *, up: bool) -> list[str]:
        table = model._meta.db_table
        return enable_user_sql(table, force=self.force) if up else disable_user_sql(table)

    def describe(self) -> str:
        return f"Enable user row-level security on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"user_rls_{self.model_name.lower()}"
