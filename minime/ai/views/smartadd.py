"""Smart Add on Today and Capture: the text → an editable preview → Create (one transaction) or
Cancel (nothing saved). Plain Add never comes here: it saves a capture item without AI."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from minime.ai import services
from minime.ai.forms import ItemFormSet, initial_for
from minime.capture.forms import CaptureForm, return_to
from minime.core.errors import Invalid, NotAllowed
from minime.core.forms import add_service_errors
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.workspaces.middleware import request_transaction


def _render(request: AuthedRequest, status: int = 200, **context: Any) -> HttpResponse:
    context.setdefault("back", request.POST.get("back") or "capture")
    template = "ai/_smart_add_preview.html" if request.htmx else "ai/smart_add.html"
    with request_transaction(request):
        return render(request, template, context, status=status)


@outside_request_transaction
@login_required
@require_POST
def smart_add_preview(request: AuthedRequest) -> HttpResponse:
    """Read the text into proposed items and show them for editing; nothing is saved. Outside
    the request transaction: the provider may take its time."""
    form = CaptureForm(request.POST)
    form.is_valid()
    text = form.cleaned_data.get("text") or ""
    now = timezone.now().astimezone(ZoneInfo(request.user.time_zone))
    try:
        result = services.smart_add_preview(request.user, text, now)
    except (Invalid, NotAllowed) as exc:
        if isinstance(exc, Invalid):
            add_service_errors(form, exc)
        else:
            form.add_error(None, exc.message)
        return _render(request, status=exc.status, form=form)
    formset = ItemFormSet(initial=[initial_for(item) for item in result.value])
    return _render(request, form=form, formset=formset, result=result, text=text)


@login_required
@require_POST
def smart_add_create(request: AuthedRequest) -> HttpResponse:
    """Create every line that is not left out, all or nothing."""
    form = CaptureForm(request.POST)
    form.is_valid()
    formset = ItemFormSet(request.POST)
    if formset.is_valid():
        items = [f.item() for f in formset.forms if not f.cleaned_data.get("leave_out")]
        today = timezone.now().astimezone(ZoneInfo(request.user.time_zone)).date()
        try:
            created = services.smart_add_create(
                workspace=request.workspace, user=request.user, items=items, today=today
            )
        except Invalid as exc:
            messages.error(request, exc.message)
            return _render(request, status=422, form=form, formset=formset, failed=exc.message)
        kinds = sorted({c.kind for c in created})
        messages.success(
            request,
            f"Created {len(created)} item{'s' if len(created) != 1 else ''} ({', '.join(kinds)}).",
        )
        return redirect(return_to(request.POST.get("back")))
    return _render(request, status=422, form=form, formset=formset)
