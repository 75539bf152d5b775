"""The tasks app's events for the outbox (see minime.outbox.events): what a task event says."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from minime.outbox import events

if TYPE_CHECKING:
    from minime.tasks.models import Task


def task_subject(task: Task) -> dict[str, Any]:
    """What an event says about ``task``: its public id, title, notes, project, area, goal,
    priority and labels (the automation engine's names)."""
    project, area, goal = task.project, task.area, task.goal
    return {
        "item_id": str(task.uuid),
        "title": task.title,
        "text": task.notes[:2000],
        "project_id": str(project.uuid) if project else None,
        "project_name": project.title if project else "",
        "area_id": str(area.uuid) if area else None,
        "area_name": area.name if area else "",
        "goal": goal.title if goal else "",
        "priority": task.priority,
        "labels": sorted(label.name for label in task.labels.all()) if task.pk else [],
    }


def record(task: Task, kind: str, *, actor_id: int | None) -> None:
    """Record a ``kind`` event about ``task`` in the current transaction, when anyone listens."""
    if events.wanted(task.workspace_id, kind):
        events.record(
            workspace_id=task.workspace_id, kind=kind, subject=task_subject(task), actor_id=actor_id
        )
