"""Demo focus sessions: two weeks of believable history on some of the workspace's open tasks,
made through the services (so every rule holds), none left running.

Call it after the demo's tasks exist; with no open task the sessions are free focus.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from minime.accounts.models import User
from minime.core.db import as_user
from minime.focus import services
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

DAYS = 14
# (start time, planned minutes) of a work day's sessions; a day uses some of them.
SLOTS = ((time(9, 0), 50), (time(10, 30), 25), (time(14, 0), 25), (time(16, 0), 25))
NOTES = (
    "Good flow once the phone was in the other room.",
    "Slack pulled me out twice.",
    "Got the outline done; details tomorrow.",
    "",
    "Slow start, strong finish.",
)


def populate(*, user: User, workspace: Workspace, today: date) -> None:
    """Ended focus sessions on the DAYS days before `today` (work days busier than weekends),
    at the user's local times, spread over up to five open top-level tasks and some free
    focus; a few ended early, interrupted, or with a note."""
    with as_user(user.pk):
        tasks: list[Task | None] = list(
            Task.objects.in_workspace(workspace)
            .filter(status=TaskStatus.OPEN, parent__isnull=True)
            .order_by("position", "created_at")[:5]
        )
        tasks.append(None)  # free focus
        zone = user.tz
        count = 0
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            slots = SLOTS if day.weekday() < 5 else SLOTS[:1] if back % 2 else ()
            for index, (at, planned) in enumerate(slots):
                if (back + index) % 5 == 4:
                    continue  # not every slot, every day
                count += 1
                _session(
                    user=user,
                    workspace=workspace,
                    task=tasks[(back + index) % len(tasks)],
                    start=datetime.combine(day, at, tzinfo=zone),
                    planned=planned,
                    count=count,
                )


def _session(
    *,
    user: User,
    workspace: Workspace,
    task: Task | None,
    start: datetime,
    planned: int,
    count: int,
) -> None:
    session = services.session_start(
        workspace=workspace, user=user, minutes=planned, task=task, now=start
    )
    interruptions = (0, 0, 1, 0, 2, 0, 0)[count % 7]
    for _ in range(interruptions):
        services.session_interrupt(session=session)
    # Most run their length; one in four ends early, more so when interrupted.
    minutes = planned - (7 + 3 * interruptions if count % 4 == 0 else 0)
    services.session_end(
        session=session, note=NOTES[count % len(NOTES)], now=start + timedelta(minutes=minutes)
    )
