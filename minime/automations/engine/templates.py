"""Templates: the text of an action, with a few safe placeholders filled in per event.

The rules:

* A placeholder is a name in braces, one of ``PLACEHOLDERS``: ``{task}``, ``{project}``,
  ``{area}``, ``{goal}``, ``{milestone}``, ``{routine}``, ``{count}``, ``{minutes}``, ``{date}``,
  ``{weekday}``. Each trigger offers only some of them (``rules.PLACEHOLDERS_FOR``); any other
  name, or a known one the trigger does not have, is refused when the rule is validated.
* ``{{`` and ``}}`` are a literal ``{`` and ``}``. A lone ``{`` or ``}`` is refused.
* Templates are parsed here, once, into literal text and placeholder names. Rendering joins the
  parts with the event's values: nothing is evaluated (no ``str.format`` on user text, so
  ``{task!r}``, ``{task.__class__}`` or ``{0}`` are just unknown placeholders), a missing value
  renders as an empty string, and the result is cut to the action's limit with an ellipsis.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

__all__ = [
    "PLACEHOLDERS",
    "Template",
    "TemplateError",
    "cut",
    "parse_template",
]

# Every placeholder, in the order messages list them.
PLACEHOLDERS = (
    "task",
    "project",
    "area",
    "goal",
    "milestone",
    "routine",
    "count",
    "minutes",
    "date",
    "weekday",
)
_KNOWN = frozenset(PLACEHOLDERS)
# A bad placeholder is quoted in a message up to this many characters (the text is the user's).
_QUOTE_MAX = 30
ELLIPSIS = "…"


class TemplateError(ValueError):
    """A template the user must fix; the message says what and how."""


@dataclass(frozen=True, slots=True)
class Template:
    """A parsed template: ``parts`` alternate literal text (``str``) and placeholder names
    (``Placeholder``). ``names``: the placeholders it uses."""

    source: str
    parts: tuple[str | Placeholder, ...]

    @property
    def names(self) -> frozenset[str]:
        return frozenset(p.name for p in self.parts if isinstance(p, Placeholder))

    def render(self, values: Mapping[str, str], limit: int) -> str:
        """The text for one event: each placeholder's value (missing → ""), cut to ``limit``."""
        text = "".join(
            values.get(part.name, "") if isinstance(part, Placeholder) else part
            for part in self.parts
        )
        return cut(text, limit)


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str


def cut(text: str, limit: int) -> str:
    """``text`` if it fits in ``limit`` characters, else its start and an ellipsis (``limit`` in
    all)."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def _quote(name: str) -> str:
    shown = name if len(name) <= _QUOTE_MAX else name[:_QUOTE_MAX] + ELLIPSIS
    return "{" + shown + "}"


def _usable(allowed: Collection[str]) -> str:
    names = [f"{{{n}}}" for n in PLACEHOLDERS if n in allowed]
    return ", ".join(names) if names else "no placeholders here"


def parse_template(source: str, allowed: Collection[str], *, when: str = "") -> Template:
    """Parse ``source``; raise ``TemplateError`` on the first mistake.

    ``allowed``: the placeholder names this trigger has. ``when``: how messages name the trigger
    ("when a task is completed"), for a known placeholder the trigger does not have."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    i, end = 0, len(source)
    while i < end:
        char = source[i]
        if char == "{":
            if source.startswith("{{", i):
                literal.append("{")
                i += 2
                continue
            close = source.find("}", i + 1)
            opening = source.find("{", i + 1)
            if close == -1 or (opening != -1 and opening < close):
                raise TemplateError(
                    f"Unmatched {{ at character {i + 1}: write {{{{ for a literal brace."
                )
            name = source[i + 1 : close]
            if name not in _KNOWN:
                raise TemplateError(
                    f"Unknown placeholder {_quote(name)}: use {_usable(allowed)}"
                    " (or {{ and }} for literal braces)."
                )
            if name not in allowed:
                raise TemplateError(
                    f"{{{name}}} is not available {when or 'for this trigger'}: "
                    f"use {_usable(allowed)}."
                )
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(Placeholder(name))
            i = close + 1
        elif char == "}":
            if source.startswith("}}", i):
                literal.append("}")
                i += 2
                continue
            raise TemplateError(
                f"Unmatched }} at character {i + 1}: write }}}} for a literal brace."
            )
        else:
            # Copy the run of plain text up to the next brace in one step.
            nxt = min(
                (j for j in (source.find("{", i), source.find("}", i)) if j != -1), default=end
            )
            literal.append(source[i:nxt])
            i = nxt
    if literal:
        parts.append("".join(literal))
    return Template(source, tuple(parts))
