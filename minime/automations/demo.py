"""Demo automations: three of the builder's examples (one of them off) and the recent runs of
one, so the pages show a history from the start.

Call it last: the demo's own tasks and inbox items are made before any rule exists, so they
fire nothing.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta

from minime.accounts.models import User
from minime.automations import convert, engine, services
from minime.automations.models import Run, RunOutcome
from minime.core.db import as_user
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

# (example id, name, on?)
RULES = (
    ("example-celebrate", "Celebrate the big ones", True),
    ("example-inbox-review", "Inbox review nudge", True),
    ("example-plan-the-day", "Plan the day", False),
)


def populate(*, user: User, workspace: Workspace, today: date) -> None:
    """The rules, and a run of the celebration rule for each high-priority task done in the
    last week (at most five), as it would have recorded them."""
    examples = {rule.id: rule for rule in engine.EXAMPLES}
    with as_user(user.pk):
        made = {
            example: services.rule_create(
                workspace=workspace,
                owner=user,
                definition=convert.dump(examples[example]),
                name=name,
                enabled=enabled,
            )
            for example, name, enabled in RULES
        }
        celebrate = made["example-celebrate"]
        since = datetime.combine(today - timedelta(days=7), time(0), tzinfo=user.tz)
        done = (
            Task.objects.in_workspace(workspace)
            .filter(status=TaskStatus.DONE, priority=3, completed_at__gte=since)
            .order_by("-completed_at")[:5]
        )
        runs = []
        for task in done:
            assert task.completed_at is not None
            title = f"Nice — {task.title} is done"
            runs.append(
                Run(
                    workspace=workspace,
                    owner=user,
                    rule=celebrate,
                    event=uuid.uuid4(),
                    trigger=f"Task “{task.title}” was completed",
                    occurred_at=task.completed_at,
                    outcome=RunOutcome.DONE,
                    actions=[
                        {
                            "kind": "push",
                            "ok": True,
                            "detail": f"Sent “{engine.cut(title, engine.PUSH_TITLE_MAX)}” "
                            "(no device has push turned on).",
                            "url": "/notifications/",
                        }
                    ],
                )
            )
        Run.objects.bulk_create(runs)
        if runs:
            celebrate.last_run_at = max(run.occurred_at for run in runs)
            celebrate.save(update_fields=["last_run_at"])
