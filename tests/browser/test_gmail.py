"""Gmail in a real browser: connected through a local fake Google's consent screen, the inbox
pulled, one message turned into a task through Smart Add's preview and another into an inbox
item, a revoked access shown as "connect again", and disconnected (the grant revoked at the fake
Google)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.capture.models import CaptureItem, CaptureSource
from minime.core.db import SERVICE_DB
from minime.gmail.models import GmailConnection, PulledMessage
from minime.gmail.tests import fake_google
from minime.tasks.models import Task
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_layout import settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]


@pytest.fixture
def google(settings):
    fake = fake_google.start()
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    for name, value in fake.settings().items():
        setattr(settings, name, value)
    fake.email = "max@example.com"
    fake.inbox[0].subject = "Renew the passport before Friday"
    fake.inbox[1].subject = "Photos from the weekend"
    yield fake
    fake.close()


def test_connect_gmail_pull_make_a_task_and_disconnect(
    page: Page, live_server, google, console_errors
):
    user = user_create(email="max@example.com", password=PASSWORD, display_name="Max")
    plan_set(user=user, plan=Plan.MAX)
    base = live_server.url
    sign_in(page, base, "max@example.com")
    expect(page).to_have_url(base + "/today/")

    # Connect: Settings → Email, Google's consent screen, and back.
    page.goto(base + "/accounts/settings/email/")
    expect(page.get_by_role("heading", name="Email", level=1)).to_be_visible()
    page.get_by_role("button", name="Connect Gmail").click()
    expect(page).to_have_url(re.compile(re.escape(google.base + "/o/oauth2/v2/auth?")))
    expect(page.get_by_text("Mini Me OS wants to access your Google Account")).to_be_visible()
    page.get_by_role("button", name="Allow").click()
    expect(page).to_have_url(base + "/email/")
    expect(page.get_by_text("Gmail connected: max@example.com")).to_be_visible()

    # Pull: the latest 30, newest first.
    page.get_by_role("button", name="Pull inbox").click()
    expect(page.get_by_text("Read the latest 30 messages.")).to_be_visible()
    rows = page.locator("[data-gmail-message]")
    expect(rows).to_have_count(30)
    expect(rows.first).to_contain_text("Renew the passport before Friday")
    expect(rows.first).to_contain_text("sender0@example.com")
    settled(page)

    # One message becomes a task through Smart Add's preview, and the page comes back.
    page.get_by_role("button", name="Make a task: Renew the passport before Friday").click()
    expect(page.locator(".preview-line")).to_have_count(1)
    page.get_by_role("button", name="Create").click()
    expect(page).to_have_url(base + "/email/")
    expect(page.get_by_text("Created 1 item")).to_be_visible()
    task = Task.objects.using(SERVICE_DB).get()
    assert task.title.startswith("Renew the passport")
    assert task.due_date is not None  # "before Friday" was read as a date

    # Another becomes an inbox item.
    page.get_by_role("button", name="Add to inbox: Photos from the weekend").click()
    expect(page.get_by_text("“Photos from the weekend” is in your inbox.")).to_be_visible()
    item = CaptureItem.objects.using(SERVICE_DB).get()
    assert item.source == CaptureSource.EMAIL and item.text.startswith("Photos from the weekend")
    page.goto(base + "/capture/")
    expect(page.locator("#capture-rows")).to_contain_text("Photos from the weekend")

    # The access is removed at Google: the page says to connect again.
    google.break_grants()
    page.goto(base + "/email/")
    page.get_by_role("button", name="Pull inbox").click()
    expect(page.locator("[data-gmail-problem]")).to_contain_text("Connect Gmail again")
    expect(page.locator("[data-gmail-message]")).to_have_count(0)
    page.goto(base + "/accounts/settings/email/")
    expect(page.locator("[data-gmail-reconnect]")).to_be_visible()

    # Connect again, then disconnect: the grant is revoked at Google and nothing is kept.
    page.get_by_role("button", name="Connect again").click()
    page.get_by_role("button", name="Allow").click()
    expect(page).to_have_url(base + "/email/")
    token_count = len(google.refresh_tokens)
    assert token_count == 1
    page.goto(base + "/accounts/settings/email/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Disconnect").click()
    expect(page.get_by_text("Google was told to withdraw the access")).to_be_visible()
    assert len(google.revoked) == 1 and not google.refresh_tokens
    assert not GmailConnection.objects.using(SERVICE_DB).exists()
    assert not PulledMessage.objects.using(SERVICE_DB).exists()
    expect(page.get_by_role("button", name="Connect Gmail")).to_be_visible()
    # The one refused pull answered 422 (the browser logs it); nothing else went wrong.
    assert [e for e in console_errors if "422" not in e] == []
    assert len(console_errors) == 1
