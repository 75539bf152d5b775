from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from minime import __version__
from minime.accounts.plans import FEATURES_BY_PLAN, LOWEST_PLAN_FOR, Feature
from minime.core.types import AuthedRequest
from minime.preferences.onboarding import needs_onboarding
from minime.workspaces.selectors import members_of


@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    return render(request, "pages/landing.html")


FEATURE_LABELS = {
    Feature.SHARED_WORKSPACES: "Shared workspaces",
    Feature.CALENDAR: "Calendar (read-only iCal)",
    Feature.VOICE_SERVER_FALLBACK: "Voice to text on any browser",
    Feature.EMAIL: "Email (read-only Gmail)",
}


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    included = FEATURES_BY_PLAN[request.user.plan]
    features = [
        {"label": label, "included": f in included, "plan": LOWEST_PLAN_FOR[f].label}
        for f, label in FEATURE_LABELS.items()
    ]
    return render(
        request,
        "pages/home.html",
        {
            "membership": membership,
            "members": members_of(membership),
            "features": features,
            "needs_onboarding": needs_onboarding(request.user),
        },
    )


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the admin)."""
    return redirect(static("icons/icon-192.png"), permanent=True)


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/offline.html")


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
