"""Writes for accounts: sign-up, confirmation, profile, plan.

Sign-up never creates an account directly. It records a SignUpRequest and mails a link; the
account exists once the link is opened. If the address already has an account, its owner gets a
"you already have an account" email instead. Both paths do the same work in the request (hash the
password, enqueue one email) and show the same page, so sign-up never reveals who has an account.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from minime.accounts.models import SignUpRequest, User, normalize_email
from minime.accounts.plans import Plan
from minime.workspaces.services import workspace_create_personal


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
    """Create an active account and its personal workspace, atomically.

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
        workspace_create_personal(user=user)
    return user


def sign_up_request(*, email: str, password: str, display_name: str, time_zone: str) -> None:
    """Start a sign-up: mail a confirmation link, or a notice if the email has an account."""
    # Imported here: tasks import this module for the sending side.
    from minime.accounts.tasks import send_account_exists_notice, send_sign_up_link

    email = normalize_email(email)
    password_hash = make_password(password)  # done on both paths: equal timing
    existing = User.objects.filter(email=email).only("pk").first()
    if existing is not None:
        send_account_exists_notice.enqueue(user_id=existing.pk)
        return
    request = SignUpRequest.objects.create(
        email=email, password=password_hash, display_name=display_name, time_zone=time_zone
    )
    send_sign_up_link.enqueue(sign_up_request_id=request.pk)


def sign_up_confirm(*, token: str) -> User:
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
    return user


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
