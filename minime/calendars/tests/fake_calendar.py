"""A calendar server on 127.0.0.1 for tests: serves feeds by path, answers ETag / If-None-Match
with 304, and can answer any status. Reached through OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Feed:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/calendar; charset=utf-8"


@dataclass
class FakeCalendarServer:
    server: ThreadingHTTPServer
    feeds: dict[str, Feed] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def url(self, path: str) -> str:
        return self.base + path

    def serve(
        self, path: str, body: bytes = b"", *, status: int = 200, content_type: str = ""
    ) -> str:
        self.feeds[path] = Feed(body, status, content_type or Feed.content_type)
        return self.url(path)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start() -> FakeCalendarServer:
    fake: FakeCalendarServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            fake.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            feed = fake.feeds.get(self.path)
            if feed is None:
                self._answer(404, b"Not found", "text/plain", {})
                return
            etag = '"' + hashlib.sha256(feed.body).hexdigest()[:16] + '"'
            if feed.status == 200 and self.headers.get("If-None-Match") == etag:
                self._answer(304, b"", "", {"ETag": etag})
                return
            self._answer(feed.status, feed.body, feed.content_type, {"ETag": etag})

        def _answer(
            self, status: int, body: bytes, content_type: str, headers: dict[str, str]
        ) -> None:
            self.send_response(status)
            if content_type:
                self.send_header("Content-Type", content_type)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake = FakeCalendarServer(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
