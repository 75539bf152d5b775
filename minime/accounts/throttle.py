"""Rate limit for failed sign-ins, per account and per client address.

Counts live in the database (SignInFailure), so every web process shares them. Keys are HMACs of
the email or address, so the table holds no addresses in the clear. A scheduled job prunes rows
older than the window.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from minime.accounts.models import SignInFailure, normalize_email


@dataclass(frozen=True)
class Hold:
    """Why sign-in is held back, and for how many more minutes."""

    reason: str  # "account" or "address"
    minutes: int

    @property
    def message(self) -> str:
        wait = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        if self.reason == "account":
            return (
                f"Too many failed sign-ins for this account. Try again in {wait}, "
                "or reset your password."
            )
        return f"Too many failed sign-ins from this network. Try again in {wait}."


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def _window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES)


def check(*, email: str, address: str) -> Hold | None:
    """Return a Hold if this account or this address has used up its failed attempts."""
    since = timezone.now() - _window()
    limits = (
        ("account", _key("account", normalize_email(email)), settings.SIGN_IN_LIMIT_PER_ACCOUNT),
        ("address", _key("address", address), settings.SIGN_IN_LIMIT_PER_ADDRESS),
    )
    for reason, key, limit in limits:
        recent = SignInFailure.objects.filter(key=key, at__gte=since)
        if recent.count() >= limit:
            oldest = recent.aggregate(first=Min("at"))["first"]
            left = (oldest + _window() - timezone.now()).total_seconds()
            return Hold(reason=reason, minutes=max(1, math.ceil(left / 60)))
    return None


def record_failure(*, email: str, address: str) -> None:
    SignInFailure.objects.bulk_create(
        [
            SignInFailure(key=_key("account", normalize_email(email))),
            SignInFailure(key=_key("address", address)),
        ]
    )


def clear_account(*, email: str) -> None:
    """A successful sign-in forgives the account's failures (not the address's)."""
    SignInFailure.objects.filter(key=_key("account", normalize_email(email))).delete()


def prune() -> int:
    """Delete failures older than the window; return how many went."""
    deleted, _ = SignInFailure.objects.filter(at__lt=timezone.now() - _window()).delete()
    return deleted


def client_address(meta: dict[str, str]) -> str:
    """The client's IP. Behind a trusted proxy, the last hop it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return meta.get("REMOTE_ADDR", "") or "unknown"
