"""System check: the AI provider settings make a valid configuration (else the app refuses to
start, instead of failing on the first AI button press)."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register()
def check_ai_provider(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from minime.ai.services import provider_config

    try:
        provider_config()
    except ValueError as exc:
        return [
            Error(
                f"The AI provider settings are not usable: {exc}.",
                hint="Fix AI_PROVIDER, AI_MODEL and AI_BASE_URL (see .env.example).",
                id="minime.ai.E001",
            )
        ]
    return []
