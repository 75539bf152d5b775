"""Smart Add in a real browser: a paragraph → the preview → edit a line → Create; Cancel saves
nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.services import user_create
from minime.core.db import as_user
from minime.routines.models import Routine
from minime.tasks.models import Task
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARAGRAPH = (
    "Call mom tomorrow at 5pm. Gym every Mon, Wed and Fri at 7am.\n- Renew passport in 2 weeks !!"
)


def _sign_in(page: Page, base: str) -> object:
    user = user_create(email="finn@example.com", password=PASSWORD, display_name="Finn")
    sign_in(page, base, "finn@example.com")
    expect(page).to_have_url(base + "/today/")
    return user


def test_smart_add_a_paragraph_edit_a_line_and_create(page: Page, live_server, console_errors):
    base = live_server.url
    user = _sign_in(page, base)

    page.locator(".today-add textarea").fill(PARAGRAPH)
    page.get_by_role("button", name="Smart add").click()
    lines = page.locator(".preview-line")
    expect(lines).to_have_count(3)
    expect(lines.nth(0).get_by_label("Title")).to_have_value("Call mom")
    expect(lines.nth(0).get_by_label("Time")).to_have_value("17:00")
    expect(lines.nth(1).get_by_label("Kind")).to_have_value("routine")

    lines.nth(0).get_by_label("Title").fill("Call mum about Sunday")
    lines.nth(2).get_by_label("Priority").select_option("high")
    page.get_by_role("button", name="Create").click()

    expect(page).to_have_url(base + "/today/")
    expect(page.get_by_text("Created 3 items")).to_be_visible()
    with as_user(user.pk):  # type: ignore[attr-defined]
        tasks = dict(Task.objects.values_list("title", "priority"))
        routines = list(Routine.objects.values_list("title", flat=True))
    assert tasks == {"Call mum about Sunday": 0, "Renew passport": 3}
    assert routines == ["Gym"]
    assert console_errors == []


def test_cancel_creates_nothing(page: Page, live_server, console_errors):
    base = live_server.url
    user = _sign_in(page, base)
    page.goto(base + "/capture/")
    page.locator(".capture-add textarea").fill("Buy milk; water the plants")
    page.get_by_role("button", name="Smart add").click()
    expect(page.locator(".preview-line")).to_have_count(2)
    page.get_by_role("link", name="Cancel").click()
    expect(page).to_have_url(base + "/capture/")
    with as_user(user.pk):  # type: ignore[attr-defined]
        assert not Task.objects.exists()
    assert console_errors == []
