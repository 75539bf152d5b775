"""Writes for workspaces, memberships and invites.

Everything an owner or member does runs as that person (row-level security on PostgreSQL agrees
with every check made here). Accepting an invite is the one exception: the person accepting is
not a member yet, so it claims the invite and adds the membership through the service connection
(``SERVICE_DB``), in one transaction whose conditional update lets exactly one acceptance win.

Only a hash of an invite's token is kept: the link is shown once, to the owner who made it.
Plans: making a shared workspace and inviting are part of Pro and Max (``may_use``); after a
downgrade the existing members keep their access, and nothing new can be shared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils import timezone

from minime.accounts.models import normalize_email
from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.core import limits
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid, NotAllowed, NotFound
from minime.workspaces.models import Colour, Invite, Membership, Role, Workspace
from minime.workspaces.signals import member_joined, member_leaving

if TYPE_CHECKING:
    from minime.accounts.models import User

INVITE_DAYS = 7  # how long a new invite link works unless the owner picks another


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def workspace_create_personal(*, user: User) -> Workspace:
    """Create `user`'s personal workspace with them as its owner.

    Runs as `user` for row-level security, whatever the caller's current RLS user is.
    """
    with transaction.atomic(), as_user(user.pk):
        workspace = Workspace.objects.create(
            name=f"{user.name}'s workspace", is_personal=True, created_by=user
        )
        Membership.objects.create(workspace=workspace, user=user, role=Role.OWNER)
    return workspace


# --- Checks --------------------------------------------------------------------------------------
def _plan_check(user: User, doing: str) -> None:
    if not may_use(user, Feature.SHARED_WORKSPACES):
        plan = LOWEST_PLAN_FOR[Feature.SHARED_WORKSPACES].label
        raise NotAllowed(f"{doing} is part of {plan} and Max.")


def _membership(user: User, workspace: Workspace) -> Membership:
    membership = Membership.objects.filter(workspace=workspace, user=user).first()
    if membership is None:
        raise NotFound("No such workspace.")
    return membership


def _owner(user: User, workspace: Workspace) -> Membership:
    membership = _membership(user, workspace)
    if not membership.is_owner:
        raise NotAllowed("Only an owner of the workspace can do this.")
    return membership


def _shared(workspace: Workspace) -> None:
    if workspace.is_personal:
        raise Invalid("Your personal workspace is yours alone: it cannot be shared or left.")


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise Invalid("Give the workspace a name.", fields={"name": ["Give it a name."]})
    if len(name) > limits.WORKSPACE_NAME_MAX:
        message = f"At most {limits.WORKSPACE_NAME_MAX} characters."
        raise Invalid(message, fields={"name": [message]})
    return name


def _clean_colour(colour: str) -> str:
    if colour not in Colour.values:
        raise Invalid("Pick one of the colours.", fields={"colour": ["Pick one of the colours."]})
    return colour


# --- Workspaces ----------------------------------------------------------------------------------
def workspace_create_shared(*, owner: User, name: str, colour: str = "") -> Workspace:
    """Create a shared workspace owned by `owner`. Raises NotAllowed (plan) or Invalid."""
    _plan_check(owner, "Sharing a workspace")
    name = _clean_name(name)
    colour = _clean_colour(colour) if colour else Colour.INDIGO
    with transaction.atomic(), as_user(owner.pk):
        owned = Membership.objects.filter(
            user=owner, role=Role.OWNER, workspace__is_personal=False
        ).count()
        if owned >= limits.SHARED_WORKSPACES_MAX:
            message = limits.too_many("shared workspaces you own", limits.SHARED_WORKSPACES_MAX)
            raise Invalid(message, fields={"name": [message]})
        workspace = Workspace.objects.create(name=name, colour=colour, created_by=owner)
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def workspace_update(
    *, user: User, workspace: Workspace, name: str | None = None, colour: str | None = None
) -> Workspace:
    """Rename or recolour a workspace (an owner; the personal one too)."""
    with transaction.atomic(), as_user(user.pk):
        _owner(user, workspace)
        fields = []
        if name is not None:
            workspace.name = _clean_name(name)
            fields.append("name")
        if colour is not None:
            workspace.colour = _clean_colour(colour)
            fields.append("colour")
        if fields:
            workspace.save(update_fields=[*fields, "updated_at"])
    return workspace


# --- Members -------------------------------------------------------------------------------------
def membership_add(*, workspace: Workspace, user: User, added_by: User) -> Membership:
    """Add `user` to `workspace` as a member. Only an owner of the workspace may (RLS agrees)."""
    with transaction.atomic(), as_user(added_by.pk):
        _owner(added_by, workspace)
        _shared(workspace)
        membership, created = Membership.objects.get_or_create(
            workspace=workspace, user=user, defaults={"role": Role.MEMBER}
        )
        if created:
            member_joined.send(
                Membership, workspace_id=workspace.pk, user_id=user.pk, using=DEFAULT_DB_ALIAS
            )
    return membership


def _other_owners(workspace: Workspace, user: User) -> bool:
    return (
        Membership.objects.filter(workspace=workspace, role=Role.OWNER).exclude(user=user).exists()
    )


def member_remove(*, user: User, workspace: Workspace, member: User) -> None:
    """An owner removes another person from a shared workspace. From their next request on they
    see nothing of it (their sessions and tokens included: access is checked on every request)."""
    with transaction.atomic(), as_user(user.pk):
        _owner(user, workspace)
        _shared(workspace)
        if member.pk == user.pk:
            raise Invalid("To go yourself, leave the workspace.")
        target = Membership.objects.filter(workspace=workspace, user=member)
        if not target.exists():
            raise NotFound("This person is not a member of the workspace.")
        member_leaving.send(Membership, workspace_id=workspace.pk, user_id=member.pk, by_id=user.pk)
        target.delete()


def member_leave(*, user: User, workspace: Workspace) -> None:
    """Leave a shared workspace. The last owner must first make someone else an owner (or
    delete the workspace)."""
    with transaction.atomic(), as_user(user.pk):
        membership = _membership(user, workspace)
        _shared(workspace)
        if membership.is_owner and not _other_owners(workspace, user):
            raise Invalid(
                "You are its only owner: make another member an owner first, or delete the "
                "workspace."
            )
        member_leaving.send(Membership, workspace_id=workspace.pk, user_id=user.pk, by_id=user.pk)
        membership.delete()


def member_set_role(*, user: User, workspace: Workspace, member: User, role: str) -> Membership:
    """An owner makes a member an owner (ownership can be shared or handed on), or an owner a
    member again; a workspace always keeps at least one owner."""
    if role not in Role.values:
        raise Invalid("Pick owner or member.", fields={"role": ["Pick owner or member."]})
    with transaction.atomic(), as_user(user.pk):
        _owner(user, workspace)
        _shared(workspace)
        target = Membership.objects.filter(workspace=workspace, user=member).first()
        if target is None:
            raise NotFound("This person is not a member of the workspace.")
        if role == Role.MEMBER and not _other_owners(workspace, member):
            raise Invalid("A workspace needs an owner: make someone else an owner first.")
        target.role = role
        target.save(update_fields=["role"])
    return target


# --- Invites -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class NewInvite:
    invite: Invite
    token: str  # the secret part of the link: shown once, never stored


def invite_create(
    *, user: User, workspace: Workspace, email: str = "", days: int = INVITE_DAYS
) -> NewInvite:
    """A single-use link to join `workspace` (an owner, on a plan that shares). Raises
    NotAllowed or Invalid."""
    _plan_check(user, "Inviting people")
    email = normalize_email(email) if (email or "").strip() else ""
    if email and ("@" not in email or len(email) > 254):
        raise Invalid("This is not an email address.", fields={"email": ["Not an email address."]})
    if not 1 <= days <= limits.INVITE_DAYS_MAX:
        message = f"An invite works for 1 to {limits.INVITE_DAYS_MAX} days."
        raise Invalid(message, fields={"days": [message]})
    now = timezone.now()
    token = secrets.token_urlsafe(32)
    with transaction.atomic(), as_user(user.pk):
        _owner(user, workspace)
        _shared(workspace)
        open_invites = Invite.objects.filter(
            workspace=workspace, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        ).count()
        if open_invites >= limits.OPEN_INVITES_MAX:
            message = (
                limits.too_many("open invites per workspace", limits.OPEN_INVITES_MAX)
                + " Revoke one first."
            )
            raise Invalid(message, fields={"email": [message]})
        if email and Membership.objects.filter(workspace=workspace, user__email=email).exists():
            message = "This person is already a member."
            raise Invalid(message, fields={"email": [message]})
        invite = Invite.objects.create(
            workspace=workspace,
            token_hash=token_hash(token),
            email=email,
            created_by=user,
            expires_at=now + dt.timedelta(days=days),
        )
    return NewInvite(invite, token)


def invite_revoke(*, user: User, invite: Invite) -> None:
    """Revoke an invite that was not used yet (an owner)."""
    with transaction.atomic(), as_user(user.pk):
        _owner(user, invite.workspace)
        Invite.objects.filter(pk=invite.pk, used_at__isnull=True).update(revoked_at=timezone.now())


@dataclass(frozen=True, slots=True)
class InviteState:
    """What the invite page can say about a link, read without being a member."""

    workspace_name: str
    invited_by: str
    email: str
    problem: str  # empty when it can be accepted


def _problem(invite: Invite, now: dt.datetime) -> str:
    if invite.revoked_at is not None:
        return "This invite was withdrawn. Ask for a new one."
    if invite.used_at is not None:
        return "This invite has already been used: each link works once. Ask for a new one."
    if invite.expires_at <= now:
        return "This invite has expired. Ask for a new one."
    return ""


def invite_state(token: str, *, now: dt.datetime | None = None) -> InviteState | None:
    """The invite behind `token`, if there is one (through the service connection: whoever holds
    the link may read who invited them where)."""
    invite = (
        Invite.objects.using(SERVICE_DB)
        .select_related("workspace", "created_by")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if invite is None:
        return None
    inviter = invite.created_by.name if invite.created_by else "Someone"
    return InviteState(
        invite.workspace.name, inviter, invite.email, _problem(invite, now or timezone.now())
    )


def invite_accept(
    *, user: User, token: str = "", hashed: str = "", now: dt.datetime | None = None
) -> Membership:
    """Join the workspace of the invite behind `token` (or its hash, kept by a sign-up made
    through the link). Exactly once: of two acceptances at the same moment, one wins. Raises
    Invalid with the reason when the invite cannot be used."""
    now = now or timezone.now()
    hashed = hashed or token_hash(token)
    with transaction.atomic(using=SERVICE_DB):
        invites = Invite.objects.using(SERVICE_DB)
        invite = invites.select_related("workspace").filter(token_hash=hashed).first()
        if invite is None:
            raise Invalid("This invite link is not valid. Check that it was copied whole.")
        memberships = Membership.objects.using(SERVICE_DB)
        existing = (
            memberships.select_related("workspace")
            .filter(workspace_id=invite.workspace_id, user_id=user.pk)
            .first()
        )
        if existing is not None:
            return existing  # already in: the link stays unused for whom it was meant
        problem = _problem(invite, now)
        if not problem and invite.email and invite.email != normalize_email(user.email):
            problem = f"This invite is for {invite.email}. Sign in with that address to accept it."
        if not problem and memberships.filter(workspace_id=invite.workspace_id).count() >= (
            limits.WORKSPACE_MEMBERS_MAX
        ):
            problem = "This workspace is full. Ask its owner to make room."
        if problem:
            raise Invalid(problem)
        claimed = invites.filter(
            pk=invite.pk,
            used_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(used_at=now, used_by_id=user.pk)
        if claimed != 1:
            raise Invalid(
                "This invite has already been used: each link works once. Ask for a new one."
            )
        membership = memberships.create(
            workspace_id=invite.workspace_id, user_id=user.pk, role=Role.MEMBER
        )
        membership.workspace = invite.workspace
        member_joined.send(
            Membership, workspace_id=invite.workspace_id, user_id=user.pk, using=SERVICE_DB
        )
        return membership
