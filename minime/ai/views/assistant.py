"""The Assistant: presets that answer from the signed-in user's own plan and week, and a box
for a question in the user's own words.

*Explain today's plan* (the button) is an AI feature: pressing it sends the compact Today
snapshot (``today_summary.explain_payload``) through ``services.explain_today`` and shows the
60–120 word summary, with links to the items the snapshot names. The other presets (What's
overdue?, Which projects are stuck?, Which goals have no work?, What fits in N minutes?, How
did my week go?) are answered locally: no AI call, nothing leaves the server, nothing counts
against the quota.

The question box (``?q=``) routes a typed question to one of those answers with the local
matcher (``minime.ai.local.intent``); a question about today's plan gets the built-in
engine's explanation, never an AI request. Only when a provider is configured, and only when
the user presses *Rewrite in plain words* under that answer, does the question with the
answer's text go to the provider (``services.rewrite_answer``: logged, counted).

htmx swaps ``ai/assistant_answer.html`` into the page; without JavaScript the same forms get
(or post) and the whole page comes back with the answer.
"""

from __future__ import annotations

from typing import Any, Final

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from minime.ai import services, today_summary
from minime.ai.local.intent import match
from minime.ai.views.steps import engine_label
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.insights.selectors import user_today
from minime.preferences.rules import rules_for
from minime.workspaces.middleware import request_transaction

EXPLAIN_QUESTION = today_summary.EXPLAIN_QUESTION
# The longest question the box takes: a question, not a paragraph.
QUESTION_MAX: Final = 200
# The keys ``?ask=`` takes: the local presets and the built-in Explain today's plan.
ASKABLE: Final = (*today_summary.PRESETS, today_summary.EXPLAIN)
REWRITE_FALLBACK: Final = "The answer below is the built-in one, unchanged."


def _today(request: AuthedRequest) -> today_summary.Today:
    return today_summary.load(user=request.user, workspace=request.workspace, now=timezone.now())


def _answer(request: AuthedRequest, key: str, minutes: int | None = None) -> today_summary.Answer:
    """The local answer to ``key`` (one of ASKABLE) for the signed-in user."""
    if key == today_summary.WEEK:
        this, last = today_summary.load_week(
            user=request.user, workspace=request.workspace, today=user_today(request.user)
        )
        return today_summary.week_answer(this, last)
    today = _today(request)
    if key == today_summary.EXPLAIN:
        return today_summary.explain_answer(today)
    return today_summary.answer(today, key, minutes)


def _choices(quick_minutes: int) -> list[dict[str, str]]:
    """Every question the Assistant answers, for the page and for "I can answer these"."""
    return [
        {"key": p.key, "question": p.asked(quick_minutes)} for p in today_summary.PRESETS.values()
    ]


def _render(request: AuthedRequest, status: int = 200, **extra: Any) -> HttpResponse:
    with request_transaction(request):
        return _render_page(request, status, **extra)


def _render_page(request: AuthedRequest, status: int, **extra: Any) -> HttpResponse:
    quick_minutes = rules_for(request.user).quick_win_minutes
    context = {
        "explain_question": EXPLAIN_QUESTION,
        "sends_to_provider": services.sends_to_provider(),
        "used": services.usage_this_month(request.user),
        "quota": services.monthly_quota(request.user),
        "question_max": QUESTION_MAX,
        "choices": _choices(quick_minutes),
        **extra,
    }
    if request.htmx:
        return render(request, "ai/assistant_answer.html", context, status=status)
    context["presets"] = context["choices"]
    return render(request, "ai/assistant.html", context, status=status)


def _read_question(text: str) -> tuple[str, str]:
    """The question as asked (trimmed) and the message for a question the box refuses ("")."""
    question = " ".join(text.split())
    if not question:
        return question, "Type a question first, for example “anything overdue?”."
    if len(question) > QUESTION_MAX:
        return question, (
            f"A question can be at most {QUESTION_MAX} characters; this one has"
            f" {len(question)}. Shorten it and ask again."
        )
    return question, ""


@login_required
@require_GET
def assistant(request: AuthedRequest) -> HttpResponse:
    """The presets and the question box; ``?ask=<preset>`` answers a preset, ``?q=<question>``
    answers a typed question (or lists what the Assistant can answer)."""
    if "q" in request.GET:
        return _ask(request, request.GET["q"])
    ask = request.GET.get("ask", "")
    if not ask:
        return _render(request)
    if ask not in ASKABLE:
        return _render(request, status=400, error="Pick one of the questions below.")
    return _render(request, answer=_answer(request, ask))


def _ask(request: AuthedRequest, text: str) -> HttpResponse:
    question, problem = _read_question(text)
    if problem:
        return _render(request, status=422, asked=question, question_error=problem)
    intent = match(question)
    if intent is None:
        return _render(request, asked=question, unanswered=True)
    answer = _answer(request, intent.key, intent.minutes)
    return _render(request, asked=question, answer=answer)


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


@outside_request_transaction
@login_required
@require_POST
def rewrite(request: AuthedRequest) -> HttpResponse:
    """Rewrite in plain words: the answer to the typed question ``q``, answered again locally
    (in a short transaction), then its text and the question sent to the provider. A refused
    question sends nothing; quota reached and a failing provider keep the local answer on the
    page with the reason."""
    question, problem = _read_question(request.POST.get("q", ""))
    if problem:
        return _render(request, status=422, asked=question, question_error=problem)
    intent = match(question)
    if intent is None:
        return _render(request, status=422, asked=question, unanswered=True)
    with request_transaction(request):
        answer = _answer(request, intent.key, intent.minutes)
    try:
        result = services.rewrite_answer(request.user, question=question, answer=answer.as_text())
    except services.QuotaReached as exc:
        return _render(request, status=429, asked=question, answer=answer, error=exc.message)
    if result.source != "provider":
        notice = result.notice.replace(services.FALLBACK_NOTE, REWRITE_FALLBACK)
        return _render(request, asked=question, answer=answer, rewrite_notice=notice)
    return _render(
        request,
        asked=question,
        answer=answer,
        rewrite={"text": result.value, "engine": engine_label(result)},
    )
