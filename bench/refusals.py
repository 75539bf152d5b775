"""How fast the API refuses inputs past their bounds: a task with 10,000 labels, a task with 1 MB
of notes.

    .venv/bin/python bench/refusals.py [--db sqlite|postgres] [--repeat 60]

Each request goes in-process through Django's test client with a personal access token (the
whole middleware stack, row-level security included on PostgreSQL; no network), after two
warm-ups. Prints JSON: the status answered, the median and p95 in milliseconds, and whether any
task or label was written. A plain task create is timed alongside, for scale. Before the bounds,
the 10,000-label create was accepted and took about 26 s on SQLite and 56 s on PostgreSQL.
"""

from __future__ import annotations

import json
import statistics
import time
from typing import TYPE_CHECKING, Any

from _setup import configure

if TYPE_CHECKING:
    from django.test import Client

LABELS = 10_000
NOTES_BYTES = 1_000_000


def measure(client: Client, body: dict[str, Any], repeat: int) -> dict[str, object]:
    """POST ``body`` to /api/v1/tasks ``repeat`` times after two warm-ups: the statuses seen,
    the median and p95 in milliseconds."""
    payload = json.dumps(body)
    statuses = set()
    for _ in range(2):
        client.post("/api/v1/tasks", payload, content_type="application/json")
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.post("/api/v1/tasks", payload, content_type="application/json")
        timings.append((time.perf_counter() - started) * 1000)
        statuses.add(response.status_code)
    timings.sort()
    return {
        "status": sorted(statuses),
        "body_kilobytes": round(len(payload) / 1000, 2),
        "median_ms": round(statistics.median(timings), 2),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 2),
    }


def main() -> None:
    args = configure(__doc__ or "")
    from django.test import Client

    from minime.accounts.services import user_create
    from minime.accounts.tokens import token_create
    from minime.core.db import as_user
    from minime.tasks.models import Label, Task

    # No password: the bench signs in with a token only.
    user = user_create(email="refusals@example.com", password=None)
    _, secret = token_create(user=user, name="bench")
    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {secret}")
    cases: dict[str, dict[str, Any]] = {
        "10,000 labels": {"title": "Sort", "labels": [f"label {i}" for i in range(LABELS)]},
        "1 MB notes": {"title": "Read", "notes": "n" * NOTES_BYTES},
    }
    results: dict[str, object] = {"db": args.db, "repeat": args.repeat}
    for name, body in cases.items():
        results[name] = measure(client, body, args.repeat)
    with as_user(user.pk):
        results["rows written by the refused requests"] = (
            Task.objects.count() + Label.objects.count()
        )
    results["plain create, for scale"] = measure(client, {"title": "Write"}, args.repeat)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
