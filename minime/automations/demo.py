"""Demo automations: a rule that cheers the work done on the demo's first project, with the runs
it would have made over the last week, and two of the builder's examples (one of them off).

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
from minime.tasks.models import Project, Task, TaskStatus
from minime.workspaces.models import Workspace

CHEER_TITLE = "Nice — {task} is done"
CHEER_BODY = "#{project} is one step closer."
# (example id, name, on?)
EXAMPLES = (
    ("example-inbox-review", "Inbox review nudge", True),
    ("example-plan-the-day", "Plan the day", False),
)
RUNS_MAX = 5


def populate(*, user: User, workspace: Workspace, today: date) -> None:
    """The rules, and a run of the cheering rule for each task of its project done in the last
    week (at most ``RUNS_MAX``), as the runner would have recorded them."""
    examples = {rule.id: rule for rule in engine.EXAMPLES}
    with as_user(user.pk):
        project = Project.objects.in_workspace(workspace).order_by("position", "created_at").first()
        if project is not None:
            _cheer(user, workspace, project, today)
        for example, name, enabled in EXAMPLES:
            services.rule_create(
                workspace=workspace,
                owner=user,
                definition=convert.dump(examples[example]),
                name=name,
                enabled=enabled,
            )


def _cheer(user: User, workspace: Workspace, project: Project, today: date) -> None:
    rule = services.rule_create(
        workspace=workspace,
        owner=user,
        name=f"Cheer {project.title}",
        definition={
            "trigger": {"kind": "task_completed"},
            "conditions": {"projects": [str(project.uuid)]},
            "actions": [{"kind": "push", "title": CHEER_TITLE, "body": CHEER_BODY}],
        },
    )
    since = datetime.combine(today - timedelta(days=7), time(0), tzinfo=user.tz)
    done = (
        Task.objects.in_workspace(workspace)
        .filter(project=project, status=TaskStatus.DONE, completed_at__gte=since)
        .order_by("-completed_at")[:RUNS_MAX]
    )
    runs = []
    for task in done:
        assert task.completed_at is not None
        title = engine.cut(CHEER_TITLE.replace("{task}", task.title), engine.PUSH_TITLE_MAX)
        runs.append(
            Run(
                workspace=workspace,
                owner=user,
                rule=rule,
                event=uuid.uuid4(),
                trigger=f"Task “{task.title}” was completed",
                occurred_at=task.completed_at,
                outcome=RunOutcome.DONE,
                actions=[
                    {
                        "kind": "push",
                        "ok": True,
                        "detail": f"Sent “{title}” (no device has push turned on).",
                        "url": "/notifications/",
                    }
                ],
            )
        )
    Run.objects.bulk_create(runs)
    if runs:
        rule.last_run_at = max(run.occurred_at for run in runs)
        rule.save(update_fields=["last_run_at"])
