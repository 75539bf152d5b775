"""The Focus page and its actions. Every action is a form post that works without JavaScript
(it redirects back to the page); with htmx the page's content comes back in place."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from minime.core.errors import Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.focus import selectors, services
from minime.focus.forms import FocusEndForm, FocusStartForm
from minime.focus.models import FocusSession

PAGE_TARGET = "focus-page"  # the element the page's own htmx forms swap


def _page(
    request: AuthedRequest,
    *,
    start_form: FocusStartForm | None = None,
    end_form: FocusEndForm | None = None,
    status: int = 200,
    announce: str = "",
) -> HttpResponse:
    """The Focus page: the running session or the start form, the recent sessions and the
    stats. htmx gets the page's content only (`_focus.html`)."""
    workspace, user = request.workspace, request.user
    now = timezone.now()
    defaults = selectors.defaults_for(user)
    running = selectors.running_session(workspace, user)
    recent = selectors.recent_sessions(workspace, user)
    latest = recent[0] if recent else None
    context: dict[str, Any] = {
        "running": running,
        "now": now,
        "defaults": defaults,
        "recent": recent,
        "break_until": None if running else selectors.break_until(latest, now),
        "stats": selectors.focus_stats(
            workspace, user, timezone.localdate(), week_start=defaults.week_start
        ),
        "announce": announce,
    }
    if running is None:
        context["start_form"] = start_form or FocusStartForm(workspace=workspace, defaults=defaults)
    else:
        context["end_form"] = end_form or FocusEndForm()
        context["time_is_up"] = now >= running.planned_end
        context["seconds"] = running.planned_minutes * 60
        passed = int((now - running.started_at).total_seconds())
        context["elapsed"] = max(0, min(context["seconds"], passed))
    if start_form is not None and running is not None:
        # A start refused while one runs (the form is not shown): say why above the session.
        context["start_errors"] = _all_errors(start_form)
    template = "focus/_focus.html" if _swaps_page(request) else "focus/focus.html"
    return render(request, template, context, status=status)


def _swaps_page(request: AuthedRequest) -> bool:
    return bool(request.htmx) and request.htmx.target == PAGE_TARGET


def _done(request: AuthedRequest, message: str) -> HttpResponse:
    """After an action: htmx on this page gets the page's content with `message` announced;
    htmx elsewhere (a Focus button on another page) is sent here; a plain form post redirects
    here with the message."""
    if _swaps_page(request):
        return _page(request, announce=message)
    messages.success(request, message)
    if request.htmx:
        return HttpResponseClientRedirect(reverse("focus:index"))
    return redirect("focus:index")


def _stale(request: AuthedRequest, exc: Invalid) -> HttpResponse:
    """The session stopped elsewhere (another tab or device): show the page as it is now."""
    messages.error(request, exc.message)
    if request.htmx:
        return HttpResponseClientRefresh()
    return redirect("focus:index")


@login_required
@require_GET
def focus_index(request: AuthedRequest) -> HttpResponse:
    """The running session (with its countdown) or the form to start one, recent sessions and
    the stats."""
    return _page(request)


@login_required
@require_POST
def focus_start(request: AuthedRequest) -> HttpResponse:
    """Start a session. Posted by the page's form, or by a Focus button anywhere with only a
    `task` (a task's uuid): the lengths then come from the user's rules."""
    defaults = selectors.defaults_for(request.user)
    form = FocusStartForm(request.POST, workspace=request.workspace, defaults=defaults)
    if form.is_valid():
        task = form.cleaned_data["task"]
        try:
            session = services.session_start(
                workspace=request.workspace,
                user=request.user,
                minutes=form.cleaned_data["minutes"],
                break_minutes=form.cleaned_data["break_minutes"],
                task=task,
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            what = f" on {task.title}" if task else ""
            length = _minutes(session.planned_minutes)
            return _done(request, f"Focus started: {length}{what}.")
    if request.htmx and not _swaps_page(request):
        # A Focus button on another page: the Focus page says what went wrong.
        for error in _all_errors(form):
            messages.error(request, error)
        return HttpResponseClientRedirect(reverse("focus:index"))
    return _page(request, start_form=form, status=422)


def _session(request: AuthedRequest, uuid: UUID) -> FocusSession:
    """One of the user's own sessions in the workspace; anyone else's is a 404."""
    return get_scoped_or_404(FocusSession, request.workspace, uuid=uuid, created_by=request.user)


@login_required
@require_POST
def focus_interrupt(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Count one interruption. htmx gets the count back ("2 interruptions"), for the live
    region beside the button."""
    session = _session(request, uuid)
    try:
        services.session_interrupt(session=session)
    except Invalid as exc:
        return _stale(request, exc)
    if request.htmx:
        return render(request, "focus/_interruption_count.html", {"running": session})
    return redirect("focus:index")


@login_required
@require_POST
def focus_end(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """End the session with an optional note; a note too long comes back with its message."""
    session = _session(request, uuid)
    form = FocusEndForm(request.POST)
    if form.is_valid():
        try:
            services.session_end(session=session, note=form.cleaned_data["note"])
        except Invalid as exc:
            if not exc.fields:
                return _stale(request, exc)
            add_service_errors(form, exc)
        else:
            return _done(request, _ended_message(session))
    return _page(request, end_form=form, status=422)


@login_required
@require_POST
def focus_cancel(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Cancel the session: it counts for nothing."""
    session = _session(request, uuid)
    try:
        services.session_cancel(session=session)
    except Invalid as exc:
        return _stale(request, exc)
    return _done(request, "Session cancelled. It does not count towards your focus time.")


def _ended_message(session: FocusSession) -> str:
    text = f"Session ended: {_minutes(session.actual_minutes or 0)} of focus"
    text += f" on {session.task.title}." if session.task else "."
    if session.break_minutes:
        text += f" Take a {session.break_minutes}-minute break."
    return text


def _all_errors(form: forms.Form) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def _minutes(count: int) -> str:
    return f"{count} minute{'' if count == 1 else 's'}"
