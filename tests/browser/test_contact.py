"""The contact form in a real browser: a visitor's refused first try keeps what they typed, the
message is sent and a copy mailed; the operator answers it in the admin and the reply is mailed to
the visitor."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from minime.core.db import SERVICE_DB
from minime.support.models import ContactMessage
from tests.browser.conftest import PASSWORD, wait_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]

VISITOR = "visitor@example.com"


def test_a_visitor_writes_and_the_operator_answers_from_the_admin(
    page: Page, live_server, console_errors
):
    operator = User.objects.create_superuser("ops@example.com", PASSWORD)
    base = live_server.url

    page.goto(base + "/contact/")
    page.get_by_label("What is it about?").select_option("problem")
    page.get_by_label("Your email address").fill(VISITOR)
    page.get_by_role("button", name="Send the message").click()
    expect(page.locator("#id_message_errors")).to_have_text("Write your message.")
    expect(page.get_by_label("Your email address")).to_have_value(VISITOR)
    expect(page.get_by_label("What is it about?")).to_have_value("problem")
    violations = [  # the visitor's page, as refused: the layout test sees it signed in
        v["id"]
        for v in Axe().run(page).response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert violations == []
    page.get_by_label("Your message").fill("The export button does nothing.\nOn Firefox.")
    page.get_by_role("button", name="Send the message").click()
    expect(page.get_by_role("heading", name="Thank you, your message is sent")).to_be_visible()
    expect(page.get_by_text(VISITOR)).to_be_visible()
    wait_for(lambda: len(mail.outbox) == 1)
    (copy,) = mail.outbox
    assert copy.to == [VISITOR]
    assert "> The export button does nothing.\n> On Firefox." in str(copy.body)

    page.goto(base + "/admin/")
    page.get_by_label("Email address").fill(operator.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Contact messages").click()
    page.locator("#result_list").get_by_role("link", name="Something isn't working").click()
    expect(page.get_by_text("The export button does nothing.")).to_be_visible()
    page.get_by_label("Reply").fill("Thank you: it is fixed in today's release.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_text(f"Reply sent to {VISITOR}.")).to_be_visible()
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)

    wait_for(lambda: len(mail.outbox) == 2)
    reply = mail.outbox[1]
    assert reply.to == [VISITOR]
    assert reply.subject == "Re: your message to Mini Me OS"
    assert str(reply.body).startswith("Hello,\n\nThank you: it is fixed in today's release.\n")
    assert "> The export button does nothing.\n> On Firefox." in str(reply.body)
    kept = ContactMessage.objects.using(SERVICE_DB).get()
    assert (kept.reply, kept.replied_by_id) == (
        "Thank you: it is fixed in today's release.",
        operator.pk,
    )
    # The refused first try is shown on the page; the console has only the browser's note of it.
    assert [e for e in console_errors if "422" not in e] == []
