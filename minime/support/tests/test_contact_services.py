"""contact_send and contact_reply: what is checked, what is kept, what is emailed, and the limits.

Transactional: the emails go once the sender's transaction commits, and the jobs read the message
back through the service connection, as the worker does.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from minime.accounts.models import RateLimitEvent
from minime.core import limits
from minime.core.db import SERVICE_DB
from minime.core.errors import Invalid, NotFound
from minime.support import services
from minime.support.jobs import quote, send_contact_confirmation, send_contact_reply
from minime.support.models import ContactMessage
from minime.support.tests.factories import ADDRESS, VISITOR, send, stored

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


@pytest.fixture
def operator(db):
    from minime.accounts.models import User

    return User.objects.create_superuser("ops@example.com", "an operator's passphrase 7")


# --- Honeypot ----------------------------------------------------------------------------------
def test_a_filled_honeypot_is_accepted_silently_and_nothing_happens():
    assert send(honeypot="https://cheap-pills.example") is None
    assert not stored().exists()
    assert not RateLimitEvent.objects.exists()
    assert mail.outbox == []


def test_a_filled_honeypot_is_accepted_even_with_nothing_else_typed():
    assert send(email="", message="", topic="", honeypot="x") is None
    assert not stored().exists()


# --- Checking what was typed ---------------------------------------------------------------------
def test_each_missing_field_gets_its_own_message_and_nothing_is_kept():
    with pytest.raises(Invalid) as caught:
        send(topic="", email="  ", message=" \n ")
    assert caught.value.fields == {
        "topic": ["Choose what your message is about."],
        "email": ["Type the email address the answer should go to."],
        "message": ["Write your message."],
    }
    assert caught.value.message == "Check the fields marked."
    assert not stored().exists()
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "expected"),
    [
        ("not-an-address", "That is not an email address: check it for a typo."),
        ("two@@example.com", "That is not an email address: check it for a typo."),
        ("a" * 245 + "@example.com", "An email address has at most 254 characters."),
    ],
)
def test_a_bad_email_address_is_refused_by_name(email, expected):
    with pytest.raises(Invalid) as caught:
        send(email=email)
    assert caught.value.fields == {"email": [expected]}
    assert caught.value.message == expected


def test_an_unknown_topic_is_refused():
    with pytest.raises(Invalid) as caught:
        send(topic="billing")
    assert caught.value.fields == {"topic": ["Choose what your message is about."]}


def test_a_message_over_the_limit_says_how_long_it_is():
    with pytest.raises(Invalid) as caught:
        send(message="x" * (limits.CONTACT_MESSAGE_MAX + 1))
    assert caught.value.fields == {
        "message": ["A message has at most 5,000 characters; this one has 5,001."]
    }
    assert not stored().exists()


def test_a_message_at_the_limit_is_kept_trimmed_with_the_address_lower_cased():
    text = "y" * limits.CONTACT_MESSAGE_MAX
    sent = send(email="  Visitor@Example.COM ", message=f"\n  {text}  \n", topic="idea")
    assert sent is not None
    kept = stored().get()
    assert (kept.email, kept.message, kept.topic, kept.user_id) == (VISITOR, text, "idea", None)
    assert kept.reply == "" and kept.replied_at is None and kept.replied_by_id is None


def test_a_signed_in_senders_message_is_theirs(alice):
    send(user=alice, email="alice.work@example.com")
    kept = stored().get()
    assert kept.user_id == alice.pk
    assert kept.email == "alice.work@example.com"  # the answer goes where they said


# --- The confirmation --------------------------------------------------------------------------
def test_the_sender_gets_a_copy_of_what_they_wrote():
    text = "Hello,\nthe <Today> page says 'nothing' & shows a blank card.\n\nThanks"
    send(message=text, topic="problem")
    (email,) = mail.outbox
    assert email.to == [VISITOR]
    assert email.subject == "We got your message to Mini Me OS"
    body = str(email.body)
    assert "A person will read it and\nanswer you at this email address." in body
    assert "Topic: Something isn't working" in body
    assert (
        "> Hello,\n> the <Today> page says 'nothing' & shows a blank card.\n>\n> Thanks" in body
    )  # quoted line by line, never HTML-escaped
    kept = stored().get()
    assert f"Sent: {kept.created_at:%d %B %Y, %H:%M} UTC" in body


def test_the_copy_of_a_message_deleted_before_the_job_ran_is_not_sent():
    send_contact_confirmation.call(message_id=str(uuid.uuid4()))
    assert mail.outbox == []


def test_quote_marks_every_line_and_keeps_empty_ones_clean():
    assert quote("one\n\n  two ") == "> one\n>\n>   two"


# --- Limits --------------------------------------------------------------------------------------
def test_one_network_may_send_five_an_hour_then_is_asked_to_wait(settings):
    assert settings.CONTACT_LIMIT_PER_ADDRESS == 5
    for n in range(5):
        send(email=f"person{n}@example.com")
    with pytest.raises(services.TooManyMessages) as caught:
        send(email="person9@example.com")
    assert caught.value.status == 429
    assert caught.value.message == (
        "Too many messages from this network in the last hour. Try again in 60 minutes."
    )
    assert stored().count() == 5
    assert len(mail.outbox) == 5
    send(email="person9@example.com", address="192.0.2.50")  # another network is not held
    assert stored().count() == 6


def test_an_ipv6_network_counts_as_one_whatever_address_it_picks(settings):
    settings.CONTACT_LIMIT_PER_ADDRESS = 2
    send(email="a@example.com", address="2001:db8:1:2::10")
    send(email="b@example.com", address="2001:db8:1:2::99")
    with pytest.raises(services.TooManyMessages):
        send(email="c@example.com", address="2001:db8:1:2:aaaa::1")
    send(email="c@example.com", address="2001:db8:1:3::1")  # the next /64 is another network


def test_one_email_address_may_send_three_an_hour_from_anywhere(settings):
    assert settings.CONTACT_LIMIT_PER_EMAIL == 3
    for n in range(3):
        send(email=VISITOR, address=f"203.0.113.{n}")
    with pytest.raises(services.TooManyMessages) as caught:
        send(email="VISITOR@example.com", address="203.0.113.50")
    assert caught.value.message == (
        "Too many messages from this email address in the last hour. Try again in 60 minutes."
    )
    assert stored().count() == 3
    assert len(mail.outbox) == 3


def test_the_wait_is_until_the_oldest_counted_message_is_an_hour_old(settings):
    settings.CONTACT_LIMIT_PER_EMAIL = 2
    send(address="203.0.113.1")
    send(address="203.0.113.2")
    key = services.email_key(VISITOR)
    oldest = RateLimitEvent.objects.filter(key=key).order_by("at").first()
    assert oldest is not None
    RateLimitEvent.objects.filter(pk=oldest.pk).update(
        at=timezone.now() - timedelta(minutes=58, seconds=30)
    )
    with pytest.raises(services.TooManyMessages) as caught:
        send(address="203.0.113.3")
    assert caught.value.message.endswith("Try again in 2 minutes.")
    RateLimitEvent.objects.filter(pk=oldest.pk).update(at=timezone.now() - timedelta(minutes=61))
    send(address="203.0.113.3")
    assert stored().count() == 3


def test_refused_input_and_honeypots_are_not_counted(settings):
    settings.CONTACT_LIMIT_PER_ADDRESS = 1
    with pytest.raises(Invalid):
        send(message="")
    send(honeypot="filled")
    send()
    assert stored().count() == 1


def test_the_counts_hold_no_email_or_address_in_the_clear():
    send()
    keys = list(RateLimitEvent.objects.values_list("key", flat=True))
    assert len(keys) == 2
    assert all(VISITOR not in k and ADDRESS not in k and len(k) == 64 for k in keys)


# --- The reply ---------------------------------------------------------------------------------
def test_a_reply_is_kept_with_the_message_and_emailed_with_a_quote(operator, settings):
    message = send(message="Can I export my data?\nAs CSV?", topic="privacy")
    assert message is not None
    mail.outbox.clear()
    before = timezone.now()

    services.contact_reply(
        message=message,
        reply="  Yes: Settings, then Your data.\nIt is JSON.  ",
        replied_by=operator,
    )

    kept = stored().get()
    assert kept.reply == "Yes: Settings, then Your data.\nIt is JSON."
    assert kept.replied_by_id == operator.pk
    assert kept.replied_at is not None and kept.replied_at >= before
    assert message.replied  # the caller's object says so too
    (email,) = mail.outbox
    assert email.to == [VISITOR]
    assert email.subject == "Re: your message to Mini Me OS"
    body = str(email.body)
    assert body.startswith("Hello,\n\nYes: Settings, then Your data.\nIt is JSON.\n")
    assert "(Privacy or my data):\n\n> Can I export my data?\n> As CSV?" in body
    assert f"To write to us again, use the contact form: {settings.SITE_URL}/contact/" in body


def test_a_second_reply_is_refused_and_the_first_is_kept(operator):
    message = send()
    assert message is not None
    services.contact_reply(message=message, reply="First answer.", replied_by=operator)
    mail.outbox.clear()
    stale = ContactMessage.objects.using(SERVICE_DB).get(pk=message.pk)
    stale.replied_at = None  # a page opened before the first reply was sent

    with pytest.raises(Invalid) as caught:
        services.contact_reply(message=stale, reply="Second answer.", replied_by=operator)

    assert caught.value.fields == {
        "reply": ["This message already has a reply; a message keeps the one reply it got."]
    }
    assert stored().get().reply == "First answer."
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (" \n ", "Type the reply to send it."),
        ("z" * (limits.CONTACT_REPLY_MAX + 1), "A reply has at most 10,000 characters."),
    ],
)
def test_an_empty_or_overlong_reply_is_refused(operator, reply, expected):
    message = send()
    assert message is not None
    mail.outbox.clear()
    with pytest.raises(Invalid) as caught:
        services.contact_reply(message=message, reply=reply, replied_by=operator)
    assert caught.value.fields == {"reply": [expected]}
    assert stored().get().replied_at is None
    assert mail.outbox == []


def test_replying_to_a_message_deleted_meanwhile_says_so(operator):
    message = send()
    assert message is not None
    stored().delete()
    with pytest.raises(NotFound):
        services.contact_reply(message=message, reply="Hello", replied_by=operator)


def test_the_reply_job_sends_nothing_for_a_message_without_a_reply():
    message = send()
    assert message is not None
    mail.outbox.clear()
    send_contact_reply.call(message_id=str(message.pk))
    assert mail.outbox == []


# --- The operator's notice ---------------------------------------------------------------------
def test_the_operator_is_told_a_message_arrived_without_its_text(settings):
    settings.CONTACT_NOTIFY = ["support@example.com", "ops@example.com"]
    send(message="My secret plans for the garden", topic="problem")
    copy, notice = sorted(mail.outbox, key=lambda m: m.to != [VISITOR])
    assert copy.to == [VISITOR]
    assert notice.to == ["support@example.com", "ops@example.com"]
    assert notice.subject == "New message from the contact form: Something isn't working"
    kept = stored().get()
    assert f"{settings.SITE_URL}/admin/support/contactmessage/{kept.pk}/change/" in notice.body
    assert "garden" not in notice.body and VISITOR not in notice.body


def test_no_one_is_told_when_no_address_is_set(settings):
    settings.CONTACT_NOTIFY = []
    send()
    assert [m.to for m in mail.outbox] == [[VISITOR]]
