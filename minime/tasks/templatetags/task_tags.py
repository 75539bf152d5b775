"""Template helpers for task rows."""

from __future__ import annotations

from functools import cache

from django import template
from django.utils.safestring import SafeString
from heroicons.templatetags.heroicons import heroicon_mini, heroicon_outline

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


@register.simple_tag
@cache
def task_icon(name: str, size: int = 16, style: str = "mini") -> SafeString:
    """A heroicon ("mini" or "outline") as inline SVG, built once per process: a list draws the
    same few icons on every row, and building one costs more than the rest of its row."""
    render = heroicon_outline if style == "outline" else heroicon_mini
    return SafeString(render(name, size=size))
