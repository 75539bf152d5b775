"""Jobs queued under the old module paths (tasks.py) still run after the rename to jobs.py."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task
from django_tasks_db.models import DBTaskResult

import minime.accounts.jobs
import minime.jobs.housekeeping
from minime.jobs.tests.test_leases import DB_TASKS

migration = importlib.import_module("minime.jobs.migrations.0003_job_modules_renamed")


def _job(task_path: str, status: str) -> DBTaskResult:
    return DBTaskResult.objects.create(
        task_path=task_path,
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=timezone.now(),
    )


def _run(step) -> None:
    step(apps, SimpleNamespace(connection=SimpleNamespace(alias="default")))


def test_every_job_of_the_renamed_modules_has_its_new_path_and_it_imports():
    defined = {
        f"{module.__name__}.{name}"
        for module in (minime.accounts.jobs, minime.jobs.housekeeping)
        for name, value in vars(module).items()
        if isinstance(value, Task)
    }
    assert set(migration.RENAMED.values()) == defined
    for new in migration.RENAMED.values():
        assert isinstance(import_string(new), Task)


@pytest.mark.django_db
def test_unfinished_jobs_move_to_the_new_paths_and_back(settings):
    settings.TASKS = DB_TASKS  # the queue table's backend, as the worker runs it
    old = "minime.accounts.tasks.send_sign_in_link"
    new = "minime.accounts.jobs.send_sign_in_link"
    ready = _job(old, "READY")
    running = _job("minime.jobs.tasks.prune_job_history", "RUNNING")
    done = _job(old, "SUCCESSFUL")
    failed = _job(old, "FAILED")
    other = _job("minime.jobs.tests.probe_jobs.slow_effect", "READY")

    _run(migration.forwards)

    paths = dict(DBTaskResult.objects.values_list("id", "task_path"))
    assert paths[ready.id] == new
    assert paths[running.id] == "minime.jobs.housekeeping.prune_job_history"
    assert paths[done.id] == old  # finished jobs are history: they keep the path they ran under
    assert paths[failed.id] == old
    assert paths[other.id] == "minime.jobs.tests.probe_jobs.slow_effect"
    assert (
        DBTaskResult.objects.get(id=ready.id).task.func
        is minime.accounts.jobs.send_sign_in_link.func
    )

    _run(migration.backwards)

    paths = dict(DBTaskResult.objects.values_list("id", "task_path"))
    assert paths[ready.id] == old
    assert paths[running.id] == "minime.jobs.tasks.prune_job_history"
    assert paths[done.id] == old
