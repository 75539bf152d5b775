"""Today in a real browser: disagree with Start with and see the next task take its place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.services import user_create
from minime.core.db import as_user
from minime.tasks.services import task_create
from minime.workspaces.models import Workspace
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_today_days import zone_where_it_is

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_disagreeing_with_start_with_brings_the_next_task(page: Page, live_server, console_errors):
    # Mid-morning where Erin lives, whatever the hour the test runs: a plan, not the evening.
    user = user_create(
        email="erin@example.com",
        password=PASSWORD,
        display_name="Erin",
        time_zone=zone_where_it_is(10).key,
    )
    with as_user(user.pk):
        workspace = Workspace.objects.get(created_by=user, is_personal=True)
        for title, priority in (("Write the report", 3), ("Call the bank", 2), ("Tidy desk", 1)):
            task_create(workspace=workspace, title=title, priority=priority, created_by=user)

    base = live_server.url
    sign_in(page, base, "erin@example.com")
    expect(page).to_have_url(base + "/today/")
    card = page.locator(".today-start")
    expect(card).to_contain_text("Start with: Write the report")

    card.get_by_role("button", name="Not now").click()
    expect(card).to_contain_text("Start with: Call the bank")
    expect(page.get_by_role("status").filter(has_text="off Today until tomorrow")).to_be_visible()
    assert page.url == base + "/today/"  # htmx swapped the region in place

    page.get_by_role("button", name="Make this first: Tidy desk").click()
    expect(card).to_contain_text("Start with: Tidy desk")

    card.get_by_role("button", name="Done").click()
    expect(card).to_contain_text("Start with: Call the bank")
    expect(page.get_by_role("link", name="Today")).to_have_attribute(
        "aria-current", re.compile("page")
    )
    assert console_errors == []
