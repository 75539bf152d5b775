"""The API's documentation page works offline, under the strict Content-Security-Policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_every_section_without_errors(
    page: Page, live_server, alice, console_errors
):
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    page.goto(live_server.url + "/api/v1/docs")
    expect(page.get_by_text("Mini Me OS API").first).to_be_visible()
    for tag in ("Tasks", "Projects", "Goals", "Routines", "Capture", "Life areas"):
        expect(page.locator(".opblock-tag", has_text=tag).first).to_be_visible()
    assert outside == []
    assert console_errors == []
