"""Whether the morning recap is also sent on a work day with nothing planned and nothing needing
attention (off by default: such a day gets no recap)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("preferences", "0003_rules_deep_work_minutes"),
    ]

    operations = [
        migrations.AddField(
            model_name="rulesettings",
            name="recap_when_empty",
            field=models.BooleanField(default=False),
        ),
    ]
