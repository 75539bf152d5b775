"""Page and endpoint speed on the heavy workspace, plus export and deletion time.

    .venv/bin/python bench/pages.py [--db sqlite|postgres] [--repeat 60]

Each page is requested `repeat` times in-process through Django's test client (the whole
middleware stack, row-level security included on PostgreSQL; no network), after two warm-up
requests. Prints JSON: median and p95 in milliseconds and the SQL query count per page, then the
export's and the deletion's seconds. Targets: p95 < 100 ms; export < 5 s; deletion < 5 s.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import TYPE_CHECKING

from _setup import configure

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.test import Client


def measure(
    client: Client, url: str, repeat: int, before: Callable[[], object] | None = None
) -> dict[str, float | int]:
    """Median and p95 of ``repeat`` GETs of ``url`` after two warm-ups, and the queries of one
    more. ``before`` runs ahead of each request, outside the timing (a write, say)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(repeat):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    if before is not None:
        before()
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        "queries": len(queries),
    }


def main() -> None:
    args = configure(__doc__ or "")
    from django.test import Client
    from heavy import build

    from minime.accounts.models import User
    from minime.core.runtime import settle_worker
    from minime.yourdata.data import account_delete, export_user_data

    heavy = build()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(pk=heavy.user_id))
    # As config/wsgi.py does in each web worker.
    settle_worker()
    pages = {
        "task list page": "/tasks/",
        "inbox": "/capture/",
        "project page": f"/tasks/projects/{heavy.project_uuid}/",
        "task list endpoint": "/api/v1/tasks?limit=50",
    }
    results: dict[str, object] = {"db": args.db, "build_seconds": round(heavy.seconds, 2)}
    for name, url in pages.items():
        results[name] = measure(client, url, args.repeat)
    user = User.objects.get(pk=heavy.user_id)
    started = time.perf_counter()
    body = json.dumps(export_user_data(user))
    results["export"] = {
        "seconds": round(time.perf_counter() - started, 2),
        "megabytes": round(len(body) / 1e6, 1),
    }
    started = time.perf_counter()
    account_delete(user=user)
    results["deletion_seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
