"""Drop the task-list stamp (TaskListStamp, 0004) and the row stamp (Task.row_stamp, 0005) with
the database triggers that kept them: Today reads the open tasks afresh on every view and no
longer keeps them between requests, so nothing reads either stamp.

The triggers go first: on SQLite, removing the column rebuilds tasks_task, and the list-stamp
triggers must not outlive the table they write to (on PostgreSQL the functions go with them)."""

from typing import Any

from django.db import migrations

TRIGGERS = (
    "tasks_task_stamp_insert",
    "tasks_task_stamp_update",
    "tasks_task_stamp_delete",
    "tasks_task_row_stamp",
)
FUNCTIONS = ("tasks_bump_list_stamp()", "tasks_bump_row_stamp()")


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for name in TRIGGERS:
        schema_editor.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (" ON tasks_task" if postgres else "")
        )
    if postgres:
        for function in FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}")


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0006_guard_workspace_foreign_keys"),
    ]

    operations = [
        # Backwards, the column and the table come back without triggers: nothing reads them.
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="task", name="row_stamp"),
        migrations.DeleteModel(name="TaskListStamp"),
    ]
