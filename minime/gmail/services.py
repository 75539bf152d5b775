"""Writes for Gmail: connect (the OAuth code exchanged for a lasting, encrypted grant), pull the
inbox's latest messages, turn one into an inbox item, disconnect (the grant revoked at Google).

Every network call to Google happens outside a database transaction (the views run outside the
request transaction), and each write after it is a short ``as_user`` transaction of its own:
nothing is held open while Google answers. Pulling is on demand only (the person's button);
nothing reads mail in the background. Pulled messages are replaced by the next pull and deleted
``KEEP_PULLED`` after they were read (the hourly ``prune-pulled-mail`` job).

When Google no longer accepts the grant (``invalid_grant``: revoked from the Google account,
expired, password changed), the connection turns to "reconnect" and says why; its pulled
messages go with it.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.capture.models import CaptureSource
from minime.capture.services import MAX_TEXT, capture_add
from minime.core import crypto
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid, NotAllowed, Unavailable
from minime.gmail import google
from minime.gmail.models import ConnectionState, GmailConnection, PulledMessage

if TYPE_CHECKING:
    from minime.accounts.models import User
    from minime.capture.models import CaptureItem
    from minime.workspaces.models import Workspace

KEEP_PULLED = dt.timedelta(hours=24)


def plan_check(user: User) -> None:
    if not may_use(user, Feature.EMAIL):
        plan = LOWEST_PLAN_FOR[Feature.EMAIL].label
        raise NotAllowed(f"Reading your Gmail inbox is part of {plan}.")


def connection_of(user: User) -> GmailConnection | None:
    with as_user(user.pk):
        return GmailConnection.objects.filter(user=user).first()


# --- Connecting ----------------------------------------------------------------------------------
def connect_start(*, user: User, redirect_uri: str) -> google.Consent:
    """A new sign-in at Google for ``user``. Raises NotAllowed (plan) or Unavailable (no client
    set up on this server)."""
    plan_check(user)
    try:
        return google.consent(redirect_uri)
    except google.GoogleError as error:
        raise Unavailable(error.message) from None


def connect_finish(
    *, user: User, code: str, verifier: str, redirect_uri: str, now: dt.datetime | None = None
) -> GmailConnection:
    """Exchange the consent screen's code for the grant and keep it (encrypted), replacing an
    earlier connection. Raises NotAllowed, Invalid (read access not granted) or Unavailable."""
    plan_check(user)
    try:
        tokens = google.exchange(code, verifier, redirect_uri)
        email_address = google.address(tokens.access_token)
    except google.GoogleError as error:
        if error.code == "missing_scope":
            raise Invalid(error.message) from None
        raise Unavailable(error.message) from None
    with as_user(user.pk):
        earlier = GmailConnection.objects.filter(user=user).first()
        if earlier is not None and earlier.email_address != email_address:
            PulledMessage.objects.filter(user=user).delete()  # another account's mail
        connection, _ = GmailConnection.objects.update_or_create(
            user=user,
            defaults={
                "email_address": email_address,
                "refresh_token_encrypted": crypto.encrypt(tokens.refresh_token),
                "scopes": " ".join(sorted(tokens.scopes))[:500],
                "connected_at": now or timezone.now(),
                "state": ConnectionState.CONNECTED,
                "problem": "",
            },
        )
    return connection


def _needs_reconnect(user: User, problem: str) -> None:
    with as_user(user.pk):
        GmailConnection.objects.filter(user=user).update(
            state=ConnectionState.RECONNECT, problem=problem[:300]
        )
        PulledMessage.objects.filter(user=user).delete()


# --- Pulling -------------------------------------------------------------------------------------
def pull(*, user: User, now: dt.datetime | None = None) -> list[PulledMessage]:
    """Read the latest INBOX messages (metadata only) and keep them in place of the last pull's.
    Raises NotAllowed (plan), Invalid (not connected, or Google no longer accepts the grant:
    the connection now says "reconnect") or Unavailable (Google unreachable or failing)."""
    plan_check(user)
    connection = connection_of(user)
    if connection is None:
        raise Invalid("Connect Gmail first.")
    if connection.state == ConnectionState.RECONNECT:
        raise Invalid(connection.problem or "Connect Gmail again.")
    try:
        refresh_token = crypto.decrypt(connection.refresh_token_encrypted)
    except crypto.SecretUnreadable:
        problem = "The stored access can no longer be read on this server. Connect Gmail again."
        _needs_reconnect(user, problem)
        raise Invalid(problem) from None
    try:
        messages = _read_inbox(refresh_token)
    except google.GoogleError as error:
        if error.code == "invalid_grant":
            _needs_reconnect(user, error.message)
            raise Invalid(error.message) from None
        raise Unavailable(error.message) from None
    now = now or timezone.now()
    with as_user(user.pk):
        PulledMessage.objects.filter(user=user).delete()
        kept = PulledMessage.objects.bulk_create(
            [
                PulledMessage(
                    user=user,
                    gmail_id=m.id,
                    sender=m.sender,
                    subject=m.subject,
                    snippet=m.snippet,
                    received_at=m.received_at,
                    pulled_at=now,
                    position=i,
                )
                for i, m in enumerate(_unique(messages))
            ]
        )
        GmailConnection.objects.filter(user=user).update(pulled_at=now)
    return kept


def _read_inbox(refresh_token: str) -> list[google.Message]:
    """A fresh access token, then the inbox; once more with a new token if Google says the
    first one is no longer good (it can be revoked between the two requests)."""
    access_token = google.refresh(refresh_token)
    try:
        return google.inbox(access_token)
    except google.GoogleError as error:
        if error.code != "unauthorized":
            raise
    return google.inbox(google.refresh(refresh_token))


def _unique(messages: list[google.Message]) -> list[google.Message]:
    """Each message once (a message that moved during the read can be listed twice)."""
    seen: set[str] = set()
    unique = []
    for message in messages:
        if message.id not in seen:
            seen.add(message.id)
            unique.append(message)
    return unique


def pulled(user: User) -> list[PulledMessage]:
    """The messages of the last pull still kept, in inbox order."""
    with as_user(user.pk):
        return list(
            PulledMessage.objects.filter(user=user, pulled_at__gte=timezone.now() - KEEP_PULLED)
        )


# --- Turning a message into work ----------------------------------------------------------------
def as_text(message: PulledMessage) -> str:
    """What an inbox item made from ``message`` says: the subject, the sender, the snippet."""
    lines = [message.subject or "(no subject)"]
    if message.sender:
        lines.append(f"From: {message.sender}")
    if message.snippet:
        lines.append(message.snippet)
    return "\n".join(lines)[:MAX_TEXT]


def task_text(message: PulledMessage) -> str:
    """What Smart Add reads for a task made from ``message``: its subject (or the snippet)."""
    return message.subject or message.snippet or "Reply to an email"


def to_inbox(*, user: User, workspace: Workspace, message: PulledMessage) -> CaptureItem:
    """Save ``message`` as an inbox item of ``workspace`` (source: email)."""
    plan_check(user)
    return capture_add(
        workspace=workspace, text=as_text(message), created_by=user, source=CaptureSource.EMAIL
    )


# --- Disconnecting -------------------------------------------------------------------------------
def disconnect(*, user: User) -> bool:
    """Revoke the grant at Google, then delete the connection and every pulled message (on any
    plan). True when Google confirmed the revocation; False when it could not be told (the
    local copy is deleted all the same; the person can remove the access in their Google
    account)."""
    connection = connection_of(user)
    revoked = True
    if connection is not None:
        try:
            revoked = google.revoke(crypto.decrypt(connection.refresh_token_encrypted))
        except crypto.SecretUnreadable:
            revoked = False
    with as_user(user.pk), transaction.atomic():
        PulledMessage.objects.filter(user=user).delete()
        GmailConnection.objects.filter(user=user).delete()
    return revoked


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete every pulled message read more than ``KEEP_PULLED`` ago (all users)."""
    cutoff = (now or timezone.now()) - KEEP_PULLED
    deleted, _ = PulledMessage.objects.using(SERVICE_DB).filter(pulled_at__lt=cutoff).delete()
    return deleted
