from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from django.utils import timezone

from minime.areas.services import area_create
from minime.calendars.tests.factories import add_event
from minime.core.db import as_user
from minime.decisions import services as decision_services
from minime.preferences.models import OnboardingAnswers
from minime.routines.services import routine_create
from minime.tasks.models import Task
from minime.today.models import DayState
from minime.today.tests.conftest import add_task, reload


def _three(user, workspace):
    """Three tasks ranked by priority: First, Second, Third."""
    return [
        add_task(user, workspace, title, priority=priority, estimate_minutes=30)
        for title, priority in (("First task", 3), ("Second task", 2), ("Third task", 1))
    ]


def _start(response) -> str:
    plan = response.context["plan"]
    return plan.start_with.scored.task.title


def test_the_card_shows_the_top_task_and_its_sentence(signed_in, alice, personas):
    _three(alice, personas.personal(alice))
    response = signed_in.get("/today/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Start with: First task — it&#x27;s high priority" in page
    assert _start(response) == "First task"


def test_not_now_with_htmx_re_ranks_at_once(signed_in, alice, personas):
    first, _second, _third = _three(alice, personas.personal(alice))
    response = signed_in.post(f"/today/not-now/{first.uuid}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<div id="today"' in page and "<html" not in page
    assert "Start with: Second task" in page
    assert _start(response) == "Second task"
    assert reload(alice, first).snoozed_until is not None


def test_not_now_without_js_redirects_back_to_today(signed_in, alice, personas):
    first, *_ = _three(alice, personas.personal(alice))
    response = signed_in.post(f"/today/not-now/{first.uuid}/")
    assert response.status_code == 302 and response["Location"] == "/today/"
    assert _start(signed_in.get("/today/")) == "Second task"


def test_do_this_instead_puts_the_chosen_task_first(signed_in, alice, personas):
    first, _second, third = _three(alice, personas.personal(alice))
    form = {"task": str(third.uuid), "replacing": str(first.uuid)}
    response = signed_in.post("/today/do-instead/", form, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert _start(response) == "Third task"
    response = signed_in.post(
        "/today/do-instead/", {"task": str(first.uuid), "replacing": str(third.uuid)}
    )
    assert response.status_code == 302
    assert _start(signed_in.get("/today/")) == "First task"
    assert reload(alice, third).pinned_on is None


def test_done_completes_the_task_and_the_next_takes_its_place(signed_in, alice, personas):
    first, second, _third = _three(alice, personas.personal(alice))
    response = signed_in.post(f"/today/done/{first.uuid}/", HTTP_HX_REQUEST="true")
    assert _start(response) == "Second task"
    assert reload(alice, first).status == "done"
    response = signed_in.post(f"/today/done/{second.uuid}/")
    assert response.status_code == 302
    assert _start(signed_in.get("/today/")) == "Third task"


def test_energy_in_one_tap(signed_in, alice, personas):
    response = signed_in.post("/today/energy/", {"energy": "low"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'value="low" class="btn btn-small btn-primary" aria-pressed="true"' in (
        response.content.decode()
    )
    with as_user(alice.pk):
        assert DayState.objects.get(user=alice).energy == "low"
    assert signed_in.post("/today/energy/", {"energy": "high"}).status_code == 302
    assert signed_in.post("/today/energy/", {"energy": "huge"}).status_code == 302
    with as_user(alice.pk):
        assert DayState.objects.get(user=alice).energy == "high"


def test_simplify_preview_then_confirm(signed_in, alice, personas, now):
    ws = personas.personal(alice)
    today = now.date()
    for title, priority in (("Big A", 3), ("Big B", 2), ("Big C", 1)):
        add_task(alice, ws, title, priority=priority, do_on=today, estimate_minutes=300)
    page = signed_in.get("/today/").content.decode()
    assert "Simplify my day" in page and "15 h planned" in page
    preview = signed_in.get("/today/simplify/").content.decode()
    assert "Big C" in preview and "Big A" not in preview
    response = signed_in.post("/today/simplify/", {"move": _uuid_of(alice, "Big C")})
    assert response.status_code == 302
    with as_user(alice.pk):
        assert Task.objects.get(title="Big C").do_on > today
        assert Task.objects.get(title="Big B").do_on == today
    assert "Simplify my day" not in signed_in.get("/today/").content.decode()


def test_simplify_says_so_when_nothing_planned_can_leave_today(signed_in, alice, personas, now):
    ws = personas.personal(alice)
    for title in ("Report", "Slides"):
        add_task(alice, ws, title, due_date=now.date(), estimate_minutes=400)
    page = signed_in.get("/today/").content.decode()
    assert "Your day is full" in page and "Simplify my day</a>" not in page
    preview = signed_in.get("/today/simplify/").content.decode()
    assert "Nothing planned today can move" in preview
    assert "already fits" not in preview


def test_after_the_work_day_the_page_says_so_and_shows_tomorrows_first_task(
    signed_in, alice, personas, monkeypatch
):
    evening = datetime.combine(datetime.now(UTC).date(), time(21, 30), tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: evening)
    ws = personas.personal(alice)
    tomorrow = evening.date() + timedelta(days=1)
    add_task(alice, ws, "Send the invoice", due_date=tomorrow, priority=3)
    page = signed_in.get("/today/").content.decode()
    assert "Your work day is over" in page and "Your work day ended at 20:00." in page
    assert "start with: Send the invoice" in page
    assert "data-start" not in page  # no "Start with" card in the evening
    assert 'href="/reviews/shutdown/" data-shutdown' in page  # the daily shutdown is offered
    data = signed_in.get("/api/v1/today").json()
    assert data["day_over"] is True and data["start_with"] is None
    assert data["tomorrow"]["title"] == "Send the invoice"


def _uuid_of(user, title):
    with as_user(user.pk):
        return str(Task.objects.get(title=title).uuid)


def test_a_new_workspace_sees_its_first_step(signed_in):
    page = signed_in.get("/today/").content.decode()
    assert "Your first step" in page and "add one task you want to get done today" in page
    assert 'href="/tasks/"' in page and 'href="/capture/"' in page


def test_an_all_day_event_takes_no_free_time_but_a_timed_one_does(signed_in, alice, personas, now):
    free = signed_in.get("/today/").context["plan"].free_minutes
    day = datetime.combine(now.date(), datetime.min.time(), tzinfo=now.tzinfo)
    with as_user(alice.pk):
        add_event(
            alice,
            title="Birthday",
            starts_at=day,
            ends_at=day + timedelta(days=1),
            all_day=True,
        )
    response = signed_in.get("/today/")
    assert response.context["plan"].free_minutes == free
    assert "Birthday" in response.content.decode()
    with as_user(alice.pk):
        add_event(
            alice,
            title="Dentist",
            starts_at=day + timedelta(hours=10),
            ends_at=day + timedelta(hours=11),
        )
    assert signed_in.get("/today/").context["plan"].free_minutes == free - 60


def test_events_from_another_workspace_never_appear(signed_in, bob, personas, now):
    with as_user(bob.pk):
        add_event(
            bob,
            title="Bob's secret meeting",
            starts_at=now + timedelta(hours=2),
            ends_at=now + timedelta(hours=3),
        )
    assert "Bob&#x27;s secret meeting" not in signed_in.get("/today/").content.decode()


def test_another_workspaces_task_answers_404(signed_in, bob, personas):
    task = add_task(bob, personas.personal(bob), "Bob's task")
    assert signed_in.post(f"/today/not-now/{task.uuid}/").status_code == 404
    assert signed_in.post(f"/today/done/{task.uuid}/").status_code == 404
    assert signed_in.post("/today/do-instead/", {"task": str(task.uuid)}).status_code == 404
    assert reload(bob, task).status == "open" and reload(bob, task).pinned_on is None


def test_the_timeline_view_lists_blocks_with_times(signed_in, alice, personas):
    _three(alice, personas.personal(alice))
    page = signed_in.get("/today/?view=timeline").content.decode()
    assert "Timeline" in page and "09:00" in page and "First task" in page


def test_lists_guidance_folds_recommendations_into_a_closed_details(signed_in, alice, personas):
    with as_user(alice.pk):
        OnboardingAnswers.objects.create(user=alice, guidance="lists")
    _three(alice, personas.personal(alice))
    page = signed_in.get("/today/").content.decode()
    assert '<details class="card today-recommendations">' in page


def test_the_page_makes_the_same_number_of_queries_for_3_tasks_or_30(
    signed_in, alice, personas, django_assert_max_num_queries, django_assert_num_queries
):
    ws = personas.personal(alice)
    for i in range(3):
        add_task(alice, ws, f"Task {i}")
    _late_decision(alice, ws, "Which laptop?")
    signed_in.get("/today/")  # the first view makes the user's rules row
    # Today's own reads, the session and the workspace, and one for the shell's counts; the
    # seventeenth reads the decisions waiting (the decisions app's own one-query selector: no
    # query of the snapshot reads that table, so none can carry them); the eighteenth, the
    # person's calendars (to read stale ones again and show a failed one).
    with django_assert_max_num_queries(18) as few:
        signed_in.get("/today/")
    for i in range(3, 30):
        add_task(alice, ws, f"Task {i}")
        _late_decision(alice, ws, f"Question {i}")
    with django_assert_num_queries(len(few)):
        signed_in.get("/today/")


def test_every_row_offers_done_not_now_and_make_this_first_without_javascript(
    signed_in, alice, personas
):
    ws = personas.personal(alice)
    top = add_task(alice, ws, "Write the report", priority=3)
    add_task(alice, ws, "Call the bank", priority=2)
    tidy = add_task(alice, ws, "Tidy desk", priority=1)
    page = signed_in.get("/today/").content.decode()
    assert 'aria-label="Make this first: Tidy desk"' in page
    assert 'aria-label="Not now: Tidy desk"' in page
    assert "Task to do instead" not in page  # no dropdown of every task any more
    form = {"task": str(tidy.uuid), "replacing": str(top.uuid)}
    assert signed_in.post("/today/do-instead/", form).status_code == 302
    page = signed_in.get("/today/").content.decode()
    assert "Start with: Tidy desk" in page
    assert signed_in.post(f"/today/not-now/{tidy.uuid}/").status_code == 302
    assert "Start with: Write the report" in signed_in.get("/today/").content.decode()


def test_a_routine_due_today_is_checked_in_from_today(signed_in, alice, personas, now):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        routine = routine_create(
            workspace=ws, title="Stretch", recurrence="FREQ=DAILY", starts_on=now.date()
        )
    page = signed_in.get("/today/").content.decode()
    assert 'aria-label="Done: Stretch"' in page
    response = signed_in.post(f"/today/routines/{routine.uuid}/done/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "“Stretch” is done for today." in response.content.decode()
    assert 'aria-label="Done: Stretch"' not in response.content.decode()


def test_overdue_tasks_in_needs_attention_link_to_them(signed_in, alice, personas, now):
    add_task(alice, personas.personal(alice), "Renew", due_date=now.date() - timedelta(days=2))
    page = signed_in.get("/today/").content.decode()
    assert '<a href="/tasks/?due=overdue">See them</a>' in page


def _late_decision(user, workspace, question, days=3):
    with as_user(user.pk):
        return decision_services.decision_create(
            workspace=workspace,
            question=question,
            deadline=timezone.localdate() - timedelta(days=days),
        )


def test_decisions_waiting_show_in_needs_attention_and_link_to_the_decision(
    signed_in, alice, personas
):
    ws = personas.personal(alice)
    laptop = _late_decision(alice, ws, "Which laptop?")
    with as_user(alice.pk):
        lisbon = decision_services.decision_create(workspace=ws, question="Move to Lisbon")
        option = decision_services.option_create(decision=lisbon, title="Go")
        decision_services.decision_choose(
            decision=lisbon, option=option, revisit_on=timezone.localdate()
        )
    page = signed_in.get("/today/").content.decode()
    assert "Decide: Which laptop? — the deadline was 3 days ago." in page
    assert f'<a href="/decisions/{laptop.uuid}/">Decide now</a>' in page
    assert "Time to revisit: Move to Lisbon — what actually happened?" in page
    assert f'<a href="/decisions/{lisbon.uuid}/">Look back</a>' in page
    assert page.index("Which laptop?") < page.index("Move to Lisbon")  # the longest waiting first
    decision_page = signed_in.get(f"/decisions/{laptop.uuid}/")
    assert decision_page.status_code == 200


def test_the_header_shows_the_focus_budget_and_where_it_comes_from(signed_in, alice, personas):
    with as_user(alice.pk):
        OnboardingAnswers.objects.create(user=alice, available_time="1-2")
    for i in range(6):
        add_task(alice, personas.personal(alice), f"Task {i}", estimate_minutes=60)
    page = signed_in.get("/today/").content.decode()
    assert "2 h focus budget (the time you said you have for focused work" in page
    assert "Do first and Do next fit in it, If there's time holds the rest." in page


def test_a_day_off_says_so_and_leaves_work_out(signed_in, alice, personas, monkeypatch):
    saturday = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: saturday)
    ws = personas.personal(alice)
    with as_user(alice.pk):
        office = area_create(workspace=ws, name="Office", is_work=True)
    add_task(alice, ws, "Answer emails", area=office)
    add_task(alice, ws, "Water the plants")
    page = signed_in.get("/today/").content.decode()
    assert "Saturday is a day off: work is left out" in page
    assert "Water the plants" in page and "Answer emails" not in page


def test_a_task_with_steps_is_one_row_with_its_next_step(signed_in, alice, personas, monkeypatch):
    morning = datetime(2026, 12, 8, 8, 0, tzinfo=UTC)  # a Tuesday, before the work day
    monkeypatch.setattr(timezone, "now", lambda: morning)
    ws = personas.personal(alice)
    copy = add_task(
        alice, ws, "Draft the product page copy", priority=3, estimate_minutes=90,
        due_date=morning.date() + timedelta(days=1),
    )  # fmt: skip
    for title in ("Headline and subhead", "Feature list"):
        add_task(alice, ws, title, parent=copy)
    add_task(alice, ws, "Renew the passport", due_date=morning.date() + timedelta(days=10))
    page = signed_in.get("/today/").content.decode()
    assert "Start with: Draft the product page copy — next: Headline and subhead." in page
    assert 'aria-label="Step done: Headline and subhead"' in page
    first_step = _uuid_of(alice, "Headline and subhead")
    response = signed_in.post(f"/today/done/{first_step}/", HTTP_HX_REQUEST="true")
    assert "Start with: Draft the product page copy — next: Feature list." in (
        response.content.decode()
    )
    api = signed_in.get("/api/v1/today").json()
    assert api["start_with"]["next_step"]["title"] == "Feature list"


def test_deep_work_without_a_long_enough_block_can_move_to_the_next_work_day(
    signed_in, alice, personas, monkeypatch
):
    morning = datetime(2026, 12, 8, 9, 0, tzinfo=UTC)  # a Tuesday (alice's zone is UTC)
    monkeypatch.setattr(timezone, "now", lambda: morning)
    ws = personas.personal(alice)
    with as_user(alice.pk):
        for hour in range(9, 20):
            add_event(
                alice,
                title=f"Meeting {hour}",
                starts_at=datetime.combine(morning.date(), time(hour, 30), tzinfo=UTC),
                ends_at=datetime.combine(morning.date(), time(hour + 1), tzinfo=UTC),
            )
    essay = add_task(alice, ws, "Write the essay", priority=3, estimate_minutes=120)
    add_task(alice, ws, "Reply to Sam", estimate_minutes=25)
    page = signed_in.get("/today/").content.decode()
    assert "No block long enough today" in page
    assert "No free block today is long enough for Write the essay (2 h)" in page
    assert 'aria-label="Move Write the essay to tomorrow"' in page
    data = signed_in.get("/api/v1/today").json()
    assert data["no_block"]["longest_minutes"] == 30
    assert [t["title"] for t in data["no_block"]["tasks"]] == ["Write the essay"]
    assert all(b["parts"] == 1 for b in data["timeline"])

    bad = signed_in.post(f"/today/move/{essay.uuid}/", {"to": "soon"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 422 and "Pick a day, like 2026-03-16." in bad.content.decode()
    past = signed_in.post(f"/today/move/{essay.uuid}/", {"to": "2026-12-08"})
    assert past.status_code == 302 and reload(alice, essay).do_on is None
    moved = signed_in.post(
        f"/today/move/{essay.uuid}/", {"to": "2026-12-09"}, HTTP_HX_REQUEST="true"
    )
    assert "“Write the essay” is planned for tomorrow." in moved.content.decode()
    assert reload(alice, essay).do_on == morning.date() + timedelta(days=1)
    assert "No block long enough today" not in moved.content.decode()


def test_a_start_with_longer_than_the_free_time_says_so(signed_in, alice, personas, monkeypatch):
    afternoon = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: afternoon)
    ws = personas.personal(alice)
    add_task(alice, ws, "Finish the tax return", due_date=afternoon.date(), estimate_minutes=240)
    page = signed_in.get("/today/").content.decode()
    assert "Start with: Finish the tax return" in page
    assert "It needs more than the 3 h free today" in page


def test_focus_starts_from_the_start_with_card(signed_in, alice, personas):
    from minime.focus.models import FocusSession

    task = add_task(alice, personas.personal(alice), "Write the report", priority=3)
    page = signed_in.get("/today/").content.decode()
    card = page.split('class="card stack today-start"')[1].split("</section>")[0]
    assert '<form method="post" action="/focus/start/">' in card
    assert f'name="task" value="{task.uuid}"' in card
    response = signed_in.post("/focus/start/", {"task": str(task.uuid)})
    assert response.status_code == 302
    with as_user(alice.pk):
        (session,) = FocusSession.objects.all()
    assert session.task_id == task.pk and session.state == "running"
