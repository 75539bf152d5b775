"""The one way application code reaches workspace data.

    Task.objects.in_workspace(request.workspace).filter(...)
    task = get_scoped_or_404(Task, request.workspace, uuid=task_uuid)

An object of another workspace answers 404, never 403: its existence is not disclosed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from minime.core.models import WorkspaceOwned
    from minime.workspaces.models import Workspace

M = TypeVar("M", bound="WorkspaceOwned")


class WorkspaceQuerySet(models.QuerySet[Any]):
    def in_workspace(self, workspace: Workspace) -> Self:
        return self.filter(workspace=workspace)


def get_scoped_or_404(model: type[M], workspace: Workspace, **lookup: Any) -> M:
    """Return the object of `workspace` matching `lookup`, or raise Http404."""
    try:
        return model._default_manager.filter(workspace=workspace).get(**lookup)
    except (model.DoesNotExist, ValueError, ValidationError) as exc:
        raise Http404(f"No {model._meta.verbose_name} here.") from exc
