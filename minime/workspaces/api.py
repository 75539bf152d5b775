"""/api/v1/me: the signed-in account and the workspaces it can use."""

from __future__ import annotations

from uuid import UUID

from ninja import Router, Schema

from minime.core.types import AuthedRequest
from minime.workspaces.selectors import memberships_of

router = Router(tags=["Account"])


class WorkspaceOut(Schema):
    uuid: UUID
    name: str
    is_personal: bool
    role: str
    active: bool


class MeOut(Schema):
    email: str
    display_name: str
    time_zone: str
    plan: str
    workspaces: list[WorkspaceOut]


@router.get("/me", response=MeOut, summary="Who am I, and which workspaces can I use")
def me(request: AuthedRequest) -> MeOut:
    user = request.user
    active = request.membership.workspace_id
    return MeOut(
        email=user.email,
        display_name=user.display_name,
        time_zone=user.time_zone,
        plan=user.plan,
        workspaces=[
            WorkspaceOut(
                uuid=m.workspace.uuid,
                name=m.workspace.name,
                is_personal=m.workspace.is_personal,
                role=m.role,
                active=m.workspace_id == active,
            )
            for m in memberships_of(user)
        ],
    )
