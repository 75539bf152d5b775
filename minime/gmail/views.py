"""Gmail's pages: Settings → Email (connect through Google's consent screen, the connection's
state, disconnect) and Email (pull the inbox's latest messages, turn one into an inbox item or,
through Smart Add's preview, a task).

The views that talk to Google (connect's callback, pull, disconnect) run outside the request
transaction: the database is never held while Google answers. Every action is a form post that
works without JavaScript (it redirects back with a message); with htmx the Email list comes back
in place. The sign-in's ``state`` and PKCE verifier wait in the person's session, for
``CONSENT_SECONDS``, and are used once.
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import urlsplit
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.core.errors import Invalid, NotAllowed, ServiceError
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.gmail import google, services
from minime.gmail.models import ConnectionState
from minime.workspaces.middleware import request_transaction

CONSENT = "gmail_consent"  # the session's pending sign-in: {"state", "verifier", "at"}
CONSENT_SECONDS = 15 * 60
INBOX_TARGET = "gmail-inbox"


def _plan() -> str:
    return str(LOWEST_PLAN_FOR[Feature.EMAIL].label)


def _callback_uri(request: AuthedRequest) -> str:
    return request.build_absolute_uri(reverse("gmail:callback"))


# --- Settings → Email ----------------------------------------------------------------------------
@login_required
@require_GET
def email_settings(request: AuthedRequest) -> HttpResponse:
    """What connecting Gmail does and reads, the connection's state, connect or disconnect."""
    user = request.user
    context = {
        "allowed": may_use(user, Feature.EMAIL),
        "plan": _plan(),
        "configured": google.configured(),
        "connection": services.connection_of(user),
        "callback_uri": _callback_uri(request),
        "inbox_size": google.INBOX_SIZE,
        "keep_hours": int(services.KEEP_PULLED.total_seconds() // 3600),
    }
    response = render(request, "gmail/settings.html", context)
    # Connect posts here, then goes on to Google's consent screen: the page's policy lets that
    # one form leave for Google's sign-in origin (browsers check form-action on redirects too).
    auth = urlsplit(settings.GOOGLE_AUTH_URL)
    response._csp_update = {"form-action": [f"{auth.scheme}://{auth.netloc}"]}  # type: ignore[attr-defined]
    return response


@login_required
@require_POST
def connect(request: AuthedRequest) -> HttpResponse:
    """Off to Google's consent screen, with a fresh state and PKCE verifier kept in the
    session for the callback."""
    try:
        consent = services.connect_start(user=request.user, redirect_uri=_callback_uri(request))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("gmail:settings")
    request.session[CONSENT] = {
        "state": consent.state,
        "verifier": consent.verifier,
        "at": int(time.time()),
    }
    return redirect(consent.url)


@outside_request_transaction
@login_required
@require_GET
def callback(request: AuthedRequest) -> HttpResponse:
    """Where Google's consent screen sends the person back: check ``state`` against the
    session's, then exchange the code for the grant (outside any transaction)."""
    pending = request.session.pop(CONSENT, None) or {}  # used once, whatever happens next
    state = request.GET.get("state", "")
    fresh = time.time() - float(pending.get("at", 0)) < CONSENT_SECONDS
    if not (pending and fresh and secrets.compare_digest(state, str(pending.get("state")))):
        messages.error(request, "That sign-in was not started here or took too long. Try again.")
        return redirect("gmail:settings")
    if request.GET.get("error"):
        if request.GET["error"] == "access_denied":
            messages.info(request, "Gmail was not connected: access was not allowed at Google.")
        else:
            messages.error(request, "Google did not connect Gmail. Try again.")
        return redirect("gmail:settings")
    code = request.GET.get("code", "")
    if not code or len(code) > 1000:
        messages.error(request, "Google sent no sign-in code. Try again.")
        return redirect("gmail:settings")
    try:
        connection = services.connect_finish(
            user=request.user,
            code=code,
            verifier=str(pending.get("verifier", "")),
            redirect_uri=_callback_uri(request),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("gmail:settings")
    messages.success(request, f"Gmail connected: {connection.email_address}. Pull your inbox.")
    return redirect("gmail:inbox")


@outside_request_transaction
@login_required
@require_POST
def disconnect(request: AuthedRequest) -> HttpResponse:
    """Revoke the access at Google, then delete it and every pulled message (any plan)."""
    if services.disconnect(user=request.user):
        messages.success(
            request,
            "Gmail disconnected: Google was told to withdraw the access, and the pulled "
            "messages were deleted.",
        )
    else:
        messages.warning(
            request,
            "Gmail disconnected here and the pulled messages were deleted, but Google could not "
            "be reached to withdraw the access. Remove “Mini Me OS” under Security → Third-party "
            "access in your Google account.",
        )
    return redirect("gmail:settings")


# --- Email ---------------------------------------------------------------------------------------
def _inbox_page(
    request: AuthedRequest, *, status: int = 200, announce: str = "", problem: str = ""
) -> HttpResponse:
    user = request.user
    with request_transaction(request):
        context: dict[str, Any] = {
            "allowed": may_use(user, Feature.EMAIL),
            "plan": _plan(),
            "connection": services.connection_of(user),
            "rows": [(m, services.task_text(m)) for m in services.pulled(user)],
            "inbox_size": google.INBOX_SIZE,
            "keep_hours": int(services.KEEP_PULLED.total_seconds() // 3600),
            "announce": announce,
            "problem": problem,
            "reconnect": ConnectionState.RECONNECT,
        }
        swap = bool(request.htmx) and request.htmx.target == INBOX_TARGET
        template = "gmail/_inbox.html" if swap else "gmail/inbox.html"
        return render(request, template, context, status=status)


@login_required
@require_GET
def inbox(request: AuthedRequest) -> HttpResponse:
    """The messages of the last pull, each with its two actions, and the Pull button."""
    return _inbox_page(request)


def _answer(request: AuthedRequest, message: str, *, error: bool = False) -> HttpResponse:
    """After an action: htmx gets the list back with ``message`` in it; a plain post
    redirects to the page, which shows it."""
    if request.htmx and request.htmx.target == INBOX_TARGET:
        if error:
            return _inbox_page(request, status=422, problem=message)
        return _inbox_page(request, announce=message)
    (messages.error if error else messages.success)(request, message)
    return redirect("gmail:inbox")


@outside_request_transaction
@login_required
@require_POST
def pull(request: AuthedRequest) -> HttpResponse:
    """Read the inbox's latest messages now (the person waits: it takes about a second)."""
    try:
        kept = services.pull(user=request.user)
    except NotAllowed as exc:
        return _inbox_page(request, status=403, problem=exc.message)
    except ServiceError as exc:
        return _answer(request, exc.message, error=True)
    count = len(kept)
    if count == 0:
        return _answer(request, "Your inbox is empty.")
    return _answer(request, f"Read the latest {count} message{'s' if count != 1 else ''}.")


@login_required
@require_POST
def to_inbox(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Save one pulled message as an inbox item of the current workspace."""
    message = next((m for m in services.pulled(request.user) if m.uuid == uuid), None)
    if message is None:
        return _answer(request, "This message is no longer kept: pull the inbox again.", error=True)
    try:
        services.to_inbox(user=request.user, workspace=request.workspace, message=message)
    except (Invalid, NotAllowed) as exc:
        return _answer(request, exc.message, error=True)
    return _answer(request, f"“{message.subject or 'The message'}” is in your inbox.")
