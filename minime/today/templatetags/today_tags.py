"""Small formatting helpers for the Today templates (the wording lives in engine/texts.py)."""

from __future__ import annotations

from django import template

from minime.today.engine import texts

register = template.Library()


@register.filter
def minutes(value: int | None) -> str:
    """120 → "2 h"; the engine's duration wording."""
    return texts.duration(int(value or 0))
