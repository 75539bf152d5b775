"""The one base for workspace-owned rows."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Func, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from minime.core.errors import Conflict, Invalid
from minime.core.limits import DATE_RANGE_MESSAGE, date_in_range
from minime.core.scoping import WorkspaceQuerySet

WorkspaceManager = models.Manager.from_queryset(WorkspaceQuerySet)


class WorkspaceOwned(models.Model):
    """A row that belongs to one workspace.

    - `workspace`: the owner; rows of other workspaces are invisible (404 in views, RLS on PG).
    - `uuid`: the public identifier for URLs and the API; the integer id never leaves the server.
    - `created_at` / `updated_at`: UTC timestamps.
    - `version`: goes up by one on every change; an update that names the version it started
      from is refused if it moved on (two devices never silently overwrite each other).

    A concrete subclass must add `EnableWorkspaceRLS("<Model>")` to its migration.

    `private_to` names the user field of a model whose rows belong to one person even in a
    shared workspace (a focus session, a review: pages and the API show each person only their
    own). Download my data then holds only the exporter's own rows of it, and deleting an account
    deletes that person's rows of it in the workspaces that outlive them, where other rows only
    lose their author's name.
    """

    private_to: ClassVar[str | None] = None

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = WorkspaceManager()

    class Meta:
        abstract = True


def linked_model(model: type[models.Model], field: str) -> type[WorkspaceOwned]:
    """The workspace-owned model that ``model``'s foreign key ``field`` points to.

    An app links to a model of an app above it by name (a task's ``ForeignKey("goals.Goal")``);
    reading the model through that link keeps the lower app from importing the higher one.
    """
    related = model._meta.get_field(field).related_model
    if not (isinstance(related, type) and issubclass(related, WorkspaceOwned)):
        raise TypeError(f"{model.__name__}.{field} does not link to a workspace-owned model")
    return related


def count_of(rows: models.QuerySet[Any]) -> Coalesce:
    """A correlated COUNT(*) subquery over ``rows`` (filtered on an ``OuterRef``), 0 when none."""
    # COUNT as a plain function, not an aggregate: no GROUP BY, so always exactly one row.
    counted = rows.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


def validate(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """Run the model's validation and hold every date to the supported range
    (`minime.core.limits`); raise Invalid with a message per field."""
    errors: dict[str, list[str]] = {}
    try:
        obj.full_clean(exclude=[*(exclude or []), *_known(obj)], validate_constraints=False)
    except ValidationError as exc:
        errors = exc.message_dict
    for name in _dates_out_of_range(obj, exclude or []):
        errors.setdefault(name, []).append(DATE_RANGE_MESSAGE)
    if errors:
        raise Invalid("Some fields need another look.", fields=errors)


def _known(obj: models.Model) -> list[str]:
    """Fields whose check would only cost queries: a foreign key whose related row was loaded from
    the database (it exists; the database's constraint holds it anyway), and on a new row the
    `uuid` its default just drew (a random UUID; the unique index holds it anyway)."""
    known = [
        field.name
        for field in obj._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and field.is_cached(obj)
        and (related := field.get_cached_value(obj)) is not None
        and not related._state.adding
    ]
    if obj._state.adding and isinstance(obj, WorkspaceOwned):
        known.append("uuid")
    return known


def _dates_out_of_range(obj: models.Model, exclude: list[str]) -> list[str]:
    """The date and date-time fields of `obj` whose value lies outside DATE_MIN..DATE_MAX."""
    found = []
    for field in obj._meta.concrete_fields:
        if not isinstance(field, models.DateField) or field.name in exclude:
            continue  # DateTimeField is a DateField too
        value = getattr(obj, field.attname)
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, date) and not date_in_range(value):
            found.append(field.name)
    return found


def save_versioned(obj: WorkspaceOwned, *, fields: list[str], expected_version: int | None) -> None:
    """Validate `obj` and write `fields` only if its stored version is still `expected_version`.

    `expected_version=None` means "whatever is stored": only for changes that cannot lose
    someone's edit (reordering, completing). On success `obj.version` is the new version.
    Raises Invalid (with per-field messages) or Conflict.
    """
    validate(obj, exclude=[f.name for f in obj._meta.fields if f.name not in fields])
    concrete = {f.name: f.attname for f in obj._meta.concrete_fields}
    attnames = [concrete[name] for name in fields]
    values = {attname: getattr(obj, attname) for attname in attnames}
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    guarded = rows if expected_version is None else rows.filter(version=expected_version)
    obj.updated_at = timezone.now()
    if guarded.update(**values, version=F("version") + 1, updated_at=obj.updated_at) == 0:
        raise Conflict(
            "This item was changed somewhere else since you opened it. "
            "Reload to see the latest version, then make your change again.",
            current_version=rows.values_list("version", flat=True).first() or 0,
        )
    obj.version = rows.values_list("version", flat=True).get()


def renumber(rows: Sequence[models.Model]) -> None:
    """Store `rows`' order in their `position` fields (1 first), writing only what changed."""
    changed = []
    for position, row in enumerate(rows, start=1):
        if row.position != position:  # type: ignore[attr-defined]
            row.position = position  # type: ignore[attr-defined]
            changed.append(row)
    if changed:
        type(changed[0])._default_manager.bulk_update(changed, ["position"])
