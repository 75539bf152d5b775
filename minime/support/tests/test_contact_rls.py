"""Row-level security on contact messages (PostgreSQL): each person reads only their own, a
visitor's request can add one without a user and reads none, operators read them all through the
service connection."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from minime.core.db import SERVICE_DB, as_user, current_rls_user
from minime.support.models import ContactMessage
from minime.support.tests.factories import send, stored

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]


@pytest.fixture
def messages(personas):
    p = personas
    send(user=p.alice, email=p.alice.email, message="alice's")
    send(user=p.bob, email=p.bob.email, message="bob's", address="203.0.113.2")
    send(message="a visitor's", address="203.0.113.3")
    return p


def texts() -> list[str]:
    return sorted(ContactMessage.objects.values_list("message", flat=True))


def test_each_person_reads_only_their_own_messages(messages):
    with as_user(messages.alice.pk):
        assert texts() == ["alice's"]
    with as_user(messages.bob.pk):
        assert texts() == ["bob's"]
    with as_user(messages.charlie.pk):
        assert texts() == []


def test_with_no_user_bound_not_even_a_visitors_message_is_readable(messages):
    with transaction.atomic():
        assert current_rls_user() is None
        assert texts() == []
    assert sorted(stored().values_list("message", flat=True)) == [
        "a visitor's",
        "alice's",
        "bob's",
    ]


def test_a_visitors_request_adds_a_message_without_a_user():
    response = Client().post(
        "/contact/",
        {"topic": "other", "email": "v@example.com", "message": "from a visitor", "website": ""},
    )
    assert response.status_code == 302
    kept = stored().get()
    assert (kept.message, kept.user_id) == ("from a visitor", None)


def test_nobody_writes_a_message_in_someone_elses_name(messages):
    alice, bob = messages.alice, messages.bob
    with pytest.raises(DatabaseError, match="row-level security"), as_user(alice.pk):
        ContactMessage.objects.create(topic="other", email="x@example.com", message="x", user=bob)
    with pytest.raises(DatabaseError, match="row-level security"), as_user(alice.pk):
        # a signed-in person's message is theirs: not one without a user either
        ContactMessage.objects.create(topic="other", email="x@example.com", message="x")
    with pytest.raises(DatabaseError, match="row-level security"), transaction.atomic():
        ContactMessage.objects.create(topic="other", email="x@example.com", message="x", user=bob)
    assert stored().count() == 3


def test_nobody_changes_or_deletes_someone_elses_message(messages):
    alice = messages.alice
    with as_user(alice.pk):
        assert ContactMessage.objects.exclude(user=alice).update(reply="forged") == 0
        assert ContactMessage.objects.exclude(user=alice).delete()[0] == 0
    with pytest.raises(DatabaseError, match="row-level security"), as_user(alice.pk):
        ContactMessage.objects.filter(user=alice).update(user=messages.bob)
    assert not stored().filter(reply="forged").exists()
    assert stored().count() == 3


def test_the_table_has_forced_rls_and_the_user_policy(db):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = %s::regclass",
            ["support_contactmessage"],
        )
        assert cursor.fetchone() == (True, True)
        cursor.execute(
            "SELECT policyname, cmd, qual, with_check FROM pg_policies WHERE tablename = %s",
            ["support_contactmessage"],
        )
        ((name, cmd, read, write),) = cursor.fetchall()
    assert (name, cmd) == ("minime_user_owner", "ALL")
    assert read == "(user_id = minime_current_user_id())"
    assert write == "(NOT (user_id IS DISTINCT FROM minime_current_user_id()))"
