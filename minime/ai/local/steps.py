"""Assembling a breakdown: distinct steps of a fitting length, topped up or merged to the range."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..features import MAX_STEP_CHARS, clean_step
from .reading import clean_title
from .words import fold, words_of


def _fit(text: str) -> str:
    """A step of at most 200 characters, cut at a word."""
    if len(text) <= MAX_STEP_CHARS:
        return text
    return text[: MAX_STEP_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:-—") + "…"


def _key(text: str) -> str:
    """What makes two steps the same: their words, without case, punctuation or articles."""
    return fold(" ".join(w for w in words_of(text) if w not in ("a", "an", "the")))


def distinct(steps: Iterable[str], title: str) -> list[str]:
    """Steps in order without repeats (case, punctuation and articles aside), and never the
    title itself ("Submit the expense report" under "Submit expense report")."""
    seen = {_key(title), _key(clean_title(title))}
    out: list[str] = []
    for raw in steps:
        step = _fit(clean_step(raw))
        key = _key(step)
        if key and key not in seen:
            seen.add(key)
            out.append(step)
    return out


def _overlaps(step: str, others: Sequence[str]) -> bool:
    """True when ``step`` says much the same as one of ``others`` (most content words shared)."""
    mine = {w for w in words_of(step) if len(w) > 3}
    for other in others:
        theirs = {w for w in words_of(other) if len(w) > 3}
        if mine and theirs and len(mine & theirs) / min(len(mine), len(theirs)) >= 0.75:
            return True
    return False


def top_up(steps: Sequence[str], extra: Sequence[str], title: str, want: int) -> list[str]:
    """``steps`` plus ``extra`` steps until there are ``want``: new ones first, then, only if
    still short, ones that overlap what is there."""
    out = distinct(steps, title)
    candidates = [s for s in distinct(extra, title) if _key(s) not in {_key(o) for o in out}]
    fresh = [s for s in candidates if not _overlaps(s, out)]
    for step in fresh + [s for s in candidates if s not in fresh]:
        if len(out) >= want:
            break
        out.append(step)
    return out


def merge_overflow(steps: list[str], high: int) -> list[str]:
    """At most ``high`` steps: the overflow is gathered into the last one, not dropped."""
    if len(steps) <= high:
        return steps
    return [*steps[: high - 1], _fit("Then: " + "; ".join(steps[high - 1 :]))]
