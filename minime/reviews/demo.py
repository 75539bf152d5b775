"""Demo reviews: a few past daily shutdowns and two finished weekly reviews (the week before last
and last week), made through the services so their snapshots hold real numbers.

Call it after the demo's tasks, goals, routines and focus sessions exist. The finished weeks'
snapshots read the demo's data as it is when the demo is built.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from minime.accounts.models import User
from minime.core.db import as_user
from minime.goals.models import Goal, GoalStatus
from minime.reviews import services
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Workspace

# (days back, energy, mood, notes) of the shutdowns.
SHUTDOWNS = (
    (1, 3, 4, "Good focus in the morning, meetings ate the afternoon."),
    (2, 2, 3, "Slept badly. Kept it small."),
    (3, 4, 4, ""),
    (5, 4, 5, "Shipped the draft. Celebrated with a long walk."),
    (6, 3, 3, "Too many small things."),
)
WEEKS = (
    (
        14,
        "Cleared the inbox for the first time in a month.",
        "Block the mornings before the calendar fills them.",
    ),
    (
        7,
        "Kept the running routine four days out of five.",
        "Say no to the second meeting on a Tuesday.",
    ),
)


def populate(*, user: User, workspace: Workspace, today: date) -> None:
    """Shutdowns on the SHUTDOWNS days before `today`, and finished weekly reviews of the weeks
    holding `today` minus 14 and minus 7 days, with priorities (open tasks and active goals),
    wins and lessons. Each is saved at the end of its own day or week (18:00 in the user's zone),
    as if done then."""
    zone = ZoneInfo(user.time_zone)

    def evening(day: date) -> datetime:
        return datetime.combine(day, time(18), tzinfo=zone)

    with as_user(user.pk):
        for back, energy, mood, notes in SHUTDOWNS:
            services.shutdown_save(
                workspace=workspace,
                user=user,
                day=today - timedelta(days=back),
                energy=energy,
                mood=mood,
                notes=notes,
                now=evening(today - timedelta(days=back)),
            )
        tasks = list(
            Task.objects.in_workspace(workspace)
            .filter(status=TaskStatus.OPEN, parent__isnull=True)
            .order_by("-priority", "position", "created_at")[:6]
        )
        goals = list(
            Goal.objects.in_workspace(workspace)
            .filter(status=GoalStatus.ACTIVE)
            .order_by("position", "created_at")[:2]
        )
        for index, (back, wins, lessons) in enumerate(WEEKS):
            review, _ = services.weekly_start(
                workspace=workspace, user=user, today=today - timedelta(days=back)
            )
            if review.is_done:
                continue
            picked = [f"task:{t.uuid}" for t in tasks[index * 3 : index * 3 + 3]]
            picked += [f"goal:{g.uuid}" for g in goals[index : index + 1]]
            services.weekly_save_step(
                review=review, user=user, step="priorities", data={"picked": picked}
            )
            services.weekly_save_step(
                review=review,
                user=user,
                step="wins",
                data={"wins": wins, "lessons": lessons},
                go_to="wins",
            )
            services.weekly_finish(review=review, user=user, now=evening(review.period_end))
