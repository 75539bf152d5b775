"""When a schedule trigger fires: UTC instants, safe across daylight-saving changes.

The rules:

* A schedule fires once on each picked weekday at its local time in the user's zone.
* A local time that does not exist that day (the clocks jump over it) fires at the first instant
  after the gap, once: 01:30 on the day London springs forward fires at 02:00 BST (01:00 UTC).
* A local time that occurs twice (the clocks go back) fires once, at the first occurrence.
* ``schedule_instances(trigger, zone, after, until)`` gives the instants in ``(after, until]``:
  a scheduler that remembers the last ``until`` and asks again from there sees each instance
  exactly once, however often or rarely it runs.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

from .rules import Trigger, zone

__all__ = ["MAX_WINDOW", "fires_at", "instance_on", "schedule_instances"]

# The longest window one call may ask about (a scheduler that was down a year starts over).
MAX_WINDOW = timedelta(days=400)


@lru_cache(maxsize=4096)
def instance_on(day: date, at: time, zone_name: str) -> datetime:
    """The UTC instant when a schedule at ``at`` fires on the local ``day`` (see the rules)."""
    tz = zone(zone_name)
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=tz, fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == wall:
        return utc  # exists (fold=0 is the first of two occurrences)
    # In a gap: fold=0 reads the wall time with the offset before the jump (an instant after
    # the jump), fold=1 with the offset after it (an instant before it). The jump lies between:
    # find it to the second (transitions happen on whole seconds).
    before = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    offset_before = before.astimezone(tz).utcoffset()
    low, high = int(before.timestamp()), int(utc.timestamp())  # low: old offset; high: new
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset_before:
            low = middle
        else:
            high = middle
    return datetime.fromtimestamp(high, UTC)


def _check_window(after: datetime, until: datetime) -> None:
    for name, value in (("after", after), ("until", until)):
        if value.utcoffset() is None:
            raise ValueError(f"{name} must be timezone-aware, got {value!r}")
    if until - after > MAX_WINDOW:
        raise ValueError(f"The window is at most {MAX_WINDOW.days} days, got {until - after}")


def schedule_instances(
    trigger: Trigger, zone_name: str, after: datetime, until: datetime
) -> list[datetime]:
    """The UTC instants in ``(after, until]`` when the schedule ``trigger`` fires, in order."""
    if trigger.kind != "schedule" or trigger.at is None or not trigger.weekdays:
        raise ValueError(f"Not a complete schedule trigger: {trigger!r}")
    _check_window(after, until)
    if until <= after:
        return []
    tz = zone(zone_name)
    # One day either side: a gap's instant can fall on the next local day's early hours.
    day = after.astimezone(tz).date() - timedelta(days=1)
    last = until.astimezone(tz).date() + timedelta(days=1)
    weekdays = frozenset(trigger.weekdays)
    found = []
    while day <= last:
        if day.weekday() in weekdays:
            instant = instance_on(day, trigger.at, zone_name)
            if after < instant <= until:
                found.append(instant)
        day += timedelta(days=1)
    found.sort()
    return found


def fires_at(trigger: Trigger, zone_name: str, instant: datetime) -> bool:
    """Whether the schedule ``trigger`` fires exactly at ``instant`` (a "schedule" event)."""
    if trigger.at is None:
        return False
    local_day = instant.astimezone(zone(zone_name)).date()
    weekdays = trigger.weekdays
    for day in (local_day, local_day - timedelta(days=1)):
        if day.weekday() in weekdays and instance_on(day, trigger.at, zone_name) == instant:
            return True
    return False
