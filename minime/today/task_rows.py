"""A workspace's open tasks as the engine's ``Task``s, read by column name.

``TASK_COLUMNS`` names, for each field of ``engine.Task`` in order, the ``tasks_task`` column it
is read from: the query selects exactly those columns and the rows are assembled by field name,
so adding a field to the engine's task means adding one entry here (a test ties the two).

Ten thousand rows cost more to convert than to query, so they are read raw (``fetch_rows``) and
converted column by column: the database writes UUIDs as dashed text, and on SQLite dates, times
and datetimes arrive as ISO text for ``fromisoformat`` (Django's per-value converters cost five
times as much).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from itertools import repeat
from typing import Any

from django.db import connections
from django.db.models import Func, QuerySet, TextField

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
}


class _DashedUuid(Func):
    """A UUID column as its dashed text, computed by the database (SQLite keeps 32 hex digits)."""

    output_field = TextField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        dashes = "||'-'||".join(
            f"substr(%(expressions)s, {start}, {length})"
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
        return self.as_sql(compiler, connection, template=f"({dashes})", **extra)

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra)


class _Text(Func):
    """A column as text, so SQLite's driver hands it over unconverted (``|| ''`` keeps NULL)."""

    template = "(%(expressions)s || '')"
    output_field = TextField()


def _days(values: list[Any]) -> list[date | None]:
    day = date.fromisoformat
    return [day(v) if v else None for v in values]


def _times(values: list[Any]) -> list[time | None]:
    clock = time.fromisoformat
    return [clock(v) if v else None for v in values]


def _utc(values: list[Any]) -> list[datetime | None]:
    moment = datetime.fromisoformat
    return [moment(v).replace(tzinfo=UTC) if v else None for v in values]


# SQLite: the fields read as ISO text (see the module's docstring), and how each is parsed.
_SQLITE_PARSE: dict[str, Callable[[list[Any]], list[Any]]] = {
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
        _DashedUuid(column)
        if field == "id"
        else _Text(column)
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
