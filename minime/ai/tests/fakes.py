"""Fake Gemini and OpenAI-compatible servers: real HTTP on 127.0.0.1, scripted answers.

The google-genai SDK talks through httpx2, which no mock library intercepts, so the fakes are
real ``ThreadingHTTPServer``s on a free port in a background thread (the test suite allows
sockets to 127.0.0.1 only). Both record every request and answer from a script.

```python
with FakeGemini() as fake:                       # or the fake_gemini fixture
    fake.reply_json({"steps": ["Outline", "Draft", "Send"]})
    provider = make_provider(gemini_config(fake))
    provider.generate(feature, payload)
    fake.requests[-1].json["contents"]           # what was sent
```

Script. ``reply_*`` calls queue answers; each request takes the next one, and the last one
repeats, so a single ``reply_json`` serves any number of requests. Once that last answer has
been used, the next ``reply_*`` starts a new script. With nothing scripted a request gets a
500 that says so. ``reset()`` forgets the script and the record.

* ``reply_json(obj)``: ``obj`` is the *feature answer*, wrapped in the provider's envelope
  (a Gemini candidate, an OpenAI chat choice) as JSON text.
* ``reply_text(text)``: the model's text as is (a transcript, or deliberately not JSON). On
  the OpenAI transcription endpoint this is ``{"text": text}``.
* ``reply_status(code, body=None)``: an HTTP error; by default the provider's error JSON.
* ``reply_raw(text, status=200)``: this exact body (a malformed envelope).
* ``reply_envelope(obj)``: this exact JSON body (hand-made envelopes: no candidates, a
  safety block, a refusal).
* ``reply_slow(seconds, obj=None)``: wait, then answer like ``reply_json(obj)``; closing the
  fake ends the wait at once, so a timed-out client does not slow the suite down.

Record. ``fake.requests`` holds ``RecordedRequest``s: method, path, headers (lower-case
names), raw body, ``json`` (parsed, or None) and, for multipart bodies, ``form`` (text fields)
and ``files`` (``UploadedFile(filename, content_type, content)``).

The Django side and the browser tests use these too: keep them general.
"""

from __future__ import annotations

import json
import re
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, Self

from minime.ai.providers import ProviderConfig

__all__ = [
    "FakeGemini",
    "FakeOpenAI",
    "FakeServer",
    "RecordedRequest",
    "UploadedFile",
    "gemini_config",
    "openai_config",
]


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content_type: str
    content: bytes


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the fake received it (header names lower-cased)."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    json: Any = None
    form: dict[str, str] = field(default_factory=dict)
    files: dict[str, UploadedFile] = field(default_factory=dict)


@dataclass(frozen=True)
class _Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    delay: float = 0.0


_Script = Callable[[RecordedRequest], _Reply]


def _json_reply(obj: object, status: int = 200) -> _Reply:
    return _Reply(status, json.dumps(obj).encode())


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that gave up (a timeout test) closes its socket mid-answer: expected.
        pass


class FakeServer(ABC):
    """What both fakes share: the server thread, the script and the record. Each provider's
    fake (FakeGemini, FakeOpenAI) says how its answers and errors look and what it refuses."""

    def __init__(self, api_key: str | None = None) -> None:
        """``api_key``: when set, requests without this key are refused the way the real
        provider refuses them."""
        self.api_key = api_key
        self.requests: list[RecordedRequest] = []
        self._script: list[_Script] = []
        self._repeating = False  # the last reply has been used and now repeats
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._thread: threading.Thread | None = None

    # --- Lifecycle ---------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The server's root, "http://127.0.0.1:<port>"."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Self:
        if self._thread is None:
            # A short poll interval: shutdown() waits up to one interval.
            self._thread = threading.Thread(
                target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
            )
            self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving and free the port (ends any ``reply_slow`` wait at once)."""
        self._closing.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- Script ------------------------------------------------------------------------------
    def reply_json(self, obj: object) -> None:
        """Answer with ``obj`` as the feature answer, in the provider's envelope."""
        text = json.dumps(obj)
        self._add(lambda request: self._wrap_text(request, text, as_json=True))

    def reply_text(self, text: str) -> None:
        """Answer with ``text`` as the model's own text (a transcript, or not JSON at all)."""
        self._add(lambda request: self._wrap_text(request, text, as_json=False))

    def reply_status(self, code: int, body: object = None) -> None:
        """Answer with HTTP ``code``; ``body`` None means the provider's usual error JSON, a
        str is sent as is, anything else as JSON."""
        if body is None:
            reply = _json_reply(self._error_body(code), code)
        elif isinstance(body, str):
            reply = _Reply(code, body.encode(), "text/plain")
        else:
            reply = _json_reply(body, code)
        self._add(lambda request: reply)

    def reply_raw(
        self, text: str, status: int = 200, content_type: str = "application/json"
    ) -> None:
        """Answer with exactly this body (for a malformed envelope)."""
        self._add(lambda request: _Reply(status, text.encode(), content_type))

    def reply_envelope(self, envelope: object) -> None:
        """Answer with exactly this JSON body (a hand-made envelope)."""
        self._add(lambda request: _json_reply(envelope))

    def reply_slow(self, seconds: float, obj: object = None) -> None:
        """Wait ``seconds``, then answer like ``reply_json(obj)`` (``{}`` when None)."""
        text = json.dumps({} if obj is None else obj)

        def reply(request: RecordedRequest) -> _Reply:
            answer = self._wrap_text(request, text, as_json=True)
            return _Reply(answer.status, answer.body, answer.content_type, seconds)

        self._add(reply)

    def reset(self) -> None:
        """Forget the script and the recorded requests."""
        with self._lock:
            self._script.clear()
            self._repeating = False
            self.requests.clear()

    def _add(self, script: _Script) -> None:
        with self._lock:
            if self._repeating:  # the last reply has served; a new script replaces it
                self._script.clear()
                self._repeating = False
            self._script.append(script)

    def _next(self, request: RecordedRequest) -> _Reply:
        with self._lock:
            self.requests.append(request)
            if not self._script:
                return _json_reply(
                    {"error": {"message": f"{type(self).__name__}: no reply scripted"}}, 500
                )
            if len(self._script) > 1:
                script = self._script.pop(0)
            else:
                script = self._script[0]
                self._repeating = True
        refused = self._check(request)
        return refused or script(request)

    # --- Provider specifics ------------------------------------------------------------------
    @abstractmethod
    def _wrap_text(self, request: RecordedRequest, text: str, *, as_json: bool) -> _Reply:
        """The model's ``text`` in the provider's answer envelope."""

    @abstractmethod
    def _error_body(self, code: int) -> object:
        """The provider's usual error JSON for HTTP ``code``."""

    @abstractmethod
    def _check(self, request: RecordedRequest) -> _Reply | None:
        """A refusal for a request the real provider would refuse (bad path or key)."""

    # --- HTTP --------------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                self._serve()

            def do_GET(self) -> None:
                self._serve()

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(length) if length else b""
                request = _record(self.command, self.path, dict(self.headers.items()), body)
                reply = fake._next(request)
                if reply.delay and fake._closing.wait(reply.delay):
                    self.close_connection = True
                    return
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", reply.content_type)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler


def _record(method: str, path: str, raw_headers: dict[str, str], body: bytes) -> RecordedRequest:
    headers = {k.lower(): v for k, v in raw_headers.items()}
    content_type = headers.get("content-type", "")
    parsed: Any = None
    form: dict[str, str] = {}
    files: dict[str, UploadedFile] = {}
    if "json" in content_type:
        try:
            parsed = json.loads(body)
        except ValueError:
            parsed = None
    elif content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        for part in message.iter_parts():
            assert isinstance(part, Message)
            name = part.get_param("name", header="content-disposition")
            content = part.get_payload(decode=True)
            assert isinstance(content, bytes)
            filename = part.get_filename()
            if filename is None:
                form[str(name)] = content.decode()
            else:
                kind = part.get_content_type()
                files[str(name)] = UploadedFile(filename, kind, content)
    return RecordedRequest(method, path, headers, body, parsed, form, files)


# --- Gemini ------------------------------------------------------------------------------------
_GEMINI_PATH = re.compile(r"^/(v1|v1beta|v1alpha)/models/([^/:?]+):generateContent$")
_GEMINI_STATUS = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


class FakeGemini(FakeServer):
    """The Gemini API (``POST /v1[beta]/models/{model}:generateContent``).

    Point a client at it with ``base_url=fake.url`` (``gemini_config(fake)``). With
    ``api_key`` set, a request with another ``x-goog-api-key`` gets Gemini's own answer to a
    bad key: 400 INVALID_ARGUMENT, reason API_KEY_INVALID.
    """

    def reply_blocked(self, reason: str = "SAFETY") -> None:
        """Answer as Gemini does when it blocks the prompt: no candidates, a block reason."""
        self.reply_envelope({"candidates": [], "promptFeedback": {"blockReason": reason}})

    def model_of(self, request: RecordedRequest) -> str:
        match = _GEMINI_PATH.match(request.path.split("?", 1)[0])
        return match.group(2) if match else ""

    def _wrap_text(self, request: RecordedRequest, text: str, *, as_json: bool) -> _Reply:
        model = self.model_of(request) or "gemini"
        return _json_reply(
            {
                "candidates": [
                    {
                        "content": {"role": "model", "parts": [{"text": text}]},
                        "finishReason": "STOP",
                        "index": 0,
                    }
                ],
                "usageMetadata": {
                    "promptTokenCount": len(request.body) // 4,
                    "candidatesTokenCount": len(text) // 4,
                    "totalTokenCount": (len(request.body) + len(text)) // 4,
                },
                "modelVersion": model,
            }
        )

    def _error_body(self, code: int) -> object:
        status = _GEMINI_STATUS.get(code, "UNKNOWN")
        return {"error": {"code": code, "message": f"Fake Gemini: {status}", "status": status}}

    def _check(self, request: RecordedRequest) -> _Reply | None:
        if request.method != "POST" or not self.model_of(request):
            return _json_reply(self._error_body(404), 404)
        if self.api_key is not None and request.headers.get("x-goog-api-key") != self.api_key:
            return _json_reply(
                {
                    "error": {
                        "code": 400,
                        "message": "API key not valid. Please pass a valid API key.",
                        "status": "INVALID_ARGUMENT",
                        "details": [{"reason": "API_KEY_INVALID"}],
                    }
                },
                400,
            )
        return None


# --- OpenAI-compatible -------------------------------------------------------------------------
class FakeOpenAI(FakeServer):
    """An OpenAI-compatible API under ``/v1``: ``POST /v1/chat/completions`` and
    ``POST /v1/audio/transcriptions``.

    Point a client at ``fake.base_url`` (``openai_config(fake)``). With ``api_key`` set, a
    request without ``Authorization: Bearer <api_key>`` gets OpenAI's 401.
    """

    prefix = "/v1"

    @property
    def base_url(self) -> str:
        return self.url + self.prefix

    def reply_refusal(self, text: str = "I can't help with that.") -> None:
        """Answer as a model that refuses (structured outputs' ``refusal`` field)."""
        self.reply_envelope(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "model": "fake",
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": None, "refusal": text},
                        "finish_reason": "stop",
                    }
                ],
            }
        )

    def _wrap_text(self, request: RecordedRequest, text: str, *, as_json: bool) -> _Reply:
        if request.path.endswith("/audio/transcriptions"):
            return _Reply(200, text.encode()) if as_json else _json_reply({"text": text})
        model = request.json.get("model", "") if isinstance(request.json, dict) else ""
        return _json_reply(
            {
                "id": "chatcmpl-fake",
                "object": "chat.completion",
                "created": 1_700_000_000,
                "model": model,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": text, "refusal": None},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {
                    "prompt_tokens": len(request.body) // 4,
                    "completion_tokens": len(text) // 4,
                    "total_tokens": (len(request.body) + len(text)) // 4,
                },
            }
        )

    def _error_body(self, code: int) -> object:
        kinds = {401: "invalid_request_error", 429: "rate_limit_exceeded", 500: "server_error"}
        return {
            "error": {
                "message": f"Fake OpenAI: HTTP {code}",
                "type": kinds.get(code, "invalid_request_error"),
                "code": None,
            }
        }

    def _check(self, request: RecordedRequest) -> _Reply | None:
        endpoints = (self.prefix + "/chat/completions", self.prefix + "/audio/transcriptions")
        if request.method != "POST" or request.path.split("?", 1)[0] not in endpoints:
            return _json_reply(self._error_body(404), 404)
        if (
            self.api_key is not None
            and request.headers.get("authorization") != f"Bearer {self.api_key}"
        ):
            return _json_reply(
                {
                    "error": {
                        "message": "Incorrect API key provided.",
                        "type": "invalid_request_error",
                        "code": "invalid_api_key",
                    }
                },
                401,
            )
        return None


# --- Configurations ----------------------------------------------------------------------------
def gemini_config(fake: FakeGemini, **overrides: Any) -> ProviderConfig:
    """A Gemini ``ProviderConfig`` aimed at ``fake`` with a 2-second timeout; any field can be
    overridden (``timeout_seconds=0.5``)."""
    values: dict[str, Any] = {
        "provider": "gemini",
        "model": "gemini-2.5-flash",
        "api_key": fake.api_key or "test-gemini-key",
        "base_url": fake.url,
        "timeout_seconds": 2.0,
    }
    return ProviderConfig(**{**values, **overrides})


def openai_config(fake: FakeOpenAI, **overrides: Any) -> ProviderConfig:
    """An OpenAI-compatible ``ProviderConfig`` aimed at ``fake`` (with "whisper-1" for
    transcription) and a 2-second timeout; any field can be overridden."""
    values: dict[str, Any] = {
        "provider": "openai-compatible",
        "model": "gpt-4o-mini",
        "api_key": fake.api_key or "test-openai-key",
        "base_url": fake.base_url,
        "timeout_seconds": 2.0,
        "transcribe_model": "whisper-1",
    }
    return ProviderConfig(**{**values, **overrides})
