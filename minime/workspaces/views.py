from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from minime.core.types import AuthedRequest
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.selectors import active_membership


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
    return redirect("pages:home")
