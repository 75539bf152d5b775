"""Build a heavy workspace: 10,000 open and 20,000 done tasks, 200 projects, 50 goals, 40 routines
with two years of history, 500 capture items (and areas, labels, milestones, subtasks).

    .venv/bin/python bench/heavy.py [--db sqlite|postgres]      prints {"build_seconds": ...}

`build()` is also what the other benchmarks call. Rows are written with bulk_create as the owner of
the workspace (row-level security applies on PostgreSQL, as for the app).
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

OPEN_TASKS = 10_000
DONE_TASKS = 20_000
PROJECTS = 200
GOALS = 50
ROUTINES = 40
CAPTURE = 500
HISTORY_DAYS = 730
BATCH = 2_000

VERBS = [
    "Write",
    "Call",
    "Email",
    "Review",
    "Plan",
    "Fix",
    "Buy",
    "Book",
    "Draft",
    "Read",
    "Clean",
    "Prepare",
]
THINGS = [
    "report",
    "dentist",
    "invoice",
    "slides",
    "garden",
    "budget",
    "car",
    "flights",
    "notes",
    "proposal",
    "kitchen",
    "talk",
]


@dataclass
class Heavy:
    user_id: int
    email: str
    password: str
    workspace_id: int
    project_uuid: str
    seconds: float


def build(seed: int = 7) -> Heavy:
    from minime.accounts.services import user_create
    from minime.areas.models import LifeArea
    from minime.capture.models import CaptureItem
    from minime.core.db import as_user
    from minime.goals.models import Goal, Milestone
    from minime.routines.models import Routine, RoutineOccurrence, RoutineStep
    from minime.tasks.models import Label, Project, Task, TaskLabel
    from minime.workspaces.models import Workspace

    rng = random.Random(seed)
    started = time.perf_counter()
    password = "heavy workspace benchmark"
    user = user_create(
        email=f"heavy{seed}@example.com", password=password, time_zone="Europe/Berlin", plan="max"
    )
    now = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    today = now.date()
    with as_user(user.pk):
        ws = Workspace.objects.get(created_by=user, is_personal=True)
        areas = LifeArea.objects.bulk_create(
            [
                LifeArea(workspace=ws, name=n, importance=rng.randint(1, 5), position=i)
                for i, n in enumerate(
                    [
                        "Health",
                        "Work",
                        "Relationships",
                        "Growth",
                        "Money",
                        "Home",
                        "Fun",
                        "Learning",
                        "Travel",
                        "Community",
                    ]
                )
            ]
        )
        goals = Goal.objects.bulk_create(
            [
                Goal(
                    workspace=ws,
                    title=f"Goal {i}: {rng.choice(THINGS)}",
                    area=rng.choice(areas),
                    target_date=today + timedelta(days=rng.randint(10, 300)),
                    position=i,
                )
                for i in range(GOALS)
            ]
        )
        Milestone.objects.bulk_create(
            [
                Milestone(
                    workspace=ws,
                    goal=g,
                    title=f"Step {j}",
                    position=j,
                    done_at=now if j < 2 else None,
                )
                for g in goals
                for j in range(4)
            ]
        )
        projects = Project.objects.bulk_create(
            [
                Project(
                    workspace=ws,
                    title=f"Project {i}",
                    area=rng.choice(areas),
                    goal=rng.choice(goals) if i % 3 == 0 else None,
                    position=i,
                )
                for i in range(PROJECTS)
            ]
        )
        labels = Label.objects.bulk_create(
            [
                Label(workspace=ws, name=n)
                for n in ["errand", "deep", "calls", "home", "office", "waiting", "quick", "later"]
            ]
        )

        def task(i: int, done: bool) -> Task:
            created = now - timedelta(days=rng.randint(0, 700))
            due = today + timedelta(days=rng.randint(-20, 60)) if rng.random() < 0.6 else None
            return Task(
                workspace=ws,
                title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} #{i}",
                notes="Some notes about it." if i % 5 == 0 else "",
                status="done" if done else "open",
                priority=rng.randint(0, 3),
                due_date=due,
                do_on=today if (not done and i % 40 == 0) else None,
                estimate_minutes=rng.choice([None, 5, 10, 15, 25, 30, 45, 60, 90]),
                energy=rng.choice(["", "low", "medium", "high"]),
                project=rng.choice(projects) if rng.random() < 0.7 else None,
                goal=rng.choice(goals) if rng.random() < 0.1 else None,
                area=rng.choice(areas) if rng.random() < 0.5 else None,
                position=i,
                created_by=user,
                completed_at=created + timedelta(days=rng.randint(0, 30)) if done else None,
            )

        tasks = Task.objects.bulk_create(
            [task(i, False) for i in range(OPEN_TASKS)], batch_size=BATCH
        )
        Task.objects.bulk_create(
            [task(OPEN_TASKS + i, True) for i in range(DONE_TASKS)], batch_size=BATCH
        )
        Task.objects.bulk_create(
            [
                Task(workspace=ws, title=f"Subtask {j} of {t.pk}", parent=t, position=j)
                for t in tasks[:1000]
                for j in range(3)
            ],
            batch_size=BATCH,
        )
        TaskLabel.objects.bulk_create(
            [
                TaskLabel(workspace=ws, task=t, label=rng.choice(labels))
                for t in tasks
                if rng.random() < 0.4
            ],
            batch_size=BATCH,
        )
        routines = Routine.objects.bulk_create(
            [
                Routine(
                    workspace=ws,
                    title=f"Routine {i}",
                    recurrence=rng.choice(
                        [
                            "FREQ=DAILY",
                            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                            "FREQ=WEEKLY;BYDAY=MO,WE,FR",
                        ]
                    ),
                    starts_on=today - timedelta(days=HISTORY_DAYS),
                    estimate_minutes=rng.choice([5, 10, 20, 30]),
                    area=rng.choice(areas),
                    position=i,
                )
                for i in range(ROUTINES)
            ]
        )
        RoutineStep.objects.bulk_create(
            [
                RoutineStep(workspace=ws, routine=r, title=f"Step {j}", position=j)
                for r in routines
                for j in range(3)
            ]
        )
        occurrences = [
            RoutineOccurrence(
                workspace=ws,
                routine=r,
                date=today - timedelta(days=d),
                status=rng.choices(["done", "partly", "skipped"], [8, 1, 1])[0],
            )
            for r in routines
            for d in range(1, HISTORY_DAYS + 1)
            if rng.random() < 0.8
        ]
        RoutineOccurrence.objects.bulk_create(occurrences, batch_size=BATCH)
        CaptureItem.objects.bulk_create(
            [
                CaptureItem(
                    workspace=ws,
                    text=f"Idea {i}: {rng.choice(VERBS).lower()} the {rng.choice(THINGS)}",
                    kind="note" if i % 5 == 0 else "inbox",
                    created_by=user,
                )
                for i in range(CAPTURE)
            ],
            batch_size=BATCH,
        )
    seconds = time.perf_counter() - started
    vacuum()
    return Heavy(user.pk, user.email, password, ws.pk, str(projects[0].uuid), seconds)


def vacuum() -> None:
    """On PostgreSQL, VACUUM (ANALYZE) the freshly written tables as their owner, as a database
    in use would have been: the planner gets real statistics, and autovacuum has less reason to
    wake up in the middle of the timings."""
    import os

    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    with psycopg.connect(os.environ["DATABASE_OWNER_URL"], autocommit=True) as owner:
        owner.execute("VACUUM (ANALYZE)")


if __name__ == "__main__":
    from _setup import configure

    args = configure(__doc__ or "")
    heavy = build()
    print(json.dumps({"db": args.db, "build_seconds": round(heavy.seconds, 2)}))
