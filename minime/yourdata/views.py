"""Settings → Your data: download everything, or delete the account; and an owner deletes a shared
workspace."""

from __future__ import annotations

import json
from uuid import UUID

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from minime.calendars.integration import CALENDAR
from minime.core.errors import Invalid, ServiceError
from minime.core.types import AuthedRequest
from minime.gmail.integration import GMAIL
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Membership, Workspace
from minime.yourdata.data import (
    account_delete,
    export_user_data,
    workspace_delete,
    workspace_delete_check,
)


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


def _delete_workspace_page(
    request: AuthedRequest,
    workspace: Workspace,
    *,
    refusal: str = "",
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    others = []
    if not refusal:
        others = [
            m.user.name
            for m in Membership.objects.filter(workspace=workspace)
            .exclude(user=request.user)
            .select_related("user")
            .order_by("user__email")
        ]
    context = {
        "workspace": workspace,
        "others": others,
        "refusal": refusal,
        "error": error,
        "typed": request.POST.get("confirm", ""),
    }
    return render(request, "yourdata/delete_workspace.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def delete_workspace(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """An owner deletes a shared workspace, for everyone in it, once its name is typed. Someone
    who is not in it gets a 404; a member who is not an owner, a 403."""
    membership = get_object_or_404(
        Membership.objects.select_related("workspace"), user=request.user, workspace__uuid=uuid
    )
    workspace = membership.workspace
    if request.method == "GET":
        try:
            workspace_delete_check(user=request.user, workspace=workspace)
        except Invalid as exc:  # a personal workspace: the page says where it goes instead
            return _delete_workspace_page(request, workspace, refusal=exc.message)
        except ServiceError as exc:
            return _delete_workspace_page(
                request, workspace, refusal=exc.message, status=exc.status
            )
        return _delete_workspace_page(request, workspace)
    try:
        workspace_delete(
            user=request.user, workspace=workspace, confirm=request.POST.get("confirm", "")
        )
    except ServiceError as exc:
        if "confirm" in exc.fields:
            return _delete_workspace_page(
                request, workspace, error=exc.fields["confirm"][0], status=exc.status
            )
        return _delete_workspace_page(request, workspace, refusal=exc.message, status=exc.status)
    if request.session.get(SESSION_KEY) == str(workspace.uuid):
        request.session.pop(SESSION_KEY)  # back to the personal workspace
    messages.success(request, f"“{workspace.name}” and everything in it are deleted.")
    return redirect("workspaces:index")
