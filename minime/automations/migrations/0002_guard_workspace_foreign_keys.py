"""A run's rule is in the run's workspace, on PostgreSQL itself (see
minime.core.rls.GuardWorkspaceForeignKeys). A no-op elsewhere."""

from django.db import migrations

import minime.core.rls


class Migration(migrations.Migration):
    dependencies = [("automations", "0001_initial")]

    operations = [minime.core.rls.GuardWorkspaceForeignKeys("Run")]
