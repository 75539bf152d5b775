"""The inbox in a real browser: Enter adds, the row buttons act in place through htmx."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from minime.capture.models import CaptureItem
from minime.core.db import as_user
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_capturing_and_sorting_the_inbox_without_reloading(page: Page, live_server, console_errors):
    user = User.objects.create_user("erin@example.com", PASSWORD, display_name="Erin")
    sign_in(page, live_server.url, user.email)

    page.goto(live_server.url + "/capture/")
    box = page.locator('[data-hotkey="add"]')
    for text in ("Renew passport", "Gift idea: a kite", "Old receipt"):
        box.fill(text)
        box.press("Enter")
        expect(page.get_by_text("Added to your inbox.")).to_be_visible()
    rows = page.locator("#capture-rows [data-row]")
    expect(rows).to_have_count(3)

    page.evaluate("window.__still_here = true")  # gone if the page reloads
    rows.nth(0).locator('[data-action="task"]').click()
    expect(page.get_by_text("Now a task: Renew passport")).to_be_visible()
    rows.nth(1).locator('[data-action="note"]').click()
    expect(page.get_by_text("Filed as a note.")).to_be_visible()
    rows.nth(2).locator('[data-action="delete"]').click()
    expect(page.get_by_text("Old receipt")).to_have_count(0)
    assert page.evaluate("window.__still_here") is True

    with as_user(user.pk):
        assert list(CaptureItem.objects.order_by("created_at").values_list("text", "kind")) == [
            ("Renew passport", "inbox"),
            ("Gift idea: a kite", "note"),
        ]
    page.goto(live_server.url + "/capture/notes/")
    expect(page.get_by_text("Gift idea: a kite")).to_be_visible()
    page.locator('[data-hotkey="search"]').press_sequentially("balloon")  # searches as you type
    expect(page.get_by_text("No notes contain “balloon”.")).to_be_visible()
    assert page.evaluate("window.__still_here") is None  # a new page, but no reload since
    page.evaluate("window.__still_here = true")
    page.locator('[data-hotkey="search"]').fill("kite")
    page.locator('[data-hotkey="search"]').dispatch_event("input")
    expect(page.get_by_text("Gift idea: a kite")).to_be_visible()
    assert page.evaluate("window.__still_here") is True
    assert console_errors == []
