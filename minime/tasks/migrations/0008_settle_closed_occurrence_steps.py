"""Open subtasks left under a closed occurrence of a repeating task are closed with it (done with a
done occurrence, skipped with a skipped one). Each occurrence used to get fresh copies while the
old ones stayed open, so the same steps showed up once per past week; the services now settle
them when an occurrence closes, and this repairs the rows made before."""

from django.db import migrations
from django.db.models import F, OuterRef, Subquery
from django.utils import timezone


def settle(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    # The owner running migrations is subject to row-level security too (FORCE): lift it for
    # this transaction only, so every workspace is repaired. DDL is transactional in PostgreSQL:
    # no other session ever sees the table unforced.
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute('ALTER TABLE "tasks_task" NO FORCE ROW LEVEL SECURITY')
    parent_closed_at = Task.objects.filter(pk=OuterRef("parent_id")).values("completed_at")[:1]
    now = timezone.now()
    for status in ("done", "skipped"):
        Task.objects.filter(status="open", parent__status=status, parent__recurrence__gt="").update(
            status=status,
            completed_at=Subquery(parent_closed_at),
            version=F("version") + 1,
            updated_at=now,
        )
    if postgres:
        schema_editor.execute('ALTER TABLE "tasks_task" FORCE ROW LEVEL SECURITY')


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0007_drop_task_stamps"),
    ]

    operations = [
        migrations.RunPython(settle, migrations.RunPython.noop, elidable=True),
    ]
