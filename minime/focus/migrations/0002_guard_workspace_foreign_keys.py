"""A session's task is a task of the same workspace, on PostgreSQL itself (see
minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [
        ("focus", "0001_initial"),
    ]

    operations = [
        minime.core.rls.GuardWorkspaceForeignKeys("FocusSession"),
    ]
