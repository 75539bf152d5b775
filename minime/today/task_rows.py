"""A workspace's open tasks as the engine's ``Task``s, read by column name.

``TASK_COLUMNS`` names, for each field of ``engine.Task`` in order, the ``tasks_task`` column it
is read from: the query selects exactly those columns and the rows are assembled by field name,
so adding a field to the engine's task means adding one entry here (a test ties the two).

Ten thousand rows cost more to convert than to query, so they are read raw (``fetch_rows``) and
converted column by column: PostgreSQL writes UUIDs as dashed text; SQLite hands over its 32 hex
digits, dashed in Python (cheaper than in its SQL), and its dates, times and datetimes as ISO text
for ``fromisoformat`` (Django's per-value converters cost five times as much).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from itertools import repeat
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Func, QuerySet, TextField

from minime.core.db import fetch_rows
from minime.tasks.models import Task, TaskStatus
from minime.today import engine
from minime.workspaces.models import Workspace

# engine.Task's fields, in order, each with the tasks_task column it is read from.
TASK_COLUMNS: dict[str, str] = {
    "id": "uuid",
    "title": "title",
    "priority": "priority",
    "due_date": "due_date",
    "due_time": "due_time",
    "do_on": "do_on",
    "estimate_minutes": "estimate_minutes",
    "energy": "energy",
    "project_id": "project_id",
    "goal_id": "goal_id",
    "area_id": "area_id",
    "created_at": "created_at",
    "pinned_on": "pinned_on",
    "snoozed_until": "snoozed_until",
    "parent_id": "parent_id",
    "is_recurring": "recurrence",
    "position": "position",
    "deep_work": "deep_work",
}


class _UuidText(Func):
    """A UUID column as text: dashed on PostgreSQL, SQLite's 32 hex digits elsewhere (``_dashed``
    adds the dashes: cheaper in Python than in SQLite's SQL)."""

    template = "%(expressions)s"
    output_field = TextField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra)


def _dashed(values: list[Any]) -> list[str]:
    return [f"{v[:8]}-{v[8:12]}-{v[12:16]}-{v[16:20]}-{v[20:]}" for v in values]


class _Text(Func):
    """A column as text, so SQLite's driver hands it over unconverted (``|| ''`` keeps NULL)."""

    template = "(%(expressions)s || '')"
    output_field = TextField()


class _UtcText(Func):
    """SQLite: a datetime column (naive UTC) as ISO text with its offset, for ``fromisoformat``."""

    template = "(%(expressions)s || '+00:00')"
    output_field = TextField()


class _IsSet(Func):
    """Whether a text column is not empty (its text is not needed: a flag costs less to read)."""

    template = "(%(expressions)s <> '')"
    output_field = BooleanField()


def _days(values: list[Any]) -> list[date | None]:
    day = date.fromisoformat
    return [day(v) if v else None for v in values]


def _times(values: list[Any]) -> list[time | None]:
    clock = time.fromisoformat
    return [clock(v) if v else None for v in values]


def _utc(values: list[Any]) -> list[datetime | None]:
    moment = datetime.fromisoformat
    return [moment(v) if v else None for v in values]


# SQLite: the fields read as text (see the module's docstring), and how each is converted.
_SQLITE_PARSE: dict[str, Callable[[list[Any]], list[Any]]] = {
    "id": _dashed,
    "due_date": _days,
    "due_time": _times,
    "do_on": _days,
    "created_at": _utc,
    "pinned_on": _days,
    "snoozed_until": _days,
}


def open_task_rows(workspace: Workspace) -> QuerySet[Task]:
    """The workspace's open tasks, as a queryset (for counting or narrowing in tests)."""
    return Task.objects.in_workspace(workspace).filter(status=TaskStatus.OPEN)


def assigned_elsewhere(workspace: Workspace, user_id: int) -> frozenset[str]:
    """The uuids (as text) of the open tasks of a shared workspace assigned to a member other
    than ``user_id``: their Today plans them, this person's does not. Empty for a personal
    workspace, without a query."""
    if workspace.is_personal:
        return frozenset()
    rows = open_task_rows(workspace).exclude(assignee=None).exclude(assignee_id=user_id)
    return frozenset(str(uuid) for uuid in rows.values_list("uuid", flat=True))


def open_tasks(
    workspace: Workspace,
    projects: dict[int, str],
    goals: dict[int, str],
    areas: dict[int, str],
) -> list[engine.Task]:
    """The workspace's open tasks as ``engine.Task``s, in one query. ``projects``, ``goals`` and
    ``areas`` map primary keys to public UUIDs. A subtask's ``parent_id`` is its parent's UUID
    when the parent is open too (a subtask of a closed task stands on its own)."""
    rows = open_task_rows(workspace)
    sqlite = connections[rows.db].vendor == "sqlite"
    selected = [
        _UuidText(column)
        if field == "id"
        else _IsSet(column)
        if field == "is_recurring"
        else (_UtcText if field == "created_at" else _Text)(column)
        if sqlite and field in _SQLITE_PARSE
        else column
        for field, column in TASK_COLUMNS.items()
    ]
    raw = fetch_rows(rows.values_list("pk", *selected).order_by())
    if not raw:
        return []
    pks, *values = map(list, zip(*raw, strict=True))
    columns = dict(zip(TASK_COLUMNS, values, strict=True))
    if sqlite:
        for field, parse in _SQLITE_PARSE.items():
            columns[field] = parse(columns[field])
    open_uuids = dict(zip(pks, columns["id"], strict=True))
    for field, uuids in (
        ("project_id", projects),
        ("goal_id", goals),
        ("area_id", areas),
        ("parent_id", open_uuids),
    ):
        columns[field] = list(map(uuids.get, columns[field]))
    columns["is_recurring"] = list(map(bool, columns["is_recurring"]))
    # engine.Task is a named tuple: tuple.__new__ builds one per row at C speed (the snapshot
    # checks the values once, column by column).
    fields = (columns[name] for name in engine.Task._fields)
    return list(map(tuple.__new__, repeat(engine.Task), zip(*fields, strict=True)))
