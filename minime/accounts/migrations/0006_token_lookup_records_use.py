"""The token lookup also records when the token was used, so authenticating an API request takes
one round trip instead of a lookup plus a bound read and write of the token row.

`minime_use_token(hash, every)` is SECURITY DEFINER like the function it replaces: given the
SHA-256 hash of a live token of an active account, it stamps the token's `last_used_at` (only when
the stamp is older than `every`, so a busy client does not rewrite the row on each request) and
answers the user id; for anything else it answers NULL and changes nothing. PostgreSQL only.
"""

from django.db import migrations

CREATE_USE_FUNCTION = """
    CREATE FUNCTION minime_use_token(wanted_hash text, every interval) RETURNS bigint
    LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
    DECLARE
        found_id bigint;
        found_user bigint;
        used timestamptz;
    BEGIN
        SELECT t.id, t.user_id, t.last_used_at INTO found_id, found_user, used
          FROM accounts_personalaccesstoken t JOIN accounts_user u ON u.id = t.user_id
         WHERE t.token_hash = wanted_hash AND t.revoked_at IS NULL AND u.is_active;
        IF found_id IS NOT NULL AND (used IS NULL OR used < now() - every) THEN
            UPDATE accounts_personalaccesstoken SET last_used_at = now() WHERE id = found_id;
        END IF;
        RETURN found_user;
    END $$
"""

# The lookup it replaces, as the previous migration made it (for migrating backwards).
CREATE_LOOKUP_FUNCTION = """
    CREATE FUNCTION minime_user_id_for_token(wanted_hash text) RETURNS bigint
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT t.user_id FROM accounts_personalaccesstoken t
          JOIN accounts_user u ON u.id = t.user_id
          WHERE t.token_hash = wanted_hash AND t.revoked_at IS NULL AND u.is_active $$
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_USE_FUNCTION)
        schema_editor.execute("REVOKE ALL ON FUNCTION minime_use_token(text, interval) FROM PUBLIC")
        schema_editor.execute("DROP FUNCTION minime_user_id_for_token(text)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_LOOKUP_FUNCTION)
        schema_editor.execute("REVOKE ALL ON FUNCTION minime_user_id_for_token(text) FROM PUBLIC")
        schema_editor.execute("DROP FUNCTION minime_use_token(text, interval)")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_user_row_level_security")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
