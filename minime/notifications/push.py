"""The one adapter to Web Push: encrypt a payload for one device and post it to its push service
(pywebpush: aes128gcm, a VAPID signature), and say how that went. No database here."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from pywebpush import WebPushException, webpush  # type: ignore[import-untyped]

from minime.core import limits

_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True)
class Outcome:
    """`status`: the push service's HTTP status, None when it was never reached (`error` says
    why: a timeout, a refused connection)."""

    status: int | None
    error: str = ""
    retry_after: int | None = None  # seconds, when the service said

    @property
    def sent(self) -> bool:
        return self.status in {200, 201, 202}

    @property
    def gone(self) -> bool:
        return self.status in {404, 410}

    @property
    def retryable(self) -> bool:
        return self.status is None or self.status == 429 or self.status >= 500


def payload(*, title: str, body: str, url: str, tag: str, icon: str) -> bytes:
    """The push's JSON, at most `PUSH_PAYLOAD_MAX` bytes: the body is cut first, then the
    title."""

    def encode(t: str, b: str) -> bytes:
        data = {"title": t, "body": b, "url": url, "tag": tag, "icon": icon}
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()

    raw = encode(title, body)
    while len(raw) > limits.PUSH_PAYLOAD_MAX and body:
        # Drop the excess in UTF-8 bytes (and room for the ellipsis), never half a character.
        keep = len(body.encode()) - (len(raw) - limits.PUSH_PAYLOAD_MAX) - len("…".encode())
        cut = body.encode()[: max(0, keep)].decode(errors="ignore").rstrip()
        body = cut + "…" if cut and cut != body else ""
        raw = encode(title, body)
    while len(raw) > limits.PUSH_PAYLOAD_MAX and title:
        title = title[: len(title) // 2]
        raw = encode(title, body)
    return raw


def topic_for(tag: str) -> str | None:
    """The Topic header for a tag (base64url characters, at most 32), or None."""
    return tag if _TOPIC.fullmatch(tag) else None


def send(
    subscription: Subscription, data: bytes, *, ttl: int, urgency: str, topic: str | None
) -> Outcome:
    """Post one encrypted push. Never raises for the push service's or the network's failures:
    they come back as an Outcome."""
    headers = {"Urgency": urgency}
    if topic:
        headers["Topic"] = topic
    origin = urlsplit(subscription.endpoint)
    try:
        response: Any = webpush(
            {
                "endpoint": subscription.endpoint,
                "keys": {"p256dh": subscription.p256dh, "auth": subscription.auth},
            },
            data=data,
            vapid_private_key=settings.VAPID_PRIVATE_KEY,
            vapid_claims={
                "sub": settings.VAPID_SUBJECT,
                "aud": f"{origin.scheme}://{origin.netloc}",
            },
            content_encoding="aes128gcm",
            ttl=ttl,
            headers=headers,
            timeout=settings.PUSH_TIMEOUT_SECONDS,
        )
    except WebPushException as exc:
        response = exc.response
        if response is None:
            return Outcome(None, _short(str(exc)))
    except requests.Timeout:
        return Outcome(None, f"No answer within {settings.PUSH_TIMEOUT_SECONDS:g} s.")
    except requests.RequestException as exc:
        return Outcome(None, _short(f"Could not reach the push service: {type(exc).__name__}"))
    status = int(response.status_code)
    if status in {200, 201, 202}:
        return Outcome(status)
    return Outcome(
        status,
        _short(f"{status} {response.reason or ''}".strip()),
        _retry_after(response.headers.get("Retry-After")),
    )


def _retry_after(value: str | None) -> int | None:
    if value and value.strip().isdigit():
        return min(int(value.strip()), 24 * 3600)
    return None


def _short(text: str) -> str:
    return text if len(text) <= 200 else text[:199] + "…"
