"""Reading an iCalendar feed into the events of the next few days: plain Python (icalendar,
recurring-ical-events and x-wr-timezone; no Django), so it can be tested and measured on its own.

    occurrences = expand(data, zone="Europe/Berlin", start=date(2026, 12, 7), days=7)

The rules:

* ``data`` is the feed's bytes. Anything that is not a VCALENDAR (an HTML login page, a JSON
  error, a broken file) raises ``FeedError("not_a_calendar")``; a feed whose expansion fails on a
  malformed rule raises ``FeedError("unreadable")``. Never any other exception: one bad feed must
  not break the job that reads many.
* Google's exports name their zone in ``X-WR-TIMEZONE`` and write times in UTC; they are turned
  into standard iCalendar first (``x_wr_timezone.to_standard``), so recurring events keep their
  wall-clock time across daylight-saving changes.
* The window is ``days`` local days from ``start`` in ``zone`` (the user's zone). Recurring
  events are expanded with their exceptions (EXDATE), moved occurrences (RECURRENCE-ID) and extra
  dates (RDATE); an occurrence counts when it overlaps the window.
* Times: a datetime with a zone is converted to UTC; a floating time (no zone) is read in the
  user's zone; an all-day event (dates) runs from local midnight of its first day to local
  midnight after its last day, and says so (``all_day``). DTEND missing: DURATION, else one day
  for all-day and zero length for timed events.
* Cancelled occurrences (``STATUS:CANCELLED``) are left out. A missing title reads "(no title)";
  titles are cut to ``TITLE_MAX``. At most ``MAX_OCCURRENCES`` are returned (earliest first).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]

TITLE_MAX = 300
MAX_OCCURRENCES = 2_000
NO_TITLE = "(no title)"


class FeedError(Exception):
    """A feed that cannot be read. ``code``: not_a_calendar or unreadable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One event on the calendar in the window: UTC start and end, all-day or not, and an id
    that stays the same for the same occurrence across fetches (UID and recurrence id)."""

    uid: str
    title: str
    starts_at: datetime
    ends_at: datetime
    all_day: bool


def parse(data: bytes) -> icalendar.Calendar:
    """The calendar in ``data`` (Google's X-WR-TIMEZONE made standard); FeedError otherwise."""
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").upper().startswith(b"BEGIN:VCALENDAR"):
        raise FeedError("not_a_calendar", "This address does not give a calendar (iCal) file.")
    try:
        with warnings.catch_warnings():
            # icalendar warns when it guesses a vendor-prefixed zone name: guessing is the point.
            warnings.simplefilter("ignore")
            calendar = icalendar.Calendar.from_ical(data)
            return x_wr_timezone.to_standard(calendar)
    except Exception:  # the parser raises many kinds on broken input
        raise FeedError("not_a_calendar", "This calendar file could not be read.") from None


def expand(data: bytes, *, zone: str, start: date, days: int = 7) -> list[Occurrence]:
    """The occurrences overlapping ``days`` local days from ``start`` in ``zone`` (see the module's
    rules), earliest first."""
    calendar = parse(data)
    tz = ZoneInfo(zone)
    window_start = datetime.combine(start, time.min, tzinfo=tz)
    window_end = datetime.combine(start + timedelta(days=days), time.min, tzinfo=tz)
    try:
        query = recurring_ical_events.of(calendar, components=["VEVENT"], skip_bad_series=True)
        found = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            events = list(query.between(window_start, window_end))
        for event in events:
            occurrence = _occurrence(event, tz)
            if occurrence is not None and occurrence.ends_at > window_start.astimezone(UTC):
                found.append(occurrence)
    except FeedError:
        raise
    except Exception:
        raise FeedError(
            "unreadable", "This calendar has an event that could not be read."
        ) from None
    found.sort(key=lambda o: (o.starts_at, o.ends_at, o.title))
    return found[:MAX_OCCURRENCES]


def _occurrence(event: Any, tz: ZoneInfo) -> Occurrence | None:
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return None
    start = event.get("DTSTART")
    if start is None:
        return None
    first = start.dt
    all_day = isinstance(first, date) and not isinstance(first, datetime)
    end = event.get("DTEND")
    duration = event.get("DURATION")
    if end is not None:
        last = end.dt
    elif duration is not None:
        last = first + duration.dt
    else:
        last = first + timedelta(days=1) if all_day else first
    starts_at, ends_at = _utc(first, tz), _utc(last, tz)
    if ends_at < starts_at:
        ends_at = starts_at
    title = " ".join(str(event.get("SUMMARY", "")).split()) or NO_TITLE
    if len(title) > TITLE_MAX:
        title = title[: TITLE_MAX - 1].rstrip() + "…"
    uid = str(event.get("UID", "")) or title
    recurrence = event.get("RECURRENCE-ID")
    ident = f"{uid}/{_utc(recurrence.dt, tz).isoformat()}" if recurrence is not None else uid
    return Occurrence(ident[:300], title, starts_at, ends_at, all_day)


def _utc(value: date | datetime, tz: ZoneInfo) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.combine(value, time.min, tzinfo=tz)
    elif value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)
