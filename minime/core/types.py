"""Typed requests, so views say what they may rely on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from minime.accounts.models import User
    from minime.workspaces.models import Membership, Workspace


class AppRequest(HttpRequest):
    """Any request that passed through the middleware stack."""

    htmx: HtmxDetails
    request_id: str


class AuthedRequest(AppRequest):
    """A request from a signed-in user, with the active workspace resolved."""

    user: User
    workspace: Workspace
    membership: Membership
