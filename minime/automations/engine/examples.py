"""``EXAMPLES``: ready-made rules the builder offers to start from (each valid; tested)."""

from __future__ import annotations

from datetime import time

from .rules import Action, Conditions, Rule, Trigger

__all__ = ["EXAMPLES"]

EXAMPLES: tuple[Rule, ...] = (
    Rule(
        id="example-plan-the-day",
        trigger=Trigger("schedule", weekdays=(0, 1, 2, 3, 4), at=time(8)),
        actions=(Action("create_task", title="Plan the day", do_on_days=0),),
    ),
    Rule(
        id="example-celebrate",
        trigger=Trigger("task_completed"),
        conditions=Conditions(min_priority=3),
        actions=(
            Action("push", title="Nice — {task} is done", body="One less thing on {weekday}."),
        ),
    ),
    Rule(
        id="example-overdue-to-today",
        trigger=Trigger("task_overdue"),
        conditions=Conditions(min_priority=2),
        actions=(
            Action("add_to_today"),
            Action("push", title="{task} is overdue", body="It is on Today now."),
        ),
    ),
    Rule(
        id="example-inbox-review",
        trigger=Trigger("capture_backlog", threshold=20),
        actions=(
            Action("push", title="{count} items in your inbox", body="Time for a quick review."),
        ),
    ),
    Rule(
        id="example-missed-routine",
        trigger=Trigger("routine_missed"),
        actions=(
            Action("create_capture", text="Missed {routine} on {weekday}: what got in the way?"),
        ),
    ),
)
