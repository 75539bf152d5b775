"""Areas can be marked as work (Today leaves their tasks out on days off). An area named "Work",
as onboarding proposes it, starts marked."""

from django.db import migrations, models
from django.db.models.functions import Lower


def mark_work(apps, schema_editor):
    LifeArea = apps.get_model("areas", "LifeArea")
    # The owner running migrations is subject to row-level security too (FORCE): lift it for
    # this transaction only, so every workspace's areas are read.
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute('ALTER TABLE "areas_lifearea" NO FORCE ROW LEVEL SECURITY')
    LifeArea.objects.annotate(lowered=Lower("name")).filter(lowered="work").update(is_work=True)
    if postgres:
        schema_editor.execute('ALTER TABLE "areas_lifearea" FORCE ROW LEVEL SECURITY')


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_lifearea_last_completed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="lifearea",
            name="is_work",
            field=models.BooleanField(
                default=False,
                help_text="Work: on a day off, Today leaves its tasks out unless due or planned "
                "for it.",
            ),
        ),
        migrations.RunPython(mark_work, migrations.RunPython.noop, elidable=True),
    ]
