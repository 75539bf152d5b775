"""/api/v1/calendars and /api/v1/calendar-events — the caller's calendars (connect, list, read,
rename or recolour, disconnect, sync now) and the cached events of the next days.

Calendars belong to the person, not to a workspace: `X-Workspace` changes nothing here, and
another person's calendar is a 404. The private address is write-only: it is sent once, to
connect, and never answered (not even encrypted); a calendar shows `address_hint`, its host and
last characters, as the settings page does. Nothing here waits for a calendar's server: connect
and sync queue a read and answer at once.

Connecting, renaming, recolouring and syncing are part of the plans with calendars (a 403 on
the others); disconnecting works on any plan, so a calendar left from an earlier plan can go.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime, time, timedelta
from typing import Annotated
from uuid import UUID

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic.json_schema import WithJsonSchema

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, Plan, may_use
from minime.calendars import services
from minime.calendars.models import Calendar, CalendarEvent, Colour
from minime.core import limits
from minime.core.api import NOT_BLANK, ApiDate, ErrorOut, InputSchema, Paging
from minime.core.errors import NotAllowed
from minime.core.types import AuthedRequest

router = Router(tags=["Calendars"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
PLAN_ERRORS: dict[int, type] = {403: ErrorOut, **ERRORS}
# What a calendar's answer reads of the row: never the encrypted address, nor the feed's
# caching headers (the client has no use for them).
NOT_ANSWERED = ("url_encrypted", "etag", "last_modified")


# The calendar colours, stated inline: the OpenAPI names an enum's schema after its class, and
# life areas have a `Colour` of their own, with other colours, which this one would replace.
CalendarColour = Annotated[Colour, WithJsonSchema({"type": "string", "enum": list(Colour.values)})]


def _plans() -> str:
    """The plans that include calendars, cheapest first: "Pro and Max"."""
    plans = list(Plan)
    labels = [str(p.label) for p in plans[plans.index(LOWEST_PLAN_FOR[Feature.CALENDAR]) :]]
    return " and ".join(labels)


class CalendarOut(Schema):
    uuid: UUID
    name: str
    colour: CalendarColour = Field(description="Its events' colour.")
    address_hint: str = Field(
        description="What is shown of the private address: its host and last characters. "
        "The address itself is never answered."
    )
    created_at: datetime
    synced_at: datetime | None = Field(description="When its events were last read; null: never.")
    tried_at: datetime | None = Field(description="When it was last read, successfully or not.")
    error_code: str = Field(
        description="Why the last read failed (refused, not_found, server, not_a_calendar, "
        "unreadable, too_big, timeout, network, not_allowed); empty when it worked."
    )
    error: str = Field(description="The same, in words; empty when it worked.")

    @staticmethod
    def resolve_address_hint(obj: Calendar) -> str:
        return obj.url_hint


class CalendarEventOut(Schema):
    calendar: UUID = Field(description="The uuid of its calendar.")
    calendar_name: str
    colour: CalendarColour = Field(description="Its calendar's colour.")
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool = Field(
        description="An all-day event: it runs from midnight to midnight in your time zone."
    )

    @staticmethod
    def resolve_calendar(obj: CalendarEvent) -> UUID:
        return obj.calendar.uuid

    @staticmethod
    def resolve_calendar_name(obj: CalendarEvent) -> str:
        return obj.calendar.name

    @staticmethod
    def resolve_colour(obj: CalendarEvent) -> str:
        return obj.calendar.colour


class CalendarIn(InputSchema):
    url: str = Field(
        max_length=limits.CALENDAR_URL_MAX,
        json_schema_extra=NOT_BLANK,
        description="The calendar's private iCal address (https:// or webcal://). It is kept "
        "encrypted and never answered.",
    )
    name: str = Field(
        "",
        max_length=limits.CALENDAR_NAME_MAX,
        description='Empty or left out: "Calendar", "Calendar 2" …',
    )
    colour: CalendarColour | None = Field(
        None, description="Null or left out: the colours in turn, by how many calendars you have."
    )


class CalendarPatch(InputSchema):
    """Fields left out (or null) keep their value."""

    name: str | None = Field(None, max_length=limits.CALENDAR_NAME_MAX, json_schema_extra=NOT_BLANK)
    colour: CalendarColour | None = None


def _calendars(request: AuthedRequest) -> QuerySet[Calendar]:
    return Calendar.objects.filter(user=request.user).defer(*NOT_ANSWERED)


def _calendar(request: AuthedRequest, uuid: UUID) -> Calendar:
    """The caller's own calendar, or a 404."""
    return get_object_or_404(_calendars(request), uuid=uuid)


def _plan_check(request: AuthedRequest) -> None:
    if not may_use(request.user, Feature.CALENDAR):
        raise NotAllowed(
            f"Connecting, reading and editing calendars are part of {_plans()}; "
            "disconnecting one is not."
        )


@router.get(
    "/calendars", response={200: list[CalendarOut], **ERRORS}, summary="List your calendars"
)
@paginate(Paging)
def list_calendars(request: AuthedRequest) -> QuerySet[Calendar]:
    """Your connected calendars, oldest first, each with the state of its last read."""
    return _calendars(request)


@router.post(
    "/calendars",
    response={201: CalendarOut, **PLAN_ERRORS},
    summary="Connect a calendar",
    description=(
        "Connects it by its private iCal address and queues its first read: its events come "
        "in a moment later (`synced_at`, or `error_code` if it cannot be read). A 403 on a plan "
        f"without calendars. At most {limits.CALENDARS_MAX} calendars per person."
    ),
)
def connect_calendar(request: AuthedRequest, payload: CalendarIn) -> Status[Calendar]:
    calendar = services.calendar_connect(
        user=request.user, url=payload.url, name=payload.name, colour=payload.colour or ""
    )
    return Status(201, calendar)


@router.get("/calendars/{uuid}", response={200: CalendarOut, **ERRORS}, summary="Get a calendar")
def get_calendar(request: AuthedRequest, uuid: UUID) -> Calendar:
    return _calendar(request, uuid)


@router.patch(
    "/calendars/{uuid}",
    response={200: CalendarOut, **PLAN_ERRORS},
    summary="Rename or recolour a calendar",
)
def update_calendar(request: AuthedRequest, uuid: UUID, payload: CalendarPatch) -> Calendar:
    """Its address cannot be changed: disconnect it and connect the new one. A 403 on a plan
    without calendars."""
    calendar = _calendar(request, uuid)
    _plan_check(request)
    return services.calendar_update(
        user=request.user, calendar=calendar, name=payload.name, colour=payload.colour
    )


@router.delete("/calendars/{uuid}", response={204: None, **ERRORS}, summary="Disconnect a calendar")
def disconnect_calendar(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its address and every cached event of it, on any plan."""
    services.calendar_disconnect(user=request.user, calendar=_calendar(request, uuid))
    return Status(204, None)


@router.post(
    "/calendars/{uuid}/sync",
    response={202: CalendarOut, **PLAN_ERRORS},
    summary="Read a calendar again now",
)
def sync_calendar(request: AuthedRequest, uuid: UUID) -> Status[Calendar]:
    """Queues a read and answers the calendar as it is: `synced_at` (or `error_code`) changes
    once the read is done. A 403 on a plan without calendars."""
    calendar = _calendar(request, uuid)
    _plan_check(request)
    services.calendar_sync_soon(user=request.user, calendar=calendar)
    return Status(202, calendar)


@router.get(
    "/calendar-events",
    response={200: list[CalendarEventOut], **ERRORS},
    summary="List your calendars' events",
)
@paginate(Paging)
def list_events(
    request: AuthedRequest,
    start: Annotated[
        ApiDate | None, Query(description="The first day, YYYY-MM-DD. Default: today.")
    ] = None,
    days: Annotated[
        int, Query(ge=1, le=services.DAYS, description=f"How many days, 1 to {services.DAYS}.")
    ] = services.DAYS,
) -> QuerySet[CalendarEvent]:
    """The cached events of all your calendars that touch the `days` days from `start` (days
    of your time zone), by start. The cache holds the next 7 days from the last read of each
    calendar: earlier or later days are empty."""
    zone = timezone.get_current_timezone()
    first = start or timezone.localdate()
    begins = datetime.combine(first, time.min, tzinfo=zone)
    ends = datetime.combine(first + timedelta(days=days), time.min, tzinfo=zone)
    return (
        CalendarEvent.objects.filter(user=request.user, starts_at__lt=ends)
        .filter(Q(ends_at__gt=begins) | Q(starts_at__gte=begins))
        .select_related("calendar")
        .only(
            "title",
            "starts_at",
            "ends_at",
            "all_day",
            "calendar__uuid",
            "calendar__name",
            "calendar__colour",
        )
        .order_by("starts_at", "title", "pk")
    )
