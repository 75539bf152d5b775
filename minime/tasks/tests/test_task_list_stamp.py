"""The task-list stamp changes on every write to a workspace's tasks, whatever the code path (the
database triggers of migration 0004), and only for that workspace. Today's open-task cache is
keyed by it, so this is what keeps Today from ever showing a stale list."""

from __future__ import annotations

from datetime import date

import pytest

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Project, Task, TaskListStamp
from minime.tasks.stamps import ALL_TRIGGERS
from minime.today.selectors import _stamped


def _stamp(user, workspace) -> str:
    with as_user(user.pk):
        row, _ = TaskListStamp.objects.get_or_create(workspace=workspace, defaults={"stamp": "0"})
        return row.stamp


@pytest.fixture
def home(personas):
    return personas.personal(personas.alice)


def _changes(user, workspace, write) -> bool:
    before = _stamp(user, workspace)
    with as_user(user.pk):
        write()
    return _stamp(user, workspace) != before


def test_the_triggers_are_in_place(db):
    from django.db import connection

    assert _stamped(connection.alias)
    assert len(ALL_TRIGGERS) == 4


def test_every_kind_of_write_changes_the_stamp(personas, home):
    alice = personas.alice
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="House")
    made: list[Task] = []

    def create() -> None:
        made.append(services.task_create(workspace=home, title="Paint", project=project))

    assert _changes(alice, home, create)
    task = made[0]
    assert _changes(alice, home, lambda: Task.objects.filter(pk=task.pk).update(title="Paint it"))
    assert _changes(
        alice,
        home,
        lambda: Task.objects.bulk_create(
            [Task(workspace=home, title=f"Bulk {i}") for i in range(3)]
        ),
    )
    # A deleted project sets its tasks' project to NULL: a write no service makes.
    assert _changes(alice, home, lambda: Project.objects.filter(pk=project.pk).delete())
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).project_id is None
    assert _changes(alice, home, lambda: Task.objects.filter(title__startswith="Bulk").delete())
    assert _changes(
        alice,
        home,
        lambda: services.task_update(task=task, expected_version=None, due_date=date(2026, 12, 1)),
    )


def test_a_write_elsewhere_leaves_the_stamp_alone(personas, home):
    alice, bob = personas.alice, personas.bob
    before = _stamp(alice, home)
    theirs = personas.personal(bob)
    _stamp(bob, theirs)
    with as_user(bob.pk):
        services.task_create(workspace=theirs, title="Bob's own")
    assert _stamp(alice, home) == before


def test_a_member_who_is_not_the_owner_moves_the_shared_stamp(personas):
    """Row-level security lets a member update their workspace's stamp (PostgreSQL)."""
    shared, bob = personas.shared, personas.bob
    before = _stamp(personas.alice, shared)
    with as_user(bob.pk):
        services.task_create(workspace=shared, title="Bob adds to the shared list")
    assert _stamp(personas.alice, shared) != before


def test_a_rows_stamp_moves_whenever_the_row_is_written(personas, home):
    alice = personas.alice
    with as_user(alice.pk):
        project = services.project_create(workspace=home, title="House")
        one = services.task_create(workspace=home, title="Paint", project=project)
        two = services.task_create(workspace=home, title="Sand")

        def stamp(task: Task) -> int:
            return Task.objects.values_list("row_stamp", flat=True).get(pk=task.pk)

        first = stamp(one)
        assert first != stamp(two)  # random from the start
        Task.objects.filter(pk=one.pk).update(title="Paint it")
        second = stamp(one)
        assert second != first
        services.task_complete(task=one, user=alice)
        assert stamp(one) not in (first, second)
        before = stamp(one)
        Project.objects.filter(pk=project.pk).delete()  # SET NULL on its tasks
        assert stamp(one) != before
        assert stamp(two) == stamp(two)
