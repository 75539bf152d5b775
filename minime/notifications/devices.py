"""Plain functions about a push subscription: a readable name from the browser's User-Agent and
the checks on its endpoint and keys. No Django models here."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import re
from urllib.parse import urlsplit

from minime.core import limits

# Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari", and so on.
_BROWSERS = [
    ("Edge", re.compile(r"Edg(?:e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
]
_SYSTEMS = [
    ("iPhone", re.compile(r"iPhone")),
    ("iPad", re.compile(r"iPad")),
    ("Android", re.compile(r"Android")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("Windows", re.compile(r"Windows")),
    ("macOS", re.compile(r"Mac OS X|Macintosh")),
    ("Linux", re.compile(r"Linux|X11")),
]


def device_name(user_agent: str) -> str:
    """ "Firefox on Android", "Chrome on Windows", or "This browser" when the User-Agent says
    nothing we know. Only a default: the user can rename the device."""
    agent = user_agent[:1000]
    browser = next((name for name, pattern in _BROWSERS if pattern.search(agent)), "")
    system = next((name for name, pattern in _SYSTEMS if pattern.search(agent)), "")
    if browser and system:
        return f"{browser} on {system}"
    return browser or system or "This browser"


def b64url_bytes(value: str) -> bytes | None:
    """The bytes of a base64url value (padding optional), or None when it is not one."""
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9_-]+={0,2}", value):
        return None
    try:
        return base64.urlsafe_b64decode(value.rstrip("=") + "=" * (-len(value.rstrip("=")) % 4))
    except (binascii.Error, ValueError):
        return None


def key_errors(p256dh: str, auth: str) -> dict[str, list[str]]:
    """What is wrong with a subscription's keys: `p256dh` must be an uncompressed P-256 point
    (65 bytes starting 0x04) and `auth` a 16-byte secret, both base64url."""
    errors: dict[str, list[str]] = {}
    point = b64url_bytes(p256dh)
    if point is None or len(point) != 65 or point[0] != 4:
        errors["p256dh"] = ["Not a browser push key: 65 bytes of base64url, starting 0x04."]
    secret = b64url_bytes(auth)
    if secret is None or len(secret) != 16:
        errors["auth"] = ["Not a browser push secret: 16 bytes of base64url."]
    return errors


def _is_this_machine(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def endpoint_error(endpoint: str, *, allowed_hosts: list[str], allow_local: bool) -> str | None:
    """Why `endpoint` cannot be a device's push endpoint, or None when it can.

    The server posts to it, so it must be https on one of the push services' hosts (a host
    matches itself and its subdomains); `allow_local` (development and tests) also admits http
    or https on this machine, for a local push service.
    """
    if not endpoint:
        return "The subscription has no endpoint."
    if len(endpoint) > limits.PUSH_ENDPOINT_MAX:
        return f"The endpoint is longer than {limits.PUSH_ENDPOINT_MAX} characters."
    try:
        parts = urlsplit(endpoint)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return "The endpoint is not a URL."
    if parts.scheme not in {"http", "https"} or not host or parts.username or parts.password:
        return "The endpoint is not a web address."
    if allow_local and _is_this_machine(host):
        return None
    if parts.scheme != "https":
        return "The endpoint must use https."
    if not any(host == h or host.endswith("." + h) for h in allowed_hosts):
        return "The endpoint is not on a known push service."
    return None
