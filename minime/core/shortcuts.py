"""Small helpers the views and API modules of every app share.

* ``in_workspace_or_422``: the uuids a payload names (a project, a goal, an area, a parent) become
  the workspace's objects; a uuid the workspace does not have is a field error (422), never a link
  to another workspace's row and never a 404 of the whole request.
* ``return_path``: where to go after an action, from the request's ``next``, only ever a path on
  this site (an open redirect to another site is refused).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from minime.core.errors import Invalid

if TYPE_CHECKING:
    from minime.workspaces.models import Workspace

__all__ = ["FIELDS_NEED_A_LOOK", "in_workspace_or_422", "is_local_path", "return_path"]

FIELDS_NEED_A_LOOK = "Some fields need another look."


def in_workspace_or_422(
    workspace: Workspace, data: dict[str, Any], related: Mapping[str, type[Model]]
) -> dict[str, Any]:
    """Swap each uuid in ``data`` under a key of ``related`` for that model's object of
    ``workspace``; a missing key or None is left as it is (None clears the link).

    Raises ``Invalid`` naming every field whose uuid the workspace does not have:
    "No such <model> in this workspace."
    """
    errors: dict[str, list[str]] = {}
    for field, model in related.items():
        value = data.get(field)
        if value is None:
            continue
        found = model._default_manager.filter(workspace=workspace, uuid=value).first()
        if found is None:
            errors[field] = [f"No such {model._meta.verbose_name} in this workspace."]
        data[field] = found
    if errors:
        raise Invalid(FIELDS_NEED_A_LOOK, fields=errors)
    return data


def is_local_path(url: str) -> bool:
    """True for a path on this site ("/tasks/?status=open"); False for another site
    ("//evil.example", "https://evil.example"), a scheme ("javascript:...") or a relative path."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)


def return_path(request: HttpRequest, default: str, *, param: str = "next") -> str:
    """Where to go back to: the request's ``param`` (posted, else in the query string) when it is a
    path on this site, else ``default``."""
    wanted = request.POST.get(param) or request.GET.get(param) or ""
    return wanted if is_local_path(wanted) else default
