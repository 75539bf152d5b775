from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from minime.accounts.rules import rules_for
from minime.capture.services import capture_add
from minime.core.db import as_user
from minime.goals.models import Goal
from minime.routines.models import RoutineOccurrence
from minime.routines.services import routine_create
from minime.tasks import services as task_services
from minime.tasks.models import Project
from minime.today.engine import Scorer, plan_today
from minime.today.models import CalendarEvent, DayState
from minime.today.selectors import (
    _stamped,
    build_snapshot,
    clear_open_task_cache,
    clear_plan_memos,
    plan_for,
)
from minime.today.tests.conftest import add_task

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
rows = Scorer.rows


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
            CalendarEvent.objects.create(
                workspace=ws, title=title, starts_at=begins, ends_at=begins + timedelta(hours=1)
            )
    snap = _snapshot(alice, ws)
    assert snap.rules.priorities_per_day == 2
    assert snap.energy == "low"
    assert snap.capture.count == 1
    assert {r.title: r.done_today for r in snap.routines} == {"Walk": True, "Stretch": False}
    assert [e.title for e in snap.events] == ["Standup"]


def test_another_workspaces_rows_never_enter_the_snapshot(alice, bob, personas):
    add_task(bob, personas.personal(bob), "Bob's task")
    with as_user(bob.pk):
        CalendarEvent.objects.create(
            workspace=personas.personal(bob),
            title="Bob's meeting",
            starts_at=NOW + timedelta(hours=2),
            ends_at=NOW + timedelta(hours=3),
        )
    snap = _snapshot(alice, personas.personal(alice))
    assert snap.tasks == () and snap.events == ()


def _count_queries(user, workspace):
    """Queries of a snapshot read cold (the process's open-task lists forgotten first; the
    once-per-process look for the stamp triggers done already)."""
    _stamped(connection.alias)
    clear_open_task_cache()
    with as_user(user.pk), CaptureQueriesContext(connection) as queries:
        build_snapshot(user=user, workspace=workspace, now=NOW)
    return len(queries)


def test_the_snapshot_makes_the_same_number_of_queries_for_3_tasks_or_30(alice, personas):
    ws = personas.personal(alice)

    def fill(n: int, start: int) -> None:
        with as_user(alice.pk):
            project = task_services.project_create(workspace=ws, title=f"P{start}")
            goal = Goal.objects.create(workspace=ws, title=f"G{start}")
            routine_create(
                workspace=ws, title=f"R{start}", recurrence="FREQ=DAILY", starts_on=date(2026, 1, 1)
            )
            CalendarEvent.objects.create(
                workspace=ws, title=f"E{start}", starts_at=NOW, ends_at=NOW + timedelta(hours=1)
            )
        for i in range(start, start + n):
            task = add_task(alice, ws, f"T{i}", project=project, goal=goal)
            if i % 3 == 0:
                with as_user(alice.pk):
                    task_services.task_complete(task=task, user=alice, now=NOW)

    fill(3, 0)
    _count_queries(alice, ws)  # first use creates the rules row
    few = _count_queries(alice, ws)
    fill(27, 3)
    assert _count_queries(alice, ws) == few
    assert few <= 11
    with as_user(alice.pk):
        assert Project.objects.filter(workspace=ws).count() == 2


def test_open_tasks_are_kept_between_requests_until_any_task_write(alice, personas):
    """The second snapshot reuses the first's task list (same stamp); any write to the tasks,
    even one no service makes (a queryset update, a deleted project's SET NULL), is seen."""
    from minime.tasks.models import Task
    from minime.today import selectors

    ws = personas.personal(alice)
    with as_user(alice.pk):
        project = task_services.project_create(workspace=ws, title="House")
    add_task(alice, ws, "Paint the door", project=project)
    rules_for(alice)
    first = _snapshot(alice, ws)  # makes the stamp
    second = _snapshot(alice, ws)  # reads and keeps the list
    with CaptureQueriesContext(connection) as queries:
        third = _snapshot(alice, ws)
    assert third.tasks == second.tasks == first.tasks
    assert not any('FROM "tasks_task"' in q["sql"] for q in queries.captured_queries)

    with as_user(alice.pk):
        Task.objects.filter(title="Paint the door").update(title="Paint the gate")
    assert [t.title for t in _snapshot(alice, ws).tasks] == ["Paint the gate"]
    with as_user(alice.pk):
        Project.objects.filter(pk=project.pk).delete()
    assert [t.project_id for t in _snapshot(alice, ws).tasks] == [None]
    with as_user(alice.pk):
        Task.objects.all().delete()
    assert _snapshot(alice, ws).tasks == ()
    assert selectors.CACHE_TASK_BUDGET > 0


def test_after_a_write_only_the_moved_rows_are_read_again(alice, personas):
    """A new stamp costs a narrow read of keys and row stamps, then the rows that are new or
    changed; closed and deleted tasks drop out; a subtask loses its parent when the parent
    closes (as in a full read)."""
    from minime.tasks.models import Task

    ws = personas.personal(alice)
    rules_for(alice)
    parent = add_task(alice, ws, "Move house")
    child = add_task(alice, ws, "Pack books", parent=parent)
    gone = add_task(alice, ws, "Old idea")
    for _ in range(2):
        _snapshot(alice, ws)  # makes the stamp, then keeps the list

    with as_user(alice.pk):
        Task.objects.filter(pk=child.pk).update(title="Pack the books")
        Task.objects.filter(pk=gone.pk).delete()
        task_services.task_complete(task=parent, user=alice, now=NOW)
    add_task(alice, ws, "Call the movers")
    with CaptureQueriesContext(connection) as queries:
        snap = _snapshot(alice, ws)
    by_title = {t.title: t for t in snap.tasks}
    assert set(by_title) == {"Pack the books", "Call the movers"}
    assert by_title["Pack the books"].parent_id is None  # its parent is done
    reads = [q["sql"] for q in queries.captured_queries if 'FROM "tasks_task"' in q["sql"]]
    assert len(reads) == 2 and '"tasks_task"."id" IN' in reads[1]
    clear_open_task_cache()
    assert _snapshot(alice, ws).tasks == snap.tasks  # the same as a full read


def _plan(user, workspace, now=NOW):
    with as_user(user.pk):
        return plan_for(user=user, workspace=workspace, now=now)


def test_a_plan_kept_between_requests_is_the_plan_read_afresh(alice, personas, monkeypatch):
    """Plans reuse this process's memo of the workspace's tasks (nothing is scored again when
    nothing changed); after writes of every kind the plan is still exactly the one a fresh read
    and a fresh plan give."""
    ws = personas.personal(alice)
    rules_for(alice)
    tasks = [
        add_task(alice, ws, f"Task {i}", priority=i % 4, estimate_minutes=10 + i) for i in range(8)
    ]
    _plan(alice, ws)
    _plan(alice, ws)  # the stamp is made and the task list kept
    scored = []

    def counting(self, tasks):
        tasks = list(tasks)
        scored.extend(tasks)
        return rows(self, tasks)

    monkeypatch.setattr(Scorer, "rows", counting)
    _plan(alice, ws)
    assert scored == []
    monkeypatch.undo()
    with as_user(alice.pk):
        task_services.task_update(task=tasks[0], expected_version=None, snoozed_until=NOW.date())
        task_services.task_complete(task=tasks[1], user=alice, now=NOW)
        task_services.task_update(task=tasks[2], expected_version=None, priority=0)
    add_task(alice, ws, "Call the bank", due_date=NOW.date(), due_time=time(11, 0))
    for now in (NOW, NOW + timedelta(hours=4)):  # 11:00 has passed at noon
        snapshot, plan = _plan(alice, ws, now)
        clear_open_task_cache()
        clear_plan_memos()
        assert plan == plan_today(_snapshot(alice, ws, now))
        assert plan_today(snapshot) == plan
    titles = [s.task.title for s in plan.task_cards()]
    assert "Task 0" not in titles and "Task 1" not in titles
    assert [a.kind for a in plan.attention if a.kind == "overdue"] == ["overdue"]


def test_each_member_of_a_shared_workspace_gets_a_plan_for_their_own_energy(alice, bob, personas):
    ws = personas.shared
    rules_for(alice), rules_for(bob)
    add_task(alice, ws, "Deep work", energy="high", estimate_minutes=60)
    add_task(alice, ws, "Water plants", energy="low", estimate_minutes=60)
    with as_user(alice.pk):
        DayState.objects.create(workspace=ws, user=alice, date=NOW.date(), energy="high")
    with as_user(bob.pk):
        DayState.objects.create(workspace=ws, user=bob, date=NOW.date(), energy="low")
    for _ in range(2):  # the second time from the memos
        alice_plan, bob_plan = _plan(alice, ws)[1], _plan(bob, ws)[1]
        assert alice_plan.start_with is not None and bob_plan.start_with is not None
        assert alice_plan.start_with.scored.task.title == "Deep work"
        assert bob_plan.start_with.scored.task.title == "Water plants"


def test_a_subtask_read_again_unchanged_is_the_same_object(alice, personas):
    """After a write to another task, an unchanged subtask is the object kept before (the plan's
    memo then knows it is unchanged without comparing it field by field)."""
    ws = personas.personal(alice)
    rules_for(alice)
    parent = add_task(alice, ws, "Move house")
    add_task(alice, ws, "Pack books", parent=parent)
    other = add_task(alice, ws, "Call the movers")
    for _ in range(2):
        before = {t.title: t for t in _snapshot(alice, ws).tasks}
    with as_user(alice.pk):
        task_services.task_update(task=other, expected_version=None, priority=3)
    after = {t.title: t for t in _snapshot(alice, ws).tasks}
    assert after["Pack books"] is before["Pack books"]
    assert after["Pack books"].parent_id == str(parent.uuid)
    assert after["Call the movers"].priority == 3


def test_plan_memos_stay_within_their_budget_of_open_tasks(alice, personas, monkeypatch):
    from minime.today import selectors

    clear_plan_memos()
    monkeypatch.setattr(selectors, "MEMO_TASK_BUDGET", 3)
    rules_for(alice)
    for ws in (personas.personal(alice), personas.shared):
        add_task(alice, ws, "One")
        add_task(alice, ws, "Two")
    _plan(alice, personas.personal(alice))
    assert len(selectors._memos) == 1
    _plan(alice, personas.shared)  # 2 + 2 tasks > 3: the least recently used memo goes
    assert [key[2] for key in selectors._memos] == [personas.shared.pk]
    assert selectors._memo_tasks == 2
    clear_plan_memos()
    assert selectors._memo_tasks == 0 and not selectors._memos
