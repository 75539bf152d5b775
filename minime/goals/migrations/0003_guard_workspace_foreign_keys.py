"""Foreign keys between workspace-owned rows stay inside one workspace, on PostgreSQL itself
(see minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_lifearea_last_completed_at"),
        ("goals", "0002_goal_last_completed_at"),
    ]

    operations = [
        minime.core.rls.GuardWorkspaceForeignKeys("Goal"),
        minime.core.rls.GuardWorkspaceForeignKeys("Milestone"),
    ]
