"""The one base for workspace-owned rows."""

from __future__ import annotations

import uuid

from django.db import models

from minime.core.scoping import WorkspaceQuerySet


class WorkspaceOwned(models.Model):
    """A row that belongs to one workspace.

    - `workspace`: the owner; rows of other workspaces are invisible (404 in views, RLS on PG).
    - `uuid`: the public identifier for URLs and the API; the integer id never leaves the server.
    - `created_at` / `updated_at`: UTC timestamps.

    A concrete subclass must add `EnableWorkspaceRLS("<Model>")` to its migration.
    """

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+", db_index=True
    )
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True
