"""Settings → Rules, and the onboarding wizard (Settings → Preferences on later visits)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from minime.core.errors import Invalid
from minime.core.forms import add_service_errors
from minime.core.types import AuthedRequest
from minime.preferences import onboarding, rules
from minime.preferences.forms import (
    AnswersForm,
    RulesForm,
    StarterAreaFormSet,
    kept_area_names,
)


@login_required
@require_http_methods(["GET", "POST"])
def rule_settings(request: AuthedRequest) -> HttpResponse:
    current = rules.rules_for(request.user)
    if request.method == "GET":
        form = RulesForm(initial={name: getattr(current, name) for name in rules.EDITABLE})
        return render(request, "preferences/rules.html", {"form": form})
    form = RulesForm(request.POST)
    if form.is_valid():
        try:
            rules.rules_update(user=request.user, **form.cleaned_data)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Rules saved. Today follows them from now on.")
            return redirect("preferences:rules")
    return render(request, "preferences/rules.html", {"form": form}, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def onboarding_wizard(request: AuthedRequest) -> HttpResponse:
    """The wizard: the answers, then the starter areas not yet in the workspace."""
    first_time = onboarding.needs_onboarding(request.user)
    proposals = onboarding.proposed_areas(request.workspace)
    initial = [{"keep": True, "name": name} for name in proposals]
    if request.method == "GET":
        stored = onboarding.answers_for(request.user)
        form = AnswersForm(initial={name: getattr(stored, name) for name in onboarding.ANSWERS})
        areas = StarterAreaFormSet(initial=initial, prefix="areas")
        return _wizard(request, form, areas, first_time)
    form = AnswersForm(request.POST)
    areas = StarterAreaFormSet(request.POST, initial=initial, prefix="areas")
    if form.is_valid() and areas.is_valid():
        try:
            with transaction.atomic():  # both or neither
                onboarding.onboarding_save(user=request.user, **form.cleaned_data)
                created = onboarding.onboarding_finish(
                    user=request.user, workspace=request.workspace, areas=kept_area_names(areas)
                )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            if first_time:
                messages.success(request, "You're all set. Here is where your day starts.")
                return redirect("today:index")
            added = (
                f" Added {len(created)} area{'s' if len(created) != 1 else ''}." if created else ""
            )
            messages.success(request, f"Preferences saved.{added}")
            return redirect(request.path)  # the wizard, or the same form inside Settings
    return _wizard(request, form, areas, first_time, status=422)


def _wizard(
    request: AuthedRequest, form: AnswersForm, areas: object, first_time: bool, status: int = 200
) -> HttpResponse:
    context = {"form": form, "areas": areas, "first_time": first_time}
    return render(request, "preferences/onboarding.html", context, status=status)
