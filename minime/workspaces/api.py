"""/api/v1/me: the signed-in account and the workspaces it can use. /api/v1/workspaces and
/api/v1/invites/accept: shared workspaces, their members and their invite links.

The same rules as the Workspaces pages, through the same services: making a shared workspace and
inviting are part of Pro and Max (403 on Free); an owner renames, invites, changes roles and
removes; a member reads the workspace and may leave it. Someone who is not a member gets a 404 for
the workspace, the same as for one that does not exist; a member gets a 403 for what only owners
may do. Membership is checked on every request, so a removed member's token loses the workspace
at once. An invite link is answered once, when it is made: only a hash of it is kept. Deleting a
shared workspace is `DELETE /api/v1/workspaces/{uuid}` (minime/yourdata/api.py).

A member is named in a path by their email (URL-encoded where needed): emails are what the
members list shows, and no other id of a person is ever answered.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Router, Schema, Status
from ninja.pagination import paginate
from pydantic.json_schema import WithJsonSchema

from minime.accounts.models import normalize_email
from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, Plan
from minime.core import limits
from minime.core.api import NOT_BLANK, ErrorOut, InputSchema, Paging
from minime.core.errors import NotAllowed, NotFound
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.workspaces import services
from minime.workspaces.middleware import request_transaction
from minime.workspaces.models import Colour, Invite, Membership, Role
from minime.workspaces.selectors import members_of, memberships_of

router = Router(tags=["Account"])
TAGS = ["Workspaces"]  # the operations on workspaces, beside /me's "Account"
# Each operation states the errors particular to it; 401, 404 (an X-Workspace that is not
# yours), 413, 500, 503 and the 422 of a bad parameter are added to all of them at the root.
ERRORS: dict[int, type] = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}

NO_WORKSPACE = "No such workspace."  # the services' answer to a non-member, as to no workspace
ONLY_OWNERS = "Only an owner of the workspace can do this."  # the services' refusal of a member
NOT_A_MEMBER = "This person is not a member of the workspace."
NO_INVITE = "No such invite: it was used already, or it is not one of this workspace's."
EMAIL_MAX = 254  # the longest address the email standards allow
TOKEN_MAX = 128  # an invite link's token is 43 characters: room to spare, nothing huge to hash

# The workspace colours and roles, stated inline: the OpenAPI names an enum's schema after its
# class, and life areas have a `Colour` of their own, with other colours.
WorkspaceColour = Annotated[Colour, WithJsonSchema({"type": "string", "enum": list(Colour.values)})]
MemberRole = Annotated[Role, WithJsonSchema({"type": "string", "enum": list(Role.values)})]
MemberEmail = Annotated[
    str,
    Path(
        min_length=1,
        max_length=EMAIL_MAX,
        description="The member's email address (any case), URL-encoded where needed.",
    ),
]


def _plans() -> str:
    """The plans that share, cheapest first: "Pro and Max"."""
    plans = list(Plan)
    lowest = plans.index(LOWEST_PLAN_FOR[Feature.SHARED_WORKSPACES])
    return " and ".join(str(p.label) for p in plans[lowest:])


PLANS = _plans()


# ---------------------------------------------------------------------------------------------
# /me


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


# ---------------------------------------------------------------------------------------------
# Schemas


class WorkspaceSummaryOut(Schema):
    uuid: UUID
    name: str
    colour: WorkspaceColour = Field(description="Shown beside its name wherever it is named.")
    is_personal: bool = Field(
        description="Your own workspace, made with the account: it cannot be shared, left or "
        "deleted on its own."
    )
    your_role: MemberRole = Field(description="`owner` manages it; `member` works in it.")
    member_count: int = Field(description="How many people are in it, you and its owners too.")
    active: bool = Field(
        description="Whether it is the workspace this request works in (`X-Workspace`, or the "
        "browser's choice; by default the personal one)."
    )


class MemberOut(Schema):
    name: str = Field(description="Their display name, else the part of the email before @.")
    email: str
    role: MemberRole
    joined_at: datetime
    you: bool = Field(description="Whether this is you.")


class WorkspaceDetailOut(WorkspaceSummaryOut):
    members: list[MemberOut] = Field(description="Owners first, then by email.")


class WorkspaceIn(InputSchema):
    name: str = Field(
        min_length=1,
        max_length=limits.WORKSPACE_NAME_MAX,
        description="Spaces inside are collapsed, spaces around it dropped.",
        json_schema_extra=NOT_BLANK,
    )
    colour: WorkspaceColour = Colour.INDIGO


class WorkspacePatch(InputSchema):
    name: str | None = Field(
        None,
        min_length=1,
        max_length=limits.WORKSPACE_NAME_MAX,
        description="A new name; null or left out: as it is.",
        json_schema_extra=NOT_BLANK,
    )
    colour: WorkspaceColour | None = Field(None, description="Null or left out: as it is.")


class InviteOut(Schema):
    uuid: UUID
    email: str | None = Field(
        description="The only address that may accept it; null: whoever has the link."
    )
    created_at: datetime
    expires_at: datetime = Field(description="The link works until then, once.")

    @staticmethod
    def resolve_email(obj: Invite) -> str | None:
        return obj.email or None


class InviteIn(InputSchema):
    email: str | None = Field(
        None,
        max_length=EMAIL_MAX,
        pattern="@",
        description="Only this address may accept it (any case); null or left out: whoever "
        "has the link.",
    )
    days: int = Field(
        services.INVITE_DAYS,
        ge=1,
        le=limits.INVITE_DAYS_MAX,
        description=f"How many days the link works (1 to {limits.INVITE_DAYS_MAX}).",
    )


class NewInviteOut(Schema):
    link: str = Field(
        description="The link to send: it is shown only now (only a hash of it is kept), and "
        "it works once. Whoever opens it signed in joins on the page it opens, or through "
        "POST /api/v1/invites/accept with the token at its end."
    )
    invite: InviteOut


class RoleIn(InputSchema):
    role: MemberRole = Field(
        description="`owner` shares the ownership (an owner may then step down); `member` "
        "makes an owner a member again, while another owner remains."
    )


class AcceptIn(InputSchema):
    token: str = Field(
        min_length=1,
        max_length=TOKEN_MAX,
        description="The last part of the invite link: /invite/<token>/.",
        json_schema_extra=NOT_BLANK,
    )


# ---------------------------------------------------------------------------------------------
# Answers and lookups


def _summary(membership: Membership, *, active: int, member_count: int) -> dict[str, Any]:
    workspace = membership.workspace
    return {
        "uuid": workspace.uuid,
        "name": workspace.name,
        "colour": workspace.colour,
        "is_personal": workspace.is_personal,
        "your_role": membership.role,
        "member_count": member_count,
        "active": membership.workspace_id == active,
    }


def _detail(request: AuthedRequest, membership: Membership) -> dict[str, Any]:
    members = list(members_of(membership))
    answer = _summary(membership, active=request.membership.workspace_id, member_count=len(members))
    answer["members"] = [
        {
            "name": m.user.name,
            "email": m.user.email,
            "role": m.role,
            "joined_at": m.created_at,
            "you": m.user_id == request.user.pk,
        }
        for m in members
    ]
    return answer


def _membership(request: AuthedRequest, uuid: UUID) -> Membership:
    """The caller's membership of the workspace `uuid`: a 404 for anyone not in it, the same
    as for a workspace that does not exist."""
    membership = (
        Membership.objects.select_related("workspace")
        .filter(user=request.user, workspace__uuid=uuid)
        .first()
    )
    if membership is None:
        raise NotFound(NO_WORKSPACE)
    return membership


def _owned(request: AuthedRequest, uuid: UUID) -> Membership:
    """As `_membership`, and a 403 for a member who is not an owner, before anything of the
    workspace is looked up (a member cannot see its invites at all)."""
    membership = _membership(request, uuid)
    if not membership.is_owner:
        raise NotAllowed(ONLY_OWNERS)
    return membership


def _member(membership: Membership, email: str) -> Membership:
    target = (
        Membership.objects.select_related("user")
        .filter(workspace_id=membership.workspace_id, user__email=normalize_email(email))
        .first()
    )
    if target is None:
        raise NotFound(NOT_A_MEMBER)
    return target


# ---------------------------------------------------------------------------------------------
# Workspaces


@router.get(
    "/workspaces",
    response=list[WorkspaceSummaryOut],
    summary="List your workspaces",
    description="Every workspace you are in, your personal one first, then by name: your role "
    "in each, how many people are in it, and which one this request works in.",
    tags=TAGS,
)
@paginate(Paging)
def list_workspaces(request: AuthedRequest) -> list[dict[str, Any]]:
    active = request.membership.workspace_id
    rows = memberships_of(request.user).annotate(people=Count("workspace__memberships"))
    return [_summary(m, active=active, member_count=m.people) for m in rows]


@router.post(
    "/workspaces",
    response={201: WorkspaceDetailOut, 403: ErrorOut, 422: ErrorOut},
    summary="Create a shared workspace",
    description=f"You are its owner; invite people next. Part of {PLANS}: a 403 on Free. At "
    f"most {limits.SHARED_WORKSPACES_MAX} shared workspaces of your own (a 422 beyond).",
    tags=TAGS,
)
def create_workspace(request: AuthedRequest, payload: WorkspaceIn) -> Status[dict[str, Any]]:
    workspace = services.workspace_create_shared(
        owner=request.user, name=payload.name, colour=payload.colour
    )
    return Status(201, _detail(request, _membership(request, workspace.uuid)))


@router.get(
    "/workspaces/{uuid}",
    response={200: WorkspaceDetailOut, 404: ErrorOut},
    summary="Get a workspace and its members",
    description="Any member reads it; a 404 for anyone else.",
    tags=TAGS,
)
def get_workspace(request: AuthedRequest, uuid: UUID) -> dict[str, Any]:
    return _detail(request, _membership(request, uuid))


@router.patch(
    "/workspaces/{uuid}",
    response={200: WorkspaceDetailOut, **ERRORS},
    summary="Rename or recolour a workspace",
    description="Owners only (a 403 for a member); the personal workspace too. Fields left out "
    "stay as they are.",
    tags=TAGS,
)
def update_workspace(request: AuthedRequest, uuid: UUID, payload: WorkspacePatch) -> dict[str, Any]:
    membership = _membership(request, uuid)
    services.workspace_update(
        user=request.user,
        workspace=membership.workspace,
        name=payload.name,
        colour=payload.colour,
    )
    return _detail(request, membership)


@router.post(
    "/workspaces/{uuid}/leave",
    response={204: None, **ERRORS},
    summary="Leave a shared workspace",
    description="You lose access at once; what you added stays. The last owner must first make "
    "another member an owner (or delete the workspace), and the personal workspace cannot be "
    "left: a 422 for either.",
    tags=TAGS,
)
def leave_workspace(request: AuthedRequest, uuid: UUID) -> Status[None]:
    membership = _membership(request, uuid)
    services.member_leave(user=request.user, workspace=membership.workspace)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Members


@router.patch(
    "/workspaces/{uuid}/members/{path:email}",
    response={200: MemberOut, **ERRORS},
    summary="Change a member's role",
    description="Owners only (a 403 for a member). Make a member an owner, or an owner (you "
    "too) a member again; a workspace always keeps one owner, and the personal workspace has "
    "only you (a 422 for either). A 404 for an email that is not a member's.",
    tags=TAGS,
)
def set_member_role(
    request: AuthedRequest, uuid: UUID, email: MemberEmail, payload: RoleIn
) -> dict[str, Any]:
    membership = _owned(request, uuid)
    target = _member(membership, email)
    changed = services.member_set_role(
        user=request.user, workspace=membership.workspace, member=target.user, role=payload.role
    )
    return {
        "name": target.user.name,
        "email": target.user.email,
        "role": changed.role,
        "joined_at": changed.created_at,
        "you": target.user_id == request.user.pk,
    }


@router.delete(
    "/workspaces/{uuid}/members/{path:email}",
    response={204: None, **ERRORS},
    summary="Remove a member",
    description="Owners only (a 403 for a member). They lose access at once, their sessions and "
    "tokens too; what they added stays. To go yourself, leave the workspace (a 422 here). A 404 "
    "for an email that is not a member's.",
    tags=TAGS,
)
def remove_member(request: AuthedRequest, uuid: UUID, email: MemberEmail) -> Status[None]:
    membership = _owned(request, uuid)
    target = _member(membership, email)
    services.member_remove(user=request.user, workspace=membership.workspace, member=target.user)
    return Status(204, None)


# ---------------------------------------------------------------------------------------------
# Invites


@router.get(
    "/workspaces/{uuid}/invites",
    response={200: list[InviteOut], 403: ErrorOut, 404: ErrorOut},
    summary="List a workspace's open invites",
    description="Owners only (a 403 for a member): the invites not used, withdrawn or expired, "
    "newest first. Never their links: a link is shown once, when it is made.",
    tags=TAGS,
)
@paginate(Paging)
def list_invites(request: AuthedRequest, uuid: UUID) -> Any:
    membership = _owned(request, uuid)
    return Invite.objects.filter(
        workspace_id=membership.workspace_id,
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at", "-id")


@router.post(
    "/workspaces/{uuid}/invites",
    response={201: NewInviteOut, **ERRORS},
    summary="Make an invite link",
    description=f"Owners of a shared workspace, on {PLANS} (a 403 otherwise). The answer holds "
    "the link, this once: only a hash of it is kept. It works once, for the days asked, unless "
    f"withdrawn. At most {limits.OPEN_INVITES_MAX} open invites per workspace; the personal "
    "workspace cannot be shared, and a member needs no invite (a 422 for each).",
    tags=TAGS,
)
def create_invite(request: AuthedRequest, uuid: UUID, payload: InviteIn) -> Status[dict[str, Any]]:
    membership = _membership(request, uuid)
    made = services.invite_create(
        user=request.user,
        workspace=membership.workspace,
        email=payload.email or "",
        days=payload.days,
    )
    link = request.build_absolute_uri(reverse("workspaces:invite", kwargs={"token": made.token}))
    return Status(201, {"link": link, "invite": made.invite})


@router.delete(
    "/workspaces/{uuid}/invites/{invite}",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    summary="Withdraw an invite",
    description="Owners only (a 403 for a member): the link no longer works. A 404 for an "
    "invite already used (remove the member instead) or not of this workspace.",
    tags=TAGS,
)
def revoke_invite(request: AuthedRequest, uuid: UUID, invite: UUID) -> Status[None]:
    membership = _owned(request, uuid)
    found = (
        Invite.objects.select_related("workspace")
        .filter(workspace_id=membership.workspace_id, uuid=invite, used_at__isnull=True)
        .first()
    )
    if found is None:
        raise NotFound(NO_INVITE)
    services.invite_revoke(user=request.user, invite=found)
    return Status(204, None)


@router.post(
    "/invites/accept",
    response={200: WorkspaceDetailOut, 422: ErrorOut},
    summary="Join a workspace through an invite link",
    description="Send the token at the end of the link. You join as a member and get the "
    "workspace. A link works once, until it expires, unless withdrawn; one made for an address "
    "works only for that address; a full workspace takes no one more: a 422 says which. "
    "Accepting a workspace you are already in answers it, and leaves the link unused.",
    tags=TAGS,
    url_name="invite_accept",
)
@outside_request_transaction  # the service commits through its own connection
def accept_invite(request: AuthedRequest, payload: AcceptIn) -> dict[str, Any]:
    joined = services.invite_accept(user=request.user, token=payload.token)
    with request_transaction(request):
        return _detail(request, _membership(request, joined.workspace.uuid))
