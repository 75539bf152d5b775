from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.tasks.models import Task
from minime.today import services
from minime.today.models import DayState
from minime.today.tests.conftest import add_task, reload

TODAY = date(2026, 3, 10)
NOW = datetime.combine(TODAY, time(8), tzinfo=UTC)


def test_not_now_hides_the_task_until_tomorrow_and_drops_todays_pin(alice, personas):
    task = add_task(alice, personas.personal(alice), "Write report", pinned_on=TODAY)
    with as_user(alice.pk):
        services.task_not_now(task=task, today=TODAY)
    task = reload(alice, task)
    assert task.snoozed_until == TODAY and task.pinned_on is None


def test_do_instead_pins_the_chosen_task_and_unpins_the_one_it_replaces(alice, personas):
    ws = personas.personal(alice)
    current = add_task(alice, ws, "Current", pinned_on=TODAY)
    chosen = add_task(alice, ws, "Chosen", snoozed_until=TODAY)
    with as_user(alice.pk):
        services.task_do_instead(task=chosen, today=TODAY, replacing=current)
    assert reload(alice, chosen).pinned_on == TODAY
    assert reload(alice, chosen).snoozed_until is None
    assert reload(alice, current).pinned_on is None


def test_done_completes_a_repeating_task_and_creates_the_next(alice, personas):
    task = add_task(
        alice, personas.personal(alice), "Water plants", due_date=TODAY, recurrence="FREQ=DAILY"
    )
    with as_user(alice.pk):
        following = services.task_done(task=task, user=alice, now=NOW)
        assert following is not None and following.due_date == TODAY + timedelta(days=1)
        with pytest.raises(Invalid):
            services.task_done(task=Task.objects.get(pk=task.pk), user=alice, now=NOW)
    assert reload(alice, task).status == "done"


def test_energy_is_set_once_per_day_and_replaced_by_a_second_tap(alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        services.energy_set(user=alice, workspace=ws, day=TODAY, energy="low")
        services.energy_set(user=alice, workspace=ws, day=TODAY, energy="high")
        assert list(DayState.objects.values_list("energy", flat=True)) == ["high"]
        with pytest.raises(Invalid) as caught:
            services.energy_set(user=alice, workspace=ws, day=TODAY, energy="huge")
    assert "energy" in caught.value.fields


def test_simplify_moves_the_lowest_ranked_planned_tasks_to_the_next_work_day(alice, personas):
    ws = personas.personal(alice)
    # Tuesday: 660 free minutes; three committed 5-hour tasks overload the day.
    for title, priority in (("Big A", 3), ("Big B", 2), ("Big C", 1)):
        add_task(alice, ws, title, priority=priority, do_on=TODAY, estimate_minutes=300)
    with as_user(alice.pk):
        proposal = services.simplify_proposal(user=alice, workspace=ws, now=NOW)
        assert proposal is not None
        assert [m.scored.task.title for m in proposal.moves] == ["Big C"]
        moved = services.simplify_apply(user=alice, workspace=ws, now=NOW)
        assert [m.scored.task.title for m in moved] == ["Big C"]
        assert Task.objects.get(title="Big C").do_on == TODAY + timedelta(days=1)
        assert services.simplify_proposal(user=alice, workspace=ws, now=NOW) is None


def test_simplify_applies_only_the_moves_that_were_shown(alice, personas):
    ws = personas.personal(alice)
    for title, priority in (("Big A", 3), ("Big B", 2), ("Big C", 1)):
        add_task(alice, ws, title, priority=priority, do_on=TODAY, estimate_minutes=300)
    with as_user(alice.pk):
        assert services.simplify_apply(user=alice, workspace=ws, now=NOW, only=set()) == []
        assert Task.objects.get(title="Big C").do_on == TODAY


def test_simplify_cannot_loop_a_task_it_moves_leaves_today(alice, personas):
    ws = personas.personal(alice)
    # Due-today tasks cannot leave (their due date keeps them on today): Simplify never offers
    # them, so confirming never brings the same card and the same moves back.
    for title in ("Report", "Slides"):
        add_task(alice, ws, title, due_date=TODAY, priority=3, estimate_minutes=360)
    add_task(alice, ws, "Tidy", do_on=TODAY, estimate_minutes=120)
    with as_user(alice.pk):
        proposal = services.simplify_proposal(user=alice, workspace=ws, now=NOW)
        assert proposal is not None
        assert [m.scored.task.title for m in proposal.moves] == ["Tidy"]
        assert proposal.text.endswith("That is all that can move: the rest is due today or late.")
        services.simplify_apply(user=alice, workspace=ws, now=NOW)
        again = services.simplify_proposal(user=alice, workspace=ws, now=NOW)
    assert again is None
