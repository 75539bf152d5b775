"""A task may need one unbroken block of time (deep work): Today never splits it."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0008_settle_closed_occurrence_steps"),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="deep_work",
            field=models.BooleanField(
                default=False,
                help_text="Needs one unbroken block of time: Today never splits it between meetings.",
                verbose_name="deep work",
            ),
        ),
    ]
