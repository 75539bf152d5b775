"""A local push service for tests: a real HTTP server on 127.0.0.1 that does what a browser's
push service does with what it receives, and what the browser then does with it.

For every POST it checks the VAPID signature (an ES256 JWT whose `aud` is this server's origin,
`exp` in the future and `sub` a mailto: or https: address, signed by the key in `k=`), decrypts
the aes128gcm body with the subscription's private key and auth secret (made here, as a browser
makes them), and records it. It answers 201, or what it is told to: a status per request in
order (`answer(404)`, `answer(500, 201)`), or "hang" (no answer until the test ends, to make the
sender time out).
"""

from __future__ import annotations

import base64
import json
import os
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat


def b64u(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    payload: dict[str, Any] | None  # the decrypted JSON; None when the request was refused
    claims: dict[str, Any] | None
    vapid_key: str
    error: str = ""  # why the fake refused it (a test asserts this stays empty)
    status: int = 201


@dataclass
class FakePushService:
    server: ThreadingHTTPServer
    keys: dict[str, tuple[ec.EllipticCurvePrivateKey, bytes]] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    answers: deque[int | str] = field(default_factory=deque)
    release: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def subscription(self, name: str = "device") -> dict[str, Any]:
        """A browser's subscription (as PushSubscription.toJSON() gives it) for a new key pair:
        {"endpoint", "keys": {"p256dh", "auth"}}."""
        private = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        path = f"/push/{name}-{b64u(os.urandom(6))}"
        self.keys[path] = (private, auth)
        point = private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
        return {"endpoint": self.origin + path, "keys": {"p256dh": b64u(point), "auth": b64u(auth)}}

    def answer(self, *statuses: int | str) -> None:
        """The next requests' answers, in order ("hang": none); then 201 again."""
        self.answers.extend(statuses)

    def payloads(self) -> list[dict[str, Any]]:
        return [r.payload for r in self.received if r.payload is not None and r.status == 201]

    def next_answer(self) -> int | str:
        with self.lock:
            return self.answers.popleft() if self.answers else 201

    def handle(self, path: str, headers: dict[str, str], body: bytes) -> Received:
        record = Received(path=path, headers=headers, payload=None, claims=None, vapid_key="")
        try:
            record.claims, record.vapid_key = self._verify_vapid(headers.get("authorization", ""))
            if headers.get("content-encoding") != "aes128gcm":
                raise ValueError(f"content-encoding {headers.get('content-encoding')!r}")
            if path not in self.keys:
                raise ValueError(f"no subscription at {path}")
            private, auth = self.keys[path]
            plain = http_ece.decrypt(
                body, private_key=private, auth_secret=auth, version="aes128gcm"
            )
            record.payload = json.loads(plain)
        except Exception as exc:
            record.error = f"{type(exc).__name__}: {exc}"
            record.status = 400
        with self.lock:
            self.received.append(record)
        return record

    def _verify_vapid(self, authorization: str) -> tuple[dict[str, Any], str]:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            raise ValueError(f"authorization scheme {scheme!r}")
        parts = dict(p.strip().split("=", 1) for p in params.split(","))
        token, key = parts["t"], parts["k"]
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(unb64u(header_b64))
        if header.get("alg") != "ES256":
            raise ValueError(f"alg {header.get('alg')!r}")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64u(key))
        signature = unb64u(signature_b64)
        r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
        public.verify(
            encode_dss_signature(r, s),
            f"{header_b64}.{claims_b64}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
        claims = json.loads(unb64u(claims_b64))
        if claims.get("aud") != self.origin:
            raise ValueError(f"aud {claims.get('aud')!r}, not {self.origin}")
        if int(claims.get("exp", 0)) <= time.time():
            raise ValueError("expired")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise ValueError(f"sub {claims.get('sub')!r}")
        return claims, key

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def do_POST(self) -> None:
        fake: FakePushService = self.server.fake
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        headers = {k.lower(): v for k, v in self.headers.items()}
        wanted = fake.next_answer()
        if wanted == "hang":
            fake.release.wait(30)
            return
        record = fake.handle(self.path, headers, body)
        status = record.status if record.error else int(wanted)
        record.status = status
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "1")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def start() -> FakePushService:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    fake = FakePushService(server=server)
    server.fake = fake  # type: ignore[attr-defined]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return fake
