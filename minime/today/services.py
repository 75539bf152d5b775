"""Writes for Today: one-tap disagreement with the plan, today's energy, Simplify my day.

Disagreement uses the task's own fields (through minime.tasks.services):

* "Not now" sets ``snoozed_until`` to today: the task is off Today until tomorrow.
* "Do this instead" pins the chosen task to today (pinned tasks rank first).
* "Done" completes it (a repeating task gets its next occurrence).
* "Move to <day>" plans it for a later day (``do_on``): it leaves Today until then.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from minime.accounts.models import User
from minime.core.errors import Invalid
from minime.core.vocabulary import Energy
from minime.tasks import services as task_services
from minime.tasks.models import Task, TaskStatus
from minime.today import engine
from minime.today.models import DayState
from minime.today.selectors import plan_for
from minime.workspaces.models import Workspace

NOT_OPEN = "This task is already done."
BAD_ENERGY = "Pick low, medium or high."
BAD_DAY = "Pick a day, like 2026-03-16."
PAST_DAY = "Pick a day after today."


def _open(task: Task) -> None:
    if task.status != TaskStatus.OPEN:
        raise Invalid(NOT_OPEN, fields={"task": [NOT_OPEN]})


def task_not_now(*, task: Task, today: date) -> Task:
    """Hide the task from Today until tomorrow (and drop today's pin, if any)."""
    _open(task)
    changes: dict[str, Any] = {"snoozed_until": today}
    if task.pinned_on == today:
        changes["pinned_on"] = None
    return task_services.task_update(task=task, expected_version=None, **changes)


def task_do_instead(*, task: Task, today: date, replacing: Task | None = None) -> Task:
    """Pin ``task`` to today so it comes first; ``replacing`` (the task it takes the place of)
    loses today's pin if it had one. A snoozed ``task`` comes back."""
    _open(task)
    with transaction.atomic():
        if replacing is not None and replacing.pk != task.pk and replacing.pinned_on == today:
            task_services.task_update(task=replacing, expected_version=None, pinned_on=None)
        changes: dict[str, Any] = {"pinned_on": today}
        if task.snoozed_until is not None and task.snoozed_until >= today:
            changes["snoozed_until"] = None
        return task_services.task_update(task=task, expected_version=None, **changes)


def parse_day(value: str) -> date:
    """An ISO date from a form ("2026-03-16"), or ``Invalid`` with a clear message."""
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Invalid(BAD_DAY, fields={"to": [BAD_DAY]}) from None


def task_move(*, task: Task, to: date, today: date) -> Task:
    """Plan the task for ``to`` (a day after today): it leaves Today until then, and loses
    today's pin."""
    _open(task)
    if to <= today:
        raise Invalid(PAST_DAY, fields={"to": [PAST_DAY]})
    changes: dict[str, Any] = {"do_on": to}
    if task.pinned_on == today:
        changes["pinned_on"] = None
    return task_services.task_update(task=task, expected_version=None, **changes)


def task_done(*, task: Task, user: User, now: datetime | None = None) -> Task | None:
    """Complete the task; returns the next occurrence of a repeating task, if any."""
    _open(task)
    return task_services.task_complete(task=task, user=user, now=now)


def energy_set(*, user: User, workspace: Workspace, day: date, energy: str) -> DayState:
    """Today's energy for ``user`` on ``day``, in one tap (replaces an earlier choice)."""
    if energy not in Energy.values:
        raise Invalid(BAD_ENERGY, fields={"energy": [BAD_ENERGY]})
    rows = DayState.objects.in_workspace(workspace).filter(user=user, date=day)
    if rows.update(energy=energy):
        return rows.get()
    try:
        with transaction.atomic():
            return DayState.objects.create(workspace=workspace, user=user, date=day, energy=energy)
    except IntegrityError:  # a concurrent first tap
        rows.update(energy=energy)
        return rows.get()


def simplify_proposal(*, user: User, workspace: Workspace, now: datetime) -> engine.Simplify | None:
    """Simplify my day as it stands now (None when the day is not overloaded)."""
    return plan_for(user=user, workspace=workspace, now=now)[1].simplify


def simplify_apply(
    *, user: User, workspace: Workspace, now: datetime, only: Collection[str] | None = None
) -> list[engine.Move]:
    """Apply the current Simplify proposal: each moved task is planned for the move's day (and
    loses today's pin). ``only`` (task UUIDs as strings) limits it to the moves the user saw.
    Returns the moves applied."""
    proposal = simplify_proposal(user=user, workspace=workspace, now=now)
    if proposal is None:
        return []
    moves = [m for m in proposal.moves if only is None or str(m.scored.task.id) in only]
    today = now.astimezone(user.tz).date()
    tasks = {
        str(t.uuid): t
        for t in Task.objects.in_workspace(workspace).filter(
            uuid__in=[m.scored.task.id for m in moves], status=TaskStatus.OPEN
        )
    }
    applied = []
    with transaction.atomic():
        for move in moves:
            task = tasks.get(str(move.scored.task.id))
            if task is None:
                continue
            changes: dict[str, Any] = {"do_on": move.to}
            if task.pinned_on == today:
                changes["pinned_on"] = None
            task_services.task_update(task=task, expected_version=None, **changes)
            applied.append(move)
    return applied
