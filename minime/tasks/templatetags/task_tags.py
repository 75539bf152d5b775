"""Template helpers for task rows."""

from __future__ import annotations

from django import template

from minime.core.recurrence import RecurrenceError, describe

register = template.Library()


@register.filter
def repeat_text(rule: str) -> str:
    """A repeat rule in plain English ("Every week on Monday"); "" for none."""
    if not rule:
        return ""
    try:
        return describe(rule)
    except RecurrenceError:
        return "Repeats (custom rule)"
