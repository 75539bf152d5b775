"""Insights speed on a heavy workspace: the page and the weekly review's snapshot.

    .venv/bin/python bench/insights.py [--db sqlite|postgres] [--repeat 30]

The workspace is bench/heavy.py's (10,000 open and 20,000 done tasks, 40 routines with two
years of history, 50 goals…), plus a year of the user's focus sessions (about three each work
day, ended, on random tasks), 100 decisions (a few decided in the last weeks) and 50 weekly
reviews with their snapshots. Measured in a fresh process settled as a web worker is:

* "insights page": GET /insights/ through Django's test client (the whole middleware stack,
  row-level security included on PostgreSQL), ``repeat`` times after two warm-ups;
* "insights endpoint": GET /api/v1/insights, the same way;
* "weekly review snapshot": what finishing this week's review computes and stores (the week's
  numbers, and last week's priorities against what happened to each), called directly as the
  user (``as_user``), ``repeat`` times;
* the weekly review's balance step (numbers and a chart), a past review's page and the
  reviews' history, through the test client.

Prints JSON: median and p95 in milliseconds (wall clock and this process's CPU), and the SQL
query count of one more run. Target: p95 <= 150 ms on SQLite and PostgreSQL, with a query count
that does not grow with the workspace.
"""

from __future__ import annotations

import json
import random
import statistics
import time as clock
from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta

from _setup import configure
from today_page import measure

FOCUS_DAYS = 365
FOCUS_PER_WORK_DAY = 3
DECISIONS = 100
REVIEWS = 50


def add_focus(user_id: int, workspace_id: int, rng: random.Random) -> int:
    """About three ended sessions each work day of the last year, on random tasks; returns how
    many."""
    from minime.core.db import as_user
    from minime.focus.models import FocusSession, SessionState
    from minime.tasks.models import Task

    today = datetime.now(UTC).date()
    with as_user(user_id):
        tasks = list(Task.objects.filter(workspace_id=workspace_id).values_list("pk", flat=True))
        rows = []
        for back in range(FOCUS_DAYS):
            day = today - timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for n in range(rng.randint(FOCUS_PER_WORK_DAY - 1, FOCUS_PER_WORK_DAY + 1)):
                started = datetime.combine(day, time(8 + 2 * n, rng.randint(0, 59)), tzinfo=UTC)
                minutes = rng.choice([15, 25, 25, 25, 50])
                rows.append(
                    FocusSession(
                        workspace_id=workspace_id,
                        created_by_id=user_id,
                        task_id=rng.choice(tasks) if rng.random() < 0.85 else None,
                        state=SessionState.ENDED,
                        started_at=started,
                        planned_minutes=minutes,
                        break_minutes=5,
                        ended_at=started + timedelta(minutes=minutes),
                        actual_minutes=minutes,
                    )
                )
        FocusSession.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def add_decisions(user_id: int, workspace_id: int, rng: random.Random) -> None:
    """DECISIONS decisions, most decided over the last two years, some in the last weeks, a
    few still open."""
    from minime.core.db import as_user
    from minime.decisions.models import Decision, DecisionStatus

    now = datetime.now(UTC)
    with as_user(user_id):
        rows = []
        for n in range(DECISIONS):
            back = rng.randint(0, 20) if n % 5 == 0 else rng.randint(21, 730)
            decided = n % 10 != 9
            rows.append(
                Decision(
                    workspace_id=workspace_id,
                    question=f"Decision {n}: which option?",
                    status=DecisionStatus.DECIDED if decided else DecisionStatus.OPEN,
                    decided_at=now - timedelta(days=back) if decided else None,
                )
            )
        Decision.objects.bulk_create(rows)


def add_reviews(user_id: int, workspace_id: int, rng: random.Random) -> None:
    """REVIEWS finished weekly reviews, one a week going back, each with five priorities picked
    among the open tasks and its week's snapshot in the shape a finished review stores."""
    from minime.accounts.models import User
    from minime.core.db import as_user
    from minime.insights.selectors import period_numbers, week_of
    from minime.reviews.models import Review, ReviewKind
    from minime.tasks.models import Task, TaskStatus
    from minime.workspaces.models import Workspace

    user = User.objects.get(pk=user_id)
    with as_user(user_id):
        workspace = Workspace.objects.get(pk=workspace_id)
        open_tasks = list(
            Task.objects.filter(workspace_id=workspace_id, status=TaskStatus.OPEN).values_list(
                "uuid", "title"
            )[:500]
        )
        this_week, _ = week_of(datetime.now(UTC).date(), 0)
        rows = []
        for n in range(1, REVIEWS + 1):
            start = this_week - timedelta(weeks=n)
            end = start + timedelta(days=6)
            numbers = period_numbers(workspace=workspace, user=user, start=start, end=end)
            picked = [
                {"kind": "task", "uuid": str(uuid), "title": title}
                for uuid, title in rng.sample(open_tasks, 5)
            ]
            rows.append(
                Review(
                    workspace=workspace,
                    created_by=user,
                    kind=ReviewKind.WEEKLY,
                    period_start=start,
                    period_end=end,
                    completed_at=datetime.combine(end, time(18), tzinfo=UTC),
                    answers={"priorities": {"picked": picked}},
                    snapshot={"numbers": numbers.as_json(), "planned": []},
                )
            )
        Review.objects.bulk_create(rows)


def timed(call: Callable[[], object], repeat: int) -> dict[str, float | int]:
    """``repeat`` calls of ``call`` after two warm-ups."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        call()
    wall, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = clock.perf_counter(), clock.process_time()
        call()
        wall.append((clock.perf_counter() - started) * 1000)
        cpu.append((clock.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as queries:
        call()

    def p95(values: list[float]) -> float:
        return round(sorted(values)[max(0, int(len(values) * 0.95) - 1)], 1)

    return {
        "median_ms": round(statistics.median(wall), 1),
        "p95_ms": p95(wall),
        "cpu_median_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": p95(cpu),
        "queries": len(queries),
    }


def main() -> None:
    args = configure(__doc__ or "")
    import heavy as workspace
    from django.test import Client

    from minime.accounts.models import User
    from minime.core.db import as_user
    from minime.core.runtime import settle_worker
    from minime.insights.selectors import user_today
    from minime.reviews import selectors, services
    from minime.reviews.models import Review
    from minime.workspaces.models import Workspace

    rng = random.Random(11)
    heavy = workspace.build()
    sessions = add_focus(heavy.user_id, heavy.workspace_id, rng)
    add_decisions(heavy.user_id, heavy.workspace_id, rng)
    add_reviews(heavy.user_id, heavy.workspace_id, rng)
    workspace.vacuum()
    user = User.objects.get(pk=heavy.user_id)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    settle_worker()
    results: dict[str, object] = {
        "db": args.db,
        "build_seconds": round(heavy.seconds, 2),
        "focus_sessions": sessions,
        "decisions": DECISIONS,
        "reviews": REVIEWS,
    }
    results["insights page"] = measure(client, "/insights/", args.repeat)
    results["insights endpoint"] = measure(client, "/api/v1/insights", args.repeat)
    with as_user(heavy.user_id):
        ws = Workspace.objects.get(pk=heavy.workspace_id)
        review, _ = services.weekly_start(workspace=ws, user=user, today=user_today(user))
        last = Review.objects.filter(workspace=ws, period_end__lt=review.period_start).latest(
            "period_start"
        )

        def snapshot() -> object:
            # What finishing this week's review computes and stores (services.weekly_finish)
            numbers = selectors.numbers(ws, user, review.period_start, review.period_end)
            return {
                "numbers": numbers.as_json(),
                "planned": selectors.planned_vs_happened(ws, user, review),
            }

        results["weekly review snapshot"] = timed(snapshot, args.repeat)
    results["weekly review, balance step"] = measure(
        client, f"/reviews/{review.uuid}/step/balance/", args.repeat
    )
    results["a past weekly review"] = measure(client, f"/reviews/{last.uuid}/", args.repeat)
    results["reviews history"] = measure(client, "/reviews/", args.repeat)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
