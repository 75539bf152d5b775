"""Rate limits: failed password sign-ins, and account emails.

Password sign-in is guarded by three limits. Each answers one kind of attack, and none of them
lets a stranger who knows an email address lock its owner out:

- **Per account and network** (`SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK` failures in
  `SIGN_IN_LIMIT_WINDOW_MINUTES`): the tight limit. It stops someone guessing one account from
  one network; the owner, signing in from any other network, never meets it.
- **Per account, across networks** (`SIGN_IN_LIMIT_PER_ACCOUNT` failures in
  `SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES`): against guessing spread over many networks. While it
  holds, the password form is refused for that account, the right password included (otherwise
  the guesser would learn when they hit it), except in a browser that has signed in to the
  account before (below). Anyone else gets in with a one-time sign-in link by email, which no
  failure count blocks.
- **Per network, across accounts** (`SIGN_IN_LIMIT_PER_ADDRESS` failures in the short window):
  past it, password attempts from that network are spaced `SIGN_IN_SLOW_SECONDS` apart. The
  network is slowed, never shut out, and sign-in links are not affected.

A browser that signs in gets a device cookie for that account: a random nonce and an HMAC tying
it to the account. The account-wide limit does not apply to it, so the owner's own browser is
never paused by guesses from elsewhere. The cookie has its own tight failure count (as tight as a
network's), past which it is worth nothing: a stolen cookie buys a handful of guesses, not a way
around the account-wide limit. A network counts as one IPv4 address or one IPv6 /64.

A successful sign-in is never counted. It forgives this network's failures for the account (the
owner's own typos), not the account-wide count: guesses made elsewhere stay counted. A password
reset forgives the account-wide count too, since it makes every earlier guess moot.

Counts live in the database (RateLimitEvent), so every web process shares them. Keys are HMACs of
what is counted, so the table holds no email or IP address in the clear. A scheduled job prunes
events older than the longest window.

Account emails (sign-up, reset and sign-in links) are limited so the site cannot be used to flood
someone's inbox. Past the per-recipient limit the request is accepted but no email goes out,
so the page still says nothing about whether an address has an account.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from minime.accounts.models import RateLimitEvent, normalize_email

EMAIL_WINDOW = timedelta(hours=1)
DEVICE_COOKIE = "minime_device"
DEVICE_COOKIE_AGE = timedelta(days=90)


@dataclass(frozen=True)
class Hold:
    """Why a request is held back, and for how many more seconds."""

    reason: str  # "account-network", "account", "address" or "email-address"
    seconds: int

    @property
    def wait(self) -> str:
        if self.seconds < 60:
            return f"{self.seconds} second{'s' if self.seconds != 1 else ''}"
        minutes = math.ceil(self.seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"

    @property
    def offers_sign_in_link(self) -> bool:
        return self.reason != "email-address"

    @property
    def message(self) -> str:
        if self.reason == "account-network":
            return (
                f"Too many failed sign-ins for this account from this network. Try again in "
                f"{self.wait}, or email yourself a sign-in link."
            )
        if self.reason == "account":
            return (
                "Too many failed sign-ins for this account from many places, so signing in "
                f"with its password is paused for {self.wait}. Email yourself a sign-in link "
                "to get in now."
            )
        if self.reason == "address":
            return (
                f"Too many failed sign-ins from this network. Try again in {self.wait}, "
                "or email yourself a sign-in link."
            )
        return f"Too many requests from this network. Try again in {self.wait}."


class Throttled(Exception):
    def __init__(self, hold: Hold) -> None:
        super().__init__(hold.message)
        self.hold = hold


def _key(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


def network(address: str) -> str:
    """The network an address counts as: itself for IPv4, its /64 for IPv6.

    One IPv6 host commonly holds a whole /64 and can pick a fresh address per request, so
    counting single IPv6 addresses would let one client slip past every per-network limit.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:  # ::ffff:a.b.c.d is that IPv4 address
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


# The keys the failures are recorded under (RateLimitEvent.key): per account and network, per
# account, per network. Keyed HMACs, so the table holds no email address or IP address.


def pair_key(email: str, address: str) -> str:
    return _key("account-network", f"{normalize_email(email)} {network(address)}")


def account_key(email: str) -> str:
    return _key("account", normalize_email(email))


def address_key(address: str) -> str:
    return _key("address", network(address))


def new_device_cookie(email: str) -> str:
    """A fresh device-cookie value for a browser that just signed in to `email`'s account."""
    nonce = secrets.token_urlsafe(12)
    return f"{nonce}.{_key('device', f'{nonce} {normalize_email(email)}')}"


def _device_key(device: str | None, email: str) -> str | None:
    """The failure-count key of a device cookie issued for this account, else None."""
    nonce, _, tag = (device or "").partition(".")
    if not nonce or not hmac.compare_digest(
        tag, _key("device", f"{nonce} {normalize_email(email)}")
    ):
        return None
    return _key("device-failures", nonce)


def _sign_in_window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LIMIT_WINDOW_MINUTES)


def _account_window() -> timedelta:
    return timedelta(minutes=settings.SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES)


def _seconds_until(moment: timedelta) -> int:
    return max(1, math.ceil(moment.total_seconds()))


def _hold(reason: str, key: str, limit: int, window: timedelta) -> Hold | None:
    """Hold while `key` has `limit` or more events in `window`; until enough of them age out."""
    now = timezone.now()
    recent = RateLimitEvent.objects.filter(key=key, at__gte=now - window)
    count = recent.count()
    if count < limit:
        return None
    # The count drops below the limit when the (count - limit + 1)-th oldest event leaves.
    freed_by = recent.order_by("at").values_list("at", flat=True)[count - limit]
    return Hold(reason=reason, seconds=_seconds_until(freed_by + window - now))


def _slow(address: str) -> Hold | None:
    """Past its failure limit, a network gets one password attempt per SIGN_IN_SLOW_SECONDS."""
    now = timezone.now()
    recent = RateLimitEvent.objects.filter(
        key=address_key(address), at__gte=now - _sign_in_window()
    )
    if recent.count() < settings.SIGN_IN_LIMIT_PER_ADDRESS:
        return None
    last = recent.aggregate(last=Max("at"))["last"]
    left = last + timedelta(seconds=settings.SIGN_IN_SLOW_SECONDS) - now
    if left <= timedelta(0):
        return None
    return Hold(reason="address", seconds=_seconds_until(left))


# --- Sign-in ---------------------------------------------------------------------------------
def check(*, email: str, address: str, device: str | None = None) -> Hold | None:
    """Return a Hold if a password attempt for `email` from `address` must wait (see above).

    `device` is the browser's device cookie, if it sent one.
    """
    tight = settings.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK
    pair = _hold("account-network", pair_key(email, address), tight, _sign_in_window())
    if pair is not None:
        return pair
    device_key = _device_key(device, email)
    known_device = (
        device_key is not None and _hold("device", device_key, tight, _sign_in_window()) is None
    )
    if not known_device:
        account = _hold(
            "account", account_key(email), settings.SIGN_IN_LIMIT_PER_ACCOUNT, _account_window()
        )
        if account is not None:
            return account
    return _slow(address)


def record_failure(*, email: str, address: str, device: str | None = None) -> None:
    keys = [pair_key(email, address), account_key(email), address_key(address)]
    device_key = _device_key(device, email)
    if device_key is not None:
        keys.append(device_key)
    RateLimitEvent.objects.bulk_create([RateLimitEvent(key=key) for key in keys])


def record_success(*, email: str, address: str) -> None:
    """A sign-in forgives this network's failures for the account, and nothing else."""
    RateLimitEvent.objects.filter(key=pair_key(email, address)).delete()


def forgive_account(*, email: str, address: str) -> None:
    """A password reset forgives the account-wide failures and this network's for the account.

    Failures from other networks stay counted against them: a guesser's network is not let off.
    """
    RateLimitEvent.objects.filter(key__in=[account_key(email), pair_key(email, address)]).delete()


# --- Account emails --------------------------------------------------------------------------
def gate_account_email(*, recipient: str, address: str) -> bool:
    """Count a request for an account email; return whether the email may go out.

    Raises Throttled when this client address asked for too many emails (the user is told).
    Returns False, silently, when the recipient already got their share this hour.
    """
    address_key = _key("email-from", network(address))
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
    longest = max(_sign_in_window(), _account_window(), EMAIL_WINDOW)
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
