"""/api/v1/areas — life areas."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.areas import services
from minime.areas.models import Colour, Icon, LifeArea
from minime.areas.selectors import area_list
from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, Paging, Version, patch_changes
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest

router = Router(tags=["Life areas"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class AreaOut(Schema):
    uuid: UUID
    name: str
    colour: Colour
    icon: Icon
    importance: int
    is_active: bool
    is_work: bool
    weekly_target_minutes: int | None
    position: int
    version: int
    created_at: datetime
    updated_at: datetime


class AreaIn(InputSchema):
    name: str = Field(min_length=1, max_length=limits.AREA_NAME_MAX)
    colour: Colour = Colour.INDIGO
    icon: Icon = Icon.STAR
    importance: int = Field(3, ge=1, le=5)
    is_active: bool = True
    is_work: bool = Field(False, description="On a day off, Today leaves its tasks out.")
    weekly_target_minutes: int | None = Field(None, ge=0, le=limits.WEEKLY_TARGET_MINUTES_MAX)


class AreaPatch(InputSchema):
    version: Version
    name: str | None = Field(None, min_length=1, max_length=limits.AREA_NAME_MAX)
    colour: Colour | None = None
    icon: Icon | None = None
    importance: int | None = Field(None, ge=1, le=5)
    is_active: bool | None = None
    is_work: bool | None = None
    weekly_target_minutes: int | None = Field(None, ge=0, le=limits.WEEKLY_TARGET_MINUTES_MAX)


@router.get("/areas", response=list[AreaOut], summary="List life areas")
@paginate(Paging)
def list_areas(request: AuthedRequest, active: bool | None = None) -> list[LifeArea]:
    return area_list(request.workspace, active=active)  # type: ignore[return-value]


@router.post("/areas", response={201: AreaOut, **ERRORS}, summary="Create a life area")
def create_area(request: AuthedRequest, payload: AreaIn) -> Status[LifeArea]:
    return Status(201, services.area_create(workspace=request.workspace, **payload.dict()))


@router.get("/areas/{uuid}", response={200: AreaOut, **ERRORS}, summary="Get a life area")
def get_area(request: AuthedRequest, uuid: UUID) -> LifeArea:
    return get_scoped_or_404(LifeArea, request.workspace, uuid=uuid)


@router.patch("/areas/{uuid}", response={200: AreaOut, **ERRORS}, summary="Change a life area")
def update_area(request: AuthedRequest, uuid: UUID, payload: AreaPatch) -> LifeArea:
    area = get_scoped_or_404(LifeArea, request.workspace, uuid=uuid)
    changes = patch_changes(payload, LifeArea)
    return services.area_update(area=area, expected_version=payload.version, **changes)


@router.delete("/areas/{uuid}", response={204: None, **ERRORS}, summary="Delete a life area")
def delete_area(request: AuthedRequest, uuid: UUID) -> Status[None]:
    services.area_delete(area=get_scoped_or_404(LifeArea, request.workspace, uuid=uuid))
    return Status(204, None)
