"""Fixtures for Today's Django tests: a fixed clock (08:00 UTC today, before the work day
starts, so the whole 09:00-20:00 window is free) and task helpers."""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from minime.core.db import as_user
from minime.tasks import services as task_services
from minime.tasks.models import Task


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    fixed = datetime.combine(datetime.now(UTC).date(), time(8, 0), tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed


@pytest.fixture
def signed_in(client, alice, now):
    client.force_login(alice)
    return client


def add_task(user: Any, workspace: Any, title: str, **fields: Any) -> Task:
    later = {k: fields.pop(k) for k in ("pinned_on", "snoozed_until") if k in fields}
    with as_user(user.pk):
        task = task_services.task_create(
            workspace=workspace, title=title, created_by=user, **fields
        )
        if later:
            task = task_services.task_update(task=task, expected_version=None, **later)
        return task


def reload(user: Any, task: Task) -> Task:
    with as_user(user.pk):
        return Task.objects.get(pk=task.pk)
