"""Every date a service stores lies between DATE_MIN and DATE_MAX, and a stored one outside that
range (written before the bounds, or by hand) never breaks the code that reads it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.core.limits import DATE_MAX, DATE_MIN
from minime.goals.services import goal_create, milestone_create
from minime.tasks.models import Task
from minime.tasks.services import task_complete, task_create, task_update

TOO_EARLY = DATE_MIN - timedelta(days=1)
TOO_LATE = DATE_MAX + timedelta(days=1)


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


@pytest.mark.parametrize("day", [date(1, 1, 1), TOO_EARLY, TOO_LATE, date(9999, 12, 31)])
@pytest.mark.parametrize("field", ["due_date", "do_on"])
def test_a_task_with_a_date_outside_the_range_is_refused(ws, field, day):
    with pytest.raises(Invalid) as refused:
        task_create(workspace=ws, title="Renew passport", **{field: day})

    assert refused.value.fields[field] == [f"Pick a date between {DATE_MIN} and {DATE_MAX}."]
    assert not Task.objects.exists()


def test_the_first_and_last_days_of_the_range_are_accepted(ws):
    first = task_create(workspace=ws, title="Old", due_date=DATE_MIN)
    last = task_update(task=first, expected_version=1, due_date=DATE_MAX, do_on=DATE_MAX)

    assert (last.due_date, last.do_on) == (DATE_MAX, DATE_MAX)


def test_a_task_update_outside_the_range_is_refused_and_changes_nothing(ws):
    task = task_create(workspace=ws, title="Renew passport", due_date=date(2026, 3, 1))

    with pytest.raises(Invalid) as refused:
        task_update(task=task, expected_version=1, due_date=TOO_LATE)

    assert "due_date" in refused.value.fields
    assert Task.objects.get(pk=task.pk).due_date == date(2026, 3, 1)


def test_goal_and_milestone_target_dates_are_bounded(ws):
    with pytest.raises(Invalid) as refused:
        goal_create(workspace=ws, title="Run a marathon", target_date=TOO_EARLY)
    assert "target_date" in refused.value.fields

    goal = goal_create(workspace=ws, title="Run a marathon")
    with pytest.raises(Invalid) as refused:
        milestone_create(goal=goal, title="Half marathon", target_date=TOO_LATE)
    assert "target_date" in refused.value.fields


def test_completing_a_stored_repeating_task_with_an_impossible_date_still_completes_it(ws, alice):
    task = task_create(workspace=ws, title="Water plants", due_date=date(2026, 3, 1),
                       recurrence="FREQ=DAILY")  # fmt: skip
    Task.objects.filter(pk=task.pk).update(due_date=date(1, 1, 1))
    task.refresh_from_db()

    assert task_complete(task=task, user=alice) is None
    task.refresh_from_db()
    assert task.completed_at is not None
