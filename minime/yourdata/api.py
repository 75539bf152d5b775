"""/api/v1/me/export — the same archive as Settings → Your data. DELETE /api/v1/workspaces/{uuid}
— an owner deletes a shared workspace, as on its Delete page.

Deleting a workspace deletes every app's rows (`workspace_delete`), so it lives here, above the
workspaces app, while the rest of /api/v1/workspaces is in minime/workspaces/api.py. Its
operation is added to the workspaces router all the same: ninja makes one URL pattern per path
and router, and Django would send a DELETE to the first pattern for /workspaces/{uuid} (the
workspaces router's GET and PATCH), which would answer 405.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Field, Router, Status

from minime.core import limits
from minime.core.api import ErrorOut, InputSchema
from minime.core.errors import NotFound
from minime.core.types import AuthedRequest
from minime.workspaces.api import NO_WORKSPACE, TAGS
from minime.workspaces.api import router as workspaces_router
from minime.workspaces.models import Membership
from minime.yourdata.data import export_user_data, workspace_delete

router = Router(tags=["Account"])


@router.get(
    "/me/export",
    summary="Download all my data",
    description="Every workspace entity of every workspace you belong to, and your account "
    "settings, as documented in docs/export.md (format minime-export, version 1).",
)
def export(request: AuthedRequest) -> dict[str, Any]:
    return export_user_data(request.user)


class WorkspaceDeleteIn(InputSchema):
    confirm: str = Field(
        min_length=1,
        # the name, and room for spaces typed around it
        max_length=2 * limits.WORKSPACE_NAME_MAX,
        description="The workspace's name, typed to confirm (any case; spaces around it are "
        "ignored).",
    )


@workspaces_router.delete(  # on the path's one router: see above
    "/workspaces/{uuid}",
    response={204: None, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Delete a shared workspace",
    description="Owners only: deletes the workspace and everything in it, for every member "
    "(their own rows there too), with its invites and memberships; the other members are "
    "told. It cannot be undone. Send its name as `confirm`. A 403 for a member who is not an "
    "owner, a 404 for anyone not in it; a 422 for a wrong name (in `fields.confirm`), and for "
    "the personal workspace, which goes only with the account.",
    tags=TAGS,
)
def delete_workspace(
    request: AuthedRequest, uuid: UUID, payload: WorkspaceDeleteIn
) -> Status[None]:
    membership = (
        Membership.objects.select_related("workspace")
        .filter(user=request.user, workspace__uuid=uuid)
        .first()
    )
    if membership is None:
        raise NotFound(NO_WORKSPACE)
    workspace_delete(user=request.user, workspace=membership.workspace, confirm=payload.confirm)
    return Status(204, None)
