"""The task pages in a real browser: htmx row actions under the strict CSP."""

from __future__ import annotations

import os
from datetime import date, time

import pytest
from playwright.sync_api import Page, expect

from minime.core.db import as_user
from minime.tasks import services
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("MINIME_SCREENSHOTS")  # a folder, to look at the pages by eye


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def test_completing_moving_and_subtasks_swap_in_place(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    alice.time_zone = "Europe/Berlin"
    alice.save()
    with as_user(alice.pk):
        ws = personas.personal(alice)
        project = services.project_create(workspace=ws, title="Team")
        services.task_create(
            workspace=ws,
            title="Stand-up",
            due_date=date(2099, 3, 28),
            due_time=time(9, 0),
            recurrence="FREQ=DAILY",
            project=project,
            labels=["work"],
            priority=3,
        )
        services.task_create(workspace=ws, title="Buy stamps", estimate_minutes=10)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/tasks/")
    _shot(page, "tasks")

    page.get_by_role("button", name="Complete Stand-up").click()
    expect(page.get_by_text("Next: Sun 29 Mar")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen Stand-up")).to_be_visible()
    expect(page.get_by_role("button", name="Complete Stand-up")).to_be_visible()  # the next one

    page.get_by_role("button", name="Move Buy stamps up").click()
    expect(page.locator(".task-list > li .task-title").first).to_have_text("Buy stamps")

    page.get_by_role("link", name="Buy stamps").click()
    page.get_by_role("textbox", name="New subtask").fill("Find envelope")
    page.get_by_role("button", name="Add subtask").click()
    expect(page.get_by_role("button", name="Complete Find envelope")).to_be_visible()
    page.get_by_role("button", name="Complete Find envelope").click()
    expect(page.get_by_role("button", name="Reopen Find envelope")).to_be_visible()
    _shot(page, "task-detail")
    page.goto(f"{live_server.url}/tasks/projects/")
    _shot(page, "projects")
    page.goto(f"{live_server.url}/tasks/projects/{project.uuid}/")
    _shot(page, "project")
    assert console_errors == []
