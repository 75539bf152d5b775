"""Any OpenAI-compatible endpoint (OpenAI, Azure-style gateways, Ollama, vLLM, LM Studio…).

Plain httpx, two endpoints:

* ``POST {base_url}/chat/completions`` with the feature's instruction as the system message,
  the payload's JSON as the only user message, and the feature's schema as a strict
  ``json_schema`` response format, temperature 0.2;
* ``POST {base_url}/audio/transcriptions``, multipart ``file`` + ``model`` -> ``{"text": …}``.

``timeout_seconds`` bounds connecting and every read, and the whole body must also arrive
within it; at most 1 MiB of answer is read. A slow-dripping or runaway endpoint fails as
"timeout" or "malformed" instead of holding a worker. Redirects are not followed and proxy
variables are ignored: the endpoint is exactly the configured one. The API key is sent as a
bearer token, and only when set.
"""

from __future__ import annotations

import json
import time
from typing import Final

import httpx

from ..features import Feature, encode_payload
from .base import (
    MAX_ANSWER_BYTES,
    Answer,
    ProviderConfig,
    ProviderError,
    check_audio,
    check_request,
    guarded,
    parse_answer,
    status_error,
)

__all__ = ["OpenAICompatProvider"]

# Whisper-style endpoints decide the format from the file name, so the clip is named after
# its type.
_EXTENSIONS: Final = {
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/opus": "ogg",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/mp4": "m4a",
    "audio/m4a": "m4a",
    "audio/x-m4a": "m4a",
    "audio/aac": "m4a",
    "audio/wav": "wav",
    "audio/wave": "wav",
    "audio/x-wav": "wav",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
}


class OpenAICompatProvider:
    """The OpenAI-compatible adapter. ``transport`` is for tests that want an in-process
    transport; by default requests go over the network to ``config.base_url``."""

    name = "openai-compatible"

    def __init__(
        self, config: ProviderConfig, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        if config.provider != "openai-compatible":
            raise ValueError(f"not an openai-compatible configuration: {config.provider!r}")
        self.config = config
        self.model = config.model
        self.base_url = config.base_url.rstrip("/")
        self._transport = transport

    def __repr__(self) -> str:
        return f"OpenAICompatProvider(model={self.model!r}, base_url={self.base_url!r})"

    def generate(self, feature: Feature, payload: dict[str, object]) -> Answer:
        """JSON per ``feature.schema``; ``ProviderError`` on any failure."""
        body = check_request(feature, payload)
        request = {
            "model": self.model,
            "messages": [
                {"role": "system", "content": feature.instruction},
                {"role": "user", "content": encode_payload(body)},
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": feature.name, "schema": feature.schema, "strict": True},
            },
            "temperature": 0.2,
        }

        def call() -> Answer:
            raw = self._post("/chat/completions", content=request)
            envelope = _json(raw)
            content = _message_content(envelope)
            return Answer(parse_answer(content, feature), _model(envelope, self.model), len(raw))

        return guarded(call, _describe)

    def transcribe(self, audio: bytes, mime_type: str) -> Answer:
        """The transcript of ``audio`` with ``transcribe_model`` ("whisper-1"…); without one
        the endpoint is not asked and ``ProviderError("unsupported")`` is raised."""
        check_audio(audio, mime_type)
        model = self.config.transcribe_model
        if not model:
            raise ProviderError(
                "unsupported",
                "Voice to text is not set up for this AI provider.",
                "no transcribe_model configured",
            )
        kind = mime_type.split(";", 1)[0].strip().lower()
        filename = f"clip.{_EXTENSIONS.get(kind, kind.rsplit('/', 1)[-1] or 'bin')}"

        def call() -> Answer:
            raw = self._post(
                "/audio/transcriptions",
                files={"file": (filename, audio, mime_type)},
                data={"model": model},
                transcribing=True,
            )
            envelope = _json(raw)
            text = envelope.get("text")
            if not isinstance(text, str):
                raise ProviderError("malformed", detail="transcription without a text field")
            if not text.strip():
                raise ProviderError("malformed", "No speech was recognised.", "empty transcript")
            return Answer(text.strip(), _model(envelope, model), len(raw))

        return guarded(call, lambda exc: _describe(exc))

    def _post(
        self,
        path: str,
        *,
        content: object = None,
        files: dict[str, tuple[str, bytes, str]] | None = None,
        data: dict[str, str] | None = None,
        transcribing: bool = False,
    ) -> bytes:
        """POST ``content`` as JSON (or ``files`` and ``data`` as multipart) and return the
        body, within the deadline and the size cap; an error status raises ``ProviderError``."""
        timeout = self.config.timeout_seconds
        deadline = time.monotonic() + timeout
        headers = {"Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        with (
            httpx.Client(
                timeout=httpx.Timeout(timeout),
                follow_redirects=False,
                trust_env=False,
                transport=self._transport,
            ) as client,
            client.stream(
                "POST", self.base_url + path, json=content, files=files, data=data, headers=headers
            ) as response,
        ):
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > MAX_ANSWER_BYTES:
                    raise ProviderError("malformed", detail="answer larger than 1 MiB")
                if time.monotonic() > deadline:
                    raise ProviderError("timeout", detail=f"no full answer within {timeout} s")
            if response.status_code >= 400:
                raise status_error(
                    response.status_code, _error_text(bytes(body)), transcribing=transcribing
                )
            if not 200 <= response.status_code < 300:
                raise ProviderError("malformed", detail=f"unexpected HTTP {response.status_code}")
            return bytes(body)


def _json(raw: bytes) -> dict[str, object]:
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise ProviderError("malformed", detail=f"body is not JSON: {exc}: {raw[:200]!r}") from None
    if not isinstance(data, dict):
        raise ProviderError("malformed", detail="body is not a JSON object")
    return data


def _message_content(envelope: dict[str, object]) -> str | None:
    """The first choice's content, or ``ProviderError("malformed")`` for a refusal, a filtered
    or cut-off answer, or an envelope without choices."""
    choices = envelope.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ProviderError("malformed", detail="no choices in the answer")
    choice = choices[0]
    message = choice.get("message")
    if not isinstance(message, dict):
        raise ProviderError("malformed", detail="choice without a message")
    refusal = message.get("refusal")
    if refusal or choice.get("finish_reason") == "content_filter":
        raise ProviderError(
            "malformed",
            "The AI provider declined to answer this request.",
            f"refused: {refusal or 'content_filter'}",
        )
    if choice.get("finish_reason") == "length":
        raise ProviderError("malformed", detail="the answer was cut off (finish_reason=length)")
    content = message.get("content")
    return content if isinstance(content, str) else None


def _model(envelope: dict[str, object], default: str) -> str:
    model = envelope.get("model")
    return model if isinstance(model, str) and model else default


def _error_text(raw: bytes) -> str:
    """The provider's own error message ({"error": {"message": …}}), else the body's start."""
    try:
        data = json.loads(raw)
    except ValueError:
        return raw[:300].decode("utf-8", "replace")
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])[:300]
    if isinstance(error, str):
        return error[:300]
    return raw[:300].decode("utf-8", "replace")


def _describe(exc: Exception) -> ProviderError:
    """Map a transport exception to a ``ProviderError``."""
    if isinstance(exc, httpx.TimeoutException):
        return ProviderError("timeout", detail=f"{type(exc).__name__}: {exc}")
    if isinstance(exc, httpx.TransportError | OSError):
        return ProviderError("unavailable", detail=f"{type(exc).__name__}: {exc}")
    if isinstance(exc, httpx.InvalidURL | httpx.UnsupportedProtocol):
        return ProviderError("unavailable", detail=f"bad endpoint: {exc}")
    return ProviderError("unavailable", detail=f"unexpected {type(exc).__name__}: {exc}")
