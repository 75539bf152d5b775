"""Smart Add through the API: preview, then confirm (nothing is saved by the preview)."""

from __future__ import annotations

from datetime import date
from typing import Literal
from uuid import UUID
from zoneinfo import ZoneInfo

from django.utils import timezone
from ninja import Field, Router, Schema, Status

from minime.ai import services
from minime.ai.features import Level
from minime.ai.smartadd import Item, ItemKind
from minime.core import limits
from minime.core.api import (
    NOT_BLANK,
    ApiDate,
    ErrorOut,
    InputSchema,
    LocalTime,
    LocalTimeIn,
)
from minime.core.errors import Invalid
from minime.core.outside import outside_request_transaction
from minime.core.recurrence import validate as validate_rule
from minime.core.types import AuthedRequest
from minime.core.vocabulary import EnergyLevel
from minime.tasks.api import LABELS_DESCRIPTION, LabelName

router = Router(tags=["Smart Add"])
ERRORS: dict[int, type] = {401: ErrorOut, 403: ErrorOut, 422: ErrorOut}


class PreviewIn(InputSchema):
    text: str = Field(
        max_length=limits.SMART_ADD_TEXT_MAX,
        description="What the user typed: a line, a list or a paragraph.",
        json_schema_extra=NOT_BLANK,
    )


class ItemSchema(InputSchema):
    """One proposed item; field names are Smart Add's preview contract."""

    kind: ItemKind
    title: str
    due_date: date | None = None
    due_time: LocalTime | None = None
    recurrence: str | None = Field(None, description="RFC 5545 RRULE without DTSTART")
    priority: Level | None = None
    estimate_minutes: int | None = None
    energy: EnergyLevel | None = None
    project: str | None = None
    area: str | None = None
    labels: list[str] = []


class ItemIn(InputSchema):
    """One confirmed item: a preview item, as the user left it."""

    kind: ItemKind
    title: str = Field(min_length=1, max_length=limits.TITLE_MAX)
    due_date: ApiDate | None = None
    due_time: LocalTimeIn | None = None
    recurrence: str | None = Field(
        None, max_length=limits.RECURRENCE_MAX, description="RFC 5545 RRULE without DTSTART"
    )
    priority: Level | None = None
    estimate_minutes: int | None = Field(None, ge=1, le=limits.ESTIMATE_MINUTES_MAX)
    energy: EnergyLevel | None = None
    project: str | None = Field(None, max_length=limits.TITLE_MAX)
    area: str | None = Field(None, max_length=limits.AREA_NAME_MAX)
    labels: list[LabelName] = Field(
        [], max_length=limits.LABELS_PER_TASK, description=LABELS_DESCRIPTION
    )


class PreviewOut(Schema):
    items: list[ItemSchema]
    source: Literal["provider", "local"]
    notice: str = Field(description="Set when the provider failed and the local engine answered.")


class CreateIn(InputSchema):
    items: list[ItemIn] = Field(min_length=1, max_length=limits.SMART_ADD_ITEMS_MAX)


class CreatedOut(Schema):
    kind: ItemKind
    title: str
    uuid: UUID


def _item(data: ItemIn) -> Item:
    rule = None
    if data.recurrence:
        try:
            rule = validate_rule(data.recurrence.removeprefix("RRULE:"))
        except ValueError as exc:
            raise Invalid(
                "That repeat rule isn't valid.", fields={"recurrence": [str(exc)]}
            ) from exc
    return Item(
        kind=data.kind,
        title=data.title.strip(),
        due_date=data.due_date,
        due_time=data.due_time,
        recurrence=rule,
        priority=data.priority,
        estimate_minutes=data.estimate_minutes,
        energy=data.energy,
        project=data.project,
        area=data.area,
        labels=tuple(data.labels),
    )


@router.post(
    "/smart-add/preview",
    response={200: PreviewOut, **ERRORS, 429: ErrorOut},  # 429: the month's AI quota is used up
    summary="Smart Add: read text into proposed items (saves nothing)",
    url_name="smart_add_preview",
)
@outside_request_transaction  # the provider may take its time
def preview(request: AuthedRequest, payload: PreviewIn) -> dict[str, object]:
    now = timezone.now().astimezone(ZoneInfo(request.user.time_zone))
    result = services.smart_add_preview(request.user, payload.text, now)
    return {
        "items": [item.to_json() for item in result.value],
        "source": result.source,
        "notice": result.notice,
    }


@router.post(
    "/smart-add",
    response={201: list[CreatedOut], **ERRORS},
    summary="Smart Add: create the confirmed items, all or nothing",
)
def create(request: AuthedRequest, payload: CreateIn) -> Status[list[dict[str, object]]]:
    today = timezone.now().astimezone(ZoneInfo(request.user.time_zone)).date()
    created = services.smart_add_create(
        workspace=request.workspace,
        user=request.user,
        items=[_item(i) for i in payload.items],
        today=today,
    )
    return Status(
        201,
        [
            {"kind": c.kind, "title": c.title, "uuid": getattr(c.obj, "uuid")}  # noqa: B009
            for c in created
        ],
    )
