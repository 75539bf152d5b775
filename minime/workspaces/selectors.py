"""Reads for workspaces and memberships."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet

from minime.workspaces.models import Membership

if TYPE_CHECKING:
    from minime.accounts.models import User


def memberships_of(user: User) -> QuerySet[Membership]:
    """The user's memberships, personal workspace first, with each workspace loaded."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .order_by("-workspace__is_personal", "workspace__name")
    )


def active_membership(user: User, preferred: UUID | str | None) -> Membership | None:
    """The membership for the workspace the user chose (if still a member), else the personal one.

    Returns None only for a user with no workspace at all (a broken account).
    """
    memberships = memberships_of(user)
    if preferred:
        try:
            chosen = memberships.filter(workspace__uuid=preferred).first()
        except ValueError:
            chosen = None
        if chosen is not None:
            return chosen
    return memberships.first()


def members_of(membership: Membership) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(workspace_id=membership.workspace_id)
        .select_related("user")
        .order_by("-role", "user__email")
    )
