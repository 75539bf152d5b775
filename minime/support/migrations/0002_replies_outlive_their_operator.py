"""When an operator's account is deleted, the database itself takes them off the replies they
sent (ON DELETE SET NULL on `replied_by`). PostgreSQL only; a no-op elsewhere.

Django nulls `replied_by` before deleting a user, but only on the rows it can see, and under
row-level security the operator sees only their own messages: the deletion would then fail on a
reply still naming them. The database's referential action is not bound by row-level security,
so it reaches every message. Django's constraint is replaced by the same one with the action.
(SQLite has no row-level security: Django's own SET_NULL sees every row there.)
"""

from django.db import migrations

TABLE = "support_contactmessage"
CONSTRAINT = "support_contactmessage_replied_by_set_null"
DJANGO_CONSTRAINT = """
    SELECT c.conname FROM pg_constraint c
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
    WHERE c.conrelid = %s::regclass AND c.contype = 'f' AND a.attname = 'replied_by_id'
"""


def _constraint(set_null: bool) -> str:
    action = " ON DELETE SET NULL" if set_null else ""
    name = CONSTRAINT if set_null else f"{TABLE}_replied_by_id_fk_accounts_user_id"
    return (
        f'ALTER TABLE "{TABLE}" ADD CONSTRAINT "{name}" FOREIGN KEY ("replied_by_id") '
        f'REFERENCES "accounts_user" ("id"){action} DEFERRABLE INITIALLY DEFERRED'
    )


def _swap(set_null: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(DJANGO_CONSTRAINT, [TABLE])
            names = [row[0] for row in cursor.fetchall()]
        for name in names:
            schema_editor.execute(f'ALTER TABLE "{TABLE}" DROP CONSTRAINT "{name}"')
        schema_editor.execute(_constraint(set_null))

    return run


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]

    operations = [migrations.RunPython(_swap(True), _swap(False), elidable=False)]
