"""Today page speed on the heavy workspace (with 30 calendar events today).

    .venv/bin/python bench/today_page.py [--db sqlite|postgres] [--repeat 60]

/today/ and GET /api/v1/today are requested `repeat` times in-process through Django's test
client (the whole middleware stack, row-level security included on PostgreSQL), after two
warm-up requests; then /today/ again with a write to a task before each request (outside the
timing), so every view reads the changed task again and re-plans it ("after a change"). Prints JSON:
median and p95 in milliseconds and the SQL query count.
Targets (Today issue): p95 < 150 ms on SQLite and on PostgreSQL, at most 15 queries whatever the
workspace size.
"""

from __future__ import annotations

import json
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from _setup import configure
from pages import measure

EVENTS = 30


def add_events(user_id: int, workspace_id: int) -> None:
    """30 events today in the user's zone: short meetings through the day, two all-day."""
    from minime.accounts.models import User
    from minime.core.db import as_user
    from minime.today.models import CalendarEvent

    user = User.objects.get(pk=user_id)
    zone = ZoneInfo(user.time_zone)
    today = datetime.now(zone).date()
    start = datetime.combine(today, time(7, 0), tzinfo=zone)
    rows = [
        CalendarEvent(
            workspace_id=workspace_id,
            title=f"Meeting {i}",
            starts_at=start + timedelta(minutes=30 * i),
            ends_at=start + timedelta(minutes=30 * i + 20),
            source="bench",
            external_id=f"bench-{i}",
        )
        for i in range(EVENTS - 2)
    ]
    midnight = datetime.combine(today, time.min, tzinfo=zone)
    rows += [
        CalendarEvent(
            workspace_id=workspace_id,
            title=f"All-day {i}",
            starts_at=midnight,
            ends_at=midnight + timedelta(days=1),
            all_day=True,
            source="bench",
            external_id=f"bench-all-day-{i}",
        )
        for i in range(2)
    ]
    with as_user(user_id):
        CalendarEvent.objects.bulk_create(rows)


def main() -> None:
    args = configure(__doc__ or "")
    from django.test import Client
    from heavy import build

    from minime.accounts.models import User
    from minime.core.runtime import settle_worker

    heavy = build()
    add_events(heavy.user_id, heavy.workspace_id)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=heavy.user_id))
    # As config/wsgi.py does in each web worker.
    settle_worker()
    results: dict[str, object] = {"db": args.db, "build_seconds": round(heavy.seconds, 2)}
    for name, url in {"today page": "/today/", "today endpoint": "/api/v1/today"}.items():
        results[name] = measure(client, url, args.repeat)
    # Each view right after a write to a task (as after Done, Not now or an edit): the open
    # tasks are read from the database again.
    results["today page after a change"] = measure(
        client, "/today/", args.repeat, before=lambda: touch_a_task(heavy.user_id)
    )
    print(json.dumps(results, indent=1))


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
