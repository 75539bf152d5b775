"""The length from which Today plans a task in one unbroken block, as it does deep work."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("preferences", "0002_rename_tables"),
    ]

    operations = [
        migrations.AddField(
            model_name="rulesettings",
            name="deep_work_minutes",
            field=models.PositiveSmallIntegerField(
                default=60,
                validators=[
                    django.core.validators.MinValueValidator(15),
                    django.core.validators.MaxValueValidator(480),
                ],
            ),
        ),
    ]
