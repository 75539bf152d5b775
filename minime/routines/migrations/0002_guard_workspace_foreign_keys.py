"""Foreign keys between workspace-owned rows stay inside one workspace, on PostgreSQL itself
(see minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_lifearea_last_completed_at"),
        ("routines", "0001_initial"),
    ]

    operations = [
        minime.core.rls.GuardWorkspaceForeignKeys("Routine"),
        minime.core.rls.GuardWorkspaceForeignKeys("RoutineStep"),
        minime.core.rls.GuardWorkspaceForeignKeys("RoutineOccurrence"),
    ]
