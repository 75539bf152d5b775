"""The one adapter to Google for Gmail: OAuth 2.0 (authorization code with PKCE), and reading the
inbox's latest messages as metadata. Plain functions over ``minime.core.outbound`` (the guarded
client: timeouts, size caps, no redirects into the private network); no Django models here.

What it can do is exactly what ``REQUESTS`` lists, and nothing else exists to call:

* sign-in: the consent address to send the person to (scope ``gmail.readonly`` only, offline
  access, ``state`` and an S256 code challenge), the code exchanged for tokens, an access token
  refreshed from the refresh token, and the grant revoked;
* reading: the account's address (``users/me/profile``), the ids of the latest INBOX messages,
  and each message in the ``metadata`` format with only the From, Subject and Date headers (never
  a body or an attachment).

There is no function that sends, modifies, labels, archives or deletes mail, and ``_call``
refuses any request that is not in ``REQUESTS`` (a test checks every request the fake Google
received against the same list).

The endpoints and the OAuth client come from the settings (``GOOGLE_*``, ``GMAIL_API_URL``) so
the tests can point them at a local fake. Every failure is a ``GoogleError`` with a ``code``
(``invalid_grant`` means the person must connect again) and a message fit to show.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import html
import json
import re
import secrets
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from email.header import decode_header, make_header
from typing import Any
from urllib.parse import urlencode

from django.conf import settings

from minime.core import outbound

SCOPE = "https://www.googleapis.com/auth/gmail.readonly"
INBOX_SIZE = 30  # the latest messages a pull reads
CONCURRENT_READS = 10  # messages read at once: 30 take three round trips, not thirty
MAX_ANSWER_BYTES = 1_000_000
SUBJECT_MAX, SENDER_MAX, SNIPPET_MAX = 300, 300, 500

# Every request this module may make: (method, endpoint setting, path pattern after it).
REQUESTS: tuple[tuple[str, str, str], ...] = (
    ("POST", "GOOGLE_TOKEN_URL", r""),
    ("POST", "GOOGLE_REVOKE_URL", r""),
    ("GET", "GMAIL_API_URL", r"/gmail/v1/users/me/profile"),
    ("GET", "GMAIL_API_URL", r"/gmail/v1/users/me/messages"),
    ("GET", "GMAIL_API_URL", r"/gmail/v1/users/me/messages/[A-Za-z0-9_-]{1,64}"),
)


class GoogleError(Exception):
    """A Google request that failed. ``code``: invalid_grant (the access was revoked or expired:
    connect again), unauthorized, refused, rate_limited, server, bad_answer, not_configured, or
    the outbound client's (timeout, network, …)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Consent:
    """One sign-in attempt: the address to send the person to, and what the callback needs to
    check and finish it (kept in their session, never in the page)."""

    url: str
    state: str
    verifier: str


@dataclass(frozen=True, slots=True)
class Tokens:
    access_token: str
    refresh_token: str
    scopes: frozenset[str]


@dataclass(frozen=True, slots=True)
class Message:
    """What is read of one message: never more."""

    id: str
    sender: str
    subject: str
    snippet: str
    received_at: dt.datetime | None


def configured() -> bool:
    """Whether this server has an OAuth client for Gmail."""
    return bool(settings.GOOGLE_CLIENT_ID and settings.GOOGLE_CLIENT_SECRET)


# --- The requests --------------------------------------------------------------------------------
def allowed(method: str, url: str) -> bool:
    """Whether ``method url`` (the query left out) is one of ``REQUESTS``."""
    base = url.split("?", 1)[0]
    for allowed_method, setting, pattern in REQUESTS:
        root = str(getattr(settings, setting)).rstrip("/")
        if (
            method == allowed_method
            and base.startswith(root)
            and re.fullmatch(pattern, base[len(root) :])
        ):
            return True
    return False


def _call(
    method: str,
    url: str,
    *,
    token: str = "",
    data: Mapping[str, str] | None = None,
    params: Iterable[tuple[str, str]] = (),
    basic: bool = False,
) -> tuple[int, Any]:
    """Make one of the allowed requests; the status and the decoded JSON answer (None if the
    answer was not JSON). Raises GoogleError for what never reached an answer."""
    if not allowed(method, url):
        raise GoogleError("not_allowed", "This request to Google is not one Mini Me OS makes.")
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if basic:
        pair = f"{settings.GOOGLE_CLIENT_ID}:{settings.GOOGLE_CLIENT_SECRET}".encode()
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    try:
        response = outbound.fetch(
            url,
            method=method,
            headers=headers,
            data=data,
            params=list(params),
            max_bytes=MAX_ANSWER_BYTES,
            max_redirects=0,
        )
    except outbound.OutboundError as error:
        if error.code == "too_many_redirects":  # Google's APIs answer in place
            message = "Google answered in a way Mini Me OS does not read."
            raise GoogleError("bad_answer", message) from None
        raise GoogleError(error.code, _reach(error)) from None
    try:
        body = json.loads(response.content) if response.content else None
    except ValueError:
        body = None
    return response.status, body


def _reach(error: outbound.OutboundError) -> str:
    if error.code == "timeout":
        return "Google took too long to answer. Try again in a moment."
    return "Google could not be reached. Try again in a moment."


def _api_error(status: int, body: Any) -> GoogleError:
    """The error for a Gmail API answer that is not a success."""
    if status == 401:
        return GoogleError("unauthorized", "Google no longer accepts this access.")
    if status == 403:
        return GoogleError(
            "refused",
            "Google refused to read the inbox: the Gmail API may be turned off for this "
            "server's Google project, or read access was not granted.",
        )
    if status == 429:
        return GoogleError("rate_limited", "Google asks to slow down. Try again in a minute.")
    if status >= 500:
        return GoogleError("server", f"Google had a problem ({status}). Try again in a moment.")
    return GoogleError("bad_answer", f"Google answered with an error ({status}).")


# --- Signing in ----------------------------------------------------------------------------------
def consent(redirect_uri: str) -> Consent:
    """A new sign-in: the consent address with a fresh ``state`` and PKCE code challenge."""
    if not configured():
        raise GoogleError("not_configured", "This server has no Gmail client set up.")
    state = secrets.token_urlsafe(32)
    verifier = secrets.token_urlsafe(64)  # 86 characters, within PKCE's 43 to 128
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    query = {
        "response_type": "code",
        "client_id": settings.GOOGLE_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "scope": SCOPE,
        "state": state,
        "code_challenge": challenge.decode().rstrip("="),
        "code_challenge_method": "S256",
        "access_type": "offline",  # a refresh token, so a pull later needs no new sign-in
        "prompt": "consent",  # and a refresh token every time, even on a second connection
    }
    return Consent(f"{settings.GOOGLE_AUTH_URL}?{urlencode(query)}", state, verifier)


def _token(form: dict[str, str]) -> dict[str, Any]:
    status, body = _call("POST", settings.GOOGLE_TOKEN_URL, data=form, basic=True)
    if status == 200 and isinstance(body, dict) and body.get("access_token"):
        return body
    error = body.get("error") if isinstance(body, dict) else None
    if error in ("invalid_grant", "unauthorized_client"):
        raise GoogleError(
            "invalid_grant",
            "Google no longer accepts this connection (access was removed or has expired). "
            "Connect Gmail again.",
        )
    if error == "invalid_client":
        raise GoogleError("not_configured", "Google does not recognise this server's client.")
    if status >= 500:
        raise GoogleError("server", f"Google had a problem ({status}). Try again in a moment.")
    raise GoogleError("bad_answer", f"Google refused the sign-in ({error or status}).")


def exchange(code: str, verifier: str, redirect_uri: str) -> Tokens:
    """The tokens for the code the consent screen sent back. Raises GoogleError, including
    ``missing_scope`` when the person did not allow reading their mail."""
    body = _token(
        {
            "grant_type": "authorization_code",
            "code": code,
            "code_verifier": verifier,
            "redirect_uri": redirect_uri,
        }
    )
    scopes = frozenset(str(body.get("scope", "")).split())
    if SCOPE not in scopes:
        raise GoogleError(
            "missing_scope",
            "Google did not grant read access to your mail: tick “View your email messages "
            "and settings” on Google's screen.",
        )
    refresh_token = str(body.get("refresh_token") or "")
    if not refresh_token:
        raise GoogleError("bad_answer", "Google gave no lasting access. Connect again.")
    return Tokens(str(body["access_token"]), refresh_token, scopes)


def refresh(refresh_token: str) -> str:
    """A fresh access token (kept in memory by the caller, never stored)."""
    body = _token({"grant_type": "refresh_token", "refresh_token": refresh_token})
    return str(body["access_token"])


def revoke(token: str) -> bool:
    """Revoke the grant at Google (a refresh token revokes the whole grant). True when Google
    confirmed it or already did not know the token; False when it could not be told."""
    try:
        status, _ = _call("POST", settings.GOOGLE_REVOKE_URL, data={"token": token})
    except GoogleError:
        return False
    return status in (200, 400)  # 400: invalid_token, already revoked or expired


# --- Reading -------------------------------------------------------------------------------------
def _gmail(path: str) -> str:
    return f"{settings.GMAIL_API_URL.rstrip('/')}/gmail/v1/users/me/{path}"


def address(access_token: str) -> str:
    """The connected account's email address."""
    status, body = _call("GET", _gmail("profile"), token=access_token)
    if status != 200 or not isinstance(body, dict):
        raise _api_error(status, body)
    return str(body.get("emailAddress", ""))[:254]


def inbox(access_token: str, *, size: int = INBOX_SIZE) -> list[Message]:
    """The latest ``size`` INBOX messages, newest first: the list, then each message's metadata,
    ``CONCURRENT_READS`` at a time."""
    status, body = _call(
        "GET",
        _gmail("messages"),
        token=access_token,
        params=[("labelIds", "INBOX"), ("maxResults", str(size))],
    )
    if status != 200 or not isinstance(body, dict):
        raise _api_error(status, body)
    ids = [
        str(m["id"])
        for m in body.get("messages") or []
        if isinstance(m, dict) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(m.get("id", "")))
    ][:size]
    if not ids:
        return []
    with ThreadPoolExecutor(max_workers=min(CONCURRENT_READS, len(ids))) as pool:
        return list(pool.map(lambda i: _message(access_token, i), ids))


def _message(access_token: str, message_id: str) -> Message:
    status, body = _call(
        "GET",
        _gmail(f"messages/{message_id}"),
        token=access_token,
        params=[
            ("format", "metadata"),
            ("metadataHeaders", "From"),
            ("metadataHeaders", "Subject"),
            ("metadataHeaders", "Date"),
        ],
    )
    if status != 200 or not isinstance(body, dict):
        raise _api_error(status, body)
    return parse_message(message_id, body)


def parse_message(message_id: str, body: Mapping[str, Any]) -> Message:
    """A message from Gmail's metadata answer (missing parts are empty, never an error)."""
    headers: dict[str, str] = {}
    payload = body.get("payload")
    for header in (payload.get("headers") if isinstance(payload, dict) else None) or []:
        if isinstance(header, dict):
            name = str(header.get("name", "")).lower()
            headers.setdefault(name, str(header.get("value", "")))
    received_at = None
    millis = str(body.get("internalDate", ""))
    if millis.isdigit():
        received_at = dt.datetime.fromtimestamp(int(millis) / 1000, tz=dt.UTC)
    return Message(
        id=message_id,
        sender=_plain(headers.get("from", ""))[:SENDER_MAX],
        subject=_plain(headers.get("subject", ""))[:SUBJECT_MAX],
        snippet=" ".join(html.unescape(str(body.get("snippet", ""))).split())[:SNIPPET_MAX],
        received_at=received_at,
    )


def _plain(value: str) -> str:
    """A header as text: encoded words (``=?utf-8?q?…?=``) decoded, whitespace folded."""
    with contextlib.suppress(ValueError, LookupError, UnicodeDecodeError):
        value = str(make_header(decode_header(value)))
    return " ".join(value.split())
