"""The outbound client against hostile addresses (SSRF), a local server that misbehaves, and DNS
answers that lie. Nothing here reaches the internet: refused addresses are refused before any
connection, and "public" answers go to a recording transport."""

from __future__ import annotations

import gzip
import logging
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from minime.core import outbound
from minime.core.outbound import OutboundError, fetch, normalise

BIG = 3_000_000


class Handler(BaseHTTPRequestHandler):
    seen: list[str] = []

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        Handler.seen.append(self.path)
        port = self.server.server_port  # type: ignore[attr-defined]
        if self.path == "/ok":
            self._send(200, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", {"ETag": '"v1"'})
        elif self.path == "/to-metadata":
            self._send(302, b"", {"Location": "http://169.254.169.254/latest/meta-data/"})
        elif self.path == "/to-private-name":
            self._send(302, b"", {"Location": "http://intranet.example/admin"})
        elif self.path == "/relative":
            self._send(301, b"", {"Location": "/ok"})
        elif self.path.startswith("/loop"):
            self._send(302, b"", {"Location": f"http://127.0.0.1:{port}/loop{len(self.path)}"})
        elif self.path == "/big":
            self.send_response(200)
            self.end_headers()
            for _ in range(BIG // 65536 + 2):
                self.wfile.write(b"x" * 65536)
        elif self.path == "/declared-big":
            self.send_response(200)
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.wfile.write(b"x" * 1000)
        elif self.path == "/bomb":
            self._send(200, gzip.compress(b"\0" * BIG * 2), {"Content-Encoding": "gzip"})
        elif self.path == "/trickle":
            self.send_response(200)
            self.end_headers()
            for _ in range(20):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.3)
        else:
            self._send(404, b"not here", {})

    def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that stops reading (the size cap, the deadline) is what these tests do."""


@pytest.fixture
def server() -> Iterator[int]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    Handler.seen = []
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def local(settings) -> None:
    """The test-only allow list: the local server is reachable by its address."""
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]


HOSTILE = [
    "http://127.0.0.1:{port}/ok",
    "http://localhost:{port}/ok",
    "http://LOCALHOST:{port}/ok",
    "http://[::1]:{port}/ok",
    "http://[::ffff:127.0.0.1]:{port}/ok",
    "http://[::ffff:7f00:1]:{port}/ok",
    "http://2130706433:{port}/ok",  # decimal 127.0.0.1
    "http://0177.0.0.01:{port}/ok",  # octal
    "http://0x7f.0.0.1:{port}/ok",  # hexadecimal
    "http://127.1:{port}/ok",  # short form
    "http://0.0.0.0:{port}/ok",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # the cloud metadata service
    "http://100.64.0.1/",  # shared address space
    "http://224.0.0.1/",  # multicast
    "http://240.0.0.1/",  # reserved
    "http://[fe80::1]/",  # link-local
    "http://[fc00::1]/",  # unique local
    "http://[::]/",
    "webcal://127.0.0.1:{port}/ok",
]
PARSER_REFUSES = {"http://0177.0.0.01:{port}/ok"}


@pytest.mark.parametrize("template", HOSTILE)
def test_addresses_on_this_machine_or_a_private_network_are_refused_before_connecting(
    server, template
):
    with pytest.raises(OutboundError) as refused:
        fetch(template.format(port=server))
    # httpx's URL parser already rejects an octal spelling with a leading zero in each part.
    expected = "bad_url" if template in PARSER_REFUSES else "not_allowed"
    assert refused.value.code == expected
    assert Handler.seen == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.0.0.1", "127.1", "0177.0.0.1"])
def test_odd_spellings_of_loopback_resolve_to_it_and_are_refused(host):
    [address] = set(outbound.resolve(host, 80))
    assert str(address) == "127.0.0.1" and not outbound.is_public(address)


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "ftp://example.com/cal.ics",
        "gopher://example.com/",
        "javascript:alert(1)",
        "http://user:secret@example.com/cal.ics",
        "http:///no-host",
        "",
        "not a url at all",
    ],
)
def test_only_plain_http_and_https_addresses_are_fetched(url):
    with pytest.raises(OutboundError) as refused:
        fetch(url)
    assert refused.value.code == "bad_url"


def lying_dns(answers: dict[str, list[str]], calls: list[str]):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            calls.append(host)
            index = min(len(calls) - 1, len(answers[host]) - 1)
            family = socket.AF_INET6 if ":" in answers[host][index] else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (answers[host][index], port))]
        return real(host, port, *args, **kwargs)

    return getaddrinfo


def test_a_name_that_resolves_to_a_private_address_is_refused(monkeypatch):
    calls: list[str] = []
    monkeypatch.setattr(socket, "getaddrinfo", lying_dns({"intranet.example": ["10.1.2.3"]}, calls))
    with pytest.raises(OutboundError) as refused:
        fetch("https://intranet.example/calendar.ics")
    assert refused.value.code == "not_allowed"


def test_one_private_answer_among_public_ones_is_enough_to_refuse(monkeypatch):
    def getaddrinfo(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(OutboundError) as refused:
        fetch("https://mixed.example/cal.ics")
    assert refused.value.code == "not_allowed"


class Recording(httpx.BaseTransport):
    """Stands in for the network under the pinning: records where each request would go."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200, content=b"fine")


def test_the_connection_goes_to_the_checked_address_whatever_dns_says_next(monkeypatch):
    # DNS rebinding: public when checked, loopback a moment later.
    calls: list[str] = []
    answers = {"calendar.example": ["93.184.215.14", "127.0.0.1"]}
    monkeypatch.setattr(socket, "getaddrinfo", lying_dns(answers, calls))
    recording = Recording()
    response = fetch(
        "https://calendar.example:8443/feed.ics",
        transport=outbound.PinnedTransport(inner=recording),
    )
    assert response.status == 200 and response.content == b"fine"
    assert calls == ["calendar.example"]  # resolved once
    [sent] = recording.requests
    assert sent.url.host == "93.184.215.14" and sent.url.port == 8443
    assert sent.headers["host"] == "calendar.example:8443"
    assert sent.extensions["sni_hostname"] == "calendar.example"  # TLS checks the real name


def test_an_ipv6_address_is_pinned_in_brackets(monkeypatch):
    calls: list[str] = []
    answers = {"v6.example": ["2606:4700:4700::1111"]}
    monkeypatch.setattr(socket, "getaddrinfo", lying_dns(answers, calls))
    recording = Recording()
    fetch("https://v6.example/cal.ics", transport=outbound.PinnedTransport(inner=recording))
    assert str(recording.requests[0].url) == "https://[2606:4700:4700::1111]/cal.ics"


def test_the_allow_list_reaches_a_local_server_and_nothing_else(server, local):
    response = fetch(f"http://127.0.0.1:{server}/ok")
    assert response.status == 200 and response.content.startswith(b"BEGIN:VCALENDAR")
    assert response.header("ETag") == '"v1"'
    # localhost is the same machine but not on the list.
    with pytest.raises(OutboundError):
        fetch(f"http://localhost:{server}/ok")


def test_each_redirect_target_is_checked_again(server, local, monkeypatch):
    with pytest.raises(OutboundError) as refused:
        fetch(f"http://127.0.0.1:{server}/to-metadata")
    assert refused.value.code == "not_allowed"
    calls: list[str] = []
    monkeypatch.setattr(socket, "getaddrinfo", lying_dns({"intranet.example": ["10.9.9.9"]}, calls))
    with pytest.raises(OutboundError) as refused:
        fetch(f"http://127.0.0.1:{server}/to-private-name")
    assert refused.value.code == "not_allowed"
    assert fetch(f"http://127.0.0.1:{server}/relative").status == 200
    assert Handler.seen == ["/to-metadata", "/to-private-name", "/relative", "/ok"]


def test_redirects_stop_after_a_few(server, local):
    with pytest.raises(OutboundError) as refused:
        fetch(f"http://127.0.0.1:{server}/loop")
    assert refused.value.code == "too_many_redirects"
    assert len(Handler.seen) == outbound.MAX_REDIRECTS + 1


@pytest.mark.parametrize("path", ["/big", "/declared-big", "/bomb"])
def test_answers_over_the_size_cap_are_refused(server, local, path):
    with pytest.raises(OutboundError) as refused:
        fetch(f"http://127.0.0.1:{server}{path}", max_bytes=BIG)
    assert refused.value.code == "too_big"


def test_a_trickling_answer_meets_the_deadline(server, local):
    started = time.monotonic()
    with pytest.raises(OutboundError) as refused:
        fetch(f"http://127.0.0.1:{server}/trickle", deadline_seconds=1)
    assert refused.value.code == "timeout"
    assert time.monotonic() - started < 3


def test_webcal_is_read_as_https():
    assert str(normalise(" webcal://calendar.example/basic.ics ")) == (
        "https://calendar.example/basic.ics"
    )


def test_a_refusal_never_repeats_the_address():
    secret = "http://10.0.0.7/private/a1b2c3-secret-token/basic.ics"
    with pytest.raises(OutboundError) as refused:
        fetch(secret)
    assert "secret-token" not in str(refused.value) and "10.0.0.7" not in str(refused.value)


def test_no_log_line_names_the_address(server, local, caplog):
    caplog.set_level(logging.DEBUG)
    fetch(f"http://127.0.0.1:{server}/ok?token=private-abc123")
    assert not [r for r in caplog.records if "private-abc123" in r.getMessage()]
