"""The response headers as a real browser takes them: the Permissions-Policy names only features
it knows (powerful ones off, the microphone on for dictation), and signed-in pages being
`no-store` leaves the service worker's offline behaviour intact."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_browser_applies_the_permissions_policy_without_complaint(page: Page, live_server):
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.goto(live_server.url + "/accounts/sign-in/")
    allowed = set(page.evaluate("document.featurePolicy.allowedFeatures()"))
    assert [m for m in messages if "Permissions-Policy" in m] == []
    assert "microphone" in allowed
    assert not {"camera", "geolocation", "payment", "usb", "display-capture"} & allowed


def test_a_signed_in_person_still_gets_the_offline_page_and_cached_styles(
    page: Page, live_server, context, alice
):
    """Signed-in answers are `no-store`; the service worker must still install, take control
    and answer with its stored offline page and stylesheet when the network is gone."""
    client = Client()
    client.force_login(alice)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(live_server.url + "/today/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now controlled by the installed worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(live_server.url + "/tasks/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    styled = page.evaluate("[...document.styleSheets].some((s) => s.cssRules.length > 0)")
    context.set_offline(False)
    assert styled  # the stylesheet came from the worker's cache
