"""Row-level security for workspace-owned tables, as a migration operation.

Every model that inherits `WorkspaceOwned` gets, in its app's migration:

    EnableWorkspaceRLS("Task")

which on PostgreSQL enables and *forces* RLS on the table (the owner role is subject too) and adds
one policy admitting rows whose workspace the current user is a member of, for reading and for
writing. On other databases it does nothing. `minime/workspaces/tests/test_rls.py` walks every
`WorkspaceOwned` model and fails if a table lacks any of this, so a new model cannot forget.

The helper functions the policy calls are created by `workspaces.0002_row_level_security`.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor
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


class EnableWorkspaceRLS(Operation):
    """Enable, force and add the membership policy on a WorkspaceOwned model's table."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: ProjectState) -> None:
        pass  # no change to Django's model state

    def _run(
        self, app_label: str, schema_editor: BaseDatabaseSchemaEditor, state: ProjectState, up: bool
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = state.apps.get_model(app_label, self.model_name)
        table = model._meta.db_table
        for statement in enable_sql(table) if up else disable_sql(table):
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

    def describe(self) -> str:
        return f"Enable workspace row-level security on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rls_{self.model_name.lower()}"
