"""Smart Add on Today and Capture: the text → an editable preview → Create (one transaction) or
Cancel (nothing saved). Plain Add never comes here: it saves a capture item without AI.

The preview is the answer to a POST, so its URL cannot be shown again by itself: opened by GET
(a reload from the address bar, a bookmark, the history), it sends the user back to their Add
box with the text in it (``?text=``: ``ai/_add_box.html`` fills the box from it). The text
comes from the query, or else from the session, where each preview keeps the last text read
until it is created."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from minime.ai import services
from minime.ai.forms import ItemForm, ItemFormSet, initial_for
from minime.capture.forms import ADD_BOXES, RETURN_TO, CaptureForm, return_to
from minime.core.errors import Invalid, NotAllowed
from minime.core.forms import add_service_errors
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.workspaces.middleware import request_transaction

DRAFT = "ai_smart_add_draft"  # the session's last previewed text: {"text": ..., "back": ...}
# Text whose query is longer does not go back in a link (gunicorn refuses a request line over
# 4 KB by default, and non-Latin text triples in size when encoded); the Smart Add page shows it
# in its own box instead.
LINK_QUERY_MAX = 2_000


def _today(request: AuthedRequest) -> date:
    return timezone.now().astimezone(ZoneInfo(request.user.time_zone)).date()


def _formset(request: AuthedRequest, **kwargs: Any) -> Any:
    """The preview's lines, each told which of the workspace's projects its name matches (in
    the request transaction: the caller may be outside it)."""
    formset = ItemFormSet(form_kwargs={"today": _today(request)}, **kwargs)
    forms: list[ItemForm] = formset.forms
    with request_transaction(request):
        found = services.projects_named(request.workspace, [f.project_name() for f in forms])
    for form in forms:
        form.existing_project = found.get(services.project_key(form.project_name()))
    return formset


def _render(request: AuthedRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("back", request.POST.get("back") or "capture")
    context.setdefault("back_url", return_to(context["back"]))
    template = "ai/_smart_add_preview.html" if request.htmx else "ai/smart_add.html"
    with request_transaction(request):
        return render(request, template, context, status=status)


def _back_name(request: AuthedRequest, draft: dict[str, str]) -> str:
    """Which Add box to go back to: the one named in the query, else the page the user came
    from, else the one the text was typed in, else Today."""
    named = request.GET.get("back", "")
    if named in RETURN_TO:
        return named
    referrer = request.headers.get("referer", "")
    if referrer and url_has_allowed_host_and_scheme(
        referrer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        path = urlsplit(referrer).path
        for name, url_name in RETURN_TO.items():
            if path == reverse(url_name):
                return name
    drafted = str(draft.get("back") or "")
    return drafted if drafted in RETURN_TO else "today"


def _reopened(request: AuthedRequest) -> HttpResponse:
    """GET: back to the Add box, with the text (from the query, else the session's draft)."""
    draft = request.session.get(DRAFT) or {}
    text = str(request.GET.get("text") or draft.get("text") or "")
    back = _back_name(request, draft)
    if back not in ADD_BOXES:  # a page without an Add box: the text goes back to Capture's
        back = "capture"
    if not text.strip():
        return redirect(return_to(back))
    query = urlencode({"text": text})
    if len(query) > LINK_QUERY_MAX:
        form = CaptureForm(initial={"text": text, "back": back})
        return _render(request, form=form, back=back, reopened=True)
    messages.info(request, "Your text is back in the box. Press Smart add to read it again.")
    return redirect(f"{return_to(back)}?{query}")


@outside_request_transaction
@login_required
@require_http_methods(["GET", "POST"])
def smart_add_preview(request: AuthedRequest) -> HttpResponse:
    """POST: read the text into proposed items and show them for editing; nothing is saved.
    Outside the request transaction: the provider may take its time. GET: ``_reopened``."""
    if request.method == "GET":
        return _reopened(request)
    form = CaptureForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text") or ""
    if text.strip() and len(text) <= services.MAX_SMART_ADD_CHARS:  # longer: refused below
        back = form.cleaned_data.get("back") or "capture"
        request.session[DRAFT] = {"text": text, "back": back}
    now = timezone.now().astimezone(ZoneInfo(request.user.time_zone))
    try:
        result = services.smart_add_preview(request.user, text, now)
    except (Invalid, NotAllowed) as exc:
        if isinstance(exc, Invalid):
            add_service_errors(form, exc)
        else:
            form.add_error(None, exc.message)
        return _render(request, status=exc.status, form=form)
    formset = _formset(request, initial=[initial_for(item) for item in result.value])
    return _render(request, form=form, formset=formset, result=result, text=text)


def _created_message(created: list[services.Created]) -> str:
    made = [c for c in created if not c.existing]
    used = "; ".join(f"used your project “{c.title}”" for c in created if c.existing)
    if not made:
        return f"Nothing new was created: {used}."
    kinds = sorted({c.kind for c in made})
    text = f"Created {len(made)} item{'s' if len(made) != 1 else ''} ({', '.join(kinds)})"
    return f"{text}; {used}." if used else f"{text}."


@login_required
@require_POST
def smart_add_create(request: AuthedRequest) -> HttpResponse:
    """Create every line that is not left out, all or nothing."""
    form = CaptureForm(request.POST)
    form.is_valid()
    formset = _formset(request, data=request.POST)
    if formset.is_valid():
        kept = [f for f in formset.forms if not f.cleaned_data.get("leave_out")]
        try:
            created = services.smart_add_create(
                workspace=request.workspace,
                user=request.user,
                items=[f.item() for f in kept],
                today=_today(request),
                new_projects={i for i, f in enumerate(kept) if f.wants_new_project},
            )
        except Invalid as exc:
            messages.error(request, exc.message)
            return _render(request, status=422, form=form, formset=formset, failed=exc.message)
        request.session.pop(DRAFT, None)
        messages.success(request, _created_message(created))
        return redirect(return_to(request.POST.get("back")))
    return _render(request, status=422, form=form, formset=formset)
