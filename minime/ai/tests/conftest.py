"""Fixtures for the AI tests: fake providers on 127.0.0.1 (see ``fakes.py``).

``gemini_config(fake)`` and ``openai_config(fake)`` build a ``ProviderConfig`` aimed at a fake
(2-second timeout; override any field); they live in ``fakes.py`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

import pytest
from django.utils import timezone

from .fakes import FakeGemini, FakeOpenAI, gemini_config, openai_config

__all__ = [
    "fake_gemini",
    "fake_openai",
    "gemini_config",
    "now",
    "openai_config",
    "provider",
    "signed_in",
]


@pytest.fixture
def fake_gemini() -> Iterator[FakeGemini]:
    """A running fake Gemini API; use ``gemini_config(fake_gemini)`` to reach it."""
    with FakeGemini() as fake:
        yield fake


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A running fake OpenAI-compatible API; use ``openai_config(fake_openai)`` to reach it."""
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def provider(settings: Any, fake_openai: FakeOpenAI) -> FakeOpenAI:
    """The app pointed at a fake OpenAI-compatible endpoint (chat and transcription)."""
    settings.AI_PROVIDER = "openai-compatible"
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = "test-model"
    settings.AI_TRANSCRIBE_MODEL = "whisper-1"
    settings.AI_API_KEY = "test-key"
    settings.AI_TIMEOUT_SECONDS = 1
    return fake_openai


@pytest.fixture
def signed_in(client: Any, alice: Any) -> Any:
    """The test client, signed in as alice."""
    client.force_login(alice)
    return client


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """Today 08:00 UTC, frozen: before the work day, so the whole window is free."""
    fixed = datetime.combine(datetime.now(UTC).date(), time(8, 0), tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: fixed)
    return fixed
