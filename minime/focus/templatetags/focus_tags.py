"""Template filters of the Focus pages."""

from __future__ import annotations

from datetime import datetime

from django import template

register = template.Library()


@register.filter
def epoch_ms(value: datetime | None) -> str:
    """Milliseconds since 1970 (UTC), what the countdown script reads: exact whatever the
    browser's time zone and its date parser."""
    if value is None:
        return ""
    return str(int(value.timestamp() * 1000))


@register.filter
def minutes(value: int | None) -> str:
    """25 → "25 min", 95 → "1 h 35 min", 120 → "2 h"."""
    total = int(value or 0)
    hours, rest = divmod(total, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"
