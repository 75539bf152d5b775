"""Today page speed on a heavy workspace (with 30 calendar events today).

    .venv/bin/python bench/today_page.py [--db sqlite|postgres] [--repeat 60]
        [--open 10000] [--done 20000] [--shared]

The workspace is bench/heavy.py's, with ``--open`` open and ``--done`` done tasks, and three
open subtasks under each of the first tenth of the open tasks (heavy.py's proportion: 3,000 on
10,000; ``open_tasks_total`` in the output counts them in). /today/ and
GET /api/v1/today are requested ``repeat`` times in-process through Django's test client (the
whole middleware stack, row-level security included on PostgreSQL), after two warm-up requests,
in a fresh process settled as a web worker is (config/wsgi.py):

* "today page, no cache": any cache of Today's is emptied before each request (outside the
  timing), so every view reads and plans everything: the figure the targets are about;
* "today page" and "today endpoint": as a worker would serve them, caches (if any) kept;
* "today page after a change": a write to a task before each request (outside the timing).

With ``--shared`` the workspace is a shared one with a second member, who is assigned every other
open top-level task: Today then plans only the rest (the reader's and the unassigned ones).

Prints JSON: median and p95 in milliseconds, of the wall clock and of this process's CPU time
(the second is less disturbed by other work on the machine, but leaves out the database server's
time on PostgreSQL), and the SQL query count and response size in bytes of one more request.
Targets: 2,000 open + 10,000 done tasks, p95 <= 60 ms without cache; 10,000 open + 20,000 done,
p95 <= 150 ms; on SQLite and on PostgreSQL, and a query count that does not grow with the
workspace.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time as clock
from collections.abc import Callable
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from _setup import configure

EVENTS = 30


def add_events(user_id: int, workspace_id: int) -> None:
    """30 events today in the user's zone on one calendar: short meetings through the day, two
    all-day. (Calendars belong to the person; ``workspace_id`` is not needed.)"""
    from minime.accounts.models import User
    from minime.calendars.models import Calendar, CalendarEvent
    from minime.core.crypto import encrypt
    from minime.core.db import as_user

    user = User.objects.get(pk=user_id)
    zone = ZoneInfo(user.time_zone)
    today = datetime.now(zone).date()
    start = datetime.combine(today, time(7, 0), tzinfo=zone)
    midnight = datetime.combine(today, time.min, tzinfo=zone)
    with as_user(user_id):
        calendar = Calendar.objects.create(
            user=user,
            name="Work",
            url_encrypted=encrypt("https://calendar.invalid/bench/basic.ics"),
            url_hint="calendar.invalid/…s.ics",
        )
        rows = [
            CalendarEvent(
                user=user,
                calendar=calendar,
                uid=f"bench-{i}",
                title=f"Meeting {i}",
                starts_at=start + timedelta(minutes=30 * i),
                ends_at=start + timedelta(minutes=30 * i + 20),
            )
            for i in range(EVENTS - 2)
        ]
        rows += [
            CalendarEvent(
                user=user,
                calendar=calendar,
                uid=f"bench-all-day-{i}",
                title=f"All-day {i}",
                starts_at=midnight,
                ends_at=midnight + timedelta(days=1),
                all_day=True,
            )
            for i in range(2)
        ]
        CalendarEvent.objects.bulk_create(rows)


def measure(
    client: object, url: str, repeat: int, before: Callable[[], object] | None = None
) -> dict[str, float | int]:
    """``repeat`` GETs of ``url`` after two warm-ups; ``before`` runs ahead of each, untimed."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    get = client.get  # type: ignore[attr-defined]
    for _ in range(2):
        assert get(url).status_code == 200, url
    wall, cpu = [], []
    for _ in range(repeat):
        if before is not None:
            before()
        started, started_cpu = clock.perf_counter(), clock.process_time()
        response = get(url)
        wall.append((clock.perf_counter() - started) * 1000)
        cpu.append((clock.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, url
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as queries:
        last = get(url)

    def p95(values: list[float]) -> float:
        return round(sorted(values)[max(0, int(len(values) * 0.95) - 1)], 1)

    return {
        "median_ms": round(statistics.median(wall), 1),
        "p95_ms": p95(wall),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": p95(cpu),
        "queries": len(queries),
        "bytes": len(last.content),
    }


def sizes() -> tuple[int, int, bool]:
    """``--open``, ``--done`` and ``--shared``, taken off the command line before ``configure``
    reads it."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--open", type=int, default=10_000)
    parser.add_argument("--done", type=int, default=20_000)
    parser.add_argument("--shared", action="store_true")
    known, rest = parser.parse_known_args()
    sys.argv[1:] = rest
    return known.open, known.done, known.shared


def share(user_id: int, workspace_id: int) -> int:
    """Make the workspace a shared one with a second member, and give them every other open
    top-level task; return how many."""
    from minime.accounts.services import user_create
    from minime.core.db import SERVICE_DB
    from minime.tasks.models import Task
    from minime.workspaces.models import Membership, Workspace

    partner = user_create(email="partner@bench.invalid", password=None, display_name="Partner")
    Workspace.objects.using(SERVICE_DB).filter(pk=workspace_id).update(is_personal=False)
    Membership.objects.using(SERVICE_DB).create(
        workspace_id=workspace_id, user_id=partner.pk, role="member"
    )
    theirs = list(
        Task.objects.using(SERVICE_DB)
        .filter(workspace_id=workspace_id, status="open", parent__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[::2]
    )
    return Task.objects.using(SERVICE_DB).filter(pk__in=theirs).update(assignee_id=partner.pk)


def forget_caches() -> None:
    """Empty whatever Today keeps between requests, whichever version of the code this is."""
    for module, names in (
        ("minime.today.selectors", ("clear_open_task_cache", "clear_plan_memos")),
        ("minime.today.cache", ("clear",)),
    ):
        try:
            found = importlib.import_module(module)
        except ImportError:
            continue
        for name in names:
            clear = getattr(found, name, None)
            if clear is not None:
                clear()


def main() -> None:
    open_tasks, done_tasks, shared = sizes()
    args = configure(__doc__ or "")
    import heavy as workspace
    from django.test import Client

    workspace.OPEN_TASKS, workspace.DONE_TASKS = open_tasks, done_tasks
    build = workspace.build

    from minime.accounts.models import User
    from minime.core.runtime import settle_worker

    heavy = build()
    add_events(heavy.user_id, heavy.workspace_id)
    total = keep_subtasks(heavy.user_id, open_tasks // 10)
    assigned = share(heavy.user_id, heavy.workspace_id) if shared else 0
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=heavy.user_id))
    # As config/wsgi.py does in each web worker.
    settle_worker()
    results: dict[str, object] = {
        "db": args.db,
        "open_tasks": open_tasks,
        "done_tasks": done_tasks,
        "open_tasks_total": total,
        "assigned_to_the_other_member": assigned,
        "build_seconds": round(heavy.seconds, 2),
    }
    results["today page, no cache"] = measure(client, "/today/", args.repeat, before=forget_caches)
    for name, url in {"today page": "/today/", "today endpoint": "/api/v1/today"}.items():
        results[name] = measure(client, url, args.repeat)
    # Each view right after a write to a task (as after Done, Not now or an edit): the open
    # tasks are read from the database again.
    results["today page after a change"] = measure(
        client, "/today/", args.repeat, before=lambda: touch_a_task(heavy.user_id)
    )
    print(json.dumps(results, indent=1))


def keep_subtasks(user_id: int, parents: int) -> int:
    """Keep the subtasks of the first ``parents`` tasks that have some (heavy.py gives 1,000
    tasks three each, whatever the size); returns how many tasks are open."""
    from minime.core.db import as_user
    from minime.tasks.models import Task

    with as_user(user_id):
        with_subtasks = Task.objects.filter(subtasks__isnull=False).distinct().order_by("pk")
        kept = list(with_subtasks.values_list("pk", flat=True)[:parents])
        Task.objects.filter(parent__isnull=False).exclude(parent__in=kept).delete()
        return Task.objects.filter(status="open").count()


def touch_a_task(user_id: int) -> None:
    """Change one open task as an edit would (its priority, which its score reads): the
    task-list stamp moves, the row is read again and the task is scored again."""
    from django.db.models import F
    from django.db.models.functions import Mod

    from minime.core.db import as_user
    from minime.tasks.models import Task

    with as_user(user_id):
        first = Task.objects.filter(status="open").order_by("pk").values_list("pk", flat=True)[:1]
        Task.objects.filter(pk__in=list(first)).update(
            priority=Mod(F("priority") + 1, 4), version=F("version") + 1
        )


if __name__ == "__main__":
    main()
