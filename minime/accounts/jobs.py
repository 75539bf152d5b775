"""Account emails, sent by the worker.

Tasks receive ids, never links: the single-use token is made here, in the worker, so no usable
secret is ever stored in the task queue's table.

A job may run more than once (a worker that dies mid-job is replaced and the job runs again; see
docs/jobs.md), so a re-run must never break the link the first run mailed. The sign-up token is
derived from the job's own id with an HMAC keyed by SECRET_KEY: every run of one job stores the
same token hash and mails the same link. Reset and sign-in links are HMACs over the account's
state (no stored token), so the link of a re-run is another valid one and the first keeps
working. A crash between sending and recording the job's end mails the person twice.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import TaskContext, task

from minime.accounts.models import SignUpRequest, User
from minime.accounts.services import sign_in_link_tokens, token_hash


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _user_link(view: str, user: User, tokens: PasswordResetTokenGenerator) -> str:
    """The absolute URL of `view` for `user`: its id in base64 and a token made by `tokens`."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    return _absolute(reverse(view, kwargs={"uidb64": uidb64, "token": tokens.make_token(user)}))


def _send(template: str, to: str, context: dict[str, object]) -> None:
    """Render accounts/email/<template>.txt (first line: subject) and send it."""
    context = {"site_url": settings.SITE_URL, **context}
    subject, _, body = render_to_string(f"accounts/email/{template}.txt", context).partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", None, [to])


def _job_token(context: TaskContext, purpose: str) -> str:
    """A secret only this job makes: the same on every run of it, unguessable without SECRET_KEY."""
    # A fixed salt, not this module's path: it keeps the module's old name so a job queued
    # before the rename still mails the same link on a re-run. Never change it.
    key_salt = f"minime.accounts.tasks.{purpose}"
    digest = salted_hmac(key_salt, str(context.task_result.id), algorithm="sha256").digest()
    return urlsafe_base64_encode(digest)


@task(takes_context=True)
def send_sign_up_link(context: TaskContext, *, sign_up_request_id: int) -> None:
    request = SignUpRequest.objects.filter(pk=sign_up_request_id).first()
    if request is None:  # confirmed or pruned meanwhile
        return
    token = _job_token(context, "sign-up-link")
    request.token_hash = token_hash(token)
    request.save(update_fields=["token_hash"])
    link = _absolute(reverse("accounts:sign_up_confirm", kwargs={"token": token}))
    _send(
        "sign_up_confirm",
        request.email,
        {"link": link, "hours": settings.SIGN_UP_LINK_HOURS, "name": request.display_name},
    )


@task()
def send_account_exists_notice(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    _send(
        "account_exists",
        user.email,
        {
            "name": user.name,
            "sign_in": _absolute(reverse("accounts:sign_in")),
            "reset": _absolute(reverse("accounts:password_reset")),
        },
    )


@task()
def send_password_reset(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    link = _user_link("accounts:password_reset_confirm", user, default_token_generator)
    _send(
        "password_reset",
        user.email,
        {"name": user.name, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
    )


@task()
def send_sign_in_link(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    link = _user_link("accounts:sign_in_link", user, sign_in_link_tokens)
    _send(
        "sign_in_link",
        user.email,
        {"name": user.name, "link": link, "minutes": settings.SIGN_IN_LINK_MINUTES},
    )


@task()
def prune_sign_in_records() -> dict[str, int]:
    """Scheduled: forget failed sign-ins past the window and sign-ups past their link's life."""
    from minime.accounts import throttle
    from minime.accounts.services import prune_sign_up_requests

    return {"rate_limit_events": throttle.prune(), "sign_up_requests": prune_sign_up_requests()}
