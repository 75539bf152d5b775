"""Writes for accounts: sign-up, confirmation, profile, plan, revoking access, sign-in links.

Sign-up never creates an account directly. It records a SignUpRequest and mails a link; the
account exists once the link is opened. If the address already has an account, its owner gets a
"you already have an account" email instead. Both paths do the same work in the request (hash the
password, enqueue one email) and show the same page, so sign-up never reveals who has an account.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.contrib.sessions.models import Session
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode

from minime.accounts import tokens
from minime.accounts.models import SignUpRequest, User, normalize_email
from minime.accounts.plans import Plan
from minime.accounts.signals import account_created
from minime.core.db import as_user


class SignUpLinkInvalid(Exception):
    """The confirmation link is unknown, used, or expired. `message` says which to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def user_create(
    *,
    email: str,
    password: str | None,
    display_name: str = "",
    time_zone: str = "UTC",
    plan: str | None = None,
    password_is_hashed: bool = False,
    is_staff: bool = False,
    is_superuser: bool = False,
) -> User:
    """Create an active account and its personal workspace, atomically (the workspaces app makes
    the workspace when ``account_created`` is sent).

    Raises IntegrityError when the email already has an account.
    """
    with transaction.atomic():
        user = User(
            email=normalize_email(email),
            display_name=display_name.strip(),
            time_zone=time_zone,
            plan=plan or settings.NEW_ACCOUNT_PLAN,
            is_staff=is_staff,
            is_superuser=is_superuser,
        )
        if password_is_hashed:
            user.password = password or ""
        else:
            user.set_password(password)
        user.full_clean(exclude=["password", "email"])
        user.save()
        account_created.send(sender=User, user=user)
    return user


def sign_up_request(
    *, email: str, password: str, display_name: str, time_zone: str, invite_token: str = ""
) -> None:
    """Start a sign-up: mail a confirmation link, or a notice if the email has an account.
    `invite_token`: the invite link the sign-up came through (only its hash is kept)."""
    # Imported here: tasks import this module for the sending side.
    from minime.accounts.jobs import send_account_exists_notice, send_sign_up_link

    email = normalize_email(email)
    password_hash = make_password(password)  # done on both paths: equal timing
    existing = User.objects.filter(email=email).only("pk").first()
    if existing is not None:
        send_account_exists_notice.enqueue(user_id=existing.pk)
        return
    request = SignUpRequest.objects.create(
        email=email,
        password=password_hash,
        display_name=display_name,
        time_zone=time_zone,
        invite_hash=token_hash(invite_token) if invite_token else "",
    )
    send_sign_up_link.enqueue(sign_up_request_id=request.pk)


@dataclass(frozen=True, slots=True)
class SignedUp:
    user: User
    invite_hash: str  # the invite the sign-up came through, or ""


def sign_up_confirm(*, token: str) -> SignedUp:
    """Turn the sign-up behind `token` into an account. Single use.

    Raises SignUpLinkInvalid if the link is unknown, used, expired, or the address got an
    account in the meantime.
    """
    # Failures are raised after the transaction commits, so deleting a dead request sticks
    # (raising inside `atomic()` would roll the delete back).
    error = ""
    with transaction.atomic():
        request = (
            SignUpRequest.objects.select_for_update()
            .filter(token_hash=token_hash(token))
            .exclude(token_hash="")
            .first()
        )
        if request is None:
            raise SignUpLinkInvalid(
                "This link has already been used or is not valid. Sign in, or sign up again."
            )
        if request.created_at < timezone.now() - timedelta(hours=settings.SIGN_UP_LINK_HOURS):
            request.delete()
            error = "This link has expired. Sign up again to get a new one."
        else:
            try:
                with transaction.atomic():
                    user = user_create(
                        email=request.email,
                        password=request.password,
                        password_is_hashed=True,
                        display_name=request.display_name,
                        time_zone=request.time_zone,
                    )
            except IntegrityError:
                request.delete()
                error = "This email already has an account. Sign in, or reset your password."
            else:
                SignUpRequest.objects.filter(email=request.email).delete()
    if error:
        raise SignUpLinkInvalid(error)
    return SignedUp(user, request.invite_hash)


def prune_sign_up_requests() -> int:
    cutoff = timezone.now() - timedelta(hours=settings.SIGN_UP_LINK_HOURS)
    deleted, _ = SignUpRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def profile_update(*, user: User, display_name: str, time_zone: str) -> User:
    user.display_name = display_name.strip()
    user.time_zone = time_zone
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["display_name", "time_zone"])
    return user


def plan_set(*, user: User, plan: str) -> User:
    """Change a user's plan (operators: admin or `manage.py set_plan`)."""
    if plan not in Plan.values:
        raise ValueError(f"Unknown plan {plan!r}; use one of {', '.join(Plan.values)}.")
    user.plan = plan
    user.save(update_fields=["plan"])
    return user


# --- Revoking access -------------------------------------------------------------------------
@dataclass(frozen=True)
class Revoked:
    """What revoke_access() ended."""

    tokens: int
    sessions: int

    @property
    def tokens_message(self) -> str:
        return f"{self.tokens} API token{'s' if self.tokens != 1 else ''} revoked"


def revoke_access(*, user: User, keep_session: str | None = None) -> Revoked:
    """Close every way into `user`'s account but one: revoke all their live API tokens and delete
    all their sessions except `keep_session` (the session key of the request asking, if any).

    Used by a password reset (keep nothing) and by a password change that asks for it (keep the
    browser making the change). Runs as `user` for row-level security, because the reset page is
    an anonymous request. Finding a user's sessions means reading every live session (the store
    is keyed by session, not by user); a reset or change is rare enough for that.
    """
    with as_user(user.pk):
        revoked_tokens = tokens.token_revoke_all(user=user)
    return Revoked(tokens=revoked_tokens, sessions=_delete_sessions(user, keep=keep_session))


def _delete_sessions(user: User, *, keep: str | None) -> int:
    mine = str(user.pk)
    doomed = [
        session.session_key
        for session in Session.objects.filter(expire_date__gt=timezone.now())
        .exclude(session_key=keep or "")
        .iterator(chunk_size=2000)
        if session.get_decoded().get(SESSION_KEY) == mine
    ]
    deleted, _ = Session.objects.filter(session_key__in=doomed).delete()
    return deleted


# --- One-time sign-in links ------------------------------------------------------------------
class SignInLinkInvalid(Exception):
    """The sign-in link is unknown, tampered with, used, or expired."""

    message = "This sign-in link has expired or has already been used. Ask for a new one."


class SignInLinkTokens(PasswordResetTokenGenerator):
    """Tokens for emailed sign-in links: signed, short-lived, single use.

    Like Django's reset tokens, a token is an HMAC over the user's state, so nothing is stored.
    Its own salt keeps reset and sign-in tokens apart. It covers `last_login` to the microsecond,
    and using a link moves `last_login`, so a used link is dead; a new password kills it too.
    """

    key_salt = "minime.accounts.services.SignInLinkTokens"

    def _make_hash_value(self, user: Any, timestamp: int) -> str:
        last_login = "" if user.last_login is None else user.last_login.isoformat()
        return f"{user.pk}{user.password}{last_login}{timestamp}{user.email}"

    def check_token(self, user: Any, token: str | None) -> bool:
        if not super().check_token(user, token):  # the signature, and Django's longer limit
            return False
        assert token is not None
        made = base36_to_int(token.split("-")[0])
        age = self._num_seconds(self._now()) - made
        return 0 <= age <= settings.SIGN_IN_LINK_MINUTES * 60

    def _now(self) -> datetime:
        # Timestamps are naive seconds since 2001 in Django's generator; keep them in UTC so a
        # server's local clock changes never age a link.
        return timezone.now().replace(tzinfo=None)


sign_in_link_tokens = SignInLinkTokens()


def sign_in_link_request(*, email: str) -> None:
    """Mail a sign-in link if `email` has an active account; otherwise do nothing, silently."""
    from minime.accounts.jobs import send_sign_in_link

    user = User.objects.filter(email=normalize_email(email), is_active=True).only("pk").first()
    if user is not None:
        send_sign_in_link.enqueue(user_id=user.pk)


def sign_in_link_user(*, uidb64: str, token: str) -> User:
    """The active user a sign-in link is for, without using it up. Raises SignInLinkInvalid."""
    try:
        user_id = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        raise SignInLinkInvalid from None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not sign_in_link_tokens.check_token(user, token):
        raise SignInLinkInvalid
    return user


def sign_in_link_use(*, uidb64: str, token: str) -> User:
    """Use up a sign-in link and return its user, who may now be signed in.

    Single use even when two requests race: `last_login` moves only if it still holds the value
    the token was checked against, and only one of them can win that compare-and-set.
    Raises SignInLinkInvalid.
    """
    user = sign_in_link_user(uidb64=uidb64, token=token)
    with as_user(user.pk):
        won = User.objects.filter(pk=user.pk, last_login=user.last_login).update(
            last_login=timezone.now()
        )
    if not won:
        raise SignInLinkInvalid
    user.refresh_from_db(fields=["last_login"])
    return user
