"""Rate limits: failed sign-ins (per account, per client address) and account emails (per
recipient, per client address).

Counts live in the database (RateLimitEvent), so every web process shares them. Keys are HMACs of
what is counted, so the table holds no email or IP address in the clear. A scheduled job prunes
events older than the longest window.

Account emails (sign-up links, reset links) are limited so the site cannot be used to flood
someone's inbox. Past the per-recipient limit the request is accepted but no email goes out,
so the page still says nothing about whether an address has an account.
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

from minime.accounts.models import RateLimitEvent, normalize_email

EMAIL_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Hold:
    """Why a request is held back, and for how many more minutes."""

    reason: str  # "account", "address" or "email-address"
    minutes: int

    @property
    def message(self) -> str:
        wait = f"{self.minutes} minute{'s' if self.minutes != 1 else ''}"
        if self.reason == "account":
            return (
                f"Too many failed sign-ins for this account. Try again in {wait}, "
                "or reset your password."
            )
        if self.reason == "address":
            return f"Too many failed sign-ins from this network. Try again in {wait}."
        return f"Too many requests from this network. Try again in {wait}."


class Throttled(Exception):
    def __init__(self, hold: Hold) -> None:
        super().__init__(hold.message)
        self.hold = hold


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def _sign_in_window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES)


def _hold(reason: str, key: str, limit: int, window: timedelta) -> Hold | None:
    since = timezone.now() - window
    recent = RateLimitEvent.objects.filter(key=key, at__gte=since)
    if recent.count() < limit:
        return None
    oldest = recent.aggregate(first=Min("at"))["first"]
    left = (oldest + window - timezone.now()).total_seconds()
    return Hold(reason=reason, minutes=max(1, math.ceil(left / 60)))


# --- Sign-in ---------------------------------------------------------------------------------
def check(*, email: str, address: str) -> Hold | None:
    """Return a Hold if this account or this address has used up its failed attempts."""
    window = _sign_in_window()
    return _hold(
        "account",
        _key("account", normalize_email(email)),
        settings.SIGN_IN_LIMIT_PER_ACCOUNT,
        window,
    ) or _hold("address", _key("address", address), settings.SIGN_IN_LIMIT_PER_ADDRESS, window)


def record_failure(*, email: str, address: str) -> None:
    RateLimitEvent.objects.bulk_create(
        [
            RateLimitEvent(key=_key("account", normalize_email(email))),
            RateLimitEvent(key=_key("address", address)),
        ]
    )


def clear_account(*, email: str) -> None:
    """A successful sign-in (or reset) forgives the account's failures, not the address's."""
    RateLimitEvent.objects.filter(key=_key("account", normalize_email(email))).delete()


# --- Account emails --------------------------------------------------------------------------
def gate_account_email(*, recipient: str, address: str) -> bool:
    """Count a request for an account email; return whether the email may go out.

    Raises Throttled when this client address asked for too many emails (the user is told).
    Returns False, silently, when the recipient already got their share this hour.
    """
    address_key = _key("email-from", address)
    hold = _hold("email-address", address_key, settings.EMAIL_LIMIT_PER_ADDRESS, EMAIL_WINDOW)
    if hold is not None:
        raise Throttled(hold)
    recipient_key = _key("email-to", normalize_email(recipient))
    allowed = (
        _hold("email-to", recipient_key, settings.EMAIL_LIMIT_PER_RECIPIENT, EMAIL_WINDOW) is None
    )
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(key=address_key), RateLimitEvent(key=recipient_key)]
    )
    return allowed


def prune() -> int:
    """Delete events older than the longest window; return how many went."""
    longest = max(_sign_in_window(), EMAIL_WINDOW)
    deleted, _ = RateLimitEvent.objects.filter(at__lt=timezone.now() - longest).delete()
    return deleted


def client_address(meta: dict[str, str]) -> str:
    """The client's IP. Behind a trusted proxy, the last hop it appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1]
    return meta.get("REMOTE_ADDR", "") or "unknown"
