"""/api/v1/activity — the open workspace's activity list, newest first (see ``X-Workspace``).

A personal workspace keeps no activity: its list is always empty.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from minime.activity.models import Activity, Kind, Verb
from minime.activity.selectors import line_of
from minime.activity.services import KEEP
from minime.core.api import Paging
from minime.core.types import AuthedRequest

router = Router(tags=["Activity"])


class ActivityOut(Schema):
    at: datetime = Field(alias="created_at")
    actor: str | None = Field(description="Who did it, by name; null: an account deleted since.")
    verb: Verb
    kind: Kind = Field(description="What it is about: a task, a project, or a member.")
    item: UUID | None = Field(description="The task's or project's uuid; null for members.")
    title: str = Field(description="The item's title when it happened.")
    person: str | None = Field(
        description="Who joined, left, was removed or was given the task, by name."
    )
    where: str = Field(description="The project a task moved to; empty: out of its project.")
    text: str = Field(description="The line as the page says it, to the caller.")

    @staticmethod
    def resolve_actor(obj: Activity) -> str | None:
        return obj.actor.name if obj.actor else None

    @staticmethod
    def resolve_person(obj: Activity) -> str | None:
        return obj.person.name if obj.person else None

    @staticmethod
    def resolve_text(obj: Activity, context: dict[str, Any]) -> str:
        return line_of(obj, context["request"].user.pk).text


@router.get(
    "/activity",
    response=list[ActivityOut],
    summary="List the workspace's activity",
    description=(
        "Who added, completed, reopened, dropped, deleted, moved or assigned which task or "
        "project, and who joined or left, newest first. Lines are kept "
        f"{KEEP.days} days; a personal workspace keeps none."
    ),
)
@paginate(Paging)
def activity_list(request: AuthedRequest) -> Any:
    return (
        Activity.objects.in_workspace(request.workspace)
        .select_related("actor", "person")
        .order_by("-created_at", "-id")
    )
