"""The bounds every input is held to, in one place: forms, services and the API read them here.

A value outside these bounds is refused with a clear message (a form error, or a 422 in the API's
error envelope) before anything is written. The OpenAPI schema states the same numbers, because
the API's input schemas are built from these constants.
"""

from __future__ import annotations

from datetime import date

# Calendar dates (due dates, do-on dates, start dates, target dates, check-in days, …). Wide
# enough for any plan a person makes, narrow enough that date arithmetic around them (a repeat
# rule's next occurrence, a week's window, a time zone's margin) can never leave what Python's
# `date` can hold.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)


def date_in_range(value: date) -> bool:
    return DATE_MIN <= value <= DATE_MAX


DATE_RANGE_MESSAGE = f"Pick a date between {DATE_MIN.isoformat()} and {DATE_MAX.isoformat()}."
