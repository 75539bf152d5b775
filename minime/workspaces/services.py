"""Writes for workspaces and memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from minime.core.db import as_user
from minime.workspaces.models import Membership, Role, Workspace

if TYPE_CHECKING:
    from minime.accounts.models import User


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


def workspace_create_shared(*, owner: User, name: str) -> Workspace:
    """Create a shared workspace owned by `owner`."""
    with transaction.atomic(), as_user(owner.pk):
        workspace = Workspace.objects.create(name=name.strip(), created_by=owner)
        Membership.objects.create(workspace=workspace, user=owner, role=Role.OWNER)
    return workspace


def membership_add(*, workspace: Workspace, user: User, added_by: User) -> Membership:
    """Add `user` to `workspace` as a member. Only an owner of the workspace may (RLS agrees)."""
    with transaction.atomic(), as_user(added_by.pk):
        if not Membership.objects.filter(
            workspace=workspace, user=added_by, role=Role.OWNER
        ).exists():
            raise PermissionError("Only an owner can add members to this workspace.")
        membership, _ = Membership.objects.get_or_create(
            workspace=workspace, user=user, defaults={"role": Role.MEMBER}
        )
    return membership
