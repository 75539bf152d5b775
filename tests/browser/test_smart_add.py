"""Smart Add in a real browser: a paragraph → the preview (one compact card per item) → edit a
line → Create; Cancel saves nothing; the preview's URL opened again brings the text back to the
Add box; eight lines make a page that fits a couple of screens."""

from __future__ import annotations

import re

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
    expect(lines.nth(0).locator("[data-chip=time]")).to_have_text("17:00")
    expect(lines.nth(1).locator("[data-chip=kind]")).to_have_text("Routine")
    expect(lines.nth(1).locator("[data-chip=repeat]")).to_contain_text("Every week on Mon, Wed")
    # The fields wait behind Edit, the raw rule behind Advanced.
    expect(lines.nth(0).get_by_label("Time")).to_be_hidden()
    lines.nth(1).get_by_text("Edit").click()
    expect(lines.nth(1).get_by_label("Kind")).to_have_value("routine")
    expect(lines.nth(1).get_by_label("Repeat rule (RRULE)")).to_be_hidden()

    lines.nth(0).get_by_label("Title").fill("Call mum about Sunday")
    lines.nth(0).get_by_text("Edit").click()
    lines.nth(0).get_by_label("Repeats").select_option(label="Every day")
    lines.nth(2).get_by_text("Edit").click()
    lines.nth(2).get_by_label("Priority").select_option("high")
    page.get_by_role("button", name="Create").click()

    expect(page).to_have_url(base + "/today/")
    expect(page.get_by_text("Created 3 items")).to_be_visible()
    with as_user(user.pk):  # type: ignore[attr-defined]
        tasks = {
            t: (p, r) for t, p, r in Task.objects.values_list("title", "priority", "recurrence")
        }
        routines = list(Routine.objects.values_list("title", "recurrence"))
    assert tasks == {"Call mum about Sunday": (0, "FREQ=DAILY"), "Renew passport": (3, "")}
    assert [title for title, _ in routines] == ["Gym"]
    assert routines[0][1].startswith("FREQ=WEEKLY;BYDAY=MO,WE,FR")
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


def test_the_preview_url_opened_again_brings_the_text_back(page: Page, live_server, console_errors):
    base = live_server.url
    _sign_in(page, base)
    page.locator(".today-add textarea").fill("Buy oat milk\nWater the plants")
    page.get_by_role("button", name="Smart add").click()
    expect(page.locator(".preview-line")).to_have_count(2)
    page.goto(base + "/ai/smart-add/")  # the address bar: a GET
    expect(page).to_have_url(re.compile(r"/today/\?text="))
    expect(page.locator(".today-add textarea")).to_have_value("Buy oat milk\nWater the plants")
    expect(page.get_by_text("Your text is back in the box")).to_be_visible()
    assert console_errors == []


EIGHT_LINES = "\n".join(
    [
        "Call mom tomorrow at 5pm",
        "Gym every Mon, Wed and Fri at 7am",
        "Renew passport in 2 weeks !!",
        "Water the plants every Sunday",
        "Finish the quarterly report for the board meeting by Friday p1 2h #Work",
        "Buy groceries for the week @errands",
        "Book the dentist appointment next Tuesday 30m",
        "note: the wifi code is 4471",
    ]
)
# Eight lines used to make a 5,000 px page of forms; the compact cards fit in about two screens.
EIGHT_LINES_MAX_HEIGHT = 2_500


def test_eight_lines_make_a_compact_preview(page: Page, live_server, console_errors):
    base = live_server.url
    _sign_in(page, base)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(base + "/today/")
    page.wait_for_load_state("load")
    before = page.evaluate("document.documentElement.scrollHeight")
    page.locator(".today-add textarea").fill(EIGHT_LINES)
    page.get_by_role("button", name="Smart add").click()
    lines = page.locator(".preview-line")
    expect(lines).to_have_count(8)
    page.wait_for_load_state("load")  # the page's stylesheets are in
    after = page.evaluate("document.documentElement.scrollHeight")
    print(f"document.scrollHeight: Today {before} px, preview of 8 lines {after} px")
    assert after <= EIGHT_LINES_MAX_HEIGHT, (before, after)
    # No title is cut off: each title box is as tall as its text.
    cut = page.evaluate(
        "[...document.querySelectorAll('.ai-item__title')]"
        ".filter(box => box.scrollHeight > box.clientHeight + 1).length"
    )
    assert cut == 0
    assert console_errors == []
