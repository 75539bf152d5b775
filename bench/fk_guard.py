"""What the workspace guards on foreign keys cost writes (PostgreSQL).

    .venv/bin/python bench/fk_guard.py --db postgres

The guards (``minime.core.rls.GuardWorkspaceForeignKeys``) add, next to Django's own foreign
keys, a composite one per reference between workspace-owned tables, and a unique index on each
parent's ``(workspace_id, id)``. This writes the same tasks with every guard in place and with
every guard (constraints and indexes) dropped, as the app role under row-level security, each
write in its own transaction including its commit (the guards are checked at commit):

- ``insert_bulk``: ROWS tasks in batches of 1,000, each with a project, an area and a goal
  (one guarded reference each) and every fifth one a subtask (a fourth);
- ``insert_one_by_one``: SINGLE tasks, one INSERT each (as the app makes them), one transaction;
- ``update_references``: one UPDATE moving all ROWS tasks to another project (key changed:
  checked);
- ``update_one_by_one``: SINGLE tasks moved to another project, one UPDATE each;
- ``update_title``: one UPDATE of every task's title (keys unchanged: PostgreSQL skips the check);
- ``delete``: all the tasks (the referenced side: subtasks and labels are looked up).

Each is run ROUNDS times, alternating with and without the guards; prints the median in
milliseconds for each, and the overhead in percent. Output: one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from minime.tasks.models import Task

ROWS = 5_000
SINGLE = 1_000
ROUNDS = 5
BATCH = 1_000


def _guards(add: bool) -> None:
    """Add or drop every guard, as the schema owner (the app role may not change the schema)."""
    from django.apps import apps
    from django.db import connection

    from minime.core.db import owner_connection
    from minime.core.rls import guard_sql, guarded_foreign_keys, unguard_sql

    with owner_connection(), connection.cursor() as cursor:
        for model in apps.get_models():
            for field in guarded_foreign_keys(model):
                parent = field.related_model._meta.db_table  # type: ignore[union-attr]
                sql = guard_sql if add else unguard_sql
                for statement in sql(model._meta.db_table, field.column, parent):
                    cursor.execute(statement)
        cursor.execute("ANALYZE")


def main() -> None:
    from _setup import configure

    args = configure(__doc__ or "")
    if args.db != "postgres":
        sys.exit("The guards exist on PostgreSQL only: run with --db postgres.")

    from minime.accounts.services import user_create
    from minime.areas.models import LifeArea
    from minime.core.db import as_user
    from minime.goals.models import Goal
    from minime.tasks.models import Project, Task
    from minime.workspaces.models import Workspace

    user = user_create(email="fk-guard@example.com", password="fk guard benchmark")  # noqa: S106
    with as_user(user.pk):
        ws = Workspace.objects.get(created_by=user, is_personal=True)
        area = LifeArea.objects.create(workspace=ws, name="Work", position=1)
        goal = Goal.objects.create(workspace=ws, title="Ship", area=area, position=1)
        first, second = Project.objects.bulk_create(
            [Project(workspace=ws, title=f"Project {i}", area=area, position=i) for i in (1, 2)]
        )
        anchor = Task.objects.create(workspace=ws, title="Parent", project=first, position=0)

    def new_task(i: int) -> Task:
        return Task(
            workspace=ws,
            title=f"Task {i}",
            project=first,
            area=area,
            goal=goal,
            parent=anchor if i % 5 == 0 else None,
            position=i + 1,
        )

    def timed(work: Callable[[], object]) -> float:
        started = time.perf_counter()
        with as_user(user.pk):  # one transaction: the commit (and the guards' checks) included
            work()
        return (time.perf_counter() - started) * 1000

    def mine() -> QuerySet[Task]:
        return Task.objects.filter(workspace=ws).exclude(pk=anchor.pk)

    def round_of_writes() -> dict[str, float]:
        times = {
            "insert_bulk": timed(
                lambda: Task.objects.bulk_create(
                    [new_task(i) for i in range(ROWS)], batch_size=BATCH
                )
            ),
            "update_references": timed(lambda: mine().update(project=second)),
        }
        with as_user(user.pk):
            ids = list(mine().values_list("pk", flat=True)[:SINGLE])

        def move_each() -> None:
            for pk in ids:
                Task.objects.filter(pk=pk).update(project=first)

        times["update_one_by_one"] = timed(move_each)
        times["update_title"] = timed(lambda: mine().update(title="Renamed"))
        times["delete"] = timed(lambda: mine().delete())

        def insert_each() -> None:
            for i in range(SINGLE):
                new_task(i).save()

        times["insert_one_by_one"] = timed(insert_each)
        with as_user(user.pk):
            mine().delete()  # the next round starts afresh
        return times

    runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
    guarded = True  # as migrated
    for _ in range(ROUNDS * 2):
        runs[guarded].append(round_of_writes())
        guarded = not guarded
        _guards(add=guarded)

    def median(flag: bool, key: str) -> float:
        return round(statistics.median(r[key] for r in runs[flag]), 1)

    keys = list(runs[True][0])
    with_guard = {k: median(True, k) for k in keys}
    without = {k: median(False, k) for k in keys}
    report = {
        "db": args.db,
        "rows": ROWS,
        "single": SINGLE,
        "rounds": ROUNDS,
        "ms_with_guard": with_guard,
        "ms_without_guard": without,
        "overhead_percent": {
            k: round((with_guard[k] - without[k]) / without[k] * 100, 1) for k in keys
        },
    }
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
