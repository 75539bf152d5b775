"""tasks_task.row_stamp: a random number replaced by a trigger on every UPDATE of the row, so a
reader that kept rows can tell exactly which ones changed. PostgreSQL: a BEFORE UPDATE row
trigger sets it; SQLite: an AFTER UPDATE trigger does (its WHEN clause keeps the trigger's own
UPDATE from firing it again). Rows that exist already share one value: harmless, a stamp only
has to change when its own row does."""

import importlib

from django.db import migrations, models

import minime.tasks.models

# As minime.tasks.stamps.ROW_STAMP_TRIGGER.
TRIGGER = "tasks_task_row_stamp"

POSTGRES = [
    """
    CREATE FUNCTION tasks_bump_row_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.row_stamp := (random() * 4611686018427387903)::bigint;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER tasks_task_row_stamp BEFORE UPDATE ON tasks_task
    FOR EACH ROW EXECUTE FUNCTION tasks_bump_row_stamp()
    """,
]
SQLITE = [
    """
    CREATE TRIGGER tasks_task_row_stamp AFTER UPDATE ON tasks_task
    WHEN NEW.row_stamp = OLD.row_stamp BEGIN
        UPDATE tasks_task SET row_stamp = abs(random() / 2) WHERE id = NEW.id;
    END
    """,
]


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        # Adding the column rebuilt the table on SQLite, which drops its triggers: put the
        # list-stamp triggers of 0004 back first.
        stamps = importlib.import_module("minime.tasks.migrations.0004_task_list_stamp")
        for name in stamps.TRIGGERS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in stamps.SQLITE:
            schema_editor.execute(statement)
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER} ON tasks_task")
        schema_editor.execute("DROP FUNCTION IF EXISTS tasks_bump_row_stamp()")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_task_list_stamp"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="row_stamp",
            field=models.BigIntegerField(
                default=minime.tasks.models.random_row_stamp, editable=False
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
