"""Row-level security for workspaces and memberships, and the functions every workspace-owned
table's policy calls (see minime.core.rls). PostgreSQL only; a no-op elsewhere.

- minime_current_user_id(): the transaction-local `app.user_id`, or NULL (then nothing is visible).
- minime_member_workspace_ids() / minime_owner_workspace_ids(): the current user's workspaces.
  They are SECURITY DEFINER, owned by the schema owner, so they can read memberships without
  recursing into the membership table's own policy. That is why the membership table has RLS
  enabled but not forced: the owner (and so these functions) reads it whole; the app role never does.
"""

from django.db import migrations

FORWARD = [
    """
    CREATE FUNCTION minime_current_user_id() RETURNS bigint
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::bigint $$
    """,
    """
    CREATE FUNCTION minime_member_workspace_ids() RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT coalesce(array_agg(workspace_id), '{}') FROM workspaces_membership
          WHERE user_id = minime_current_user_id() $$
    """,
    """
    CREATE FUNCTION minime_owner_workspace_ids() RETURNS bigint[]
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT coalesce(array_agg(workspace_id), '{}') FROM workspaces_membership
          WHERE user_id = minime_current_user_id() AND role = 'owner' $$
    """,
    "REVOKE ALL ON FUNCTION minime_member_workspace_ids() FROM PUBLIC",
    "REVOKE ALL ON FUNCTION minime_owner_workspace_ids() FROM PUBLIC",
    # Workspaces: members see theirs; the creator sees a new one before its first membership
    # exists (INSERT ... RETURNING must pass the read policy); owners change or delete it.
    "ALTER TABLE workspaces_workspace ENABLE ROW LEVEL SECURITY",
    "ALTER TABLE workspaces_workspace FORCE ROW LEVEL SECURITY",
    """
    CREATE POLICY workspace_read ON workspaces_workspace FOR SELECT
    USING (id = ANY ((SELECT minime_member_workspace_ids())::bigint[])
           OR created_by_id = minime_current_user_id())
    """,
    """
    CREATE POLICY workspace_create ON workspaces_workspace FOR INSERT
    WITH CHECK (created_by_id = minime_current_user_id())
    """,
    """
    CREATE POLICY workspace_change ON workspaces_workspace FOR UPDATE
    USING (id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    WITH CHECK (id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    """,
    """
    CREATE POLICY workspace_delete ON workspaces_workspace FOR DELETE
    USING (id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    """,
    # Memberships: a user sees their own and those of workspaces they belong to. Owners add,
    # change and remove members; the creator of a workspace makes its first (owner) membership;
    # anyone may leave (delete their own membership).
    "ALTER TABLE workspaces_membership ENABLE ROW LEVEL SECURITY",
    """
    CREATE POLICY membership_read ON workspaces_membership FOR SELECT
    USING (user_id = minime_current_user_id()
           OR workspace_id = ANY ((SELECT minime_member_workspace_ids())::bigint[]))
    """,
    """
    CREATE POLICY membership_create ON workspaces_membership FOR INSERT
    WITH CHECK (workspace_id = ANY ((SELECT minime_owner_workspace_ids())::bigint[])
                OR (user_id = minime_current_user_id() AND role = 'owner'
                    AND workspace_id IN (SELECT id FROM workspaces_workspace
                                         WHERE created_by_id = minime_current_user_id())))
    """,
    """
    CREATE POLICY membership_change ON workspaces_membership FOR UPDATE
    USING (workspace_id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    WITH CHECK (workspace_id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    """,
    """
    CREATE POLICY membership_delete ON workspaces_membership FOR DELETE
    USING (user_id = minime_current_user_id()
           OR workspace_id = ANY ((SELECT minime_owner_workspace_ids())::bigint[]))
    """,
]

BACKWARD = [
    "DROP POLICY IF EXISTS membership_delete ON workspaces_membership",
    "DROP POLICY IF EXISTS membership_change ON workspaces_membership",
    "DROP POLICY IF EXISTS membership_create ON workspaces_membership",
    "DROP POLICY IF EXISTS membership_read ON workspaces_membership",
    "ALTER TABLE workspaces_membership DISABLE ROW LEVEL SECURITY",
    "DROP POLICY IF EXISTS workspace_delete ON workspaces_workspace",
    "DROP POLICY IF EXISTS workspace_change ON workspaces_workspace",
    "DROP POLICY IF EXISTS workspace_create ON workspaces_workspace",
    "DROP POLICY IF EXISTS workspace_read ON workspaces_workspace",
    "ALTER TABLE workspaces_workspace NO FORCE ROW LEVEL SECURITY",
    "ALTER TABLE workspaces_workspace DISABLE ROW LEVEL SECURITY",
    "DROP FUNCTION IF EXISTS minime_owner_workspace_ids()",
    "DROP FUNCTION IF EXISTS minime_member_workspace_ids()",
    "DROP FUNCTION IF EXISTS minime_current_user_id()",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0001_initial")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD), elidable=False)]
