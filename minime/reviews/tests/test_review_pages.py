"""The review pages, with htmx and without JavaScript: history, shutdown, weekly steps, a
review's page, delete."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from minime.capture.services import capture_add
from minime.core import limits
from minime.core.db import as_user
from minime.goals.services import goal_create
from minime.reviews import services
from minime.reviews.models import STEPS, Review
from minime.tasks.models import Task, TaskStatus
from minime.tasks.services import project_create, task_complete, task_create

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def ws(personas):
    return personas.personal(personas.alice)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def _today():
    return timezone.localdate()


def _task(user, ws, title="Write the report", **fields):
    with as_user(user.pk):
        return task_create(workspace=ws, title=title, **fields)


def _reviews(user):
    with as_user(user.pk):
        return list(Review.objects.order_by("created_at"))


def _weekly(user, ws):
    with as_user(user.pk):
        return services.weekly_start(workspace=ws, user=user, today=_today())[0]


# --- History -------------------------------------------------------------------------------------
def test_the_empty_history_offers_the_shutdown_and_the_weekly_review(signed_in):
    page = signed_in.get("/reviews/").content.decode()
    assert "<h1>Reviews</h1>" in page and "No reviews yet" in page
    assert 'href="/reviews/shutdown/"' in page and "Start weekly review" in page


def test_the_history_lists_reviews_newest_first_and_offers_resume(signed_in, alice, ws):
    review = _weekly(alice, ws)
    with as_user(alice.pk):
        services.shutdown_save(
            workspace=ws, user=alice, day=_today() - timedelta(8), energy=2, mood=4
        )
    page = signed_in.get("/reviews/").content.decode()
    assert "Resume weekly review" in page and f"/reviews/{review.uuid}/step/inbox/" in page
    history = page.split('id="reviews-history-title"')[1]
    assert history.index("Weekly review") < history.index("Daily shutdown")
    assert "Mood 4/5" in page and "Energy 2/5" in page and "In progress" in page


def test_the_pages_need_a_sign_in(client, db):
    for url in ("/reviews/", "/reviews/shutdown/", "/reviews/weekly/"):
        response = client.get(url)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]


# --- The daily shutdown --------------------------------------------------------------------------
def test_the_shutdown_lists_what_got_done_and_what_is_still_on_today(signed_in, alice, ws):
    today = _today()
    done = _task(alice, ws, "Shipped it")
    with as_user(alice.pk):
        task_complete(task=done, user=alice)
    _task(alice, ws, "Due today", due_date=today)
    _task(alice, ws, "Overdue", due_date=today - timedelta(days=2))
    pinned = _task(alice, ws, "Pinned")
    snoozed = _task(alice, ws, "Snoozed", due_date=today)
    with as_user(alice.pk):
        Task.objects.filter(pk=pinned.pk).update(pinned_on=today)
        Task.objects.filter(pk=snoozed.pk).update(snoozed_until=today)
    _task(alice, ws, "Next week", do_on=today + timedelta(days=7))
    _task(alice, ws, "Someday")
    page = signed_in.get("/reviews/shutdown/").content.decode()
    assert "Shipped it" in page
    for shown in ("Due today", "Overdue", "Pinned"):
        assert shown in page
    for hidden in ("Snoozed", "Next week", "Someday"):
        assert hidden not in page


def test_tomorrow_with_htmx_answers_the_row_in_place(signed_in, alice, ws):
    task = _task(alice, ws, "Due today", due_date=_today())
    response = signed_in.post(
        f"/reviews/shutdown/task/{task.uuid}/", {"action": "tomorrow"}, **HTMX
    )
    body = response.content.decode()
    assert response.status_code == 200 and "moved to tomorrow" in body
    assert "<html" not in body and f'id="shutdown-{task.uuid}"' in body
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).do_on == _today() + timedelta(days=1)


def test_a_plain_move_comes_back_to_the_page(signed_in, alice, ws):
    task = _task(alice, ws, "Due today", due_date=_today())
    response = signed_in.post(f"/reviews/shutdown/task/{task.uuid}/", {"action": "drop"})
    assert response.status_code == 302 and response["Location"] == "/reviews/shutdown/"
    page = signed_in.get("/reviews/shutdown/").content.decode()
    assert "Due today: dropped." in page  # the message, and the Moved list
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).status == TaskStatus.DROPPED


def test_a_bad_day_comes_back_by_the_row_with_422(signed_in, alice, ws):
    task = _task(alice, ws, "Due today", due_date=_today())
    url = f"/reviews/shutdown/task/{task.uuid}/"
    plain = signed_in.post(url, {"action": "day", "to": _today().isoformat()})
    assert plain.status_code == 422 and "Pick a day after today." in plain.content.decode()
    htmx = signed_in.post(url, {"action": "day", "to": "soon"}, **HTMX)
    assert htmx.status_code == 422 and "Pick a day, like" in htmx.content.decode()


def test_another_workspaces_task_is_a_404(signed_in, charlie, personas):
    task = _task(charlie, personas.personal(charlie), "Theirs")
    response = signed_in.post(f"/reviews/shutdown/task/{task.uuid}/", {"action": "drop"})
    assert response.status_code == 404


def test_saving_the_shutdown_confirms_and_links_back_to_today(signed_in, alice):
    response = signed_in.post(
        "/reviews/shutdown/", {"energy": "4", "mood": "3", "notes": "A good one"}
    )
    assert response.status_code == 302 and "saved=1" in response["Location"]
    page = signed_in.get(response["Location"]).content.decode()
    assert "Day closed." in page and 'href="/today/"' in page
    assert re.search(r'name="energy" value="4"[^>]*checked', page)
    [review] = _reviews(alice)
    assert (review.energy, review.mood, review.notes) == (4, 3, "A good one")
    signed_in.post("/reviews/shutdown/", {"energy": "5"})
    assert len(_reviews(alice)) == 1 and _reviews(alice)[0].energy == 5


def test_a_bad_shutdown_comes_back_with_its_messages_and_what_was_typed(signed_in, alice):
    long = "x" * (limits.REVIEW_NOTE_MAX + 1)
    response = signed_in.post("/reviews/shutdown/", {"energy": "9", "notes": long})
    page = response.content.decode()
    assert response.status_code == 422
    assert "Pick a number from 1 to 5." in page and "one line of 300 characters" in page
    assert long in page and _reviews(alice) == []


# --- The weekly review ---------------------------------------------------------------------------
def test_starting_the_weekly_review_goes_to_its_first_step(signed_in, alice):
    assert "Start weekly review" in signed_in.get("/reviews/weekly/").content.decode()
    response = signed_in.post("/reviews/weekly/")
    [review] = _reviews(alice)
    assert response["Location"] == f"/reviews/{review.uuid}/step/inbox/"
    page = signed_in.get(response["Location"]).content.decode()
    assert "Step 1 of 8" in page and "Empty the inbox" in page
    assert signed_in.get("/reviews/weekly/")["Location"] == f"/reviews/{review.uuid}/step/inbox/"


def test_every_step_renders(signed_in, alice, ws):
    review = _weekly(alice, ws)
    with as_user(alice.pk):
        project_create(workspace=ws, title="Garden")
        goal_create(workspace=ws, title="Run a 10k")
    for number, step in enumerate(STEPS, start=1):
        response = signed_in.get(f"/reviews/{review.uuid}/step/{step}/")
        assert response.status_code == 200 and f"Step {number} of 8" in response.content.decode()
    assert signed_in.get(f"/reviews/{review.uuid}/step/nope/").status_code == 404


def test_leaving_keeps_the_typed_answer_and_resumes_there(signed_in, alice, ws):
    review = _weekly(alice, ws)
    with as_user(alice.pk):
        project = project_create(workspace=ws, title="Garden")
    url = f"/reviews/{review.uuid}/step/projects/"
    left = signed_in.post(url, {f"next_step-{project.uuid}": "Buy seeds", "go": "leave"})
    assert left["Location"] == "/reviews/"
    assert signed_in.get("/reviews/weekly/")["Location"] == url
    page = signed_in.get(url).content.decode()
    assert 'value="Buy seeds"' in page and "Added as a task: Buy seeds" in page


def test_an_inbox_item_is_processed_in_place_with_htmx(signed_in, alice, ws):
    review = _weekly(alice, ws)
    with as_user(alice.pk):
        item = capture_add(workspace=ws, text="Call the plumber", created_by=alice)
    url = f"/reviews/{review.uuid}/inbox/{item.uuid}/"
    response = signed_in.post(url, {"action": "task"}, **HTMX)
    assert (
        response.status_code == 200 and "Made a task: Call the plumber" in response.content.decode()
    )
    again = signed_in.post(url, {"action": "task"})
    assert again.status_code == 302  # already processed: the step says so
    with as_user(alice.pk):
        assert Task.objects.filter(title="Call the plumber").count() == 1


def test_too_many_priorities_come_back_with_422_and_the_ticks(signed_in, alice, ws):
    review = _weekly(alice, ws)
    tasks = [_task(alice, ws, f"Task {n}", priority=3) for n in range(6)]
    picked = [f"task:{t.uuid}" for t in tasks]
    response = signed_in.post(
        f"/reviews/{review.uuid}/step/priorities/", {"picked": picked, "go": "next"}
    )
    page = response.content.decode()
    assert response.status_code == 422 and "Pick at most 5 priorities" in page
    assert page.count(" checked>") == 6


def test_finishing_shows_the_review_page_which_reads_the_same_later(signed_in, alice, ws):
    review = _weekly(alice, ws)
    done = _task(alice, ws, "Shipped")
    with as_user(alice.pk):
        task_complete(task=done, user=alice)
    url = f"/reviews/{review.uuid}/step/wins/"
    response = signed_in.post(
        url, {"wins": "Shipped the thing", "lessons": "Sleep", "go": "finish"}
    )
    assert response["Location"] == f"/reviews/{review.uuid}/"
    before = signed_in.get(response["Location"]).content.decode()
    assert "Shipped the thing" in before and "1 task done" in before
    with as_user(alice.pk):
        Task.objects.filter(pk=done.pk).update(title="Renamed", status=TaskStatus.OPEN)
        task_complete(task=_task(alice, ws, "Another"), user=alice)
    after = signed_in.get(response["Location"]).content.decode()
    assert "1 task done" in after and "Renamed" not in after
    assert signed_in.get(url)["Location"] == f"/reviews/{review.uuid}/"  # finished: no steps


def test_planned_vs_happened_on_the_next_weeks_page(signed_in, alice, ws):
    task = _task(alice, ws, "Write the report")
    with as_user(alice.pk):
        last, _ = services.weekly_start(workspace=ws, user=alice, today=_today() - timedelta(7))
        services.weekly_save_step(
            review=last, user=alice, step="priorities", data={"picked": [f"task:{task.uuid}"]}
        )
        services.weekly_finish(review=last, user=alice)
        task_complete(task=task, user=alice)
    review = _weekly(alice, ws)
    page = signed_in.get(f"/reviews/{review.uuid}/").content.decode()
    assert "Planned vs happened" in page and "Write the report" in page and "Done</span>" in page


# --- Whose reviews -------------------------------------------------------------------------------
def test_another_persons_review_is_a_404_even_in_a_shared_workspace(client, alice, bob, personas):
    with as_user(alice.pk):
        review, _ = services.weekly_start(workspace=personas.shared, user=alice, today=_today())
    client.force_login(bob)
    for url in (
        f"/reviews/{review.uuid}/",
        f"/reviews/{review.uuid}/step/inbox/",
        f"/reviews/{review.uuid}/delete/",
    ):
        assert client.get(url).status_code == 404


def test_delete_asks_then_deletes(signed_in, alice, ws):
    review = _weekly(alice, ws)
    url = f"/reviews/{review.uuid}/delete/"
    assert "Delete this review?" in signed_in.get(url).content.decode()
    assert _reviews(alice)
    assert signed_in.post(url)["Location"] == "/reviews/"
    assert _reviews(alice) == []


# --- Query counts --------------------------------------------------------------------------------
def _fill(user, ws, n):
    today = _today()
    with as_user(user.pk):
        for i in range(n):
            project_create(workspace=ws, title=f"Project {i}")
            goal_create(workspace=ws, title=f"Goal {i}")
            capture_add(workspace=ws, text=f"Thought {i}", created_by=user)
            task = task_create(workspace=ws, title=f"Task {i}", due_date=today, priority=2)
            if i % 2:
                task_complete(task=task, user=user)
            services.shutdown_save(
                workspace=ws, user=user, day=today - timedelta(days=i + 1), energy=3, mood=3
            )


def _pages(review):
    urls = ["/reviews/", "/reviews/shutdown/", f"/reviews/{review.uuid}/"]
    return urls + [f"/reviews/{review.uuid}/step/{step}/" for step in STEPS]


def test_every_page_makes_the_same_number_of_queries_for_3_or_30_rows(
    signed_in, alice, ws, django_assert_max_num_queries
):
    review = _weekly(alice, ws)
    _fill(alice, ws, 3)
    counts = {}
    for url in _pages(review):
        with django_assert_max_num_queries(40) as measured:
            assert signed_in.get(url).status_code == 200
        counts[url] = len(measured.captured_queries)
    _fill(alice, ws, 30)
    for url in _pages(review):
        with django_assert_max_num_queries(counts[url]):
            assert signed_in.get(url).status_code == 200


def test_routines_and_balance_show_charts_with_their_tables(signed_in, alice, ws):
    from minime.areas.services import area_create
    from minime.routines.services import check_in, routine_create

    review = _weekly(alice, ws)
    with as_user(alice.pk):
        area = area_create(workspace=ws, name="Health", weekly_target_minutes=120)
        routine = routine_create(
            workspace=ws,
            title="Stretch",
            recurrence="FREQ=DAILY",
            starts_on=review.period_start,
            area=area,
        )
        check_in(routine=routine, day=review.period_start, status="done")
    routines = signed_in.get(f"/reviews/{review.uuid}/step/routines/").content.decode()
    assert "<svg" in routines and "Show as a table" in routines and "Stretch" in routines
    balance = signed_in.get(f"/reviews/{review.uuid}/step/balance/").content.decode()
    assert "Health" in balance and "Show as a table" in balance
    with as_user(alice.pk):
        services.weekly_finish(review=review, user=alice)
        routine.delete()
    page = signed_in.get(f"/reviews/{review.uuid}/").content.decode()
    assert "Stretch" in page and "<svg" in page  # from the snapshot, after the routine went
