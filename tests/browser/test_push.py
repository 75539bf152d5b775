"""Web Push in a real browser: Settings → Notifications turns push on for the device, "Send a
test" reaches it through a push service, and the notification is in the list.

Chromium under Playwright cannot subscribe: its contexts are like incognito windows, where
Chrome turns the Push API off (it logs so), and it would need Google's push service, which the
offline tests cannot reach. So the press on "Turn on for this device" is checked up to what the
browser can do: the permission is granted, the service worker registers, the browser is asked
for a subscription and its refusal is explained on the page. The subscription itself is then made
by the test (keys generated here, the endpoint on the local fake push service) and posted from
the page to the same URL, with the page's CSRF token, exactly as push.js posts the browser's.
"""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import PERSONA_PASSWORD, sign_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


POST_SUBSCRIPTION = """async (subscription) => {
  const root = document.querySelector("[data-push]");
  const token = document.querySelector("[name=csrfmiddlewaretoken]").value;
  const response = await fetch(root.dataset.subscribeUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": token},
    body: JSON.stringify(subscription),
  });
  return [response.status, await response.text()];
}"""


def test_turning_push_on_sending_a_test_and_reading_it(
    page: Page, live_server, personas, fake, console_errors
):
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/accounts/settings/notifications/")
    expect(page.get_by_text("needs JavaScript")).to_be_hidden()
    turn_on = page.get_by_role("button", name="Turn on for this device")
    expect(turn_on).to_be_visible()
    assert page.evaluate("Notification.permission") == "granted"

    turn_on.click()
    status = page.locator("[data-push-status]")
    expect(status).not_to_have_text("Asking your browser…", timeout=15000)
    subscribed_by_browser = "on for this device" in status.inner_text()
    print("push.js said:", status.inner_text())
    if not subscribed_by_browser:
        # No push service reachable: the page says so instead of failing silently.
        expect(status).to_contain_text("push service")

    subscription = fake.subscription("chromium")
    answer = page.evaluate(POST_SUBSCRIPTION, subscription)
    assert answer[0] == 201, answer
    assert json.loads(answer[1])["name"] == "Chrome on Linux"
    page.reload()
    expect(page.get_by_text("Chrome on Linux", exact=True)).to_be_visible()
    expect(page.get_by_text("no notification yet")).to_be_visible()

    page.get_by_role("button", name="Send a test").click()
    expect(page.get_by_text("Test sent to 1 device.")).to_be_visible()
    wait_for(lambda: fake.payloads())
    (pushed,) = fake.payloads()
    assert pushed["title"] == "Test notification" and pushed["url"] == "/notifications/"
    assert fake.received[0].error == "" and fake.received[0].headers["urgency"] == "high"

    page.goto(f"{live_server.url}/notifications/")
    row = page.locator("[data-notification]").first
    expect(row).to_contain_text("Test notification")
    expect(row).to_contain_text("New")
    page.get_by_role("button", name="Mark all read").click()
    expect(page.locator(".notification--unread")).to_have_count(0)
    expect(page.get_by_role("button", name="Mark all read")).to_have_count(0)
    row.get_by_role("button").click()
    expect(page).to_have_url(f"{live_server.url}/notifications/")
    # Chromium logs why its subscribe failed: Playwright's contexts are like incognito windows.
    assert [e for e in console_errors if "Push API in incognito mode" not in e] == []


def test_without_javascript_the_page_says_push_needs_it(browser, live_server, personas):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/accounts/settings/notifications/")
    expect(page.get_by_text("needs JavaScript")).to_be_visible()
    expect(page.get_by_role("button", name="Turn on for this device")).to_be_hidden()
    page.get_by_label("From").fill("22:00")
    page.get_by_label("Until").fill("07:00")
    page.get_by_role("button", name="Save quiet hours").click()
    expect(page.get_by_text("Quiet from 22:00 to 07:00.")).to_be_visible()
    context.close()
