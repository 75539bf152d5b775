"""Public pages (landing, offline, the installable-app files) and Home.

Home and the landing page describe the plans from `minime.accounts.plans` (what each plan
includes, and which features this build has) and the AI quotas from the settings the quota
check reads, so neither can promise what the software does not do.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from minime import __version__
from minime.accounts.plans import (
    AVAILABLE_FEATURES,
    FEATURE_INFO,
    FEATURES_BY_PLAN,
    LOWEST_PLAN_FOR,
    Plan,
)
from minime.ai import services as ai_services
from minime.ai.features import FEATURES as AI_FEATURES
from minime.ai.today_summary import PRESETS
from minime.core.types import AuthedRequest
from minime.gmail import google
from minime.preferences.forms import ONBOARDING_QUESTIONS
from minime.preferences.models import RuleSettings
from minime.preferences.onboarding import needs_onboarding
from minime.workspaces.selectors import members_of


def _quota(plan: str) -> int:
    """AI requests sent to a provider a month on `plan` (0: none), as the quota counts them."""
    return int(settings.AI_MONTHLY_QUOTA.get(plan, 0))


def plan_table() -> dict[str, Any]:
    """The plans side by side: the AI quota, then each feature this build has and which plans
    include it. Features the plans name but this build lacks are left out."""
    plans = list(Plan)
    return {
        "plans": plans,
        "quotas": [{"plan": p, "quota": _quota(p)} for p in plans],
        "rows": [
            {
                "feature": f,
                "label": FEATURE_INFO[f].label,
                "cells": [{"plan": p, "included": f in FEATURES_BY_PLAN[p]} for p in plans],
            }
            for f in AVAILABLE_FEATURES
        ],
    }


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    quick_win = RuleSettings._meta.get_field("quick_win_minutes").get_default()
    context = {
        "plan_table": plan_table(),
        "new_account_plan": Plan(settings.NEW_ACCOUNT_PLAN).label,
        "ai_features": list(AI_FEATURES.values()),
        "assistant_questions": [p.asked(quick_win) for p in PRESETS.values()],
        "onboarding_questions": ONBOARDING_QUESTIONS,
        "gmail_inbox_size": google.INBOX_SIZE,
    }
    return render(request, "pages/landing.html", context)


@login_required
def plan(request: AuthedRequest) -> HttpResponse:
    """Settings → Plan: the user's plan beside the others, and this month's AI requests."""
    context = {
        "plan_table": plan_table(),
        "current_plan": request.user.plan,
        "ai_sends": ai_services.sends_to_provider(),
        "ai_used": ai_services.usage_this_month(request.user),
        "ai_quota": ai_services.monthly_quota(request.user),
    }
    return render(request, "pages/plan.html", context)


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    included = FEATURES_BY_PLAN.get(request.user.plan, frozenset())
    features = [
        {
            "feature": f,
            "label": FEATURE_INFO[f].label,
            "included": f in included,
            "plan": LOWEST_PLAN_FOR[f].label,
        }
        for f in AVAILABLE_FEATURES
    ]
    return render(
        request,
        "pages/home.html",
        {
            "membership": membership,
            "members": members_of(membership),
            "features": features,
            "ai_sends": ai_services.sends_to_provider(),
            "ai_used": ai_services.usage_this_month(request.user),
            "ai_quota": ai_services.monthly_quota(request.user),
            "needs_onboarding": needs_onboarding(request.user),
            "onboarding_questions": ONBOARDING_QUESTIONS,
        },
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("icons/icon-192.png"), permanent=True)


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    # Cached by the service worker and shown to whoever is offline: no shell, nothing personal.
    return render(request, "pages/offline.html", {"nav": None})


@require_safe
@cache_control(max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/manifest.webmanifest", content_type="application/manifest+json")


@require_safe
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served from the site root so its scope covers every page."""
    response = render(
        request, "pages/sw.js", {"version": __version__}, content_type="text/javascript"
    )
    response["Service-Worker-Allowed"] = "/"
    return response
