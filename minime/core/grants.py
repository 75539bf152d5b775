"""After every migration on PostgreSQL, give the runtime roles what they need and no more.

The owner role (DATABASE_OWNER_URL) owns the schema and runs migrations. The app role
(DATABASE_URL) may read and write rows, never change the schema; row-level security still applies
to it. The service role (DATABASE_SERVICE_URL) gets the same grants; it sees across workspaces only
because it is created with BYPASSRLS (see `manage.py pg_provision`).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connections
from environ import Env

_GRANTS = [
    "GRANT USAGE ON SCHEMA public TO {role}",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
    "GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
    "GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role}",
]


def runtime_roles(owner: str) -> list[str]:
    # From the URLs, not DATABASES: during `migrate` the default connection wears the owner's role.
    urls = (settings.DATABASE_URL, settings.DATABASE_SERVICE_URL)
    roles = {Env.db_url_config(url).get("USER") for url in urls}
    return sorted(r for r in roles if r and r != owner)


def grant_runtime_roles(sender: Any = None, *, using: str = "default", **kwargs: Any) -> None:
    conn = connections[using]
    if conn.vendor != "postgresql":
        return
    with conn.cursor() as cursor:
        cursor.execute("SELECT current_user")
        owner = cursor.fetchone()[0]
        for role in runtime_roles(owner):
            quoted = conn.ops.quote_name(role)
            for grant in _GRANTS:
                cursor.execute(grant.format(role=quoted))
