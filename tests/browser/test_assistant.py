"""The Assistant in a real browser: How did my week go? names this week's completions with
working links, and the question box routes a typed question (htmx swap), lists what it can
answer otherwise, and works with JavaScript turned off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from minime.core.db import as_user
from minime.focus.services import session_end, session_start
from minime.tasks.services import task_complete, task_create
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alices_week(personas):
    """Two tasks done, a 30-minute focus session and an overdue task, made through services."""
    alice = personas.alice
    now = timezone.now()
    with as_user(alice.pk):
        ws = personas.personal(alice)
        done = [
            task_create(workspace=ws, title=title, created_by=alice)
            for title in ("Send the invoice", "Book the dentist")
        ]
        for task in done:
            task_complete(task=task, user=alice, now=now)
        session = session_start(
            workspace=ws, user=alice, minutes=45, now=now - timedelta(minutes=30)
        )
        session_end(session=session, now=now)
        task_create(
            workspace=ws,
            title="Renew the passport",
            created_by=alice,
            due_date=timezone.localdate() - timedelta(days=3),
        )
    return {task.title: task.uuid for task in done}


def test_how_did_my_week_go_names_the_weeks_work_with_working_links(
    page: Page, live_server, alices_week, console_errors
):
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/ai/assistant/")
    page.get_by_role("button", name="How did my week go?").click()
    answer = page.locator('[data-answer="week"]')
    expect(answer).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/ai/assistant/")  # swapped in by htmx
    expect(answer).to_contain_text("You completed 2 tasks")
    expect(answer).to_contain_text("Focus")
    answer.get_by_role("link", name="Send the invoice").click()
    expect(page).to_have_url(f"{live_server.url}/tasks/{alices_week['Send the invoice']}/")
    expect(page.locator("main")).to_contain_text("Send the invoice")
    assert console_errors == []


def test_the_question_box_routes_a_question_and_lists_the_presets_otherwise(
    page: Page, live_server, alices_week, console_errors
):
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/ai/assistant/")
    box = page.get_by_label("Your question")
    box.fill("anything overdue?")
    page.get_by_role("button", name="Ask", exact=True).click()
    answer = page.locator('[data-answer="overdue"]')
    expect(answer).to_contain_text("1 task is overdue")
    expect(answer.get_by_role("link", name="Renew the passport")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/ai/assistant/")  # swapped in by htmx
    expect(answer.get_by_role("button", name="Rewrite in plain words")).to_have_count(0)

    box.fill("what's the weather")
    box.press("Enter")
    none = page.locator('[data-answer="none"]')
    expect(none).to_contain_text("I can answer these:")
    none.get_by_role("link", name="How did my week go?").click()
    expect(page.locator('[data-answer="week"]')).to_contain_text("You completed 2 tasks")
    assert console_errors == []


def test_the_question_box_works_without_javascript(browser: Browser, live_server, alices_week):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
        page.goto(f"{live_server.url}/ai/assistant/")
        page.get_by_label("Your question").fill("anything overdue?")
        page.get_by_role("button", name="Ask", exact=True).click()
        expect(page).to_have_url(f"{live_server.url}/ai/assistant/?q=anything+overdue%3F")
        answer = page.locator('[data-answer="overdue"]')
        expect(answer).to_contain_text("1 task is overdue")
        expect(page.get_by_label("Your question")).to_have_value("anything overdue?")

        page.get_by_label("Your question").fill("what's the weather")
        page.get_by_role("button", name="Ask", exact=True).click()
        expect(page.locator('[data-answer="none"]')).to_contain_text("I can answer these:")
        page.get_by_role("link", name="How did my week go?").click()
        week = page.locator('[data-answer="week"]')
        expect(week).to_contain_text("You completed 2 tasks")
        week.get_by_role("link", name="Book the dentist").click()
        expect(page).to_have_url(f"{live_server.url}/tasks/{alices_week['Book the dentist']}/")
        expect(page.locator("main")).to_contain_text("Book the dentist")
    finally:
        context.close()
