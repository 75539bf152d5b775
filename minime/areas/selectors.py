"""Reads for life areas."""

from __future__ import annotations

from django.db.models import QuerySet

from minime.areas.models import LifeArea
from minime.workspaces.models import Workspace


def area_list(workspace: Workspace, *, active: bool | None = None) -> QuerySet[LifeArea]:
    """The workspace's areas in the user's order; `active` filters when given."""
    areas = LifeArea.objects.in_workspace(workspace).order_by("position", "name")
    if active is not None:
        areas = areas.filter(is_active=active)
    return areas
