from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from minime.accounts.onboarding import needs_onboarding
from minime.accounts.plans import FEATURES_BY_PLAN, LOWEST_PLAN_FOR, Feature
from minime.core.types import AuthedRequest
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.selectors import active_membership, members_of

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
        "workspaces/home.html",
        {
            "membership": membership,
            "members": members_of(membership),
            "features": features,
            "needs_onboarding": needs_onboarding(request.user),
        },
    )


@login_required
@require_POST
def switch(request: AuthedRequest) -> HttpResponse:
    wanted = request.POST.get("workspace", "")
    membership = active_membership(request.user, wanted)
    if membership is None or str(membership.workspace.uuid) != wanted:
        messages.error(request, "You are not a member of that workspace.")
    else:
        request.session[SESSION_KEY] = str(membership.workspace.uuid)
        messages.success(request, f"Switched to {membership.workspace.name}.")
    return redirect("workspaces:home")
