"""Foreign keys between workspace-owned rows stay inside one workspace, on PostgreSQL itself
(see minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0004_icon_names"),
        ("decisions", "0001_initial"),
    ]

    operations = [
        minime.core.rls.GuardWorkspaceForeignKeys("Decision"),
        minime.core.rls.GuardWorkspaceForeignKeys("DecisionOption"),
        minime.core.rls.GuardWorkspaceForeignKeys("DecisionCriterion"),
        minime.core.rls.GuardWorkspaceForeignKeys("DecisionScore"),
    ]
