"""The one way the server fetches a URL that a user or a third party chose (a calendar's iCal
address, an OAuth provider, a mail API): ``fetch``.

What it guarantees, whatever the URL says:

* **Only http and https** (``webcal://`` is read as ``https://``), no user info in the URL, and a
  port of the URL's own (no proxies from the environment: ``trust_env`` is off).
* **No request to this machine or its network (SSRF).** The host is resolved once; if any address
  it resolves to is not a public unicast address — loopback, private, link-local (the cloud
  metadata service at 169.254.169.254), shared, multicast, reserved, unspecified, or an IPv4
  address dressed as IPv6 (``::ffff:127.0.0.1``) — the request is refused before any connection.
  Decimal and octal spellings (``2130706433``, ``0177.0.0.1``) resolve to what they mean and are
  judged by that. The connection then goes **to the checked address** (the URL is rewritten to
  the IP; ``Host`` and the TLS server name stay the name, so the certificate is still verified
  against it): a DNS answer that changes between the check and the connection cannot redirect it.
* **Redirects** are followed by hand, at most ``MAX_REDIRECTS``, each new target checked again
  from the start.
* **Limits**: connect and read timeouts, an overall deadline, and a size cap enforced while the
  body streams (a ``Content-Length`` over the cap is refused before reading).

Hosts in ``settings.OUTBOUND_ALLOW_HOSTS`` (exact names or addresses, empty by default) skip the
address check: the tests' local fake servers are reached that way, never by weakening the check.
A deployment that sets it on a public host is refused by the system checks.

Every refusal is an ``OutboundError`` with a ``code`` and a message fit to show the user; the URL
itself is never put in a message or a log line (it may be a secret, like a private calendar's).
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import socket
import ssl
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import certifi
import httpx
from django.conf import settings

MAX_BYTES = 2_000_000
MAX_REDIRECTS = 3
CONNECT_SECONDS = 3.0
READ_SECONDS = 5.0
DEADLINE_SECONDS = 20.0
REDIRECTS = {301, 302, 303, 307, 308}
DEFAULT_PORTS = {"http": 80, "https": 443}

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# httpx and httpcore log each request's full URL (at INFO and DEBUG); an address fetched here may
# be a secret (a private calendar's), so they keep to warnings whatever the logging settings say.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)


class OutboundError(Exception):
    """A fetch that was refused or failed. ``code``: bad_url, not_allowed, too_many_redirects,
    too_big, timeout, network."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Response:
    """What came back: the status, headers (lower-case names) and the whole body."""

    status: int
    headers: Mapping[str, str]
    content: bytes

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


# --- Checking ------------------------------------------------------------------------------------
def normalise(url: str) -> httpx.URL:
    """The URL to fetch (``webcal`` read as ``https``); OutboundError(bad_url) for anything that
    is not a plain http(s) URL with a host."""
    text = (url or "").strip()
    if text.lower().startswith("webcal://"):
        text = "https://" + text[len("webcal://") :]
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError, ValueError):
        raise OutboundError("bad_url", "This is not a web address.") from None
    if parsed.scheme not in DEFAULT_PORTS:
        raise OutboundError("bad_url", "Only http and https addresses can be fetched.")
    if not parsed.host:
        raise OutboundError("bad_url", "This address has no host.")
    if parsed.userinfo:
        raise OutboundError("bad_url", "Addresses with a user name or password are not accepted.")
    return parsed


def is_public(address: IPAddress) -> bool:
    """Whether ``address`` is a public unicast address (an IPv4-mapped IPv6 address is judged as
    the IPv4 address it carries)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address ``host`` resolves to (an IP literal resolves to itself)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise OutboundError("network", "The address's host could not be found.") from None
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise OutboundError("network", "The address's host could not be found.")
    return found


def allowed_hosts() -> frozenset[str]:
    return frozenset(h.lower() for h in getattr(settings, "OUTBOUND_ALLOW_HOSTS", ()))


def checked_address(url: httpx.URL, allow: Iterable[str]) -> IPAddress:
    """The address to connect to for ``url``: the first it resolves to, once every one of them
    was found public (or the host is allowed by name). OutboundError(not_allowed) otherwise."""
    host = url.host.lower()
    port = url.port or DEFAULT_PORTS[url.scheme]
    addresses = resolve(host, port)
    if host in allow or host.strip("[]") in allow:
        return addresses[0]
    if not all(is_public(a) for a in addresses):
        raise OutboundError(
            "not_allowed", "This address points inside a private network, which is not allowed."
        )
    return addresses[0]


@functools.cache
def _tls() -> ssl.SSLContext:
    """One TLS context for every fetch: building one loads the CA bundle, about 20 ms of CPU
    that would otherwise be spent on every request (and, being CPU, would not overlap)."""
    return ssl.create_default_context(cafile=certifi.where())


class PinnedTransport(httpx.BaseTransport):
    """Sends each request to the address checked for its host (see the module's rules), through
    ``inner`` (a plain ``httpx.HTTPTransport`` unless given, for tests)."""

    def __init__(
        self, *, allow: Iterable[str] = (), inner: httpx.BaseTransport | None = None
    ) -> None:
        self.allow = frozenset(allow)
        self.inner = inner or httpx.HTTPTransport(trust_env=False, retries=0, verify=_tls())

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        address = checked_address(url, self.allow)
        request.url = url.copy_with(host=str(address))
        request.headers["Host"] = url.netloc.decode("ascii")
        request.extensions = {**request.extensions, "sni_hostname": url.host}
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


# --- Fetching ------------------------------------------------------------------------------------
def fetch(
    url: str,
    *,
    method: str = "GET",
    headers: Mapping[str, str] | None = None,
    data: Mapping[str, str] | None = None,
    params: Iterable[tuple[str, str]] | None = None,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    deadline_seconds: float = DEADLINE_SECONDS,
    transport: httpx.BaseTransport | None = None,
) -> Response:
    """Fetch ``url`` under the module's rules; the final response whatever its status (the
    caller decides what a 404 means). Only GET and HEAD follow redirects. Raises OutboundError."""
    target = normalise(url)
    allow = allowed_hosts()
    deadline = time.monotonic() + deadline_seconds
    timeout = httpx.Timeout(READ_SECONDS, connect=CONNECT_SECONDS)
    for _ in range(max_redirects + 1):
        pinned = transport or PinnedTransport(allow=allow)
        with httpx.Client(
            transport=pinned, timeout=timeout, follow_redirects=False, trust_env=False
        ) as client:
            try:
                response = _one(client, method, target, headers, data, params, max_bytes, deadline)
            except httpx.TimeoutException:
                raise OutboundError("timeout", "The server took too long to answer.") from None
            except httpx.TransportError:
                raise OutboundError("network", "The server could not be reached.") from None
        if response.status not in REDIRECTS or method not in ("GET", "HEAD"):
            return response
        location = response.header("location")
        if not location:
            return response
        target = normalise(urljoin(str(target), location))
        data = None
    raise OutboundError("too_many_redirects", "The address redirects too many times.")


def _one(
    client: httpx.Client,
    method: str,
    url: httpx.URL,
    headers: Mapping[str, str] | None,
    data: Mapping[str, str] | None,
    params: Iterable[tuple[str, str]] | None,
    max_bytes: int,
    deadline: float,
) -> Response:
    with client.stream(
        method, url, headers=dict(headers or {}), data=data, params=list(params or [])
    ) as response:
        length = response.headers.get("content-length", "")
        if length.isdigit() and int(length) > max_bytes:
            raise OutboundError("too_big", _too_big(max_bytes))
        # Decoded as it streams (gzip and the like), so the cap holds for what is kept too.
        chunks, size = [], 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise OutboundError("too_big", _too_big(max_bytes))
            if time.monotonic() > deadline:
                raise OutboundError("timeout", "The server took too long to answer.")
            chunks.append(chunk)
        return Response(
            status=response.status_code,
            headers={k.lower(): v for k, v in response.headers.items()},
            content=b"".join(chunks),
        )


def _too_big(max_bytes: int) -> str:
    return f"The answer is larger than {max_bytes // 1_000_000 or 1} MB."
