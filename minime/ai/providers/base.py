"""What every AI provider adapter shares: its configuration, its answer, its one error type.

A provider turns (feature, payload) into an ``Answer`` or raises ``ProviderError`` — nothing
else ever escapes ``generate`` or ``transcribe``, so the caller needs one ``except`` to fall
back to the local engine. Configuration comes in as a ``ProviderConfig`` (the Django side
builds it from settings or the user's own key); adapters never read settings or the
environment themselves.

The body a provider sends is exactly ``features.encode_payload(feature.payload(...))`` as the
user content, ``feature.instruction`` as the system instruction and ``feature.schema`` as the
answer's schema. Adapters re-check the payload against the feature before sending, so a body
that the AI-disclosure page does not describe cannot leave the process.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, Literal, Protocol

from ..features import FEATURES, Feature, MalformedAnswer, check_shape

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "PROVIDERS",
    "Answer",
    "ErrorKind",
    "Provider",
    "ProviderConfig",
    "ProviderError",
    "check_request",
    "make_provider",
    "parse_answer",
]

ProviderName = Literal["local", "gemini", "openai-compatible"]
PROVIDERS: Final[tuple[ProviderName, ...]] = ("local", "gemini", "openai-compatible")

# How much of a provider's answer we read at most. Answers are a few KB; a provider (or a
# misconfigured endpoint) that streams more is not answering the question.
MAX_ANSWER_BYTES: Final = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ProviderConfig:
    """Which provider to call and how.

    ``provider``: "local" (no network), "gemini" or "openai-compatible". ``base_url``: the API
    root ("https://api.openai.com/v1", "http://localhost:11434/v1"); empty means the provider's
    default, which only Gemini has. ``api_key`` may be empty for a self-hosted endpoint without
    auth; it never appears in ``repr``. ``transcribe_model``: the speech-to-text model
    ("whisper-1" for OpenAI-compatible endpoints); empty means ``model`` for Gemini and "no
    transcription" for OpenAI-compatible endpoints.
    """

    provider: str
    model: str = ""
    api_key: str = field(default="", repr=False)
    base_url: str = ""
    timeout_seconds: float = 20.0
    transcribe_model: str = ""

    def __post_init__(self) -> None:
        if self.provider not in PROVIDERS:
            raise ValueError(f"unknown AI provider {self.provider!r}; use one of {PROVIDERS}")
        if not 0 < self.timeout_seconds <= 600:
            raise ValueError("timeout_seconds must be in (0, 600]")
        if self.provider != "local" and not self.model.strip():
            raise ValueError(f"the {self.provider} provider needs a model name")
        if self.provider == "openai-compatible" and not self.base_url.strip():
            raise ValueError("the openai-compatible provider needs a base_url")
        if self.base_url and not re.match(r"https?://[^/\s]+", self.base_url):
            raise ValueError(f"base_url must be an http(s) URL, not {self.base_url!r}")


ErrorKind = Literal[
    "timeout", "unavailable", "rate_limited", "malformed", "refused", "auth", "unsupported"
]

# What the user reads. Calm, plain, no jargon; the caller adds what happens next ("Used the
# built-in engine instead.").
MESSAGES: Final[dict[ErrorKind, str]] = {
    "timeout": "The AI provider took too long to answer.",
    "unavailable": "The AI provider is not available right now.",
    "rate_limited": "The AI provider is busy. Try again in a minute.",
    "malformed": "The AI provider's answer could not be used.",
    "refused": "The AI provider turned the request down.",
    "auth": "The AI provider did not accept the API key.",
    "unsupported": "The AI provider cannot do this.",
}


class ProviderError(Exception):
    """A provider call failed. ``kind`` says how (for code: fall back, retry later, fix the
    key), ``message`` is a plain sentence for the user, ``detail`` is technical, for the log
    (status code, provider's error text, exception type) and never shown to the user."""

    def __init__(self, kind: ErrorKind, message: str | None = None, detail: str = "") -> None:
        self.kind: ErrorKind = kind
        self.message = message or MESSAGES[kind]
        self.detail = detail[:2000]
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.kind}: {self.detail or self.message}"

    def __repr__(self) -> str:
        return f"ProviderError({self.kind!r}, {self.message!r}, {self.detail!r})"


@dataclass(frozen=True, slots=True)
class Answer:
    """A provider's answer: ``data`` is the parsed JSON (``generate``) or the transcript text
    (``transcribe``), already shape-checked; ``model`` is the model that answered, as the
    provider reported it; ``size`` is the answer body's size in bytes (for the usage log)."""

    data: object
    model: str
    size: int


class Provider(Protocol):
    """An AI provider adapter (see the module docstring for the contract)."""

    name: str
    model: str

    def generate(self, feature: Feature, payload: dict[str, object]) -> Answer:
        """Ask for ``feature``'s answer to ``payload``: JSON per ``feature.schema``."""
        ...

    def transcribe(self, audio: bytes, mime_type: str) -> Answer:
        """Turn an audio clip into text; ``Answer.data`` is the transcript (a str)."""
        ...


def make_provider(config: ProviderConfig) -> Provider | None:
    """The adapter for ``config``, or None for "local" (the caller uses the local engines).

    Adapters are imported here, on first use, so a deployment on the local engine never
    loads an SDK (google-genai alone takes about a second to import).
    """
    if config.provider == "local":
        return None
    if config.provider == "gemini":
        from .gemini import GeminiProvider

        return GeminiProvider(config)
    from .openai_compat import OpenAICompatProvider

    return OpenAICompatProvider(config)


def check_request(feature: Feature, payload: Mapping[str, object]) -> dict[str, object]:
    """``payload`` re-validated against ``feature`` (exact keys, types, lengths), or
    ``ProviderError("refused")``: a body the disclosure page does not describe is never sent."""
    if feature.schema is None:
        raise ProviderError(
            "unsupported", "This feature has no text answer.", f"{feature.name} has no schema"
        )
    try:
        return feature.payload(**payload)
    except ValueError as exc:
        raise ProviderError(
            "refused", "This request could not be sent.", f"payload rejected: {exc}"
        ) from None


def check_audio(audio: bytes, mime_type: str) -> None:
    """Raise ``ProviderError("refused")`` unless the clip passes the transcribe feature."""
    try:
        FEATURES["transcribe"].payload(audio=audio, mime_type=mime_type)
    except ValueError as exc:
        raise ProviderError(
            "refused", "This recording could not be sent.", f"audio rejected: {exc}"
        ) from None


_FENCE = re.compile(r"^```[a-zA-Z0-9_-]*\s*\n?(.*?)\n?```$", re.DOTALL)


def parse_answer(text: str | None, feature: Feature) -> object:
    """The JSON in a model's reply, shape-checked against ``feature.schema``.

    A reply wrapped in a markdown code fence is unwrapped (self-hosted models often do it
    despite the schema). Raises ``ProviderError("malformed")`` for an empty reply, text that is
    not JSON, or JSON of the wrong shape.
    """
    if text is None or not text.strip():
        raise ProviderError("malformed", detail="empty answer")
    body = text.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced.group(1).strip()
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise ProviderError(
            "malformed", detail=f"answer is not JSON: {exc}: {body[:200]!r}"
        ) from None
    if feature.schema is not None:
        try:
            check_shape(data, feature.schema)
        except MalformedAnswer as exc:
            raise ProviderError("malformed", detail=f"answer off-schema: {exc}") from None
    return data


def status_error(status: int, detail: str, *, transcribing: bool = False) -> ProviderError:
    """The ``ProviderError`` for an HTTP error status (shared by both adapters).

    429 -> rate_limited, 401/403 -> auth, 408/504 -> timeout, other 5xx -> unavailable; for a
    transcription 404/405/415/501 mean the endpoint has no speech-to-text -> unsupported;
    other 4xx -> refused.
    """
    text = f"HTTP {status}: {detail}"
    if status == 429:
        return ProviderError("rate_limited", detail=text)
    if status in (401, 403):
        return ProviderError("auth", detail=text)
    if status in (408, 504):
        return ProviderError("timeout", detail=text)
    if transcribing and status in (404, 405, 415, 501):
        return ProviderError(
            "unsupported", "The AI provider cannot turn speech into text.", detail=text
        )
    if status >= 500:
        return ProviderError("unavailable", detail=text)
    return ProviderError("refused", detail=text)


def guarded(call: Callable[[], Answer], describe: Callable[[Exception], ProviderError]) -> Answer:
    """Run ``call``; a ``ProviderError`` passes through, any other exception is mapped by
    ``describe`` — so nothing but ``ProviderError`` leaves an adapter."""
    try:
        return call()
    except ProviderError:
        raise
    except Exception as exc:
        raise describe(exc) from exc
