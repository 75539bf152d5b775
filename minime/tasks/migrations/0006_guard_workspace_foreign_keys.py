"""Foreign keys between workspace-owned rows stay inside one workspace, on PostgreSQL itself
(see minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_lifearea_last_completed_at"),
        ("goals", "0003_guard_workspace_foreign_keys"),
        ("tasks", "0005_task_row_stamp"),
    ]

    operations = [
        minime.core.rls.GuardWorkspaceForeignKeys("Project"),
        minime.core.rls.GuardWorkspaceForeignKeys("Task"),
        minime.core.rls.GuardWorkspaceForeignKeys("TaskLabel"),
    ]
