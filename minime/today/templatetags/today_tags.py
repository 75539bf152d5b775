"""Small formatting helpers for the Today templates (the wording lives in engine/texts.py)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django import template

from minime.today.engine import texts

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """120 → "2 h"; the engine's duration wording."""
    return texts.duration(int(value or 0))


# The stand-in id a row URL is reversed with once per page (``ROW_URLS``), replaced per row.
ANY_ID = "00000000-0000-0000-0000-000000000000"


@register.filter
def with_id(url: str, task_id: object) -> str:
    """A row URL reversed once for ``ANY_ID``, for the task ``task_id`` ({% url %} per row costs
    as much as the rest of the row)."""
    return url.replace(ANY_ID, str(task_id))


@register.filter
def lookup(mapping: Mapping[Any, Any], key: object) -> Any:
    """``mapping[key]``, or None: a plan's next step or note for a row's task."""
    return mapping.get(key) if mapping else None


@register.filter
def day_name(value: date, today: date) -> str:
    """ "tomorrow", "Monday", "12 March": the engine's day wording."""
    return texts.day(value, today)
