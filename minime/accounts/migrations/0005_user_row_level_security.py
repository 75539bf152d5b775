"""Row-level security on the tables that belong to one user (see minime.core.rls.EnableUserRLS),
and the one lookup that must happen before the user is known: which user a token belongs to.
PostgreSQL only; a no-op elsewhere.

`minime_user_id_for_token(hash)` is SECURITY DEFINER, owned by the schema owner, and answers only
the user id of a live token of an active account whose SHA-256 hash is given: the caller already
holds the secret, so it learns nothing it could not learn by using the token. The token table is
why `force=False`: the owner (and so this function) reads it whole; the app role never does.
"""

from django.db import migrations

import minime.core.rls

FUNCTION = """
    CREATE FUNCTION minime_user_id_for_token(wanted_hash text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT t.user_id FROM accounts_personalaccesstoken t
          JOIN accounts_user u ON u.id = t.user_id
          WHERE t.token_hash = wanted_hash AND t.revoked_at IS NULL AND u.is_active $$
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)
        schema_editor.execute("REVOKE ALL ON FUNCTION minime_user_id_for_token(text) FROM PUBLIC")


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS minime_user_id_for_token(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_add_rule_settings_and_onboarding"),
        ("workspaces", "0002_row_level_security"),
    ]

    operations = [
        minime.core.rls.EnableUserRLS("PersonalAccessToken", force=False),
        minime.core.rls.EnableUserRLS("RuleSettings"),
        minime.core.rls.EnableUserRLS("OnboardingAnswers"),
        migrations.RunPython(create_function, drop_function, elidable=False),
    ]
