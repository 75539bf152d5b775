"""The outbox under a burst of task writes: 10,000 tasks created and completed one request at a
time in one workspace with ten rules, then every event answered by a worker.

    .venv/bin/python bench/automations_outbox.py [--db sqlite|postgres] [--writes N]   prints JSON

Measured:
* ``baseline``: the writes with no rule (the outbox writes nothing: one indexed lookup each);
* ``with_rules``: the same writes with ten rules (five on task created, five on task
  completed, most with conditions that do not hold, so most events fire nothing): each write
  also inserts its event and queues the workspace's job on commit;
* ``drain``: ``run_worker --batch`` answering the queue: events per second, the runs made, and
  that every event was answered once (no event left, one run per firing).
Writes are services called as a request would (one transaction each, bound to the user).
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

from _setup import configure

WRITES = 10_000
if "--writes" in sys.argv:
    at = sys.argv.index("--writes")
    WRITES = int(sys.argv[at + 1])
    del sys.argv[at : at + 2]


def rules(project_uuid: str) -> list[dict[str, Any]]:
    """Ten rules like a keen user's: two fire for one write in ten, the rest filter it out."""
    made: list[dict[str, Any]] = []
    for kind in ("task_created", "task_completed"):
        made += [
            {
                "trigger": {"kind": kind},
                "conditions": {"projects": [project_uuid]},
                "actions": [{"kind": "push", "title": "{task} in #{project}"}],
            },
            {
                "trigger": {"kind": kind},
                "conditions": {"labels": ["never-used"]},
                "actions": [{"kind": "add_to_today"}],
            },
            {
                "trigger": {"kind": kind},
                "conditions": {"text": "no task says this"},
                "actions": [{"kind": "create_capture", "text": "About {task}"}],
            },
            {
                "trigger": {"kind": kind},
                "conditions": {"min_priority": 3, "weekdays": [0]},
                "actions": [{"kind": "push", "title": "Top priority: {task}"}],
            },
            {
                "trigger": {"kind": kind},
                "conditions": {"min_priority": 3, "text": "zzz"},
                "actions": [{"kind": "set_field", "field": "priority", "priority": 2}],
            },
        ]
    return made


def burst(user: Any, workspace: Any, project: Any, label: str) -> float:
    """WRITES writes (half creations, half completions), one transaction each; seconds."""
    from minime.core.db import as_user
    from minime.tasks.services import task_complete, task_create

    started = time.perf_counter()
    for n in range(WRITES // 2):
        with as_user(user.pk):
            task = task_create(
                workspace=workspace,
                title=f"{label} {n}",
                created_by=user,
                project=project if n % 10 == 0 else None,
            )
        with as_user(user.pk):
            task_complete(task=task, user=user)
    return time.perf_counter() - started


def main() -> None:
    args = configure(__doc__ or "")
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from minime.accounts.services import user_create
    from minime.automations import services
    from minime.automations.models import Run
    from minime.core.db import SERVICE_DB, as_user
    from minime.outbox.models import Event, EventState
    from minime.tasks.services import project_create
    from minime.workspaces.models import Workspace

    user = user_create(email="burst@example.com", password="a long password 123")  # noqa: S106
    with as_user(user.pk):
        ws = Workspace.objects.get(created_by=user, is_personal=True)
        project = project_create(workspace=ws, title="Launch")

    baseline = burst(user, ws, project, "Plain")
    plain_events = Event.objects.using(SERVICE_DB).count()

    with as_user(user.pk):
        for definition in rules(str(project.uuid)):
            services.rule_create(workspace=ws, owner=user, definition=definition)
    jobs_before = DBTaskResult.objects.using(SERVICE_DB).count()
    with_rules = burst(user, ws, project, "Watched")
    events = Event.objects.using(SERVICE_DB).count()
    jobs = DBTaskResult.objects.using(SERVICE_DB).count() - jobs_before

    started = time.perf_counter()
    call_command("run_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    drain = time.perf_counter() - started

    waiting = Event.objects.using(SERVICE_DB).exclude(state=EventState.DONE).count()
    runs = Run.objects.using(SERVICE_DB).count()
    expected_runs = 2 * -(-(WRITES // 2) // 10)  # the project rule, for each kind
    statuses = DBTaskResult.objects.using(SERVICE_DB).values_list("status", flat=True)
    print(
        json.dumps(
            {
                "db": args.db,
                "writes": WRITES,
                "rules": 10,
                "baseline_writes_per_second": round(WRITES / baseline, 1),
                "baseline_events": plain_events,
                "with_rules_writes_per_second": round(WRITES / with_rules, 1),
                "outbox_overhead_ms_per_write": round((with_rules - baseline) / WRITES * 1000, 2),
                "events_written": events,
                "jobs_queued": jobs,
                "drain_seconds": round(drain, 1),
                "events_per_second_answered": round(events / drain, 1),
                "events_left_waiting": waiting,
                "runs": runs,
                "runs_expected": expected_runs,
                "jobs_not_successful": sum(1 for s in statuses if s != "SUCCESSFUL"),
            }
        )
    )


if __name__ == "__main__":
    main()
