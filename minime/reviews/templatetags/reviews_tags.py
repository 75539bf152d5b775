"""Filters for the numbers a review shows (live or from its stored snapshot, plain JSON)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

_DETAIL = {
    "task": "tasks:detail",
    "project": "tasks:project",
    "goal": "goals:detail",
    "routine": "routines:detail",
    "decision": "decisions:detail",
}


@register.filter
def duration(minutes: Any) -> str:
    """Minutes as "1 h 20 min", "45 min" or "0 min"."""
    total = int(minutes or 0)
    hours, rest = divmod(total, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"


@register.filter
def item_url(ref: dict[str, Any]) -> str:
    """The page of an item a snapshot names ("" when it has none, or it is not a kind we link)."""
    name = _DETAIL.get(str(ref.get("kind", "")))
    if name is None:
        return ""
    try:
        return reverse(name, kwargs={"uuid": ref["uuid"]})
    except (NoReverseMatch, KeyError):
        return ""


@register.filter
def get_step(answers: dict[str, Any], step: str) -> dict[str, Any]:
    """One step's answers (an empty dict when the step holds nothing)."""
    value = answers.get(step) if isinstance(answers, dict) else None
    return value if isinstance(value, dict) else {}
