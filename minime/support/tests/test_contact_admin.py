"""Operators read every message in the admin and answer it there: the reply is kept and emailed."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from minime.accounts.models import User
from minime.core.db import SERVICE_DB
from minime.support.models import ContactMessage
from minime.support.tests.factories import VISITOR, send, stored

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

LIST = "/admin/support/contactmessage/"


@pytest.fixture
def operator() -> User:
    return User.objects.create_superuser("ops@example.com", "an operator's passphrase 7")


@pytest.fixture
def ops(operator: User) -> Client:
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def visitor_message() -> ContactMessage:
    message = send(message="The export button does nothing.\nOn Firefox.", topic="problem")
    assert message is not None
    mail.outbox.clear()
    return message


def change_page(message: ContactMessage) -> str:
    return f"{LIST}{message.pk}/change/"


def test_the_list_shows_every_message_whoever_sent_it(ops, alice, visitor_message):
    send(user=alice, email=alice.email, message="Mine", topic="idea")
    html = ops.get(LIST).content.decode()
    assert VISITOR in html and "alice@example.com" in html
    assert "Something isn&#x27;t working" in html and "An idea or a wish" in html
    found = ops.get(LIST, {"q": "export button"}).content.decode()
    assert VISITOR in found and "alice@example.com" not in found
    unanswered = ops.get(LIST, {"answered": "no"}).content.decode()
    assert VISITOR in unanswered


def test_the_message_is_read_only_and_the_reply_box_is_open(ops, visitor_message):
    html = ops.get(change_page(visitor_message)).content.decode()
    assert "The export button does nothing.<br>On Firefox." in html
    assert 'name="reply"' in html
    assert 'name="message"' not in html and 'name="email"' not in html
    assert 'name="topic"' not in html


def test_saving_a_reply_keeps_it_and_emails_it_to_the_sender(ops, operator, visitor_message):
    response = ops.post(change_page(visitor_message), {"reply": "Fixed in today's release."})
    assert response.status_code == 302
    assert response["Location"] == change_page(visitor_message)
    kept = stored().get()
    assert kept.reply == "Fixed in today's release."
    assert kept.replied_by_id == operator.pk and kept.replied_at is not None
    (email,) = mail.outbox
    assert email.to == [VISITOR]
    assert "Fixed in today's release." in str(email.body)
    assert "> The export button does nothing.\n> On Firefox." in str(email.body)

    page = ops.get(change_page(visitor_message)).content.decode()
    assert f"Reply sent to {VISITOR}." in page
    assert "Fixed in today&#x27;s release." in page
    assert 'name="reply"' not in page and 'name="_save"' not in page  # view-only now
    again = ops.post(change_page(visitor_message), {"reply": "And another thing."})
    assert again.status_code == 403
    assert stored().get().reply == "Fixed in today's release."
    assert len(mail.outbox) == 1


def test_an_empty_reply_is_refused_on_the_page(ops, visitor_message):
    response = ops.post(change_page(visitor_message), {"reply": "   "})
    assert response.status_code == 200
    assert "Type the reply to send it." in response.content.decode()
    assert stored().get().replied_at is None
    assert mail.outbox == []


def test_operators_cannot_make_up_messages(ops):
    assert ops.get(f"{LIST}add/").status_code == 403


def test_people_who_are_not_operators_are_sent_to_the_admin_sign_in(alice, visitor_message):
    client = Client()
    client.force_login(alice)
    response = client.get(change_page(visitor_message))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
