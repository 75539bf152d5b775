"""What one item said, before it is resolved against ``now``.

A ``Reading`` collects what the readers (``when.py``, ``times.py``, ``rules.py``, ``fields.py``)
found. Dates are kept as ``DateSpec`` (a function of the user's local date) and times as
``Clock`` (the hour as said, with or without am/pm), so the same reading serves ``parse``,
``read_when`` and ``read_recurrence``; only ``resolve`` looks at ``now``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time

from .lexicon import DAYPARTS, PM_DAYPARTS, RRULE_DAYS


@dataclass(frozen=True)
class DateSpec:
    """A date phrase: ``resolve(today)`` gives the date (None when there is no such day).
    ``horizon`` marks a season or a year: an aspiration's horizon, which makes a goal."""

    resolve: Callable[[date], date | None]
    horizon: bool = False


@dataclass(frozen=True)
class Clock:
    """A time as said. ``meridiem`` is "am", "pm" or None; ``literal`` means a 24-hour reading
    that no convention may change ("17:30", "09:00", "noon")."""

    hour: int
    minute: int = 0
    meridiem: str | None = None
    literal: bool = False

    def to_time(self, daypart: str | None) -> time | None:
        """The wall-clock time. A bare hour ("at 3"): 1 to 6 mean the
        afternoon, 7 to 12 as said; after an afternoon or evening word ("tonight at 9") any hour
        under 12 is pm ("12 at night" is midnight), and after "morning" the hour is taken as
        said."""
        hour = self.hour
        if self.meridiem == "am":
            hour = 0 if hour == 12 else hour
        elif self.meridiem == "pm":
            hour = hour if hour == 12 else hour + 12
        elif not self.literal:
            if daypart == "night" and hour == 12:
                hour = 0  # "12 at night": midnight
            elif daypart in PM_DAYPARTS:
                hour = hour + 12 if hour < 12 else hour
            elif daypart is None or "morning" not in daypart:
                hour = hour + 12 if 1 <= hour <= 6 else hour
        if not (0 <= hour <= 23 and 0 <= self.minute <= 59):
            return None
        return time(hour, self.minute)


@dataclass(frozen=True)
class Rule:
    """A recurrence as an RFC 5545 RRULE without DTSTART."""

    freq: str
    interval: int = 1
    byday: tuple[str, ...] = ()
    bymonthday: int | None = None
    bymonth: int | None = None

    def rrule(self, at: time | None = None) -> str:
        """The RRULE text; BYHOUR/BYMINUTE when a time was said (not for hourly rules)."""
        parts = [f"FREQ={self.freq}"]
        if self.interval > 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.bymonth is not None:
            parts.append(f"BYMONTH={self.bymonth}")
        if self.bymonthday is not None:
            parts.append(f"BYMONTHDAY={self.bymonthday}")
        if self.byday:
            parts.append("BYDAY=" + ",".join(self.byday))
        if at is not None and self.freq not in ("HOURLY", "MINUTELY"):
            parts.append(f"BYHOUR={at.hour};BYMINUTE={at.minute}")
        return ";".join(parts)


WEEKDAYS_RULE = tuple(RRULE_DAYS[:5])
WEEKEND_RULE = tuple(RRULE_DAYS[5:])


@dataclass
class Reading:
    """Everything one item's text said. Mutable while the readers run; first reading wins."""

    date: DateSpec | None = None
    clock: Clock | None = None
    after_minutes: int | None = None  # "in 2 hours": now + 120 minutes
    daypart: str | None = None
    today_said: bool = False  # "this morning": today, whatever the hour
    rule: Rule | None = None
    priority: str | None = None
    estimate_minutes: int | None = None
    span_minutes: int | None = None  # "3-5pm": the estimate when none is said
    energy: str | None = None
    project: str | None = None
    area: str | None = None
    labels: list[str] = field(default_factory=list)

    @property
    def horizon(self) -> bool:
        return self.date is not None and self.date.horizon

    @property
    def scheduled(self) -> bool:
        """Did it say anything that a plain note would not?"""
        return bool(
            self.date
            or self.clock
            or self.after_minutes is not None
            or self.daypart
            or self.today_said
            or self.rule
            or self.priority
            or self.estimate_minutes is not None
            or self.energy
        )

    def time_of_day(self) -> time | None:
        """The time said, or the part of the day's hour; None when neither was said."""
        if self.clock is not None:
            return self.clock.to_time(self.daypart)
        if self.daypart is not None:
            hour, minute = DAYPARTS[self.daypart]
            return time(hour, minute)
        return None
