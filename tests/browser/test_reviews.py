"""Reviews in a real browser: a daily shutdown on a phone, and a weekly review from start to
finish, left in the middle and resumed with what was typed still there."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect

from minime.capture.services import capture_add
from minime.core.db import as_user
from minime.reviews.models import Review
from minime.tasks.models import Task
from minime.tasks.services import project_create, task_create
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}


def _local_today(user):
    return timezone.now().astimezone(user.tz).date()


def test_a_shutdown_on_a_phone(page: Page, live_server, personas, console_errors):
    alice = personas.alice
    ws = personas.personal(alice)
    today = _local_today(alice)
    with as_user(alice.pk):
        task = task_create(workspace=ws, title="Reply to the landlord", due_date=today)
        task_create(workspace=ws, title="Book the dentist", due_date=today)
    page.set_viewport_size(PHONE)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/reviews/shutdown/")
    expect(page.get_by_role("heading", name="Daily shutdown")).to_be_visible()

    row = page.locator(f"#shutdown-{task.uuid}")
    row.get_by_role("button", name="Tomorrow").click()
    expect(page.locator(f"#shutdown-{task.uuid}")).to_contain_text("moved to tomorrow")
    expect(page.get_by_text("Book the dentist", exact=True)).to_be_visible()  # the other row stays
    with as_user(alice.pk):
        assert Task.objects.get(pk=task.pk).do_on == today + timedelta(days=1)

    # The other one to a day picked on the row: the date field opens under "Pick a day"
    dentist = page.locator(".shutdown-row", has_text="Book the dentist")
    dentist.get_by_text("Pick a day").click()
    later = today + timedelta(days=9)
    dentist.get_by_label("Day to move “Book the dentist” to").fill(later.isoformat())
    dentist.get_by_role("button", name="Move").click()
    expect(dentist).to_contain_text("Book the dentist")
    expect(page.locator(".shutdown-row.is-done")).to_have_count(2)
    with as_user(alice.pk):
        assert Task.objects.get(title="Book the dentist").do_on == later

    page.locator("label[for='id_energy_3']").click()  # 4
    page.locator("label[for='id_mood_4']").click()  # 5
    page.get_by_label("One line about today (optional)").fill("Good day.")
    page.get_by_role("button", name="Save and close the day").click()
    expect(page.get_by_text("Day closed.")).to_be_visible()
    expect(page.get_by_role("link", name="Back to Today")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    with as_user(alice.pk):
        review = Review.objects.get()
    assert (review.energy, review.mood, review.notes) == (4, 5, "Good day.")
    assert [m["title"] for m in review.snapshot["moved"]] == [
        "Reply to the landlord",
        "Book the dentist",
    ]
    assert console_errors == []


def test_a_weekly_review_left_in_the_middle_and_resumed(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    ws = personas.personal(alice)
    with as_user(alice.pk):
        capture_add(workspace=ws, text="Call the plumber", created_by=alice)
        project = project_create(workspace=ws, title="Garden")
        task_create(workspace=ws, title="Write the report", priority=3)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/reviews/")
    page.get_by_role("button", name="Start weekly review").click()
    expect(page.get_by_text("Step 1 of 8")).to_be_visible()

    # Step 1: the inbox item becomes a task in place.
    page.get_by_role("button", name="Make task").click()
    expect(page.get_by_text("Made a task: Call the plumber")).to_be_visible()
    page.get_by_role("button", name="Next").click()

    # Step 2: a next step for the project, then leave.
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    page.get_by_label("Next step").fill("Buy seeds")
    page.get_by_role("button", name="Leave and continue later").click()
    expect(page.get_by_role("heading", name="Reviews", level=1)).to_be_visible()

    # Resume: the typed answer is still there.
    page.get_by_role("link", name="Resume weekly review").click()
    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    expect(page.get_by_label("Next step")).to_have_value("Buy seeds")
    with as_user(alice.pk):
        assert Task.objects.filter(project=project, title="Buy seeds").count() == 1

    for number in range(2, 7):
        page.get_by_role("button", name="Next").click()
        expect(page.get_by_text(f"Step {number + 1} of 8")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile("Write the report")).check()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Step 8 of 8")).to_be_visible()
    page.get_by_label("Wins").fill("Cleared the inbox.")
    page.get_by_label("Lessons").fill("Mornings are for deep work.")
    page.get_by_role("button", name="Finish").click()

    expect(page.get_by_role("heading", name="Weekly review", level=1)).to_be_visible()
    expect(page.get_by_text("Cleared the inbox.")).to_be_visible()
    expect(page.get_by_role("link", name="Write the report")).to_be_visible()
    review_url = page.url

    page.goto(f"{live_server.url}/reviews/")
    page.get_by_role("link", name="Weekly review").first.click()
    assert page.url == review_url
    expect(page.get_by_text("Mornings are for deep work.")).to_be_visible()
    assert console_errors == []
