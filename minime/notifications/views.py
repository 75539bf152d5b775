"""Settings → Notifications (devices, test push, quiet hours) and the notifications list.

Every action is a form post that works without JavaScript (it redirects back, or shows the page
again with a 422 and the message); with htmx the settings card comes back in place. Only turning
push on for a browser needs JavaScript (static/notifications/push.js): the browser makes the
subscription, and posts it to the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from minime.core.errors import Invalid
from minime.core.types import AuthedRequest
from minime.notifications import selectors, services
from minime.notifications.models import Notification, PushDevice

SETTINGS_TARGET = "notification-settings"
PAGE_SIZE = 50


def _settings_page(
    request: AuthedRequest,
    *,
    status: int = 200,
    errors: dict[str, Any] | None = None,
    announce: str = "",
) -> HttpResponse:
    user = request.user
    quiet = selectors.quiet_hours(user)
    context = {
        "devices": list(selectors.devices(user)),
        "quiet": quiet,
        "errors": errors or {},
        "typed": request.POST if errors else {},
        "vapid_public_key": settings.VAPID_PUBLIC_KEY,
        "subscribe_url": reverse("api:notifications_device_subscribe"),
        "announce": announce,
    }
    swap = bool(request.htmx) and request.htmx.target == SETTINGS_TARGET
    template = "notifications/_settings.html" if swap else "notifications/settings.html"
    return render(request, template, context, status=status)


def _done(request: AuthedRequest, message: str) -> HttpResponse:
    """After an action: htmx gets the settings back with `message` announced in them; a plain
    post redirects to the page, which shows `message`."""
    if request.htmx and request.htmx.target == SETTINGS_TARGET:
        return _settings_page(request, announce=message)
    messages.success(request, message)
    return redirect("notifications:settings")


def _device(request: AuthedRequest, uuid: UUID) -> PushDevice:
    return get_object_or_404(PushDevice, user=request.user, uuid=uuid)


@login_required
@require_GET
def notification_settings(request: AuthedRequest) -> HttpResponse:
    """Turn push on for this browser, the devices, a test push and quiet hours."""
    return _settings_page(request)


@login_required
@require_POST
def device_rename(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    device = _device(request, uuid)
    try:
        services.device_rename(user=request.user, device=device, name=request.POST.get("name", ""))
    except Invalid as exc:
        return _settings_page(
            request, status=422, errors={"rename": str(device.uuid), "message": exc.message}
        )
    return _done(request, f"Renamed to “{device.name}”.")


@login_required
@require_POST
def device_remove(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    device = _device(request, uuid)
    services.device_remove(user=request.user, device=device)
    return _done(request, f"“{device.name}” gets no more notifications.")


@login_required
@require_POST
def send_test(request: AuthedRequest) -> HttpResponse:
    services.send_test(user=request.user)
    count = PushDevice.objects.filter(user=request.user).count()
    if count:
        message = f"Test sent to {count} device{'s' if count != 1 else ''}. It is in your list too."
    else:
        message = "No device has notifications on: the test is only in your list."
    return _done(request, message)


def _time(value: str) -> dt.time | None:
    """A time typed as HH:MM (or HH:MM:SS); blank is None; anything else raises ValueError."""
    value = value.strip()
    return dt.time.fromisoformat(value) if value else None


@login_required
@require_POST
def quiet_hours(request: AuthedRequest) -> HttpResponse:
    fields: dict[str, str] = {}
    times: dict[str, dt.time | None] = {}
    for name in ("start", "end"):
        try:
            times[name] = _time(request.POST.get(name, "")[:20])
        except ValueError:
            fields[name] = "A time such as 22:00."
    if not fields:
        try:
            services.quiet_hours_set(user=request.user, start=times["start"], end=times["end"])
        except Invalid as exc:
            fields = {name: msgs[0] for name, msgs in exc.fields.items()}
    if fields:
        return _settings_page(request, status=422, errors={"quiet": fields})
    if times["start"] is None:
        return _done(request, "Quiet hours are off.")
    return _done(request, f"Quiet from {times['start']:%H:%M} to {times['end']:%H:%M}.")


@login_required
@require_GET
def notification_list(request: AuthedRequest) -> HttpResponse:
    """The user's notifications, newest first; unread ones are marked."""
    paginator = Paginator(selectors.notifications(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": list(page.object_list),
        "unread": selectors.unread_count(request.user),
    }
    template = (
        "notifications/_list.html"
        if request.htmx and request.htmx.target == "notification-list"
        else "notifications/list.html"
    )
    return render(request, template, context)


@login_required
@require_POST
def notification_open(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Mark one read and go where it leads."""
    notification = get_object_or_404(Notification, user=request.user, uuid=uuid)
    services.mark_read(user=request.user, notification=notification)
    return redirect(notification.url)


@login_required
@require_POST
def mark_all_read(request: AuthedRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    if request.htmx and request.htmx.target == "notification-list":
        return notification_list_partial(request)
    messages.success(request, f"Marked {count} read." if count else "Nothing was unread.")
    return redirect("notifications:index")


def notification_list_partial(request: AuthedRequest) -> HttpResponse:
    paginator = Paginator(selectors.notifications(request.user), PAGE_SIZE)
    page = paginator.get_page(1)
    return render(
        request,
        "notifications/_list.html",
        {"page": page, "rows": list(page.object_list), "unread": 0},
    )
