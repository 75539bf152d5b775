"""Calendar arithmetic for Smart Add's date words. Dates only: no clock, no zone.

Every function takes ``today`` (the user's local date) and returns a ``date``; none looks at a
clock, so a DST change cannot move a date. Impossible dates return ``None`` instead of raising.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta

FRIDAY, SATURDAY = 4, 5

# Meteorological seasons (northern hemisphere): the month each one starts in.
SEASON_START = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}


def days_in_month(year: int, month: int) -> int:
    return _stdlib_calendar.monthrange(year, month)[1]


def safe_date(year: int, month: int, day: int) -> date | None:
    """``date(year, month, day)``, or None when there is no such day."""
    if not (1 <= month <= 12 and 1 <= year <= 9999) or not 1 <= day <= days_in_month(year, month):
        return None
    return date(year, month, day)


def add_days(today: date, days: int) -> date | None:
    try:
        return today + timedelta(days=days)
    except OverflowError:
        return None


def add_months(today: date, months: int) -> date | None:
    """``months`` calendar months later; a day the target month lacks becomes its last day
    (Jan 31 + 3 months = Apr 30), which is what "in 3 months" means to people."""
    index = today.year * 12 + today.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(today.day, days_in_month(year, month + 1)))


def add_business_days(today: date, days: int) -> date | None:
    """``days`` working days (Monday to Friday) later."""
    if days > 100_000:
        return None
    current = today
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < SATURDAY:
            days -= 1
    return current


def coming_weekday(today: date, weekday: int, *, today_counts: bool = False) -> date:
    """The next ``weekday`` to come. Today only when ``today_counts`` ("this Tuesday" said on a
    Tuesday); a bare "Tuesday" said on a Tuesday means the one a week later."""
    ahead = (weekday - today.weekday()) % 7
    if ahead == 0 and not today_counts:
        ahead = 7
    return today + timedelta(days=ahead)


def next_monday(today: date) -> date:
    """ "Next week": the coming Monday (a week later when today is Monday)."""
    return today + timedelta(days=7 - today.weekday())


def weekday_of_next_week(today: date, weekday: int) -> date:
    """ "Next Friday": the Friday of next week, i.e. of the week that starts on the coming Monday
    (the same reading as "next week")."""
    return next_monday(today) + timedelta(days=weekday)


def weekday_of_this_week(today: date, weekday: int) -> date:
    """ "Wednesday of this week": that day of the current week (Monday to Sunday), even when it
    has passed."""
    return today + timedelta(days=weekday - today.weekday())


def end_of_week(today: date) -> date:
    """ "End of week": the coming Friday, today when today is a Friday."""
    return coming_weekday(today, FRIDAY, today_counts=True)


def this_weekend(today: date) -> date:
    """ "This weekend": the coming Saturday, today when the weekend has begun."""
    if today.weekday() >= SATURDAY:
        return today
    return coming_weekday(today, SATURDAY)


def end_of_month(today: date) -> date:
    return today.replace(day=days_in_month(today.year, today.month))


def first_of_next_month(today: date) -> date | None:
    return add_months(today.replace(day=1), 1)


def next_day_of_month(today: date, day: int) -> date | None:
    """ "On the 15th": this month's 15th if it is today or later, else the next month that has a
    15th (so "the 31st" said in April means May 31)."""
    if not 1 <= day <= 31:
        return None
    for months in range(13):
        first = add_months(today.replace(day=1), months)
        if first is None:
            return None
        candidate = safe_date(first.year, first.month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def next_month_day(today: date, month: int, day: int, year: int | None = None) -> date | None:
    """ "15 March": this year's if it is today or later, else next year's. An explicit year is
    taken as said. Feb 29 waits for the next leap year."""
    if year is not None:
        return safe_date(year, month, day)
    for offset in range(9):
        candidate = safe_date(today.year + offset, month, day)
        if candidate is not None and candidate >= today:
            return candidate
    return None


def month_start(today: date, month: int, year: int | None = None) -> date | None:
    """ "In May", "by June": the month's first day; the current month's last day when said during
    it (its first day has passed); a month that has passed this year means next year's."""
    if year is not None:
        return safe_date(year, month, 1)
    if month == today.month:
        return end_of_month(today)
    return next_month_day(today, month, 1)


def season(today: date, name: str, *, at_end: bool = False, year: int | None = None) -> date:
    """A season as a horizon: its first day ahead ("by summer" = June 1), or, while it is under
    way, its last day. ``at_end`` ("by the end of summer") always gives the last day. With a
    year, the season that starts in that year."""

    def bounds(start_year: int) -> tuple[date, date]:
        first_month = SEASON_START[name]
        last = first_month + 2  # three months; winter runs into the next year
        end_year, end_month = start_year + (last - 1) // 12, (last - 1) % 12 + 1
        return (
            date(start_year, first_month, 1),
            date(end_year, end_month, days_in_month(end_year, end_month)),
        )

    if year is not None:
        start, end = bounds(year)
        return end if at_end else start
    for start_year in (today.year - 1, today.year, today.year + 1):
        start, end = bounds(start_year)
        if end >= today:
            break
    return end if at_end or start <= today else start
