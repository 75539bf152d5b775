"""The data repair for steps left open under closed occurrences (tasks migration 0008)."""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime
from types import SimpleNamespace

from django.apps import apps

from minime.tasks import services
from minime.tasks.models import Task

migration = importlib.import_module("minime.tasks.migrations.0008_settle_closed_occurrence_steps")
CLOSED = datetime(2026, 5, 4, 18, 0, tzinfo=UTC)


def _closed_as_before(task: Task, status: str) -> None:
    """Close ``task`` as the services used to: its subtasks left as they were."""
    Task.objects.filter(pk=task.pk).update(status=status, completed_at=CLOSED)


def _step(ws, parent: Task, title: str) -> Task:
    return services.task_create(workspace=ws, title=title, parent=parent)


def test_open_steps_of_closed_occurrences_close_with_them_and_nothing_else_moves(ws):
    def weekly(title: str) -> Task:
        return services.task_create(
            workspace=ws, title=title, due_date=date(2026, 5, 4), recurrence="FREQ=WEEKLY"
        )

    done, skipped, still_open = weekly("Review"), weekly("Gym"), weekly("Plan")
    one_off = services.task_create(workspace=ws, title="Trip")
    left_done, left_skipped = _step(ws, done, "Inbox"), _step(ws, skipped, "Warm up")
    kept = [_step(ws, still_open, "Calendar"), _step(ws, one_off, "Pack")]
    _closed_as_before(done, "done")
    _closed_as_before(skipped, "skipped")
    _closed_as_before(one_off, "done")

    # A stand-in for the schema editor: the test database's role may not alter tables, and the
    # test's transaction already sees alice's rows.
    migration.settle(apps, SimpleNamespace(connection=SimpleNamespace(vendor="test")))

    repaired = {t.pk: t for t in Task.objects.filter(pk__in=[left_done.pk, left_skipped.pk])}
    assert (repaired[left_done.pk].status, repaired[left_done.pk].completed_at) == ("done", CLOSED)
    assert repaired[left_skipped.pk].status == "skipped"
    assert repaired[left_done.pk].version == left_done.version + 1
    assert [t.status for t in Task.objects.filter(pk__in=[k.pk for k in kept])] == ["open", "open"]
