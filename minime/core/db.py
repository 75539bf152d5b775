"""The database as the rest of the code sees it: who the row-level-security user is, and which
connection system work uses.

On PostgreSQL every workspace-owned table admits only rows of workspaces the *current user* belongs
to. The current user is the transaction-local setting `app.user_id`. Requests get it from
`minime.workspaces.middleware`; background work sets it with `as_user()`; work that must see every
workspace (schedulers, pruning, operators' commands) uses the `service` connection instead, whose
role is allowed to bypass row-level security. On SQLite these are no-ops: there is no RLS, and the
scoping helpers in `minime.core.scoping` are the only filter (as they are the first one on PG).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

SERVICE_DB: str = settings.SERVICE_DB
RLS_SETTING = "app.user_id"


def uses_rls(alias: str = DEFAULT_DB_ALIAS) -> bool:
    return connections[alias].vendor == "postgresql"


def set_rls_user(user_id: int | None, *, alias: str = DEFAULT_DB_ALIAS) -> None:
    """Set the RLS user for the rest of the current transaction (SET LOCAL semantics).

    Must be called inside `transaction.atomic()`: outside one the setting would vanish with the
    autocommitted statement, and every later query would see nothing (RLS fails closed).
    """
    if not uses_rls(alias):
        return
    conn = connections[alias]
    if not conn.in_atomic_block:
        raise RuntimeError("set_rls_user() needs an open transaction (transaction.atomic()).")
    with conn.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, true)",
            [RLS_SETTING, "" if user_id is None else str(user_id)],
        )


def current_rls_user(alias: str = DEFAULT_DB_ALIAS) -> int | None:
    """The user id row-level security currently admits, or None (PostgreSQL only)."""
    if not uses_rls(alias):
        return None
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT NULLIF(current_setting(%s, true), '')", [RLS_SETTING])
        value = cursor.fetchone()[0]
    return int(value) if value else None


@contextmanager
def as_user(user_id: int | None, *, alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run a block in a transaction whose RLS user is `user_id`; restore the previous one after.

    Use it for user-scoped background work: `with as_user(task_owner_id): ...`.
    """
    with transaction.atomic(using=alias):
        previous = current_rls_user(alias)
        set_rls_user(user_id, alias=alias)
        try:
            yield
        finally:
            if connections[alias].in_atomic_block and not connections[alias].needs_rollback:
                set_rls_user(previous, alias=alias)


@contextmanager
def owner_connection(alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Point `alias` at the schema owner's role (DATABASE_OWNER_URL) for the block.

    Migrations and test-database creation run as the owner; the app never does. Reentrant.
    """
    conn = connections[alias]
    owner: dict[str, Any] = settings.DATABASE_OWNER
    keys = ("USER", "PASSWORD", "HOST", "PORT")
    saved = {k: conn.settings_dict.get(k) for k in keys}
    wanted = {k: owner.get(k) for k in keys}
    if saved == wanted:
        yield
        return
    conn.close()
    conn.settings_dict.update(wanted)
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict.update(saved)


def fetch_rows(rows: QuerySet[Any, Any]) -> list[tuple[Any, ...]]:
    """A ``values_list`` query's rows as the database driver returns them, without Django's
    per-value converters: for reads of many thousand rows, where the converters cost more than
    the query.

    What differs from ``list(rows)``: UUIDs come as strings (SQLite: 32 hex digits without
    dashes); datetimes are naive UTC on SQLite, and UTC-aware on PostgreSQL, where
    ``timestamptz`` columns are loaded by psycopg's C loader instead of the Python one Django
    installs on each connection (about 4 µs a value: 50 ms on 13,000 rows).
    """
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    connection = connections[rows.db]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg.types.datetime import TimestamptzLoader

            # This cursor only: psycopg copies the adapters map on write.
            cursor.cursor.adapters.register_loader("timestamptz", TimestamptzLoader)
        cursor.execute(sql, params)
        return cursor.fetchall()
