"""When an account is deleted, the database itself takes it off the invites it made or used (ON
DELETE SET NULL on `created_by` and `used_by`). PostgreSQL only; a no-op elsewhere.

Django nulls these before deleting a user, but only on the rows it can see, and under row-level
security only a workspace's owners see its invites: a member who joined through a link could not
delete their account. The database's referential action is not bound by row-level security.
Django's constraints are replaced by the same ones with the action. (SQLite has no row-level
security: Django's own SET_NULL sees every row there.)
"""

from django.db import migrations

TABLE = "workspaces_invite"
COLUMNS = ("created_by_id", "used_by_id")
FIND = """
    SELECT c.conname FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND a.attname = %s
"""


def _swap(set_null: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in COLUMNS:
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(FIND, [TABLE, column])
                names = [row[0] for row in cursor.fetchall()]
            for name in names:
                schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP CONSTRAINT "{name}"')
            action = " ON DELETE SET NULL" if set_null else ""
            schema_editor.execute(
                f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{TABLE}_{column}_user" FOREIGN KEY '
                f'("{column}") REFERENCES "accounts_user" ("id"){action} '
                "DEFERRABLE INITIALLY DEFERRED"
            )

    return run


class Migration(migrations.Migration):
    dependencies = [("workspaces", "0003_invites")]

    operations = [migrations.RunPython(_swap(True), _swap(False), elidable=False)]
