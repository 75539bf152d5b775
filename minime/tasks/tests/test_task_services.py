from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from minime.areas.services import area_create
from minime.core.errors import Conflict, Invalid
from minime.goals.models import Goal
from minime.tasks import services
from minime.tasks.models import Label, Task, TaskStatus
from minime.tasks.selectors import TaskFilters, task_list

# Completed before the due dates below, so "never schedule into the past" doesn't apply.
ON_TIME = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def _titles(ws, **filters):
    return [t.title for t in task_list(ws, filters=TaskFilters(**filters))]


def _instant(task: Task, tz: str) -> datetime:
    assert task.due_date is not None and task.due_time is not None
    return datetime.combine(task.due_date, task.due_time, tzinfo=ZoneInfo(tz)).astimezone(UTC)


def _in_zone(user, tz: str) -> None:
    user.time_zone = tz
    user.save()


# --- Creating and changing ---------------------------------------------------------------------


def test_new_tasks_go_to_the_end_of_the_list(ws, alice):
    for title in ("Write", "Call", "Pay"):
        services.task_create(workspace=ws, title=title, created_by=alice)
    assert _titles(ws) == ["Write", "Call", "Pay"]
    assert Task.objects.get(title="Write").source == "typed"


def test_labels_are_made_on_the_fly_and_matched_whatever_the_case(ws):
    existing = services.label_ensure(workspace=ws, name="Errands")
    task = services.task_create(workspace=ws, title="Buy stamps", labels=["errands", " Calls ", ""])
    assert sorted(label.name for label in task.labels.all()) == ["Calls", "Errands"]
    assert services.label_ensure(workspace=ws, name="ERRANDS").pk == existing.pk
    assert Label.objects.in_workspace(ws).count() == 2


def test_a_title_is_needed(ws):
    with pytest.raises(Invalid) as caught:
        services.task_create(workspace=ws, title="   ")
    assert "title" in caught.value.fields


@pytest.mark.parametrize("field", ["project", "goal", "area", "parent"])
def test_related_objects_must_be_in_the_same_workspace(ws, personas, field):
    other = personas.shared
    related: Any = {
        "project": lambda: services.project_create(workspace=other, title="Theirs"),
        "goal": lambda: Goal.objects.create(workspace=other, title="Theirs"),
        "area": lambda: area_create(workspace=other, name="Theirs"),
        "parent": lambda: services.task_create(workspace=other, title="Theirs"),
    }[field]()
    with pytest.raises(Invalid) as caught:
        services.task_create(workspace=ws, title="Mine", **{field: related})
    assert field in caught.value.fields
    mine = services.task_create(workspace=ws, title="Mine")
    with pytest.raises(Invalid):
        services.task_update(task=mine, expected_version=mine.version, **{field: related})
    assert Task.objects.in_workspace(ws).count() == 1


def test_a_repeating_task_needs_a_due_date(ws):
    with pytest.raises(Invalid) as caught:
        services.task_create(workspace=ws, title="Water plants", recurrence="FREQ=DAILY")
    assert caught.value.message == "A repeating task needs a due date."
    assert caught.value.fields == {"due_date": ["A repeating task needs a due date."]}


def test_an_invalid_repeat_rule_is_a_field_error(ws):
    with pytest.raises(Invalid) as caught:
        services.task_create(
            workspace=ws, title="Water plants", due_date=date(2026, 3, 1), recurrence="FREQ=HOURLY"
        )
    assert list(caught.value.fields) == ["recurrence"]
    assert "isn't valid" in caught.value.fields["recurrence"][0]


def test_a_repeating_task_gets_a_normalised_rule_and_a_new_series(ws):
    one = services.task_create(
        workspace=ws, title="Stretch", due_date=date(2026, 3, 1), recurrence="rrule:freq=daily"
    )
    two = services.task_create(
        workspace=ws, title="Read", due_date=date(2026, 3, 1), recurrence="FREQ=WEEKLY"
    )
    assert one.recurrence == "FREQ=DAILY"
    assert one.series is not None and two.series is not None and one.series != two.series
    assert services.task_create(workspace=ws, title="Once").series is None


def test_subtasks_cannot_repeat_or_nest(ws):
    parent = services.task_create(workspace=ws, title="Trip")
    sub = services.task_create(workspace=ws, title="Pack", parent=parent)
    with pytest.raises(Invalid) as caught:
        services.task_create(
            workspace=ws,
            title="X",
            parent=parent,
            due_date=date(2026, 3, 1),
            recurrence="FREQ=DAILY",
        )
    assert "recurrence" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        services.task_create(workspace=ws, title="Y", parent=sub)
    assert "parent" in caught.value.fields


def test_an_update_from_a_stale_version_is_a_conflict(ws):
    task = services.task_create(workspace=ws, title="Write")
    services.task_update(task=task, expected_version=1, priority=3)
    stale = Task.objects.get(pk=task.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        services.task_update(task=stale, expected_version=1, title="Rewrite")
    assert Task.objects.get(pk=task.pk).title == "Write"


def test_an_update_follows_the_same_rules_and_replaces_labels(ws):
    task = services.task_create(workspace=ws, title="Write", labels=["work"])
    with pytest.raises(Invalid):
        services.task_update(task=task, expected_version=task.version, recurrence="FREQ=DAILY")
    task = Task.objects.get(pk=task.pk)
    services.task_update(
        task=task,
        expected_version=task.version,
        due_date=date(2026, 3, 1),
        recurrence="FREQ=WEEKLY",
        labels=["Home"],
    )
    task.refresh_from_db()
    assert task.series is not None and task.recurrence == "FREQ=WEEKLY"
    assert [label.name for label in task.labels.all()] == ["Home"]
    assert task.version == 2


def test_deep_work_is_saved_on_create_and_update_and_off_by_default(ws):
    plain = services.task_create(workspace=ws, title="Reply to Sam")
    assert Task.objects.get(pk=plain.pk).deep_work is False
    task = services.task_create(workspace=ws, title="Write the chapter", deep_work=True)
    assert Task.objects.get(pk=task.pk).deep_work is True
    services.task_update(task=task, expected_version=task.version, deep_work=False)
    task = Task.objects.get(pk=task.pk)
    assert task.deep_work is False and task.version == 2
    services.task_update(task=task, expected_version=task.version, deep_work=True)
    assert Task.objects.get(pk=task.pk).deep_work is True


# --- Completing a repeating task ----------------------------------------------------------------


def test_completing_a_daily_task_in_berlin_keeps_nine_oclock_across_spring_forward(ws, alice):
    _in_zone(alice, "Europe/Berlin")
    task = services.task_create(
        workspace=ws,
        title="Stand-up",
        due_date=date(2026, 3, 28),
        due_time=time(9, 0),
        recurrence="FREQ=DAILY",
    )
    nxt = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert nxt is not None
    assert (nxt.due_date, nxt.due_time) == (date(2026, 3, 29), time(9, 0))
    gap = _instant(nxt, "Europe/Berlin") - _instant(task, "Europe/Berlin")
    assert gap == timedelta(hours=23)
    done = Task.objects.get(pk=task.pk)
    assert done.status == TaskStatus.DONE and done.completed_at is not None
    assert nxt.series == done.series and nxt.status == TaskStatus.OPEN


def test_completing_a_daily_task_in_new_york_keeps_nine_oclock_across_fall_back(ws, alice):
    _in_zone(alice, "America/New_York")
    task = services.task_create(
        workspace=ws,
        title="Stand-up",
        due_date=date(2026, 10, 31),
        due_time=time(9, 0),
        recurrence="FREQ=DAILY",
    )
    nxt = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert nxt is not None
    assert (nxt.due_date, nxt.due_time) == (date(2026, 11, 1), time(9, 0))
    assert _instant(nxt, "America/New_York") - _instant(task, "America/New_York") == timedelta(
        hours=25
    )


def test_the_next_occurrence_copies_the_task(ws, alice, personas):
    project = services.project_create(workspace=ws, title="Home")
    goal = Goal.objects.create(workspace=ws, title="Calm house")
    area = area_create(workspace=ws, name="Home")
    task = services.task_create(
        workspace=ws,
        title="Tidy desk",
        notes="Five minutes",
        priority=2,
        due_date=date(2026, 5, 4),
        do_on=date(2026, 5, 3),
        estimate_minutes=10,
        energy="low",
        project=project,
        goal=goal,
        area=area,
        labels=["home", "quick"],
        recurrence="FREQ=WEEKLY",
        created_by=alice,
    )
    nxt = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert nxt is not None
    copied = ("title", "notes", "priority", "estimate_minutes", "energy", "project_id")
    assert all(getattr(nxt, f) == getattr(task, f) for f in copied)
    assert (nxt.goal_id, nxt.area_id, nxt.recurrence) == (goal.pk, area.pk, "FREQ=WEEKLY")
    assert (nxt.due_date, nxt.due_time, nxt.do_on) == (date(2026, 5, 11), None, date(2026, 5, 10))
    assert sorted(label.name for label in nxt.labels.all()) == ["home", "quick"]
    assert nxt.repeat_from == "due" and nxt.created_by == alice


@pytest.mark.parametrize("finish", [services.task_complete, services.task_skip])
def test_the_next_occurrence_keeps_deep_work(ws, alice, finish):
    task = services.task_create(
        workspace=ws,
        title="Write the weekly essay",
        due_date=date(2026, 5, 4),
        recurrence="FREQ=WEEKLY",
        deep_work=True,
    )
    services.task_create(workspace=ws, title="Outline", parent=task, deep_work=True)
    services.task_create(workspace=ws, title="Pick a topic", parent=task)
    nxt = finish(task=task, user=alice, now=ON_TIME)
    assert nxt is not None
    assert Task.objects.get(pk=nxt.pk).deep_work is True
    steps = nxt.subtasks.order_by("position")
    assert [(s.title, s.deep_work) for s in steps] == [("Outline", True), ("Pick a topic", False)]
    plain = services.task_create(
        workspace=ws, title="Water plants", due_date=date(2026, 5, 4), recurrence="FREQ=WEEKLY"
    )
    nxt = finish(task=plain, user=alice, now=ON_TIME)
    assert nxt is not None and Task.objects.get(pk=nxt.pk).deep_work is False


def test_repeat_from_completion_counts_from_the_day_it_was_done(ws, alice):
    _in_zone(alice, "Europe/Berlin")
    task = services.task_create(
        workspace=ws,
        title="Water plants",
        due_date=date(2026, 3, 1),
        due_time=time(8, 0),
        recurrence="FREQ=DAILY;INTERVAL=3",
        repeat_from="completion",
    )
    # 23:30 UTC on the 9th is already the 10th in Berlin.
    nxt = services.task_complete(
        task=task, user=alice, now=datetime(2026, 3, 9, 23, 30, tzinfo=UTC)
    )
    assert nxt is not None
    assert (nxt.due_date, nxt.due_time) == (date(2026, 3, 13), time(8, 0))
    assert nxt.repeat_from == "completion"


def test_subtasks_start_again_unticked_on_the_next_occurrence(ws, alice):
    task = services.task_create(
        workspace=ws, title="Weekly review", due_date=date(2026, 5, 4), recurrence="FREQ=WEEKLY"
    )
    inbox = services.task_create(workspace=ws, title="Empty inbox", parent=task, labels=["desk"])
    services.task_create(workspace=ws, title="Plan week", parent=task)
    services.task_complete(task=inbox, user=alice, now=ON_TIME)
    nxt = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert nxt is not None
    fresh = list(nxt.subtasks.order_by("position"))
    assert [(s.title, s.status) for s in fresh] == [("Empty inbox", "open"), ("Plan week", "open")]
    assert [label.name for label in fresh[0].labels.all()] == ["desk"]
    history = list(Task.objects.get(pk=task.pk).subtasks.order_by("position"))
    assert [(s.title, s.status) for s in history] == [
        ("Empty inbox", "done"),
        ("Plan week", "done"),  # done with its occurrence, not left open beside the new copy
    ]
    assert history[1].completed_at == ON_TIME


def test_an_occurrences_steps_are_never_open_twice_week_after_week(ws, alice):
    task = services.task_create(
        workspace=ws, title="Weekly review", due_date=date(2026, 5, 4), recurrence="FREQ=WEEKLY"
    )
    services.task_create(workspace=ws, title="Plan week", parent=task)
    current = task
    for step in (services.task_complete, services.task_skip, services.task_complete):
        nxt = step(task=current, user=alice, now=ON_TIME)
        assert nxt is not None
        current = nxt
    open_steps = Task.objects.filter(parent__series=task.series, status="open")
    assert [(s.title, s.parent_id) for s in open_steps] == [("Plan week", current.pk)]
    skipped = Task.objects.filter(parent__series=task.series, status="skipped")
    assert skipped.count() == 1  # skipped with the skipped occurrence


def test_completing_a_parent_leaves_its_subtasks_alone_and_subtasks_never_repeat(ws, alice):
    parent = services.task_create(workspace=ws, title="Trip")
    sub = services.task_create(workspace=ws, title="Pack", parent=parent)
    assert services.task_complete(task=sub, user=alice, now=ON_TIME) is None
    assert services.task_complete(task=parent, user=alice, now=ON_TIME) is None
    assert Task.objects.get(pk=parent.pk).status == "done"
    other = services.task_create(workspace=ws, title="Unpack", parent=parent)
    assert Task.objects.get(pk=other.pk).status == "open"


def test_completing_twice_creates_one_next_occurrence(ws, alice):
    task = services.task_create(
        workspace=ws, title="Stretch", due_date=date(2026, 3, 1), recurrence="FREQ=DAILY"
    )
    assert services.task_complete(task=task, user=alice, now=ON_TIME) is not None
    assert (
        services.task_complete(task=Task.objects.get(pk=task.pk), user=alice, now=ON_TIME) is None
    )
    assert Task.objects.filter(series=task.series).count() == 2


def test_a_count_limited_series_ends(ws, alice):
    task = services.task_create(
        workspace=ws, title="Physio", due_date=date(2026, 3, 2), recurrence="FREQ=DAILY;COUNT=3"
    )
    second = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert second is not None and second.due_date == date(2026, 3, 3)
    third = services.task_skip(task=second, user=alice, now=ON_TIME)
    assert third is not None and third.due_date == date(2026, 3, 4)
    assert services.task_complete(task=third, user=alice, now=ON_TIME) is None
    statuses = Task.objects.filter(series=task.series).order_by("due_date")
    assert [t.status for t in statuses] == ["done", "skipped", "done"]


def test_an_until_limited_series_ends(ws, alice):
    task = services.task_create(
        workspace=ws,
        title="Course",
        due_date=date(2026, 3, 2),
        recurrence="FREQ=WEEKLY;UNTIL=20260310",
    )
    second = services.task_complete(task=task, user=alice, now=ON_TIME)
    assert second is not None and second.due_date == date(2026, 3, 9)
    assert services.task_complete(task=second, user=alice, now=ON_TIME) is None


def test_skipping_keeps_the_missed_occurrence_and_creates_the_next(ws, alice):
    task = services.task_create(
        workspace=ws, title="Gym", due_date=date(2026, 3, 2), recurrence="FREQ=WEEKLY;BYDAY=MO,TH"
    )
    nxt = services.task_skip(task=task, user=alice, now=ON_TIME)
    assert nxt is not None and nxt.due_date == date(2026, 3, 5)
    skipped = Task.objects.get(pk=task.pk)
    assert skipped.status == "skipped"
    with pytest.raises(Invalid):
        services.task_skip(task=skipped, user=alice, now=ON_TIME)
    with pytest.raises(Invalid):
        services.task_skip(
            task=services.task_create(workspace=ws, title="Once"), user=alice, now=ON_TIME
        )


def test_reopening_and_dropping(ws, alice):
    task = services.task_create(workspace=ws, title="Write")
    services.task_complete(task=task, user=alice, now=ON_TIME)
    services.task_reopen(task=task)
    task.refresh_from_db()
    assert (task.status, task.completed_at) == ("open", None)
    services.task_drop(task=task)
    assert Task.objects.get(pk=task.pk).status == "dropped"
    assert _titles(ws) == [] and _titles(ws, status="dropped") == ["Write"]


def test_deleting_a_task_deletes_its_subtasks(ws):
    parent = services.task_create(workspace=ws, title="Trip")
    services.task_create(workspace=ws, title="Pack", parent=parent)
    services.task_delete(task=parent)
    assert Task.objects.in_workspace(ws).count() == 0


# --- Order -------------------------------------------------------------------------------------


def test_moving_and_reordering_tasks(ws):
    a, b, c = (services.task_create(workspace=ws, title=t) for t in "ABC")
    services.task_move(task=c, offset=-1)
    assert _titles(ws) == ["A", "C", "B"]
    services.task_move(task=a, offset=-1)  # already first: stays
    assert _titles(ws) == ["A", "C", "B"]
    services.task_reorder(workspace=ws, order=[b.uuid, a.uuid])
    assert _titles(ws) == ["B", "A", "C"]


def test_moving_within_a_project_keeps_other_tasks_in_place(ws):
    project = services.project_create(workspace=ws, title="P")
    services.task_create(workspace=ws, title="A", project=project)
    services.task_create(workspace=ws, title="x")
    b = services.task_create(workspace=ws, title="B", project=project)
    services.task_move(task=b, offset=-1, project=project)
    assert _titles(ws, project=project.uuid) == ["B", "A"]
    assert _titles(ws) == ["B", "x", "A"]


def test_moving_to_a_position_among_a_list_keeps_the_tasks_outside_it_in_place(ws):
    a, x, b, _, c = (services.task_create(workspace=ws, title=t) for t in "AxByC")
    listed = [a, b, c]  # a group of the list, as the page shows it
    assert services.task_move_to(task=c, position=1, among=listed) == (1, 3)
    assert _titles(ws) == ["C", "x", "A", "y", "B"]
    assert services.task_move_to(task=c, position=99, among=listed) == (3, 3)  # clamped
    assert _titles(ws) == ["A", "x", "B", "y", "C"]
    assert services.task_move_to(task=a, position=2) == (2, 5)  # among all its open siblings
    assert _titles(ws) == ["x", "A", "B", "y", "C"]
    with pytest.raises(Invalid):
        services.task_move_to(task=x, position=1, among=listed)


def test_moving_to_a_position_reads_the_order_afresh(ws):
    a, b, c = (services.task_create(workspace=ws, title=t) for t in "ABC")
    stale = [c, b, a]  # in the caller's (old) order: only who is in the list counts
    services.task_move_to(task=a, position=2, among=stale)
    assert _titles(ws) == ["B", "A", "C"]


def test_completing_an_overdue_occurrence_schedules_the_next_from_today_not_in_the_past(ws, alice):
    _in_zone(alice, "Europe/Berlin")
    task = services.task_create(
        workspace=ws,
        title="Stretch",
        due_date=date(2026, 3, 2),
        due_time=time(8, 0),
        recurrence="FREQ=DAILY",
    )
    # Done a week late, at 10:00 in Berlin on 9 March: today's 08:00 occurrence is next.
    late = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    nxt = services.task_complete(task=task, user=alice, now=late)
    assert nxt is not None
    assert (nxt.due_date, nxt.due_time) == (date(2026, 3, 9), time(8, 0))
    weekly = services.task_create(
        workspace=ws, title="Review", due_date=date(2026, 3, 2), recurrence="FREQ=WEEKLY;BYDAY=MO"
    )
    nxt = services.task_skip(task=weekly, user=alice, now=late)
    assert nxt is not None and nxt.due_date == date(2026, 3, 9)  # Monday the 9th is today
