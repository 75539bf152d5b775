"""Fixtures for the AI tests: fake providers on 127.0.0.1 (see ``fakes.py``).

``gemini_config(fake)`` and ``openai_config(fake)`` build a ``ProviderConfig`` aimed at a fake
(2-second timeout; override any field); they live in ``fakes.py`` and are re-exported here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fakes import FakeGemini, FakeOpenAI, gemini_config, openai_config

__all__ = ["fake_gemini", "fake_openai", "gemini_config", "openai_config"]


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
