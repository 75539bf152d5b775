"""RuleSettings and OnboardingAnswers now belong to minime.preferences: the accounts app forgets
them without touching their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_token_lookup_records_use"),
        ("preferences", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="OnboardingAnswers"),
                migrations.DeleteModel(name="RuleSettings"),
            ],
        ),
    ]
