"""A per-workspace token that database triggers change on every write to tasks_task (see
TaskListStamp). Statement-level triggers on PostgreSQL (one UPDATE per statement, however many
rows), row-level on SQLite (the only kind it has). The triggers run as whoever writes the tasks,
so row-level security applies to the stamp too: a member may only touch their workspaces'."""

import django.db.models.deletion
from django.db import migrations, models

import minime.core.rls

# As minime.tasks.stamps.STAMP_TRIGGERS (a migration keeps its own copy of what it creates).
TRIGGERS = ("tasks_task_stamp_insert", "tasks_task_stamp_update", "tasks_task_stamp_delete")

POSTGRES = [
    """
    CREATE FUNCTION tasks_bump_list_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'INSERT' THEN
            UPDATE tasks_taskliststamp SET stamp = replace(gen_random_uuid()::text, '-', '')
            WHERE workspace_id IN (SELECT workspace_id FROM new_rows);
        ELSIF TG_OP = 'DELETE' THEN
            UPDATE tasks_taskliststamp SET stamp = replace(gen_random_uuid()::text, '-', '')
            WHERE workspace_id IN (SELECT workspace_id FROM old_rows);
        ELSE
            UPDATE tasks_taskliststamp SET stamp = replace(gen_random_uuid()::text, '-', '')
            WHERE workspace_id IN (
                SELECT workspace_id FROM new_rows UNION SELECT workspace_id FROM old_rows
            );
        END IF;
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER tasks_task_stamp_insert AFTER INSERT ON tasks_task
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tasks_bump_list_stamp()
    """,
    """
    CREATE TRIGGER tasks_task_stamp_update AFTER UPDATE ON tasks_task
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tasks_bump_list_stamp()
    """,
    """
    CREATE TRIGGER tasks_task_stamp_delete AFTER DELETE ON tasks_task
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION tasks_bump_list_stamp()
    """,
]
SQLITE = [
    """
    CREATE TRIGGER tasks_task_stamp_insert AFTER INSERT ON tasks_task BEGIN
        UPDATE tasks_taskliststamp SET stamp = lower(hex(randomblob(16)))
        WHERE workspace_id = NEW.workspace_id;
    END
    """,
    """
    CREATE TRIGGER tasks_task_stamp_update AFTER UPDATE ON tasks_task BEGIN
        UPDATE tasks_taskliststamp SET stamp = lower(hex(randomblob(16)))
        WHERE workspace_id IN (OLD.workspace_id, NEW.workspace_id);
    END
    """,
    """
    CREATE TRIGGER tasks_task_stamp_delete AFTER DELETE ON tasks_task BEGIN
        UPDATE tasks_taskliststamp SET stamp = lower(hex(randomblob(16)))
        WHERE workspace_id = OLD.workspace_id;
    END
    """,
]


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    for name in TRIGGERS:
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON tasks_task")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS tasks_bump_list_stamp()")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_project_last_completed_at"),
        ("workspaces", "0002_row_level_security"),
    ]

    operations = [
        migrations.CreateModel(
            name="TaskListStamp",
            fields=[
                (
                    "workspace",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="workspaces.workspace",
                    ),
                ),
                ("stamp", models.CharField(max_length=32)),
            ],
        ),
        minime.core.rls.EnableWorkspaceRLS("TaskListStamp"),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
