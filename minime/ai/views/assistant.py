"""The Assistant: a page of presets that answer from the signed-in user's own Today.

*Explain today's plan* is the one AI feature here: pressing it sends the compact Today snapshot
(``today_summary.explain_payload``) through ``services.explain_today`` and shows the 60–120 word
summary, with links to the items the snapshot names. The other presets (What's overdue?, Which
projects are stuck?, Which goals have no work?, What fits in N minutes?) are answered locally
from the same plan: no AI call, nothing leaves the server, nothing counts against the quota.

htmx swaps ``ai/assistant_answer.html`` into the page; without JavaScript the same forms post
(or get) and the whole page comes back with the answer.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minime.ai import services, today_summary
from minime.ai.views.steps import engine_label
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.preferences.rules import rules_for
from minime.workspaces.middleware import request_transaction

EXPLAIN_QUESTION = "Explain today's plan"


def _today(request: AuthedRequest) -> today_summary.Today:
    return today_summary.load(user=request.user, workspace=request.workspace, now=timezone.now())


def _render(request: AuthedRequest, status: int = 200, **extra: Any) -> HttpResponse:
    with request_transaction(request):
        return _render_page(request, status, **extra)


def _render_page(request: AuthedRequest, status: int, **extra: Any) -> HttpResponse:
    if request.htmx:
        return render(request, "ai/assistant_answer.html", extra, status=status)
    quick_minutes = rules_for(request.user).quick_win_minutes
    context = {
        "presets": [
            {"key": p.key, "question": p.asked(quick_minutes)}
            for p in today_summary.PRESETS.values()
        ],
        "explain_question": EXPLAIN_QUESTION,
        "sends_to_provider": services.sends_to_provider(),
        "used": services.usage_this_month(request.user),
        "quota": services.monthly_quota(request.user),
        **extra,
    }
    return render(request, "ai/assistant.html", context, status=status)


@login_required
@require_GET
def assistant(request: AuthedRequest) -> HttpResponse:
    """The presets; ``?ask=<preset>`` answers one of the local presets."""
    ask = request.GET.get("ask", "")
    if not ask:
        return _render(request)
    if ask not in today_summary.PRESETS:
        return _render(request, status=400, error="Pick one of the questions below.")
    answer = today_summary.answer(_today(request), ask)
    return _render(request, answer=answer)


@outside_request_transaction
@login_required
@require_POST
def explain(request: AuthedRequest) -> HttpResponse:
    """Explain today's plan: the summary from the provider (or the built-in engine). Outside the
    request transaction: today's plan is read in a short one, the provider asked after it."""
    with request_transaction(request):
        today = _today(request)
        payload = today_summary.explain_payload(today)
        named = today_summary.named_items(today)
    try:
        result = services.explain_today(request.user, payload)
    except services.QuotaReached as exc:
        if request.htmx:
            return _render(request, status=429, error=exc.message)
        messages.error(request, exc.message)
        return redirect("ai:assistant")
    return _render(
        request,
        explain={
            "question": EXPLAIN_QUESTION,
            "summary": result.value,
            "engine": engine_label(result),
            "notice": result.notice,
            "named": named,
        },
    )
