"""Writes for calendars: connect, rename or recolour, disconnect, and reading a feed (sync).

Connecting stores the address encrypted and queues a first read; nothing waits on the calendar's
server in a request. ``sync`` (run by the ``sync_calendar`` job) fetches the feed through the
guarded outbound client, with ``If-None-Match`` / ``If-Modified-Since`` when the server gave an
ETag or Last-Modified, and replaces the cached events of the next ``DAYS`` days in one
transaction. A failed read keeps the last good events, says why on the calendar, and drops them
only once they are older than ``KEEP_STALE`` (a week-old cache no longer describes the week).

Every function acts on one person's own calendars (``binds_user`` or a calendar they own).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.calendars import ical
from minime.calendars.models import Calendar, CalendarEvent, Colour
from minime.core import crypto, limits, outbound
from minime.core.db import as_user, binds_user
from minime.core.errors import Invalid, NotAllowed

if TYPE_CHECKING:
    from minime.accounts.models import User

DAYS = 7
STALE_AFTER = dt.timedelta(minutes=15)  # Today asks for a fresh read after this
KEEP_STALE = dt.timedelta(days=7)
FEED_ERRORS = {
    401: ("refused", "The calendar's server refused the address: is it still the private one?"),
    403: ("refused", "The calendar's server refused the address: is it still the private one?"),
    404: ("not_found", "No calendar at this address any more: it may have been reset."),
    410: ("not_found", "No calendar at this address any more: it may have been reset."),
}


def _plan_check(user: User) -> None:
    if not may_use(user, Feature.CALENDAR):
        plan = LOWEST_PLAN_FOR[Feature.CALENDAR].label
        raise NotAllowed(f"Connecting a calendar is part of {plan} and Max.")


def address_hint(url: str) -> str:
    """What the pages show of a private address: its host and its last four characters."""
    parsed = outbound.normalise(url)
    tail = str(parsed).rstrip("/")[-4:]
    return f"{parsed.host}/…{tail}"[:80]


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise Invalid("Paste the calendar's address.", fields={"url": ["Paste the address."]})
    if len(url) > limits.CALENDAR_URL_MAX:
        message = f"An address has at most {limits.CALENDAR_URL_MAX:,} characters."
        raise Invalid(message, fields={"url": [message]})
    try:
        normal = outbound.normalise(url)
    except outbound.OutboundError as error:
        raise Invalid(error.message, fields={"url": [error.message]}) from None
    if normal.scheme != "https" and normal.host not in outbound.allowed_hosts():
        message = "Use the https:// (or webcal://) address: a private address travels encrypted."
        raise Invalid(message, fields={"url": [message]})
    return url


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if len(name) > limits.CALENDAR_NAME_MAX:
        message = f"At most {limits.CALENDAR_NAME_MAX} characters."
        raise Invalid(message, fields={"name": [message]})
    return name


def _clean_colour(colour: str) -> str:
    if colour not in Colour.values:
        message = "Pick one of the colours."
        raise Invalid(message, fields={"colour": [message]})
    return colour


@binds_user
def calendar_connect(*, user: User, url: str, name: str = "", colour: str = "") -> Calendar:
    """Connect a calendar by its private iCal address and queue its first read (on commit).
    Raises NotAllowed (plan) or Invalid (address, name, colour, too many calendars)."""
    _plan_check(user)
    url = _clean_url(url)
    name = _clean_name(name)
    existing = Calendar.objects.filter(user=user)
    count = existing.count()
    if count >= limits.CALENDARS_MAX:
        message = limits.too_many("calendars", limits.CALENDARS_MAX) + " Disconnect one first."
        raise Invalid(message, fields={"url": [message]})
    colours = list(Colour.values)
    calendar = Calendar.objects.create(
        user=user,
        name=name or ("Calendar" if count == 0 else f"Calendar {count + 1}"),
        colour=_clean_colour(colour) if colour else colours[count % len(colours)],
        url_encrypted=crypto.encrypt(url),
        url_hint=address_hint(url),
    )
    _queue(calendar)
    return calendar


@binds_user
def calendar_update(
    *, user: User, calendar: Calendar, name: str | None = None, colour: str | None = None
) -> Calendar:
    """Rename or recolour one of the person's calendars. Raises Invalid."""
    fields = []
    if name is not None:
        cleaned = _clean_name(name)
        if not cleaned:
            raise Invalid("Give the calendar a name.", fields={"name": ["Give it a name."]})
        calendar.name = cleaned
        fields.append("name")
    if colour is not None:
        calendar.colour = _clean_colour(colour)
        fields.append("colour")
    if fields:
        calendar.save(update_fields=fields)
    return calendar


@binds_user
def calendar_disconnect(*, user: User, calendar: Calendar) -> None:
    """Forget a calendar: its address and every cached event of it."""
    Calendar.objects.filter(user=user, pk=calendar.pk).delete()


@binds_user
def calendar_sync_soon(*, user: User, calendar: Calendar) -> None:
    """Queue a read of one calendar now (the Sync button)."""
    _queue(calendar)


def refresh_stale(*, user: User, now: dt.datetime | None = None) -> list[Calendar]:
    """The person's calendars (one query), after queueing a read of each not read for
    ``STALE_AFTER``. Today calls this as it draws, from the person's own request (so not
    ``binds_user``, whose check would cost a query more): it never waits for the reads, and it
    shows the calendars whose last read failed."""
    cutoff = (now or timezone.now()) - STALE_AFTER
    calendars = list(Calendar.objects.filter(user=user))
    if may_use(user, Feature.CALENDAR):
        for calendar in calendars:
            if calendar.tried_at is None or calendar.tried_at < cutoff:
                _queue(calendar)
    return calendars


def _queue(calendar: Calendar) -> None:
    from minime.calendars.jobs import sync_calendar

    calendar_id, user_id = calendar.pk, calendar.user_id
    transaction.on_commit(lambda: sync_calendar.enqueue(calendar_id=calendar_id, user_id=user_id))


# --- Reading a feed ----------------------------------------------------------------------------
def sync(*, calendar_id: int, user_id: int, now: dt.datetime | None = None) -> str:
    """Read one calendar's feed and replace its cached events; return what happened (for the
    job's record): "read N events", "unchanged", "gone" or the error code."""
    now = now or timezone.now()
    with as_user(user_id):
        calendar = Calendar.objects.select_related("user").filter(pk=calendar_id).first()
        if calendar is None:
            return "gone"
        try:
            url = crypto.decrypt(calendar.url_encrypted)
        except crypto.SecretUnreadable:
            return _failed(
                calendar, now, "unreadable", "The address can no longer be read: connect it again."
            )
        user = calendar.user
        if not may_use(user, Feature.CALENDAR):
            return "not on the plan"  # kept until disconnected, never read again
        Calendar.objects.filter(pk=calendar.pk).update(tried_at=now)
    headers = {"Accept": "text/calendar, */*;q=0.5"}
    if calendar.etag:
        headers["If-None-Match"] = calendar.etag
    if calendar.last_modified:
        headers["If-Modified-Since"] = calendar.last_modified
    try:
        response = outbound.fetch(url, headers=headers, max_bytes=limits.CALENDAR_FEED_MAX_BYTES)
    except outbound.OutboundError as error:
        return _failed(calendar, now, error.code, _fetch_message(error))
    if response.status == 304:
        return _read(calendar, now, None, response)
    if response.status in FEED_ERRORS:
        return _failed(calendar, now, *FEED_ERRORS[response.status])
    if not 200 <= response.status < 300:
        return _failed(
            calendar,
            now,
            "server",
            f"The calendar's server answered with an error ({response.status}).",
        )
    today = now.astimezone(user.tz).date()
    try:
        found = ical.expand(response.content, zone=user.time_zone, start=today, days=DAYS)
    except ical.FeedError as error:
        return _failed(calendar, now, error.code, error.message)
    return _read(calendar, now, found, response)


def _fetch_message(error: outbound.OutboundError) -> str:
    if error.code == "too_big":
        return f"The calendar is larger than {limits.CALENDAR_FEED_MAX_BYTES // 1_000_000} MB."
    return error.message


def _read(
    calendar: Calendar,
    now: dt.datetime,
    found: list[ical.Occurrence] | None,
    response: outbound.Response,
) -> str:
    with as_user(calendar.user_id):
        Calendar.objects.filter(pk=calendar.pk).update(
            synced_at=now,
            error_code="",
            error="",
            etag=response.header("etag")[:200] or calendar.etag,
            last_modified=response.header("last-modified")[:100] or calendar.last_modified,
        )
        if found is None:
            return "unchanged"
        CalendarEvent.objects.filter(calendar_id=calendar.pk).delete()
        CalendarEvent.objects.bulk_create(
            [
                CalendarEvent(
                    user_id=calendar.user_id,
                    calendar_id=calendar.pk,
                    uid=o.uid,
                    title=o.title,
                    starts_at=o.starts_at,
                    ends_at=o.ends_at,
                    all_day=o.all_day,
                )
                for o in found
            ],
            batch_size=500,
        )
    return f"read {len(found)} events"


def _failed(calendar: Calendar, now: dt.datetime, code: str, message: str) -> str:
    """Record why the read failed; keep the last good events unless they are too old."""
    with as_user(calendar.user_id):
        Calendar.objects.filter(pk=calendar.pk).update(error_code=code[:20], error=message[:200])
        if calendar.synced_at is None or calendar.synced_at < now - KEEP_STALE:
            CalendarEvent.objects.filter(calendar_id=calendar.pk).delete()
    return code
