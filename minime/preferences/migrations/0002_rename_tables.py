"""The moved tables take this app's names (row-level security policies follow a renamed table)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("preferences", "0001_initial"),
        ("accounts", "0007_preferences_move_out"),
    ]

    operations = [
        migrations.AlterModelTable(name="OnboardingAnswers", table=None),
        migrations.AlterModelTable(name="RuleSettings", table=None),
    ]
