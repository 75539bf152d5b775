"""Template filters of the Insights pages (and of any page that draws its charts)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from minime.insights import charts

register = template.Library()


@register.filter
def cell(value: charts.Cell) -> SafeString:
    """A table cell's content: a link when it names an item."""
    return charts.format_cell(value)


@register.filter
def minutes(value: int | None) -> str:
    """25 → "25 min", 95 → "1 h 35 min"."""
    return charts.minutes_text(value)
