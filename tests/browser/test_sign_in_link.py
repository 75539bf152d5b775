"""Signing in with an emailed one-time link, in a real browser."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_signing_in_with_an_emailed_link_once(page: Page, live_server, alice, console_errors):
    base = live_server.url
    page.goto(base + "/accounts/sign-in/")
    page.get_by_role("link", name="Email me a sign-in link").click()
    page.get_by_label("Email").fill("alice@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", name="Check your inbox")).to_be_visible()

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/accounts/sign-in/link/\S+", str(message.body))
    assert link, message.body
    path = "/" + link.group(0).split("://", 1)[1].split("/", 1)[1]
    page.goto(base + path)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/today/")

    page.get_by_role("button", name="Sign out").click()
    assert console_errors == []

    page.goto(base + path)  # single use: answered with a 400 page
    expect(page.get_by_role("heading", name="This link doesn't work")).to_be_visible()
    expect(page.get_by_role("link", name="Email me a new link")).to_be_visible()
