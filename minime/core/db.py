"""The database as the rest of the code sees it: who the row-level-security user is, and which
connection system work uses.

On PostgreSQL every workspace-owned table admits only rows of workspaces the *current user* belongs
to. The current user is the transaction-local setting `app.user_id`. Requests get it from
`minime.workspaces.middleware`; background work sets it with `as_user()`; work that must see every
workspace (schedulers, pruning, operators' commands) uses the `service` connection instead, whose
role is allowed to bypass row-level security. Tables that belong to one user (tokens, settings, the
AI log) admit only that user's rows; the services that own them are decorated with `binds_user`,
so they work from a request of that user and from anywhere no user is bound yet. On SQLite these
are no-ops: there is no RLS, and the scoping helpers in `minime.core.scoping` are the only filter
(as they are the first one on PG).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import QuerySet

SERVICE_DB: str = settings.SERVICE_DB
RLS_SETTING = "app.user_id"

P = ParamSpec("P")
R = TypeVar("R")


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


class ActingForAnotherUser(PermissionError):
    """A block meant for one user's own rows ran while the transaction is bound to another."""


@contextmanager
def for_user(user_id: int, *, alias: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run a block that reads or writes `user_id`'s own rows (user-scoped tables, see
    `minime.core.rls.EnableUserRLS`).

    - No RLS user bound (background work, an anonymous flow such as a password reset, a shell,
      a test): bind `user_id` for the block, as `as_user()` does.
    - `user_id` already bound (their own request): nothing to do, no extra transaction.
    - Another user bound: raise ActingForAnotherUser. A request acts on its own user's rows only;
      without this the block would simply see nothing of the other user's and misbehave quietly.
    """
    if not uses_rls(alias):
        yield
        return
    current = current_rls_user(alias)
    if current == user_id:
        yield
        return
    if current is not None:
        raise ActingForAnotherUser(f"Bound to user {current}, asked to act for user {user_id}.")
    with as_user(user_id, alias=alias):
        yield


def binds_user(func: Callable[P, R]) -> Callable[P, R]:
    """Decorate a service taking a `user` argument whose user-scoped rows it reads or writes:
    the body runs under `for_user(user.pk)`."""
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        user = signature.bind_partial(*args, **kwargs).arguments["user"]
        with for_user(user.pk):
            return func(*args, **kwargs)

    return wrapper


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


def count_each(**querysets: QuerySet[Any, Any]) -> dict[str, int]:
    """How many rows each queryset has, in one statement: ``SELECT (SELECT COUNT(*) FROM (q1)),
    (SELECT COUNT(*) FROM (q2)), …``. For counts shown together on every page (the navigation's),
    where one round trip beats one per count. All querysets must use the same database."""
    if not querysets:
        return {}
    parts: list[str] = []
    params: list[Any] = []
    using = None
    for rows in querysets.values():
        using = using or rows.db
        inner = rows.order_by().values("pk")
        sql, inner_params = inner.query.get_compiler(using=using).as_sql()
        # Django compiled `sql` with its values as parameters: nothing here is user text.
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted_{len(parts)})")  # noqa: S608
        params.extend(inner_params)
    with connections[using or DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return {name: int(count) for name, count in zip(querysets, row, strict=True)}
