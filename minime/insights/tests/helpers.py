"""Data for the Insights tests: a little of everything, at days relative to today (UTC)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.decisions.services import decision_choose, decision_create, option_create
from minime.focus import services as focus
from minime.goals.services import goal_create, milestone_complete, milestone_create
from minime.routines.services import cadence_rule, check_in, routine_create
from minime.tasks.services import task_complete, task_create


def at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def fill(user, ws, *, tasks: int, label: str = "", today: date | None = None) -> dict:
    """`tasks` tasks completed over the last days (every other one timed by a focus session),
    an area with a target, a daily routine checked in today, a goal half done and a decision
    made today. Returns the rows made."""
    today = today or timezone.localdate()
    with as_user(user.pk):
        area = area_create(workspace=ws, name=f"Health{label}", weekly_target_minutes=120)
        made = []
        for n in range(tasks):
            task = task_create(
                workspace=ws, title=f"Task{label} {n}", area=area, estimate_minutes=10
            )
            day = today - timedelta(days=n % 10)
            if n % 2:
                session = focus.session_start(
                    workspace=ws, user=user, minutes=30, task=task, now=at(day, 8, n % 60)
                )
                focus.session_end(session=session, now=at(day, 8, n % 60) + timedelta(minutes=20))
            task_complete(task=task, user=user, now=at(day, 12, n % 60))
            made.append(task)
        routine = routine_create(
            workspace=ws,
            title=f"Stretch{label}",
            recurrence=cadence_rule("daily"),
            starts_on=today - timedelta(days=20),
            area=area,
            estimate_minutes=15,
        )
        check_in(routine=routine, day=today, status="done", today=today, tz="UTC")
        goal = goal_create(workspace=ws, title=f"Run a marathon{label}")
        milestone_complete(milestone=milestone_create(goal=goal, title="Sign up"))
        milestone_create(goal=goal, title="Run it")
        decision = decision_create(workspace=ws, question=f"Which shoes{label}?")
        option = option_create(decision=decision, title="The light ones")
        decision_choose(decision=decision, option=option, now=at(today, 9))
    return {"area": area, "tasks": made, "routine": routine, "goal": goal, "decision": decision}
