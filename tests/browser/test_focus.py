"""The focus timer in a real browser: the countdown survives a reload, Interrupted counts, the
notification comes when time is up, and an ended session lands in the list and the stats."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from minime.core.db import as_user
from minime.focus.models import FocusSession, SessionState
from minime.tasks.services import project_create, task_create
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The browser's Notification, recorded: a headless browser shows none, and asks no one.
FAKE_NOTIFICATION = """
window.__notified = [];
window.__asked = 0;
class FakeNotification {
  constructor(title, options) { window.__notified.push([title, options && options.body]); }
  addEventListener() {}
  close() {}
}
FakeNotification.permission = "%s";
FakeNotification.requestPermission = function () {
  window.__asked += 1;
  FakeNotification.permission = "%s";
  return Promise.resolve(FakeNotification.permission);
};
window.Notification = FakeNotification;
"""


def _countdown_seconds(page: Page) -> int:
    minutes, seconds = page.locator("[data-focus-countdown]").inner_text().split(":")
    return int(minutes) * 60 + int(seconds)


def _wait_for(condition, seconds: float = 5) -> None:
    """Poll `condition` (wait_for_function would evaluate a string: the CSP forbids that)."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the condition never held")


def _move_start(user, session: str, *, seconds: int) -> None:
    """Let `seconds` pass for the server: the session started that much earlier."""
    with as_user(user.pk):
        started = FocusSession.objects.get(uuid=session).started_at
        FocusSession.objects.filter(uuid=session).update(
            started_at=started - timedelta(seconds=seconds)
        )


def test_a_short_session_counts_down_survives_a_reload_and_lands_in_the_stats(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    with as_user(alice.pk):
        workspace = personas.personal(alice)
        project = project_create(workspace=workspace, title="Quarterly report")
        task_create(workspace=workspace, title="Write the summary", project=project)
    page.add_init_script(FAKE_NOTIFICATION % ("granted", "granted"))
    page.clock.install()
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/focus/")
    expect(page.get_by_text("No focus sessions yet")).to_be_visible()

    page.get_by_label("Task", exact=True).select_option(label="Write the summary")
    page.get_by_label("Focus minutes").fill("1")
    page.get_by_role("button", name="Start focus").click()
    timer = page.locator("[data-focus-countdown]")
    expect(timer).to_be_visible()
    expect(timer).to_have_text(re.compile(r"^(0:[0-5]\d|1:00)$"))
    expect(page.get_by_role("heading", name="Write the summary")).to_be_visible()
    expect(page.get_by_text("Ends at")).to_be_visible()
    expect(page.get_by_text("You will get a notification when time is up.")).to_be_visible()
    assert page.url == f"{live_server.url}/focus/"  # htmx: no page load
    session = page.locator("[data-focus-clock]").get_attribute("data-session") or ""

    # Twenty seconds pass on the server; the reloaded page counts on from its start time.
    _move_start(alice, session, seconds=20)
    page.reload()
    expect(timer).to_be_visible()
    assert page.locator("[data-focus-clock]").get_attribute("data-session") == session
    left = _countdown_seconds(page)
    assert 30 <= left <= 40
    page.clock.run_for(3000)
    assert _countdown_seconds(page) < left
    assert re.match(r"0:[0-5]\d · Focus", page.title())

    page.get_by_role("button", name="Interrupted").click()
    expect(page.get_by_text("1 interruption", exact=True)).to_be_visible()
    page.get_by_role("button", name="Interrupted").click()
    expect(page.get_by_text("2 interruptions", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Interrupted")).to_be_focused()

    # The minute passes (on the server too): time is up, and the browser says so.
    _move_start(alice, session, seconds=60)
    page.clock.run_for(60_000)
    expect(page.get_by_text("Time is up. Add a note if you like")).to_be_visible()
    expect(timer).to_have_text("0:00")
    _wait_for(lambda: page.evaluate("window.__notified.length") == 1)
    title, body = page.evaluate("window.__notified[0]")
    assert title == "Time is up" and body.startswith("Write the summary")

    page.get_by_label("Note (optional)").fill("Outline done, numbers next.")
    page.get_by_role("button", name="End session").click()
    expect(page.get_by_role("button", name="Start focus")).to_be_visible()
    recent = page.locator(".focus-session")
    expect(recent).to_have_count(1)
    expect(recent).to_contain_text("Write the summary")
    expect(recent).to_contain_text("Outline done, numbers next.")
    expect(recent).to_contain_text("1 of 1 min")
    expect(recent).to_contain_text("2 interruptions")
    stats = page.get_by_role("region", name="Focus time")
    expect(stats.locator(".focus-totals li").first).to_have_text("This week 1 min")
    expect(stats.get_by_role("table", name="By task")).to_contain_text("Write the summary")
    expect(stats.get_by_role("table", name="By project")).to_contain_text("Quarterly report")
    expect(page.get_by_role("heading", name="Break until")).to_be_visible()
    with as_user(alice.pk):
        stored = FocusSession.objects.get(uuid=session)
    assert stored.state == SessionState.ENDED and stored.interruptions == 2
    assert stored.actual_minutes == 1 and stored.note == "Outline done, numbers next."
    assert console_errors == []


def test_notifications_are_asked_for_only_on_the_button_and_a_refusal_is_explained(
    page: Page, live_server, personas, console_errors
):
    page.add_init_script(FAKE_NOTIFICATION % ("default", "denied"))
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/focus/")
    page.get_by_role("button", name="Start focus").click()  # free focus, the usual 25 minutes
    ask = page.get_by_role("button", name="Notify me when time is up")
    expect(ask).to_be_visible()
    assert page.evaluate("window.__asked") == 0
    ask.click()
    expect(page.get_by_text("Notifications are blocked for this site")).to_be_visible()
    expect(ask).to_be_hidden()
    assert page.evaluate("window.__asked") == 1
    assert console_errors == []
