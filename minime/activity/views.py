"""A shared workspace's activity page: who added, completed, moved or assigned what, and who
joined or left, newest first."""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from minime.activity.selectors import SHOWN, recent
from minime.activity.services import KEEP
from minime.core.types import AuthedRequest
from minime.workspaces.models import Membership


@login_required
@require_safe
def workspace_activity(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Any workspace the person belongs to, not only the open one (a stranger gets a 404)."""
    membership = get_object_or_404(
        Membership.objects.select_related("workspace"), user=request.user, workspace__uuid=uuid
    )
    workspace = membership.workspace
    context = {
        "workspace": workspace,
        "lines": recent(workspace, viewer_id=request.user.pk),
        "shown": SHOWN,
        "keep_days": KEEP.days,
    }
    return render(request, "activity/workspace.html", context)
