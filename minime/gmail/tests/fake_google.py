"""A Google on 127.0.0.1 for tests and benchmarks: the OAuth consent screen, token and revoke
endpoints, and the Gmail REST endpoints Mini Me OS reads. Reached through
OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"] and the GOOGLE_* / GMAIL_API_URL settings (``settings()``).

It checks what a real Google checks: the client's id and secret, the redirect address, PKCE (the
verifier against the challenge), one use per code, live tokens; it answers ``invalid_grant`` for
a revoked or broken grant. Every request is recorded (``requests``) so a test can check that only
the allowed endpoints were ever called. ``latency`` delays every answer (seconds).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CLIENT_ID = "fake-client.apps.googleusercontent.com"
CLIENT_SECRET = "fake-secret"
SCOPE = "https://www.googleapis.com/auth/gmail.readonly"


@dataclass
class Mail:
    id: str
    sender: str
    subject: str
    snippet: str
    internal_date: int  # milliseconds since the epoch


def sample_inbox(count: int = 40) -> list[Mail]:
    """``count`` messages, newest first."""
    start = 1_796_000_000_000
    return [
        Mail(
            id=f"19a{i:05d}f",
            sender=f'"Sender {i}" <sender{i}@example.com>',
            subject=f"Message number {i}",
            snippet=f"This is the start of message {i} &amp; more",
            internal_date=start - i * 3_600_000,
        )
        for i in range(count)
    ]


@dataclass
class FakeGoogle:
    server: ThreadingHTTPServer
    email: str = "someone@example.com"
    inbox: list[Mail] = field(default_factory=sample_inbox)
    latency: float = 0.0
    grant_scope: str = SCOPE  # what the consent screen grants
    requests: list[tuple[str, str, dict[str, list[str]]]] = field(default_factory=list)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    refresh_tokens: set[str] = field(default_factory=set)
    access_tokens: dict[str, str] = field(default_factory=dict)  # access → its refresh token
    revoked: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def settings(self) -> dict[str, Any]:
        """The settings that point Mini Me OS at this fake."""
        return {
            "GOOGLE_CLIENT_ID": CLIENT_ID,
            "GOOGLE_CLIENT_SECRET": CLIENT_SECRET,
            "GOOGLE_AUTH_URL": f"{self.base}/o/oauth2/v2/auth",
            "GOOGLE_TOKEN_URL": f"{self.base}/token",
            "GOOGLE_REVOKE_URL": f"{self.base}/revoke",
            "GMAIL_API_URL": self.base,
        }

    def break_grants(self) -> None:
        """Forget every grant, as when the person removes the access in their Google account."""
        with self.lock:
            self.refresh_tokens.clear()
            self.access_tokens.clear()

    def paths(self) -> list[str]:
        return [f"{method} {path}" for method, path, _ in self.requests]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def start() -> FakeGoogle:
    fake: FakeGoogle

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        # --- plumbing ---
        def _record(self) -> tuple[str, dict[str, list[str]]]:
            parts = urlsplit(self.path)
            query = parse_qs(parts.query)
            fake.requests.append((self.command, parts.path, query))
            if fake.latency:
                time.sleep(fake.latency)
            return parts.path, query

        def _form(self) -> dict[str, str]:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            return {k: v[0] for k, v in parse_qs(raw).items()}

        def _json(self, status: int, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _html(self, status: int, body: str) -> None:
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _redirect(self, location: str) -> None:
            self.send_response(302)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _bearer(self) -> bool:
            header = self.headers.get("Authorization", "")
            token = header.removeprefix("Bearer ")
            with fake.lock:
                return header.startswith("Bearer ") and token in fake.access_tokens

        # --- GET ---
        def do_GET(self) -> None:
            path, query = self._record()
            one = {k: v[0] for k, v in query.items()}
            if path == "/favicon.ico":
                self.send_response(204)
                self.send_header("Content-Length", "0")
                self.end_headers()
            elif path == "/o/oauth2/v2/auth":
                self._consent(one)
            elif path == "/o/oauth2/v2/approve":
                self._approve(one)
            elif path == "/gmail/v1/users/me/profile":
                if not self._bearer():
                    self._unauthenticated()
                    return
                self._json(200, {"emailAddress": fake.email, "messagesTotal": len(fake.inbox)})
            elif path == "/gmail/v1/users/me/messages":
                if not self._bearer():
                    self._unauthenticated()
                    return
                wanted = list(fake.inbox) if one.get("labelIds") == "INBOX" else []
                size = min(int(one.get("maxResults", "100")), 500)
                body: dict[str, Any] = {
                    "messages": [{"id": m.id, "threadId": m.id} for m in wanted[:size]],
                    "resultSizeEstimate": len(wanted),
                }
                if len(wanted) > size:
                    body["nextPageToken"] = "next"
                self._json(200, body)
            elif path.startswith("/gmail/v1/users/me/messages/"):
                if not self._bearer():
                    self._unauthenticated()
                    return
                if one.get("format") != "metadata":
                    self._json(400, {"error": {"code": 400, "message": "only metadata here"}})
                    return
                message_id = path.rsplit("/", 1)[1]
                mail = next((m for m in fake.inbox if m.id == message_id), None)
                if mail is None:
                    self._json(404, {"error": {"code": 404, "message": "Not Found"}})
                    return
                headers = [
                    {"name": "From", "value": mail.sender},
                    {"name": "Subject", "value": mail.subject},
                    {"name": "Date", "value": "Mon, 7 Dec 2026 09:00:00 +0000"},
                ]
                wanted_headers = set(query.get("metadataHeaders", []))
                self._json(
                    200,
                    {
                        "id": mail.id,
                        "threadId": mail.id,
                        "labelIds": ["INBOX", "UNREAD"],
                        "snippet": mail.snippet,
                        "internalDate": str(mail.internal_date),
                        "sizeEstimate": 2048,
                        "payload": {
                            "mimeType": "multipart/alternative",
                            "headers": [h for h in headers if h["name"] in wanted_headers],
                        },
                    },
                )
            else:
                self._json(404, {"error": {"code": 404, "message": "Not Found"}})

        def _unauthenticated(self) -> None:
            self._json(
                401,
                {
                    "error": {
                        "code": 401,
                        "message": "Invalid Credentials",
                        "status": "UNAUTHENTICATED",
                    }
                },
            )

        def _consent(self, one: dict[str, str]) -> None:
            problems = []
            if one.get("client_id") != CLIENT_ID:
                problems.append("unknown client")
            if one.get("code_challenge_method") != "S256" or not one.get("code_challenge"):
                problems.append("no PKCE")
            if one.get("scope") != SCOPE:
                problems.append("unexpected scope")
            if problems:
                self._html(400, f"<h1>Error 400</h1><p>{', '.join(problems)}</p>")
                return
            hidden = "".join(
                f'<input type="hidden" name="{k}" value="{html.escape(v)}">' for k, v in one.items()
            )
            self._html(
                200,
                "<!doctype html><title>Sign in - Google Accounts</title>"
                f"<h1>Mini Me OS wants to access your Google Account</h1><p>{fake.email}</p>"
                "<p>View your email messages and settings</p>"
                f'<form action="/o/oauth2/v2/approve">{hidden}'
                '<button name="answer" value="allow">Allow</button>'
                '<button name="answer" value="cancel">Cancel</button></form>',
            )

        def _approve(self, one: dict[str, str]) -> None:
            back = one["redirect_uri"]
            if one.get("answer") != "allow":
                query = {"error": "access_denied", "state": one.get("state", "")}
                self._redirect(f"{back}?{urlencode(query)}")
                return
            code = "4/" + secrets.token_urlsafe(24)
            with fake.lock:
                fake.codes[code] = {
                    "redirect_uri": back,
                    "challenge": one["code_challenge"],
                    "scope": fake.grant_scope,
                }
            self._redirect(f"{back}?{urlencode({'code': code, 'state': one.get('state', '')})}")

        # --- POST ---
        def do_POST(self) -> None:
            path, _ = self._record()
            form = self._form()
            if path == "/token":
                self._token(form)
            elif path == "/revoke":
                token = form.get("token", "")
                with fake.lock:
                    known = token in fake.refresh_tokens or token in fake.access_tokens
                    fake.revoked.append(token)
                    fake.refresh_tokens.discard(token)
                    for access, grant in list(fake.access_tokens.items()):
                        if token in (access, grant):
                            del fake.access_tokens[access]
                if known:
                    self._json(200, {})
                else:
                    self._json(400, {"error": "invalid_token"})
            else:
                self._json(404, {"error": {"code": 404, "message": "Not Found"}})

        def _client_ok(self) -> bool:
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            return self.headers.get("Authorization", "") == f"Basic {expected}"

        def _token(self, form: dict[str, str]) -> None:
            if not self._client_ok():
                self._json(401, {"error": "invalid_client"})
                return
            grant = form.get("grant_type")
            with fake.lock:
                if grant == "authorization_code":
                    issued = fake.codes.pop(form.get("code", ""), None)
                    verifier = form.get("code_verifier", "")
                    challenge = (
                        base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                        .decode()
                        .rstrip("=")
                    )
                    if (
                        issued is None
                        or issued["redirect_uri"] != form.get("redirect_uri")
                        or issued["challenge"] != challenge
                    ):
                        self._json(400, {"error": "invalid_grant", "error_description": "Bad"})
                        return
                    refresh = "1//" + secrets.token_urlsafe(32)
                    access = "ya29." + secrets.token_urlsafe(32)
                    fake.refresh_tokens.add(refresh)
                    fake.access_tokens[access] = refresh
                    answer = {
                        "access_token": access,
                        "expires_in": 3599,
                        "refresh_token": refresh,
                        "scope": issued["scope"],
                        "token_type": "Bearer",
                    }
                elif grant == "refresh_token":
                    refresh = form.get("refresh_token", "")
                    if refresh not in fake.refresh_tokens:
                        self._json(
                            400,
                            {
                                "error": "invalid_grant",
                                "error_description": "Token has been expired or revoked.",
                            },
                        )
                        return
                    access = "ya29." + secrets.token_urlsafe(32)
                    fake.access_tokens[access] = refresh
                    answer = {
                        "access_token": access,
                        "expires_in": 3599,
                        "scope": SCOPE,
                        "token_type": "Bearer",
                    }
                else:
                    self._json(400, {"error": "unsupported_grant_type"})
                    return
            self._json(200, answer)

    class Server(ThreadingHTTPServer):
        request_queue_size = 64  # the default 5 drops connections when many arrive at once

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    fake = FakeGoogle(server)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
