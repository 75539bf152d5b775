"""/api/v1/capture — the inbox and notes."""

from datetime import datetime
from typing import Annotated
from uuid import UUID

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from minime.capture import services
from minime.capture.models import CaptureItem, CaptureKind, CaptureSource
from minime.capture.selectors import capture_list
from minime.core import limits
from minime.core.api import NOT_BLANK, ErrorOut, InputSchema, Paging, Version
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest

router = Router(tags=["Capture"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CaptureOut(Schema):
    uuid: UUID
    text: str
    kind: CaptureKind
    source: CaptureSource
    processed_at: datetime | None = Field(
        description="When it left the inbox (made a task or filed as a note); null in the inbox."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class CaptureIn(InputSchema):
    text: str = Field(
        max_length=limits.NOTES_MAX,
        description="Saved as one item, several lines included.",
        json_schema_extra=NOT_BLANK,
    )
    kind: CaptureKind = CaptureKind.INBOX


class CapturePatch(InputSchema):
    version: Version
    text: str | None = Field(None, max_length=limits.NOTES_MAX, json_schema_extra=NOT_BLANK)
    kind: CaptureKind | None = Field(
        None, description="`note` files the item; `inbox` puts it back in the inbox."
    )


class MakeTaskIn(InputSchema):
    title: str | None = Field(
        None, max_length=limits.TASK_TITLE_MAX, description="Default: the item's first line."
    )


class TaskRef(Schema):
    task_uuid: UUID


@router.get(
    "/capture",
    response=list[CaptureOut],
    summary="List capture items",
    description=(
        "By default the inbox: unprocessed items, oldest first. `processed=true` lists the "
        "items that already left the inbox; `kind=note` lists notes, newest first. "
        "`q` keeps items containing every word of it."
    ),
)
@paginate(Paging)
def list_capture(
    request: AuthedRequest,
    kind: CaptureKind = CaptureKind.INBOX,
    processed: bool | None = None,
    q: Annotated[str | None, Query(max_length=limits.SEARCH_MAX)] = None,
) -> list[CaptureItem]:
    return capture_list(request.workspace, kind=kind, processed=processed, q=q)  # type: ignore[return-value]


@router.post("/capture", response={201: CaptureOut, **ERRORS}, summary="Capture something")
def create_capture(request: AuthedRequest, payload: CaptureIn) -> Status[CaptureItem]:
    item = services.capture_add(
        workspace=request.workspace, text=payload.text, created_by=request.user, kind=payload.kind
    )
    return Status(201, item)


@router.get("/capture/{uuid}", response={200: CaptureOut, **ERRORS}, summary="Get an item")
def get_capture(request: AuthedRequest, uuid: UUID) -> CaptureItem:
    return get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid)


@router.patch("/capture/{uuid}", response={200: CaptureOut, **ERRORS}, summary="Change an item")
def update_capture(request: AuthedRequest, uuid: UUID, payload: CapturePatch) -> CaptureItem:
    item = get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid)
    return services.capture_update(
        item=item, expected_version=payload.version, text=payload.text, kind=payload.kind
    )


@router.delete("/capture/{uuid}", response={204: None, **ERRORS}, summary="Delete an item")
def delete_capture(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.capture_delete(item=get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid))
    return Status(204, None)


@router.post(
    "/capture/{uuid}/task",
    response={201: TaskRef, **ERRORS},
    summary="Make a task of an inbox item",
    description="The item leaves the inbox (processed). 422 if it already had.",
)
def make_task(
    request: AuthedRequest, uuid: UUID, payload: MakeTaskIn | None = None
) -> Status[TaskRef]:
    item = get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid)
    title = payload.title if payload else None
    task = services.capture_make_task(item=item, user=request.user, title=title)
    return Status(201, TaskRef(task_uuid=task.uuid))


@router.post(
    "/capture/{uuid}/note",
    response={200: CaptureOut, **ERRORS},
    summary="File an item as a note",
)
def file_as_note(request: AuthedRequest, uuid: UUID) -> CaptureItem:
    item = get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid)
    return services.capture_file_as_note(item=item)
