from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from minime.areas.models import LifeArea
from minime.calendars.tests.factories import add_event
from minime.capture.services import capture_add
from minime.core.db import as_user
from minime.decisions import services as decision_services
from minime.goals.models import Goal
from minime.preferences.rules import rules_for
from minime.routines.models import RoutineOccurrence
from minime.routines.services import routine_create
from minime.tasks import services as task_services
from minime.tasks.models import Project, Task
from minime.today import engine
from minime.today.models import DayState
from minime.today.selectors import build_snapshot, plan_for
from minime.today.task_rows import TASK_COLUMNS
from minime.today.tests.conftest import add_task

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


def _snapshot(user, workspace, now=NOW):
    with as_user(user.pk):
        return build_snapshot(user=user, workspace=workspace, now=now)


def test_the_snapshot_holds_open_tasks_with_public_ids_and_their_links(alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        goal = Goal.objects.create(workspace=ws, title="Run a marathon")
        project = task_services.project_create(workspace=ws, title="Training", goal=goal)
    open_task = add_task(alice, ws, "Buy shoes", priority=3, project=project, estimate_minutes=20)
    done = add_task(alice, ws, "Sign up", project=project)
    with as_user(alice.pk):
        task_services.task_complete(task=done, user=alice, now=NOW - timedelta(days=2))
    add_task(alice, ws, "Try them on", project=project, parent=open_task, goal=goal)
    snap = _snapshot(alice, ws)
    assert sorted(t.title for t in snap.tasks) == ["Buy shoes", "Try them on"]
    task = next(t for t in snap.tasks if t.title == "Buy shoes")
    assert task.id == str(open_task.uuid) and task.priority == 3 and task.estimate_minutes == 20
    assert task.project_id == str(project.uuid)
    (proj,) = snap.projects
    assert proj.open_task_count == 1  # top-level tasks only: the subtask is not counted
    assert proj.goal_id == str(goal.uuid)
    assert proj.last_completed_at == NOW - timedelta(days=2)
    (g,) = snap.goals
    assert g.linked_projects == 1 and g.last_activity_at == NOW - timedelta(days=2)
    assert g.linked_open_tasks == 1  # the subtask names the goal itself
    assert snap.now.tzinfo is not None and snap.tz == alice.time_zone


def test_the_snapshot_reads_rules_energy_backlog_routines_and_todays_events(alice, personas):
    ws = personas.personal(alice)
    today = NOW.date()
    with as_user(alice.pk):
        rules = rules_for(alice)
        rules.priorities_per_day = 2
        rules.save()
        DayState.objects.create(workspace=ws, user=alice, date=today, energy="low")
        capture_add(workspace=ws, created_by=alice, text="Call mum")
        walk = routine_create(
            workspace=ws, title="Walk", recurrence="FREQ=DAILY", starts_on=date(2026, 1, 1)
        )
        routine_create(
            workspace=ws, title="Stretch", recurrence="FREQ=DAILY", starts_on=date(2026, 1, 1)
        )
        RoutineOccurrence.objects.create(workspace=ws, routine=walk, date=today, status="done")
        for title, start in (("Standup", 9), ("Yesterday", -20), ("Tomorrow", 30)):
            begins = datetime.combine(today, time(0), tzinfo=UTC) + timedelta(hours=start)
            add_event(alice, title=title, starts_at=begins, ends_at=begins + timedelta(hours=1))
    snap = _snapshot(alice, ws)
    assert snap.rules.priorities_per_day == 2
    assert snap.energy == "low"
    assert snap.capture.count == 1
    assert {r.title: r.done_today for r in snap.routines} == {"Walk": True, "Stretch": False}
    assert [e.title for e in snap.events] == ["Standup"]


def test_another_workspaces_rows_never_enter_the_snapshot(alice, bob, personas):
    add_task(bob, personas.personal(bob), "Bob's task")
    with as_user(bob.pk):
        add_event(
            bob,
            title="Bob's meeting",
            starts_at=NOW + timedelta(hours=2),
            ends_at=NOW + timedelta(hours=3),
        )
    snap = _snapshot(alice, personas.personal(alice))
    assert snap.tasks == () and snap.events == ()


def _decision(user, workspace, question, *, deadline=None, revisit_on=None, revisited=False):
    with as_user(user.pk):
        decision = decision_services.decision_create(
            workspace=workspace, question=question, deadline=deadline
        )
        if revisit_on is not None:
            option = decision_services.option_create(decision=decision, title="Yes")
            decision_services.decision_choose(
                decision=decision, option=option, revisit_on=revisit_on
            )
        if revisited:
            decision_services.decision_revisit(
                decision=decision, outcome="as_expected", actual_outcome="Fine."
            )
        return decision


def test_the_snapshot_holds_the_decisions_waiting_today_as_plain_values(alice, bob, personas):
    ws = personas.personal(alice)
    today = NOW.astimezone(ZoneInfo(alice.time_zone)).date()
    day = timedelta(days=1)
    laptop = _decision(alice, ws, "Which laptop?", deadline=today - 3 * day)
    _decision(alice, ws, "Which bank?", deadline=today)  # a deadline of today is not past
    lisbon = _decision(alice, ws, "Move to Lisbon", revisit_on=today - day)
    _decision(alice, ws, "Sell the car", revisit_on=today + day)
    _decision(alice, ws, "New job", revisit_on=today - 9 * day, revisited=True)
    _decision(bob, personas.personal(bob), "Bob's question", deadline=today - 5 * day)
    snap = _snapshot(alice, ws)
    assert snap.decisions == (
        engine.Decision(str(laptop.uuid), "Which laptop?", "past_deadline", today - 3 * day),
        engine.Decision(str(lisbon.uuid), "Move to Lisbon", "revisit_due", today - day),
    )
    kinds = [(a.kind, a.ids) for a in engine.plan_today(snap).attention]
    assert kinds == [
        ("decision_overdue", (str(laptop.uuid),)),
        ("decision_revisit", (str(lisbon.uuid),)),
    ]


def test_the_snapshot_makes_the_same_number_of_queries_for_3_tasks_or_30(
    alice, personas, django_assert_max_num_queries, django_assert_num_queries
):
    ws = personas.personal(alice)

    def fill(n: int, start: int) -> None:
        with as_user(alice.pk):
            project = task_services.project_create(workspace=ws, title=f"P{start}")
            goal = Goal.objects.create(workspace=ws, title=f"G{start}")
            routine_create(
                workspace=ws, title=f"R{start}", recurrence="FREQ=DAILY", starts_on=date(2026, 1, 1)
            )
            add_event(alice, title=f"E{start}", starts_at=NOW, ends_at=NOW + timedelta(hours=1))
        _decision(alice, ws, f"D{start}", deadline=NOW.date() - timedelta(days=2))
        _decision(alice, ws, f"R{start}", revisit_on=NOW.date() - timedelta(days=2))
        for i in range(start, start + n):
            task = add_task(alice, ws, f"T{i}", project=project, goal=goal)
            if i % 3 == 0:
                with as_user(alice.pk):
                    task_services.task_complete(task=task, user=alice, now=NOW)

    fill(3, 0)
    # One query per kind of row; rules and answers come with the energy and the inbox, saved or
    # not (alice has saved neither). The decisions waiting are the eighth: no query here reads
    # rows of that table, and the decisions app's own selector keeps its rule in one place.
    with as_user(alice.pk), django_assert_max_num_queries(8) as few:
        build_snapshot(user=alice, workspace=ws, now=NOW)
    fill(27, 3)
    with as_user(alice.pk), django_assert_num_queries(len(few)):
        snap = build_snapshot(user=alice, workspace=ws, now=NOW)
    assert len(snap.tasks) == 20 and len(snap.projects) == 2 and len(snap.decisions) == 4


def test_every_write_to_the_tasks_is_seen_by_the_next_snapshot(alice, personas):
    """Nothing is kept between reads: a queryset update, a deleted project's SET NULL, a delete
    and a closed parent are all in the next snapshot."""
    ws = personas.personal(alice)
    with as_user(alice.pk):
        project = task_services.project_create(workspace=ws, title="House")
    door = add_task(alice, ws, "Paint the door", project=project)
    add_task(alice, ws, "Sand it", parent=door)
    assert {t.title: t.parent_id for t in _snapshot(alice, ws).tasks} == {
        "Paint the door": None,
        "Sand it": str(door.uuid),
    }
    with as_user(alice.pk):
        Task.objects.filter(pk=door.pk).update(title="Paint the gate")
    assert {t.title for t in _snapshot(alice, ws).tasks} == {"Paint the gate", "Sand it"}
    with as_user(alice.pk):
        Project.objects.filter(pk=project.pk).delete()
    assert {t.project_id for t in _snapshot(alice, ws).tasks} == {None}
    with as_user(alice.pk):
        task_services.task_complete(task=door, user=alice, now=NOW)
    (subtask,) = _snapshot(alice, ws).tasks
    assert subtask.title == "Sand it" and subtask.parent_id is None  # its parent is done
    with as_user(alice.pk):
        Task.objects.all().delete()
    assert _snapshot(alice, ws).tasks == ()


def test_every_field_of_the_engines_task_is_read_from_a_column_by_name(alice, personas):
    """One list (TASK_COLUMNS) drives the query and the engine's task: the same fields in the
    same order, each a real column, each value landing in the field of its name."""
    assert tuple(TASK_COLUMNS) == engine.Task._fields
    for column in TASK_COLUMNS.values():
        assert Task._meta.get_field(column.removesuffix("_id")).concrete
    ws = personas.personal(alice)
    with as_user(alice.pk):
        goal = Goal.objects.create(workspace=ws, title="Fit")
        area = LifeArea.objects.create(workspace=ws, name="Health")
        project = task_services.project_create(workspace=ws, title="Run")
    shoes = add_task(
        alice,
        ws,
        "Buy shoes",
        priority=2,
        due_date=date(2026, 3, 12),
        due_time=time(17, 30),
        do_on=date(2026, 3, 11),
        estimate_minutes=25,
        energy="high",
        project=project,
        goal=goal,
        area=area,
        recurrence="FREQ=WEEKLY",
        pinned_on=date(2026, 3, 10),
        snoozed_until=date(2026, 3, 9),
        deep_work=True,
    )
    add_task(alice, ws, "Lace them", parent=shoes)
    with as_user(alice.pk):
        row = Task.objects.get(pk=shoes.pk)
    tasks = {t.title: t for t in _snapshot(alice, ws).tasks}
    assert tasks["Lace them"].parent_id == str(shoes.uuid)
    assert tasks["Buy shoes"]._asdict() == {
        "id": str(shoes.uuid),
        "title": "Buy shoes",
        "priority": 2,
        "due_date": date(2026, 3, 12),
        "due_time": time(17, 30),
        "do_on": date(2026, 3, 11),
        "estimate_minutes": 25,
        "energy": "high",
        "project_id": str(project.uuid),
        "goal_id": str(goal.uuid),
        "area_id": str(area.uuid),
        "created_at": row.created_at,
        "pinned_on": date(2026, 3, 10),
        "snoozed_until": date(2026, 3, 9),
        "parent_id": None,
        "is_recurring": True,
        "position": row.position,
        "deep_work": True,
    }


def _plan(user, workspace, now=NOW):
    with as_user(user.pk):
        return plan_for(user=user, workspace=workspace, now=now)


def test_each_member_of_a_shared_workspace_gets_a_plan_for_their_own_energy(alice, bob, personas):
    ws = personas.shared
    rules_for(alice), rules_for(bob)
    add_task(alice, ws, "Deep work", energy="high", estimate_minutes=60)
    add_task(alice, ws, "Water plants", energy="low", estimate_minutes=60)
    with as_user(alice.pk):
        DayState.objects.create(workspace=ws, user=alice, date=NOW.date(), energy="high")
    with as_user(bob.pk):
        DayState.objects.create(workspace=ws, user=bob, date=NOW.date(), energy="low")
    alice_plan, bob_plan = _plan(alice, ws)[1], _plan(bob, ws)[1]
    assert alice_plan.start_with is not None and bob_plan.start_with is not None
    assert alice_plan.start_with.scored.task.title == "Deep work"
    assert bob_plan.start_with.scored.task.title == "Water plants"


def test_no_stamp_trigger_is_left_on_the_tasks_table(db):
    """Today keeps nothing between reads, so writes to tasks need no bookkeeping in the database:
    the triggers that kept the task stamps are gone with the cache that read them."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'tasks_task'::regclass"
                " AND NOT tgisinternal"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'tasks_task'"
            )
        names = [name for (name,) in cursor.fetchall()]
    assert not [name for name in names if "stamp" in name]
