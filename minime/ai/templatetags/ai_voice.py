"""``{% voice_options as voice %}``: what the microphone button may do for the signed-in user.

The button's script cannot know the plan or the server's configuration, so the include
(``ai/_voice_button.html``) renders them as data attributes: whether the plan includes the
server fallback (``minime.accounts.plans.may_use``), whether a provider is configured, and the
longest clip the server takes.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.ai import services

register = template.Library()


@register.simple_tag(takes_context=True)
def voice_options(context: template.Context) -> dict[str, Any]:
    """``plan``: the user's plan includes the server fallback; ``provider``: a speech-to-text
    provider is configured; ``max_seconds``: the longest clip; ``fallback_plan``: the cheapest
    plan with the fallback ("Pro")."""
    user = context.get("user")
    if user is None and context.get("request") is not None:
        user = context["request"].user
    allowed = bool(user is not None and may_use(user, Feature.VOICE_SERVER_FALLBACK))
    return {
        "plan": allowed,
        "provider": services.provider_config().provider != "local",
        "max_seconds": int(settings.VOICE_MAX_SECONDS),
        "fallback_plan": LOWEST_PLAN_FOR[Feature.VOICE_SERVER_FALLBACK].label,
    }
