"""Settings → Your data: download everything, or delete the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from minime.calendars.integration import CALENDAR
from minime.core.types import AuthedRequest
from minime.gmail.integration import GMAIL
from minime.yourdata.data import account_delete, export_user_data


@login_required
@require_safe
def your_data(request: AuthedRequest) -> HttpResponse:
    return render(request, "yourdata/your_data.html", {"integrations": [CALENDAR, GMAIL]})


@login_required
@require_safe
def export(request: AuthedRequest) -> HttpResponse:
    """The archive, built inside the request's transaction (RLS) and sent as one file."""
    body = json.dumps(export_user_data(request.user), ensure_ascii=False, indent=1)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="minime-export-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: AuthedRequest) -> HttpResponse:
    error = None
    if request.method == "POST":
        typed = request.POST.get("confirm", "").strip().lower()
        if typed != request.user.email:
            error = "Type your email address exactly to confirm."
        else:
            user = request.user
            logout(request)
            account_delete(user=user)
            messages.success(request, "Your account and all its data are deleted. Goodbye.")
            return redirect("pages:landing")
    return render(
        request,
        "yourdata/delete_account.html",
        {"error": error, "typed": request.POST.get("confirm", "")},
        status=422 if error else 200,
    )
