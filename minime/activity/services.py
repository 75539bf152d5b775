"""Writing the activity list: the domain services call ``record`` inside their own transaction,
so a line is kept exactly when its change is. Personal workspaces record nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Protocol

from django.db import DEFAULT_DB_ALIAS
from django.utils import timezone

from minime.activity.models import Activity, Kind, Verb
from minime.core.db import SERVICE_DB
from minime.workspaces.models import Membership, Workspace
from minime.workspaces.signals import member_joined, member_leaving

KEEP = timedelta(days=90)  # lines older than this are deleted by a daily job
TITLE_MAX = Activity._meta.get_field("title").max_length or 300
WHERE_MAX = Activity._meta.get_field("where").max_length or 200


class Item(Protocol):
    """A task or a project: what a line can be about."""

    uuid: Any
    title: str
    workspace: Workspace


def record(
    item: Item,
    verb: Verb,
    *,
    actor_id: int | None,
    person_id: int | None = None,
    where: str = "",
) -> None:
    """Add a line about ``item`` (a task or a project) when its workspace is shared."""
    workspace = item.workspace
    if workspace.is_personal:
        return
    Activity.objects.create(
        workspace=workspace,
        actor_id=actor_id,
        verb=verb,
        kind=Kind(item._meta.model_name),  # type: ignore[attr-defined]
        item=item.uuid,
        title=item.title[:TITLE_MAX],
        person_id=person_id,
        where=where[:WHERE_MAX],
    )


def _joined(*, workspace_id: int, user_id: int, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    Activity.objects.using(using).create(
        workspace_id=workspace_id,
        actor_id=user_id,
        verb=Verb.JOINED,
        kind=Kind.MEMBER,
        person_id=user_id,
    )


def _leaving(*, workspace_id: int, user_id: int, by_id: int, **_: Any) -> None:
    Activity.objects.create(
        workspace_id=workspace_id,
        actor_id=by_id,
        verb=Verb.LEFT if by_id == user_id else Verb.REMOVED,
        kind=Kind.MEMBER,
        person_id=user_id,
    )


def connect() -> None:
    """Listen to the workspaces app's membership signals (from ``ready()``)."""
    member_joined.connect(_joined, sender=Membership, dispatch_uid="activity-joined")
    member_leaving.connect(_leaving, sender=Membership, dispatch_uid="activity-leaving")


def prune(*, now: Any = None) -> int:
    """Delete lines older than ``KEEP`` in every workspace; return how many."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = Activity.objects.using(SERVICE_DB).filter(created_at__lt=cutoff).delete()
    return deleted
