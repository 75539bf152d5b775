"""User journeys in a real browser: Playwright driving Debian's Chromium against a live server."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "timezone_id": "Europe/Berlin"}


def _path_from(body: object, marker: str) -> str:
    url = next(line.strip() for line in str(body).splitlines() if marker in line)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_sign_up_confirm_use_the_shell_sign_out_and_back_in(
    page: Page, live_server, console_errors
):
    base = live_server.url
    page.goto(base + "/")
    page.get_by_role("link", name="Create account").first.click()
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Your name").fill("Dana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()
    assert not User.objects.filter(email="dana@example.com").exists()

    (message,) = mail.outbox
    assert message.to == ["dana@example.com"]
    page.goto(base + _path_from(message.body, "/accounts/sign-up/confirm/"))
    page.get_by_role("button", name="Confirm and sign in").click()

    expect(page.get_by_role("heading", name="Welcome, Dana")).to_be_visible()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    expect(page.get_by_role("complementary", name="Sidebar")).to_contain_text("Settings")
    # The browser's time zone was picked up at sign-up.
    assert User.objects.get(email="dana@example.com").time_zone == "Europe/Berlin"
    assert page.evaluate("typeof window.htmx") == "object"  # htmx loads under the strict CSP

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in").first).to_be_visible()
    page.goto(base + "/home/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/home/$"))

    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/home/")
    expect(page.get_by_role("heading", name="Hello, Dana")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Create account").first).to_be_visible()
    assert console_errors == []


def test_a_wrong_password_says_so_and_keeps_the_email(page: Page, live_server, alice):
    sign_in(page, live_server.url, "alice@example.com", "not her password")
    expect(page.get_by_role("alert")).to_contain_text("don't match")
    expect(page.get_by_label("Email")).to_have_value("alice@example.com")


def test_password_reset_through_the_outbox(page: Page, live_server, alice, console_errors):
    base = live_server.url
    page.goto(base + "/accounts/sign-in/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    (message,) = mail.outbox
    link = base + _path_from(message.body, "/accounts/password/reset/")
    page.goto(link)
    page.get_by_label("New password", exact=True).fill("a brand new passphrase 7")
    page.get_by_label("New password confirmation").fill("a brand new passphrase 7")
    page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", name="Password saved")).to_be_visible()

    page.goto(link)  # single use
    expect(page.get_by_role("heading", name="This link doesn't work")).to_be_visible()

    sign_in(page, base, "alice@example.com", "a brand new passphrase 7")
    expect(page).to_have_url(base + "/today/")
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    assert console_errors == []


def test_the_service_worker_serves_the_offline_page(page: Page, live_server, context):
    base = live_server.url
    page.goto(base + "/accounts/sign-in/")
    page.evaluate("async () => { await navigator.serviceWorker.ready; }")
    page.reload()  # now controlled by the installed worker
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)
    page.goto(base + "/home/")
    expect(page.get_by_role("heading", name="You're offline")).to_be_visible()
    context.set_offline(False)


def test_an_operator_changes_a_plan_in_the_admin(page: Page, live_server, alice, console_errors):
    operator = User.objects.create_superuser("ops@example.com", PASSWORD)
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Email address").fill(operator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Users").click()
    page.get_by_role("link", name="alice@example.com").click()
    page.locator("#id_plan").select_option("pro")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text("was changed successfully")).to_be_visible()
    alice.refresh_from_db()
    assert alice.plan == "pro"
    assert console_errors == []
