from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from minime.workspaces.selectors import memberships_of


def workspace(request: HttpRequest) -> dict[str, Any]:
    """The active workspace and the switcher's list, for the shell (signed-in pages only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(request, "membership"):
        return {}
    read: list[list[Any]] = []

    def memberships() -> list[Any]:
        # Read when a template first asks (the switcher), once however many times it is drawn.
        if not read:
            read.append(list(memberships_of(user)))
        return read[0]

    return {"active_membership": request.membership, "workspace_memberships": memberships}
