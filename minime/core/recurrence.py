"""Repeat rules for recurring tasks and routines (RFC 5545 RRULE, computed in the user's zone).

A rule is stored as the bare RRULE value, without DTSTART: ``"FREQ=WEEKLY;BYDAY=MO,WE,FR"``. The
series starts at an *anchor* (its first occurrence), whose local wall-clock time is the time of
day of every occurrence unless the rule sets BYHOUR/BYMINUTE.

Why wall clock: people mean "every day at 09:00 where I live", not "every 24 hours". If we expanded
the rule on aware or UTC datetimes, an occurrence after a daylight-saving change would drift by an
hour. So the rule is expanded by ``dateutil.rrule`` on NAIVE local wall-clock datetimes, and only
then is each one pinned to the user's IANA zone (``zoneinfo``):

* a wall time that does not exist (spring-forward gap) moves forward by the gap, so 02:30 on
  2026-03-29 in Europe/Berlin becomes 03:30 CEST;
* an ambiguous wall time (fall-back overlap) takes its first instance (``fold=0``).

Consequently two consecutive daily occurrences may be 23 or 25 hours apart in UTC; that is correct.

Contracts shared by every function here:

* ``tz`` is an IANA zone name; an unknown one raises ``ValueError``.
* Datetime inputs must be timezone-aware (any zone; they are converted to ``tz`` first); naive ones
  raise ``ValueError``. Every returned datetime is aware, in ``tz``.
* An invalid rule raises ``RecurrenceError`` (a ``ValueError``), with a message fit for users.
* Comparisons are between instants (UTC), never between wall times, which repeat at fall-back.
* Dates are supported from ``DATE_MIN`` to ``DATE_MAX`` (``minime.core.limits``): an input outside
  raises ``OutOfRange`` (a ``RecurrenceError``), and a series ends where the range ends, so no
  date arithmetic here can overflow what ``datetime`` holds.
* UNTIL may be a date (the whole local day is included), a floating local date-time, or a UTC
  date-time ending in ``Z``. Seconds of an anchor are kept, microseconds dropped (dateutil).
* As in dateutil (and unlike strict RFC 5545), an anchor that does not match the rule (say a Tuesday
  for ``BYDAY=MO``) is not itself an occurrence; the series then starts at the first match after it.

This module is pure Python (no Django) so it can be used and tested anywhere.
"""

from __future__ import annotations

import heapq
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from minime.core.limits import DATE_MAX, DATE_MIN

__all__ = [
    "PRESETS",
    "OutOfRange",
    "RecurrenceError",
    "describe",
    "next_from_completion",
    "next_occurrence",
    "occurrence_dates",
    "occurrences_between",
    "validate",
]

PRESETS: dict[str, str] = {
    "daily": "FREQ=DAILY",
    "weekdays": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "weekly": "FREQ=WEEKLY",
    "every_other_week": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "yearly": "FREQ=YEARLY",
}

# Wider than any UTC offset (max 14 h) plus any zone gap (max 24 h, Samoa 2011): nothing at wall
# time W can be more than this away from W read as UTC.
_MARGIN = timedelta(days=2)
_FREQS = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_TOO_OFTEN = ("HOURLY", "MINUTELY", "SECONDLY")
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7}
_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_WEEKDAYS = ["MO", "TU", "WE", "TH", "FR"]
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_LENGTHS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_UNTIL_RE = re.compile(r"(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?")


class RecurrenceError(ValueError):
    """An invalid repeat rule; ``str(error)`` is a sentence fit to show the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"That repeat rule isn't valid: {reason}.")


class OutOfRange(RecurrenceError):
    """A date outside the supported range was given (say, a start date in year 1)."""

    def __init__(self, name: str) -> None:
        ValueError.__init__(
            self,
            f"The {name.replace('_', ' ')} must fall between {DATE_MIN.isoformat()} "
            f"and {DATE_MAX.isoformat()}.",
        )


@dataclass(frozen=True)
class _Rule:
    """A validated rule: its normalised text and parts, with UNTIL parsed."""

    text: str
    parts: tuple[tuple[str, str], ...]
    until: date | datetime | None

    def build(
        self,
        dtstart: datetime,
        zone: ZoneInfo,
        *,
        with_count: bool = True,
        near: datetime | None = None,
    ) -> rrule:
        """The dateutil rule over naive local wall time, starting at naive ``dtstart``.

        ``near``: the earliest wall time the caller will read. dateutil walks every occurrence
        from the start, so a daily routine begun years ago would cost thousands of steps per
        read; a DAILY or WEEKLY rule without COUNT repeats exactly every INTERVAL days or weeks,
        so its start moves forward by whole periods to just before ``near``, which gives the same
        occurrences from ``near`` on.
        """
        fields = dict(self.parts)
        if near is not None and fields["FREQ"] in _PERIOD_DAYS and "COUNT" not in fields:
            period = _PERIOD_DAYS[fields["FREQ"]] * int(fields.get("INTERVAL", "1"))
            periods = (near - dtstart).days // period - 1  # one to spare: a week's early days
            if periods > 0:
                dtstart += timedelta(days=periods * period)
        skip = {"UNTIL"} if with_count else {"UNTIL", "COUNT"}
        body = ";".join(f"{key}={value}" for key, value in self.parts if key not in skip)
        series = rrulestr(body, dtstart=dtstart)
        assert isinstance(series, rrule)  # one RRULE, never a set: validate() ensures it
        if self.until is not None:  # applied as local wall time, like everything else
            series = series.replace(until=_until_wall(self.until, zone))
        return series


# ---------------------------------------------------------------------------------------------
# Public API


def validate(rule: str) -> str:
    """Check ``rule`` and return it normalised (upper case, no ``RRULE:`` prefix, no spaces).

    Raises ``RecurrenceError`` for anything dateutil can't parse, a DTSTART or multi-line value,
    a missing or repeated part, COUNT or INTERVAL below 1, both COUNT and UNTIL, repeats more often
    than daily (HOURLY, MINUTELY, SECONDLY), and month/day combinations that can never happen.
    Infinite rules (no COUNT/UNTIL) are fine.
    """
    return _parse(rule).text


def next_occurrence(rule: str, *, anchor: datetime, after: datetime, tz: str) -> datetime | None:
    """The first occurrence strictly after ``after`` of the series that starts at ``anchor``.

    Returns ``None`` when the series has ended (COUNT or UNTIL) before that.
    """
    zone = _zone(tz)
    after_wall = _wall(after, zone, "after")
    series = _parse(rule).build(_wall(anchor, zone, "anchor"), zone, near=after_wall - _MARGIN)
    return _first_after(series, zone, after_wall, after.astimezone(UTC))


def next_from_completion(
    rule: str, *, completed_at: datetime, time_of_day: time | None, tz: str
) -> datetime | None:
    """The next occurrence of a "repeat from completion" task completed at ``completed_at``.

    The series restarts on the completion's LOCAL date (in ``tz``, even when UTC is already on
    another day) at ``time_of_day`` (default: the completion's local time truncated to the minute),
    and the result is its first occurrence strictly after that restart point. So DAILY;INTERVAL=3
    completed on a Tuesday gives Friday, WEEKLY;BYDAY=MO completed on a Wednesday gives the next
    Monday, MONTHLY;BYMONTHDAY=1 completed on 15 January gives 1 February.

    COUNT is ignored (each completion restarts the series; counting completions is the caller's
    job). UNTIL still applies: ``None`` when the next occurrence would fall after it.
    """
    zone = _zone(tz)
    local = _wall(completed_at, zone, "completed_at")
    at = time_of_day or local.time().replace(second=0, microsecond=0)
    restart = datetime.combine(local.date(), at.replace(tzinfo=None))
    series = _parse(rule).build(restart, zone, with_count=False)
    return _first_after(series, zone, restart, _instant(restart, zone))


def occurrences_between(
    rule: str, *, anchor: datetime, start: datetime, end: datetime, tz: str, limit: int = 1000
) -> list[datetime]:
    """Occurrences ``occ`` with ``start <= occ < end``, in order, at most ``limit`` of them."""
    zone = _zone(tz)
    since = _wall(start, zone, "start") - _MARGIN
    series = _parse(rule).build(_wall(anchor, zone, "anchor"), zone, near=since)
    start_utc, end_utc = start.astimezone(UTC), _utc(end, "end")
    found: list[datetime] = []
    for instant in _instants(series, zone, since):
        if instant >= end_utc or len(found) >= limit:
            break
        if instant >= start_utc:
            found.append(instant.astimezone(zone))
    return found


def occurrence_dates(rule: str, *, anchor: datetime, start: date, end: date, tz: str) -> list[date]:
    """The distinct local dates (in ``tz``) with an occurrence, ``start <= d <= end``, in order."""
    zone = _zone(tz)
    anchor_wall = _wall(anchor, zone, "anchor")
    _in_range(start, "start")
    _in_range(end, "end")
    since = datetime.combine(start, time.min) - _MARGIN
    series = _parse(rule).build(anchor_wall, zone, near=since)
    days: set[date] = set()
    for instant in _instants(series, zone, since):
        day = instant.astimezone(zone).date()
        if day > end + timedelta(days=1):  # local dates step back at most a few hours at fall-back
            break
        if start <= day <= end:
            days.add(day)
    return sorted(days)


def describe(rule: str, *, tz: str | None = None) -> str:
    """Short plain English for the UI, e.g. "Every week on Mon, Wed and Fri", "Every 3 days",
    "Every day at 07:30" (one BYHOUR, with or without one BYMINUTE).

    Rules it has no phrase for read "Repeats (custom rule)". COUNT adds ", 5 times" and UNTIL adds
    ", until 31 Dec 2026" (a UTC UNTIL is shown as the local date in ``tz`` when given). Raises
    ``RecurrenceError`` for an invalid rule.
    """
    parsed = _parse(rule)
    fields = dict(parsed.parts)
    at = ""
    hour, minute = fields.get("BYHOUR", ""), fields.get("BYMINUTE", "0")
    if hour.isdigit() and minute.isdigit() and fields.get("BYSECOND", "0") == "0":
        # One time of day ("at 07:00"): phrase the rest, then say the time.
        at = f" at {int(hour):02d}:{int(minute):02d}"
        fields = {k: v for k, v in fields.items() if k not in ("BYHOUR", "BYMINUTE", "BYSECOND")}
    phrase = _phrase(fields)
    text = phrase + at if phrase else "Repeats (custom rule)"
    if "COUNT" in fields:
        count = int(fields["COUNT"])
        text += ", once" if count == 1 else f", {count} times"
    if parsed.until is not None:
        day = parsed.until
        if isinstance(day, datetime):
            day = (day.astimezone(_zone(tz)) if tz and day.tzinfo else day).date()
        text += f", until {day.day} {_MONTHS[day.month - 1][:3]} {day.year}"
    return text


# ---------------------------------------------------------------------------------------------
# Parsing


@lru_cache(maxsize=512)
def _parse(rule: str) -> _Rule:
    text = re.sub(r"\s+", "", rule).upper().removeprefix("RRULE:")
    if not text:
        raise RecurrenceError("it's empty")
    if ":" in text:
        raise RecurrenceError("it should be a single rule such as FREQ=WEEKLY, with no start date")
    parts: list[tuple[str, str]] = []
    for part in filter(None, text.split(";")):
        key, sep, value = part.partition("=")
        if not sep or not key or not value:
            raise RecurrenceError(f"“{part}” isn't understood")
        if key in dict(parts):
            raise RecurrenceError(f"{key} appears more than once")
        parts.append((key, value))
    fields = dict(parts)

    freq = fields.get("FREQ")
    if freq in _TOO_OFTEN:
        raise RecurrenceError("Repeats more often than daily aren't supported")
    if freq not in _FREQS:
        raise RecurrenceError("it needs FREQ=DAILY, WEEKLY, MONTHLY or YEARLY")
    if "COUNT" in fields and "UNTIL" in fields:
        raise RecurrenceError("it can't have both COUNT and UNTIL")
    for key in ("COUNT", "INTERVAL"):
        if key in fields and not (fields[key].isdigit() and int(fields[key]) >= 1):
            raise RecurrenceError(f"{key} must be a whole number of at least 1")
    until = _parse_until(fields["UNTIL"]) if "UNTIL" in fields else None

    parsed = _Rule(text=";".join(f"{k}={v}" for k, v in parts), parts=tuple(parts), until=until)
    try:
        parsed.build(datetime(2000, 1, 1), ZoneInfo("UTC"))  # noqa: DTZ001 - naive by design
    except (ValueError, TypeError, KeyError) as exc:
        raise RecurrenceError(str(exc) or "it couldn't be understood") from exc
    _check_calendar(fields)
    return parsed


def _parse_until(value: str) -> date | datetime:
    match = _UNTIL_RE.fullmatch(value)
    try:
        if match is None:
            raise ValueError(value)
        y, m, d, hh, mm, ss, z = match.groups()
        if hh is None:
            return date(int(y), int(m), int(d))
        tzinfo = UTC if z else None  # floating (no Z): a local wall time
        return datetime(int(y), int(m), int(d), int(hh), int(mm), int(ss), tzinfo=tzinfo)
    except ValueError as exc:
        raise RecurrenceError(f"UNTIL “{value}” isn't a date like 20261231") from exc


def _check_calendar(fields: dict[str, str]) -> None:
    """Reject month/day combinations that never happen (dateutil would search to year 9999)."""
    months = [int(m) for m in fields.get("BYMONTH", "").split(",") if m] or list(range(1, 13))
    if any(not 1 <= m <= 12 for m in months):
        raise RecurrenceError("months run from 1 to 12")
    if "BYMONTHDAY" not in fields:
        return
    days = [int(d) for d in fields["BYMONTHDAY"].split(",")]
    if not any(0 < abs(d) <= _MONTH_LENGTHS[m - 1] for m in months for d in days):
        raise RecurrenceError("that day of the month never happens")


# ---------------------------------------------------------------------------------------------
# Time helpers


def _zone(tz: str) -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown time zone: {tz!r}") from exc


def _utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")
    return moment.astimezone(UTC)


def _in_range(day: date, name: str) -> None:
    if not DATE_MIN <= day <= DATE_MAX:
        raise OutOfRange(name)


def _wall(moment: datetime, zone: ZoneInfo, name: str) -> datetime:
    """The naive local wall-clock time of aware ``moment`` in ``zone``. Raises OutOfRange for a
    moment outside the supported dates (checked first: converting it could overflow)."""
    _in_range(moment.date(), name)
    wall = _utc(moment, name).astimezone(zone).replace(tzinfo=None)
    _in_range(wall.date(), name)
    return wall


def _instant(wall: datetime, zone: ZoneInfo) -> datetime:
    """Pin naive wall time ``wall`` in ``zone`` to an instant (UTC).

    ``fold=0`` means: in a fall-back overlap, the first instance; in a spring-forward gap, the
    offset from before the gap, i.e. the time moves forward by the gap (02:30 -> 03:30).
    """
    return wall.replace(tzinfo=zone, fold=0).astimezone(UTC)


def _until_wall(until: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(until, datetime):
        return datetime.combine(until, time.max)  # a date includes that whole local day
    if until.tzinfo is None:
        return until
    return until.astimezone(zone).replace(tzinfo=None)


def _instants(series: rrule, zone: ZoneInfo, since: datetime) -> Iterator[datetime]:
    """The series' occurrences from wall time ``since`` on, as sorted, distinct UTC instants.

    Pinning to the zone can reorder or merge occurrences within a gap (02:30 becomes 03:30, after a
    03:15 occurrence), so each one is held back until no later wall time can land before it.
    """

    def ordered() -> Iterator[datetime]:
        pending: list[datetime] = []
        for wall in series.xafter(since, inc=True):
            if wall.date() > DATE_MAX:  # the series ends with the supported range
                break
            heapq.heappush(pending, _instant(wall, zone))
            while pending and pending[0] < wall.replace(tzinfo=UTC) - _MARGIN:
                yield heapq.heappop(pending)
        while pending:
            yield heapq.heappop(pending)

    return (instant for instant, _ in itertools.groupby(ordered()))


def _first_after(
    series: rrule, zone: ZoneInfo, after_wall: datetime, after_utc: datetime
) -> datetime | None:
    for instant in _instants(series, zone, after_wall - _MARGIN):
        if instant > after_utc:
            return instant.astimezone(zone)
    return None


# ---------------------------------------------------------------------------------------------
# Describing


def _phrase(fields: dict[str, str]) -> str | None:
    freq, interval = fields["FREQ"], int(fields.get("INTERVAL", "1"))
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[freq]
    every = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
    extra = {k: v for k, v in fields.items() if k not in {"FREQ", "INTERVAL", "COUNT", "UNTIL"}}
    extra.pop("WKST", None)
    if not extra:
        return every
    byday = extra.get("BYDAY", "").split(",")
    if set(extra) == {"BYDAY"} and all(d in _DAYS for d in byday):
        days = [d for d in _DAYS if d in byday]  # week order, no repeats
        if interval == 1 and freq in ("DAILY", "WEEKLY") and days == _WEEKDAYS:
            return "Every weekday"
        if freq == "WEEKLY":
            if len(days) == 1:
                return f"{every} on {_DAYS[days[0]]}"
            short = [_DAYS[d][:3] for d in days]
            return f"{every} on {', '.join(short[:-1])} and {short[-1]}"
    monthday = extra.get("BYMONTHDAY", "")
    if not re.fullmatch(r"-1|[1-9]|[12]\d|3[01]", monthday):
        return None
    if freq == "MONTHLY" and set(extra) == {"BYMONTHDAY"}:
        return f"{every} on the {'last day' if monthday == '-1' else _ordinal(int(monthday))}"
    month = extra.get("BYMONTH", "")
    if freq == "YEARLY" and set(extra) == {"BYMONTH", "BYMONTHDAY"} and month.isdigit():
        return None if monthday == "-1" else f"{every} on {monthday} {_MONTHS[int(month) - 1]}"
    return None


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
