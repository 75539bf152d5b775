"""The AI log and the month's AI count belong to one user: row-level security keyed on the
transaction's user (see minime.core.rls.EnableUserRLS). PostgreSQL only; a no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("ai", "0001_initial"),
        ("workspaces", "0002_row_level_security"),
    ]

    operations = [
        minime.core.rls.EnableUserRLS("AIRequest"),
        minime.core.rls.EnableUserRLS("AIUsage"),
    ]
