"""Writes for life areas. Keyword-only, validated, scoped to one workspace."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Max

from minime.areas.models import LifeArea
from minime.core.errors import Invalid
from minime.core.models import renumber, save_versioned, validate
from minime.workspaces.models import Workspace

EDITABLE = (
    "name",
    "colour",
    "icon",
    "importance",
    "is_active",
    "is_work",
    "weekly_target_minutes",
)
DUPLICATE = "You already have an area with this name."


def _name_taken(workspace: Workspace, name: str, exclude_pk: int | None = None) -> bool:
    rows = LifeArea.objects.in_workspace(workspace).filter(name__iexact=name)
    return rows.exclude(pk=exclude_pk).exists() if exclude_pk else rows.exists()


def area_create(*, workspace: Workspace, name: str, **fields: Any) -> LifeArea:
    """Create an area at the end of the list. Raises Invalid (e.g. a duplicate name)."""
    name = name.strip()
    if _name_taken(workspace, name):
        raise Invalid(DUPLICATE, fields={"name": [DUPLICATE]})
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    last = LifeArea.objects.in_workspace(workspace).aggregate(last=Max("position"))["last"]
    area = LifeArea(workspace=workspace, name=name, position=(last or 0) + 1, **fields)
    validate(area)
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError as exc:  # a concurrent create with the same name
        raise Invalid(DUPLICATE, fields={"name": [DUPLICATE]}) from exc
    return area


def area_update(*, area: LifeArea, expected_version: int | None, **changes: Any) -> LifeArea:
    """Change some of EDITABLE. Raises Invalid, or Conflict when the version moved on."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        if _name_taken(area.workspace, changes["name"], exclude_pk=area.pk):
            raise Invalid(DUPLICATE, fields={"name": [DUPLICATE]})
    for field, value in changes.items():
        setattr(area, field, value)
    try:
        with transaction.atomic():
            save_versioned(area, fields=list(changes), expected_version=expected_version)
    except IntegrityError as exc:
        raise Invalid(DUPLICATE, fields={"name": [DUPLICATE]}) from exc
    return area


def area_delete(*, area: LifeArea) -> None:
    """Delete the area. Items in it stay, without an area."""
    area.delete()


def area_move(*, area: LifeArea, offset: int) -> None:
    """Move the area up (offset < 0) or down (> 0) in its workspace's order."""
    ordered = list(LifeArea.objects.in_workspace(area.workspace).order_by("position", "name"))
    index = next(i for i, a in enumerate(ordered) if a.pk == area.pk)
    target = max(0, min(len(ordered) - 1, index + offset))
    ordered.insert(target, ordered.pop(index))
    renumber(ordered)


def area_reorder(*, workspace: Workspace, order: list[UUID]) -> None:
    """Put the areas in the given order; areas not listed keep their relative order after."""
    areas = list(LifeArea.objects.in_workspace(workspace).order_by("position", "name"))
    rank = {uuid: i for i, uuid in enumerate(order)}
    areas.sort(key=lambda a: (rank.get(a.uuid, len(rank)), a.position))
    renumber(areas)
