"""Writes for the contact form: a message sent, and the operator's reply to it.

`contact_send` checks what was typed (a message per field), holds back a network or an email
address that sends too many (`CONTACT_LIMIT_PER_ADDRESS` and `CONTACT_LIMIT_PER_EMAIL` an
hour), stores the message and, once the request commits, queues a copy to the sender. A form
whose hidden honeypot field was filled in is a robot's: it is accepted as if sent and nothing
happens, so the robot learns nothing to adapt to.

The confirmation quotes what was written to an address nobody proved they own, so the limits
are also what keeps the form from being used to send text to strangers: few per email address,
few per network.

`contact_reply` keeps one reply per message and emails it, quoting the message. A second reply
is refused rather than replacing the first: the reply kept is the one the person received, and
a follow-up is a new conversation (the reply email says how to write again).

The counts live in RateLimitEvent, as the account emails' do (`accounts.throttle`), keyed by
HMACs so the table holds no email or IP address; its scheduled pruning keeps the last hour.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from minime.accounts.models import RateLimitEvent, normalize_email
from minime.accounts.throttle import EMAIL_WINDOW, network
from minime.core import limits
from minime.core.db import SERVICE_DB, for_user, uses_rls
from minime.core.errors import Invalid, NotFound, ServiceError
from minime.support.jobs import send_contact_confirmation, send_contact_reply, tell_operator
from minime.support.models import ContactMessage, Topic

if TYPE_CHECKING:
    from minime.accounts.models import User

WINDOW: timedelta = EMAIL_WINDOW  # one hour; the rate-limit table is pruned past it


class TooManyMessages(ServiceError):
    """Past a contact limit: nothing was stored or sent; `message` says when to try again."""

    status = 429
    code = "too_many_requests"


def everyone_db() -> str:
    """The connection that sees every sender's messages, for operators.

    On PostgreSQL, the service role (it bypasses row-level security; the app role sees only
    the signed-in person's own messages). On SQLite, which has no row-level security, the
    default connection: a second connection would wait for the write lock that the request's own
    transaction holds.
    """
    return SERVICE_DB if uses_rls() else DEFAULT_DB_ALIAS


# --- Checking what was typed -----------------------------------------------------------------
def _clean(*, topic: str, email: str, message: str) -> tuple[str, str, str]:
    topic, email, message = (topic or "").strip(), normalize_email(email or ""), message or ""
    message = message.strip()
    errors: dict[str, list[str]] = {}
    if topic not in Topic.values:
        errors["topic"] = ["Choose what your message is about."]
    if not email:
        errors["email"] = ["Type the email address the answer should go to."]
    elif len(email) > limits.CONTACT_EMAIL_MAX:
        errors["email"] = [f"An email address has at most {limits.CONTACT_EMAIL_MAX} characters."]
    else:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = ["That is not an email address: check it for a typo."]
    if not message:
        errors["message"] = ["Write your message."]
    elif len(message) > limits.CONTACT_MESSAGE_MAX:
        errors["message"] = [
            f"A message has at most {limits.CONTACT_MESSAGE_MAX:,} characters; "
            f"this one has {len(message):,}."
        ]
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first if len(errors) == 1 else "Check the fields marked.", fields=errors)
    return topic, email, message


def clean_reply(reply: str) -> str:
    """The reply as it will be kept and sent, or Invalid (field `reply`)."""
    reply = (reply or "").strip()
    if not reply:
        raise Invalid(
            "Type the reply to send it.", fields={"reply": ["Type the reply to send it."]}
        )
    if len(reply) > limits.CONTACT_REPLY_MAX:
        message = f"A reply has at most {limits.CONTACT_REPLY_MAX:,} characters."
        raise Invalid(message, fields={"reply": [message]})
    return reply


# --- Limits ----------------------------------------------------------------------------------
def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def address_key(address: str) -> str:
    """The rate-limit key of a client's network (an IPv4 address, an IPv6 /64)."""
    return _key("contact-from", network(address))


def email_key(email: str) -> str:
    """The rate-limit key of a sender's email address (account deletion removes it too)."""
    return _key("contact-to", normalize_email(email))


def _wait(key: str, limit: int) -> int | None:
    """Seconds until `key` may count once more, or None when it is under `limit` now."""
    now = timezone.now()
    recent = RateLimitEvent.objects.filter(key=key, at__gte=now - WINDOW)
    count = recent.count()
    if count < limit:
        return None
    # The count drops below the limit when the (count - limit + 1)-th oldest event leaves.
    freed_by = recent.order_by("at").values_list("at", flat=True)[count - limit]
    return max(1, math.ceil((freed_by + WINDOW - now).total_seconds()))


def _in_words(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _check_limits(*, email: str, address: str) -> None:
    wait = _wait(address_key(address), settings.CONTACT_LIMIT_PER_ADDRESS)
    if wait is not None:
        raise TooManyMessages(
            f"Too many messages from this network in the last hour. Try again in {_in_words(wait)}."
        )
    wait = _wait(email_key(email), settings.CONTACT_LIMIT_PER_EMAIL)
    if wait is not None:
        raise TooManyMessages(
            f"Too many messages from this email address in the last hour. Try again in "
            f"{_in_words(wait)}."
        )


# --- Sending and answering -------------------------------------------------------------------
def contact_send(
    *, topic: str, email: str, message: str, user: User | None, address: str, honeypot: str
) -> ContactMessage | None:
    """Store a message from the contact form and queue its confirmation; return it.

    `user` is the signed-in sender (None for a visitor), `address` the client's IP, `honeypot`
    the hidden field people never see. Returns None, having done nothing, when the honeypot is
    filled in. Raises Invalid (by field) or TooManyMessages; either way nothing is stored.
    """
    if honeypot.strip():
        return None
    topic, email, message = _clean(topic=topic, email=email, message=message)
    _check_limits(email=email, address=address)
    with transaction.atomic():
        if user is not None:
            with for_user(user.pk):  # row-level security admits the sender's own row
                sent = ContactMessage.objects.create(
                    topic=topic, email=email, message=message, user=user
                )
        else:
            sent = ContactMessage.objects.create(topic=topic, email=email, message=message)
        RateLimitEvent.objects.bulk_create(
            [RateLimitEvent(key=address_key(address)), RateLimitEvent(key=email_key(email))]
        )
        transaction.on_commit(partial(send_contact_confirmation.enqueue, message_id=str(sent.pk)))
        if settings.CONTACT_NOTIFY:
            transaction.on_commit(partial(tell_operator.enqueue, message_id=str(sent.pk)))
    return sent


def contact_reply(*, message: ContactMessage, reply: str, replied_by: User) -> ContactMessage:
    """Keep the operator's reply to `message` and email it to the sender; return the message.

    Raises Invalid when the reply is empty or too long, or when the message already has a reply
    (one reply per message: see the module's docstring). Writes through the connection that
    sees every message (`everyone_db`), as the admin reads them.
    """
    reply = clean_reply(reply)
    db = everyone_db()
    now = timezone.now()
    with transaction.atomic(using=db):
        mine = ContactMessage.objects.using(db).filter(pk=message.pk)
        answered = mine.filter(replied_at__isnull=True).update(
            reply=reply, replied_at=now, replied_by=replied_by
        )
        if not answered:
            if not mine.exists():
                raise NotFound("This message no longer exists: its sender deleted their account.")
            already = "This message already has a reply; a message keeps the one reply it got."
            raise Invalid(already, fields={"reply": [already]})
    # After the caller's transaction (the admin's request) commits, like every email we queue.
    transaction.on_commit(partial(send_contact_reply.enqueue, message_id=str(message.pk)))
    message.reply, message.replied_at, message.replied_by_id = reply, now, replied_by.pk
    return message
