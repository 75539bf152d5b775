"""The service worker in a real browser: it installs and activates without an error, and a tapped
notification leads to the page its data names (Today by default, never another site), focusing
a window already there. A headless browser cannot tap a notification, so the worker's own
functions are run inside it, on the windows it really sees."""

from __future__ import annotations

import pytest
from playwright.sync_api import BrowserContext, Page, Worker

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _worker(page: Page, context: BrowserContext, base: str) -> Worker:
    page.goto(base + "/accounts/sign-in/")
    # `ready` has an active worker, maybe still activating: wait until it is activated.
    page.evaluate(
        """async () => {
            const worker = (await navigator.serviceWorker.ready).active;
            while (worker.state !== "activated") {
                await new Promise((resolve) => worker.addEventListener("statechange", resolve));
            }
        }"""
    )
    (worker,) = [w for w in context.service_workers if w.url == base + "/sw.js"]
    return worker


def test_the_worker_activates_and_sends_a_tapped_notification_to_its_page(
    page: Page, live_server, context, console_errors
):
    base = live_server.url
    worker = _worker(page, context, base)
    assert worker.evaluate("self.registration.active.state") == "activated"
    assert worker.evaluate("self.registration.scope") == base + "/"

    targets = worker.evaluate(
        """(base) => [
            undefined,
            {},
            { url: "/focus/" },
            { url: base + "/tasks/?due=overdue" },
            { url: "https://elsewhere.example/phish" },
            { url: "javascript:alert(1)" },
            { url: 42 },
        ].map((data) => notificationTarget(data).href)""",
        base,
    )
    assert targets == [
        base + "/today/",
        base + "/today/",
        base + "/focus/",
        base + "/tasks/?due=overdue",
        base + "/today/",
        base + "/today/",
        base + "/today/",
    ]

    # The windows the worker sees: the sign-in page is open, Today is not.
    found = worker.evaluate(
        """async () => {
            const windows = await self.clients.matchAll({
                type: "window",
                includeUncontrolled: true,
            });
            return ["/accounts/sign-in/", "/accounts/sign-in/?next=/focus/", "/today/"].map(
                (url) => {
                    const open = windowShowing(windows, notificationTarget({ url }));
                    return open ? new URL(open.url).pathname : null;
                }
            );
        }"""
    )
    assert found == ["/accounts/sign-in/", None, None]
    assert console_errors == []


# Shows a notification with `data`, taps it (a synthetic notificationclick: the worker's own
# listener runs), and records what the worker then does with the windows: a headless browser
# lets no script focus or open one, so those two calls are recorded instead.
TAP = """async (data) => {
    const done = [];
    self.clients.openWindow = async (url) => { done.push(["open", url]); return null; };
    WindowClient.prototype.focus = async function () {
        done.push(["focus", this.url]);
        return this;
    };
    await self.registration.showNotification("Time is up", { data, tag: "tap" });
    const [shown] = await self.registration.getNotifications({ tag: "tap" });
    self.dispatchEvent(new NotificationEvent("notificationclick", { notification: shown }));
    for (let i = 0; i < 50 && !done.length; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const left = await self.registration.getNotifications({ tag: "tap" });
    return { done, left: left.length };
}"""


@pytest.mark.parametrize(
    ("data", "done"),
    [
        (None, ["open", "/today/"]),
        ({"url": "/focus/"}, ["open", "/focus/"]),
        ({"url": "https://elsewhere.example/"}, ["open", "/today/"]),
        ({"url": "/accounts/sign-in/"}, ["focus", "/accounts/sign-in/"]),
    ],
)
def test_tapping_a_notification_closes_it_and_brings_up_its_page(
    page: Page, live_server, context, data, done
):
    base = live_server.url
    context.grant_permissions(["notifications"], origin=base)
    worker = _worker(page, context, base)
    answer = worker.evaluate(TAP, data)
    assert answer == {"done": [[done[0], base + done[1]]], "left": 0}
