"""Keyboard first: add, move through, complete and navigate without the mouse."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from minime.core.db import as_user
from minime.tasks.models import Task
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_common_moves_work_from_the_keyboard(page: Page, live_server, alice):
    page.set_default_timeout(15_000)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)

    page.goto(live_server.url + "/tasks/")
    add = page.locator('[data-hotkey="add"]')
    expect(add).to_be_focused()  # an empty list starts in its add box
    page.keyboard.press("Escape")  # leave it
    expect(add).not_to_be_focused()
    page.keyboard.press("n")  # focus the add box
    expect(add).to_be_focused()
    page.keyboard.type("Water the plants")
    page.keyboard.press("Enter")
    expect(page.locator("[data-row]").filter(has_text="Water the plants")).to_be_visible()

    page.keyboard.press("j")  # select the first row
    expect(page.locator("[data-row].is-selected")).to_contain_text("Water the plants")
    page.keyboard.press("x")  # complete it
    expect(page.locator("[data-row]").filter(has_text="Water the plants")).to_contain_text("✓")
    with as_user(alice.pk):
        assert Task.objects.get(title="Water the plants").status == "done"

    page.keyboard.press("/")  # search box
    expect(page.locator('[data-hotkey="search"]')).to_be_focused()
    page.keyboard.press("Escape")

    page.keyboard.press("?")  # the list of shortcuts
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    page.keyboard.press("Escape")

    page.keyboard.press("g")
    page.keyboard.press("i")  # go to the inbox
    expect(page).to_have_url(re.compile(r"/capture/$"))
