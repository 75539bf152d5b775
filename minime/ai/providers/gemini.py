"""Gemini through the Google Gen AI SDK (google-genai).

One ``generate_content`` call per request: the feature's instruction as the system
instruction, the payload's JSON as the only content, the feature's schema as
``response_json_schema`` (JSON mode), temperature 0.2. Transcription sends the clip as an
inline part with the transcribe feature's instruction.

The SDK retries by default; here it makes exactly one attempt (``HttpRetryOptions(attempts=1)``)
so a request costs one call of the user's quota and the timeout means what it says. The SDK
talks through httpx2, a fork of httpx, so its transport errors are httpx2's; tests point
``base_url`` at a local fake server (``tests/fakes.py``) rather than patching a client.
"""

from __future__ import annotations

import copy
import math
from typing import Final

import httpx
import httpx2
from google import genai
from google.genai import errors, types

from ..features import FEATURES, Feature, encode_payload
from .base import (
    Answer,
    ProviderConfig,
    ProviderError,
    check_audio,
    check_request,
    guarded,
    parse_answer,
    status_error,
)

__all__ = ["GeminiProvider"]

_TIMEOUTS: Final = (httpx2.TimeoutException, httpx.TimeoutException, TimeoutError)
_TRANSPORT: Final = (httpx2.TransportError, httpx.TransportError, OSError)
# Finish reasons that mean the text, if any, is not an answer.
_BLOCKED: Final = frozenset(
    {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"}
)


class GeminiProvider:
    """The Gemini adapter. One SDK client per provider instance (building one costs ~40 ms),
    created on first use."""

    name = "gemini"

    def __init__(self, config: ProviderConfig) -> None:
        if config.provider != "gemini":
            raise ValueError(f"not a gemini configuration: {config.provider!r}")
        self.config = config
        self.model = config.model
        self._client: genai.Client | None = None

    def __repr__(self) -> str:
        return f"GeminiProvider(model={self.model!r}, base_url={self.config.base_url!r})"

    @property
    def client(self) -> genai.Client:
        if not self.config.api_key:
            # Without a key the SDK would fall back to environment variables; configuration
            # comes from ProviderConfig only.
            raise ProviderError(
                "auth", "No API key is set up for the AI provider.", "gemini: empty api_key"
            )
        if self._client is None:
            self._client = genai.Client(
                api_key=self.config.api_key,
                http_options=types.HttpOptions(
                    base_url=self.config.base_url or None,
                    timeout=max(1, math.ceil(self.config.timeout_seconds * 1000)),
                    retry_options=types.HttpRetryOptions(attempts=1),
                ),
            )
        return self._client

    def generate(self, feature: Feature, payload: dict[str, object]) -> Answer:
        """JSON per ``feature.schema``; ``ProviderError`` on any failure (see ``_describe``)."""
        body = check_request(feature, payload)
        schema = copy.deepcopy(feature.schema)  # the SDK gets its own copy of the registry's

        def call() -> Answer:
            response = self.client.models.generate_content(
                model=self.model,
                contents=encode_payload(body),
                config=types.GenerateContentConfig(
                    system_instruction=feature.instruction,
                    response_mime_type="application/json",
                    response_json_schema=schema,
                    temperature=0.2,
                ),
            )
            text = _answer_text(response)
            return Answer(
                parse_answer(text, feature), self._answered_by(response), _size(response, text)
            )

        return guarded(call, _describe)

    def transcribe(self, audio: bytes, mime_type: str) -> Answer:
        """The transcript of ``audio``, with ``transcribe_model`` (else ``model``)."""
        check_audio(audio, mime_type)
        model = self.config.transcribe_model or self.model

        def call() -> Answer:
            response = self.client.models.generate_content(
                model=model,
                contents=[
                    types.Part.from_bytes(data=audio, mime_type=mime_type),
                    FEATURES["transcribe"].instruction,
                ],
                config=types.GenerateContentConfig(temperature=0.0),
            )
            text = _answer_text(response)
            if text is None or not text.strip():
                raise ProviderError("malformed", "No speech was recognised.", "empty transcript")
            return Answer(text.strip(), response.model_version or model, _size(response, text))

        return guarded(call, lambda exc: _describe(exc, transcribing=True))

    def _answered_by(self, response: types.GenerateContentResponse) -> str:
        return response.model_version or self.model


def _answer_text(response: types.GenerateContentResponse) -> str | None:
    """The first candidate's text, or ``ProviderError("malformed")`` when the prompt or the
    answer was blocked or there is no candidate at all."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        raise ProviderError(
            "malformed",
            "The AI provider declined to answer this request.",
            f"prompt blocked: {feedback.block_reason} {feedback.block_reason_message or ''}",
        )
    candidates = response.candidates or []
    if not candidates:
        raise ProviderError("malformed", detail="no candidates in the answer")
    first = candidates[0]
    # An enum member, or the raw string when the SDK does not know the reason yet.
    reason = str(getattr(first.finish_reason, "value", first.finish_reason) or "")
    if reason in _BLOCKED:
        raise ProviderError(
            "malformed", "The AI provider declined to answer this request.", f"finish: {reason}"
        )
    if reason == "MAX_TOKENS":
        raise ProviderError("malformed", detail="the answer was cut off (MAX_TOKENS)")
    parts = first.content.parts if first.content is not None else None
    texts = [p.text for p in parts or () if p.text and not p.thought]
    return "".join(texts) if texts else None


def _size(response: types.GenerateContentResponse, text: str | None) -> int:
    """The answer body's size: Content-Length when the server sent one, else the text's."""
    headers = response.sdk_http_response.headers if response.sdk_http_response else None
    for key, value in (headers or {}).items():
        if key.lower() == "content-length" and value.isdigit():
            return int(value)
    return len((text or "").encode())


def _describe(exc: Exception, *, transcribing: bool = False) -> ProviderError:
    """Map an SDK or transport exception to a ``ProviderError``."""
    if isinstance(exc, errors.APIError):
        detail = f"{exc.status or ''} {exc.message or ''}".strip()
        # Gemini answers a bad key with 400 INVALID_ARGUMENT / API_KEY_INVALID, not 401.
        if exc.code == 400 and "API_KEY" in str(exc.details) + detail:
            return ProviderError("auth", detail=f"HTTP 400: {detail}")
        return status_error(int(exc.code or 500), detail, transcribing=transcribing)
    if isinstance(exc, _TIMEOUTS):
        return ProviderError("timeout", detail=f"{type(exc).__name__}: {exc}")
    if isinstance(exc, _TRANSPORT):
        return ProviderError("unavailable", detail=f"{type(exc).__name__}: {exc}")
    if isinstance(exc, ValueError):  # the SDK parsing a body that is not JSON
        return ProviderError("malformed", detail=f"{type(exc).__name__}: {exc}")
    return ProviderError("unavailable", detail=f"unexpected {type(exc).__name__}: {exc}")
