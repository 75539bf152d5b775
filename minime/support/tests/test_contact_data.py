"""A signed-in person's messages are in their export and go with their account; a visitor's
belong to no account; an operator who leaves is taken off their replies, which stay."""

from __future__ import annotations

import pytest

from minime.accounts.models import RateLimitEvent, User
from minime.core.db import SERVICE_DB
from minime.support import services
from minime.support.tests.factories import send, stored
from minime.yourdata.data import account_delete, export_user_data

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


@pytest.fixture
def operator() -> User:
    return User.objects.create_superuser("ops@example.com", "an operator's passphrase 7")


def test_the_export_holds_the_persons_messages_and_replies(personas, operator):
    alice, bob = personas.alice, personas.bob
    first = send(user=alice, email="alice@example.com", message="Dark theme?", topic="idea")
    send(user=alice, email="alice.work@example.com", message="Invoice?", address="203.0.113.9")
    send(user=bob, email=bob.email, message="bob's", address="203.0.113.2")
    send(message="a visitor's", address="203.0.113.3")
    assert first is not None
    services.contact_reply(message=first, reply="It follows your system.", replied_by=operator)
    kept = stored().get(pk=first.pk)

    exported = export_user_data(alice)["contact_messages"]

    assert [m["message"] for m in exported] == ["Dark theme?", "Invoice?"]
    assert exported[0] == {
        "topic": "idea",
        "email": "alice@example.com",
        "message": "Dark theme?",
        "created_at": kept.created_at.isoformat(),
        "reply": "It follows your system.",
        "replied_at": kept.replied_at.isoformat() if kept.replied_at else None,
    }
    assert exported[1]["reply"] == "" and exported[1]["replied_at"] is None
    assert [m["message"] for m in export_user_data(bob)["contact_messages"]] == ["bob's"]
    assert export_user_data(personas.charlie)["contact_messages"] == []


def test_deleting_an_account_deletes_its_messages_and_their_counts(personas):
    alice = personas.alice
    send(user=alice, email=alice.email, message="alice's")
    send(user=personas.bob, email=personas.bob.email, message="bob's", address="203.0.113.2")
    send(message="a visitor's", address="203.0.113.3")
    assert RateLimitEvent.objects.filter(key=services.email_key(alice.email)).exists()

    account_delete(user=alice)

    assert sorted(stored().values_list("message", flat=True)) == ["a visitor's", "bob's"]
    assert not RateLimitEvent.objects.filter(key=services.email_key(alice.email)).exists()


def test_deleting_an_operator_keeps_the_replies_they_sent_without_their_name(personas, operator):
    bob = personas.bob
    message = send(user=bob, email=bob.email, message="bob's")
    visitor = send(message="a visitor's", address="203.0.113.3")
    assert message is not None and visitor is not None
    services.contact_reply(message=message, reply="Answered.", replied_by=operator)
    services.contact_reply(message=visitor, reply="Answered too.", replied_by=operator)

    account_delete(user=operator)

    assert not User.objects.filter(pk=operator.pk).exists()
    assert sorted(stored().values_list("reply", "replied_by_id")) == [
        ("Answered too.", None),
        ("Answered.", None),
    ]
    assert export_user_data(bob)["contact_messages"][0]["reply"] == "Answered."
