"""Settings → AI and the public AI disclosure page.

Settings → AI shows the signed-in user which provider this server uses (never its key), this
month's usage against the plan's quota, and their own log of AI requests with exactly what each
one sent. The disclosure page is public and is generated from ``minime.ai.features.FEATURES``,
the same definitions that build every request body, so it cannot drift from what is sent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from minime.accounts.plans import Plan
from minime.ai import services
from minime.ai.features import FEATURES
from minime.ai.models import AIRequest
from minime.ai.providers import ProviderConfig
from minime.core.types import AuthedRequest

LOG_PAGE_SIZE = 25


@dataclass(frozen=True)
class ProviderStatus:
    """The instance's provider in plain words. ``summary`` is one sentence; ``local`` is True
    when nothing leaves the server."""

    local: bool
    name: str
    summary: str


def _host(base_url: str) -> str:
    """The host (and port) of ``base_url``, without any credentials in it."""
    parts = urlsplit(base_url)
    host = parts.hostname or ""
    return f"{host}:{parts.port}" if parts.port else host


def provider_status(config: ProviderConfig | None = None) -> ProviderStatus:
    """How this server runs the AI features, for people: never the key, never a full URL."""
    config = config or services.provider_config()
    if config.provider == "gemini":
        where = f" at {_host(config.base_url)}" if config.base_url else ""
        return ProviderStatus(
            False,
            "Gemini",
            f"Google Gemini, model {config.model}{where}. A feature's text goes to Google only "
            "when you press its button.",
        )
    if config.provider == "openai-compatible":
        return ProviderStatus(
            False,
            "Self-hosted or OpenAI-compatible model",
            f"An OpenAI-compatible model, {config.model}, at {_host(config.base_url)}. A "
            "feature's text goes there only when you press its button.",
        )
    return ProviderStatus(
        True,
        "Built-in engine",
        "The built-in engine on this server. Nothing is sent to any AI service.",
    )


@dataclass(frozen=True)
class LogRow:
    request: AIRequest
    label: str
    sent_json: str  # "" when nothing left the server


def _row(entry: AIRequest) -> LogRow:
    feature = FEATURES.get(entry.feature)
    sent = (
        json.dumps(entry.sent, indent=2, ensure_ascii=False, sort_keys=False)
        if entry.sent is not None
        else ""
    )
    return LogRow(entry, feature.label if feature else entry.feature, sent)


@login_required
@require_GET
def ai_settings(request: AuthedRequest) -> HttpResponse:
    """Provider status, this month's usage and the user's own AI request log (25 a page)."""
    user = request.user
    page = Paginator(AIRequest.objects.filter(user=user), LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "status": provider_status(),
        "used": services.usage_this_month(user),
        "quota": services.monthly_quota(user),
        "plan": user.get_plan_display(),
        "page": page,
        "rows": [_row(entry) for entry in page.object_list],
    }
    return render(request, "ai/settings_ai.html", context)


@require_GET
def disclosure(request: HttpRequest) -> HttpResponse:
    """The public page on what each AI feature sends, never sends and returns."""
    return render(
        request,
        "ai/disclosure.html",
        {
            "features": list(FEATURES.values()),
            "status": provider_status(),
            "quotas": [(plan.label, int(settings.AI_MONTHLY_QUOTA.get(plan, 0))) for plan in Plan],
            "voice_max_seconds": settings.VOICE_MAX_SECONDS,
        },
    )
