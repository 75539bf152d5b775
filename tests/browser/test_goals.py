"""The goal page in a real browser: htmx milestone actions under the strict CSP."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.core.db import as_user
from minime.goals import services
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_adding_and_completing_milestones_updates_the_progress_in_place(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    with as_user(alice.pk):
        goal = services.goal_create(workspace=personas.personal(alice), title="Run a half marathon")
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/goals/")
    expect(page.get_by_text("Needs a first step")).to_be_visible()
    page.get_by_role("link", name="Run a half marathon").click()

    page.get_by_role("textbox", name="New milestone").fill("5 km")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_text("0 of 1 milestone")).to_be_visible()
    expect(
        page.get_by_role("textbox", name="New milestone")
    ).to_be_focused()  # ready for the next one
    page.get_by_role("textbox", name="New milestone").fill("10 km")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.get_by_text("0 of 2 milestones")).to_be_visible()

    page.get_by_role("button", name="Complete 5 km").click()
    expect(page.get_by_text("1 of 2 milestones · 50%")).to_be_visible()
    expect(page.locator("#goal-progress progress")).to_have_attribute("value", "50")
    page.get_by_role("button", name="Reopen 5 km").click()
    expect(page.get_by_text("0 of 2 milestones · 0%")).to_be_visible()

    page.get_by_role("button", name="Move 10 km up").click()
    expect(page.locator(".milestone-title").first).to_have_text("10 km")
    assert page.url == f"{live_server.url}/goals/{goal.uuid}/"  # no page loads: htmx swaps
    assert console_errors == []
