"""Settings → Calendar: connect a calendar by its private iCal address, and each connected one's
state (read when, or why not), Sync now, rename and recolour, disconnect.

Every action is a form post that works without JavaScript (it redirects back, or shows the page
again with a 422 and the message); with htmx the calendar card comes back in place. On a plan
without calendars the page explains what connecting one does and which plans have it; a
calendar left from an earlier plan can still be disconnected, nothing else.

The address is never decrypted here: the rows show `url_hint`, and the connect form is never
filled from a stored calendar (only with what was just typed, when it was refused).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, Plan, may_use
from minime.calendars import services
from minime.calendars.models import Calendar, Colour
from minime.core import limits
from minime.core.errors import Invalid, NotAllowed
from minime.core.types import AuthedRequest

SETTINGS_TARGET = "calendar-settings"


def _plans() -> str:
    """The plans that include calendars, cheapest first: "Pro and Max"."""
    plans = list(Plan)
    labels = [str(p.label) for p in plans[plans.index(LOWEST_PLAN_FOR[Feature.CALENDAR]) :]]
    return " and ".join(labels)


def _field_errors(exc: Invalid, known: tuple[str, ...]) -> dict[str, str]:
    """The first message for each field a service named; one it did not name goes under the
    first of ``known`` (so every refusal is shown beside a field)."""
    errors = {name: msgs[0] for name, msgs in exc.fields.items() if name in known and msgs}
    return errors or {known[0]: exc.message}


def _settings_page(
    request: AuthedRequest,
    *,
    status: int = 200,
    errors: dict[str, Any] | None = None,
    announce: str = "",
) -> HttpResponse:
    user = request.user
    calendars = list(Calendar.objects.filter(user=user))
    colours = list(Colour.choices)
    context = {
        "allowed": may_use(user, Feature.CALENDAR),
        "plans": _plans(),
        "calendars": calendars,
        "colours": colours,
        # The colour a new calendar gets when none is picked (as calendar_connect chooses it).
        "next_colour": colours[len(calendars) % len(colours)][0],
        "full": len(calendars) >= limits.CALENDARS_MAX,
        "calendars_max": limits.CALENDARS_MAX,
        "name_max": limits.CALENDAR_NAME_MAX,
        "url_max": f"{limits.CALENDAR_URL_MAX:,}",
        "errors": errors or {},
        "typed": request.POST if errors else {},
        "announce": announce,
    }
    swap = bool(request.htmx) and request.htmx.target == SETTINGS_TARGET
    template = "calendars/_settings.html" if swap else "calendars/settings.html"
    return render(request, template, context, status=status)


def _done(request: AuthedRequest, message: str) -> HttpResponse:
    """After an action: htmx gets the card back with `message` announced in it; a plain post
    redirects to the page, which shows `message`."""
    if request.htmx and request.htmx.target == SETTINGS_TARGET:
        return _settings_page(request, announce=message)
    messages.success(request, message)
    return redirect("calendars:settings")


def _refused(request: AuthedRequest) -> HttpResponse:
    """An action the plan does not include: the page again, saying so, with a 403."""
    return _settings_page(
        request,
        status=403,
        announce=f"Connecting, reading and editing calendars are part of {_plans()}.",
    )


def _calendar(request: AuthedRequest, uuid: UUID) -> Calendar:
    return get_object_or_404(Calendar, user=request.user, uuid=uuid)


@login_required
@require_GET
def calendar_settings(request: AuthedRequest) -> HttpResponse:
    """The connected calendars and the form to connect one (or, without the plan, what it is)."""
    return _settings_page(request)


@login_required
@require_POST
def calendar_connect(request: AuthedRequest) -> HttpResponse:
    try:
        services.calendar_connect(
            user=request.user,
            url=request.POST.get("url", ""),
            name=request.POST.get("name", ""),
            colour=request.POST.get("colour", ""),
        )
    except NotAllowed:
        return _refused(request)
    except Invalid as exc:
        fields = _field_errors(exc, ("url", "name", "colour"))
        return _settings_page(request, status=422, errors={"connect": fields})
    return _done(request, "Connected. Its events appear on Today in a moment.")


@login_required
@require_POST
def calendar_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Rename and recolour one calendar."""
    calendar = _calendar(request, uuid)
    if not may_use(request.user, Feature.CALENDAR):
        return _refused(request)
    before = (calendar.name, calendar.colour)
    try:
        services.calendar_update(
            user=request.user,
            calendar=calendar,
            name=request.POST.get("name"),
            colour=request.POST.get("colour"),
        )
    except Invalid as exc:
        fields = _field_errors(exc, ("name", "colour"))
        return _settings_page(
            request, status=422, errors={"edit": str(calendar.uuid), "fields": fields}
        )
    if calendar.name != before[0]:
        return _done(request, f"Renamed to “{calendar.name}”.")
    if calendar.colour != before[1]:
        return _done(request, f"“{calendar.name}” is {calendar.get_colour_display().lower()} now.")
    return _done(request, "Nothing changed.")


@login_required
@require_POST
def calendar_sync(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Read one calendar again now (queued: the page does not wait for its server)."""
    calendar = _calendar(request, uuid)
    if not may_use(request.user, Feature.CALENDAR):
        return _refused(request)
    services.calendar_sync_soon(user=request.user, calendar=calendar)
    return _done(request, "Reading it now…")


@login_required
@require_POST
def calendar_disconnect(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Forget one calendar, on any plan: its address and its events are deleted."""
    calendar = _calendar(request, uuid)
    services.calendar_disconnect(user=request.user, calendar=calendar)
    return _done(
        request, f"“{calendar.name}” is disconnected: its address and events were deleted."
    )
