"""Break a project into tasks: 5–10 first steps for a project."""

from __future__ import annotations

import re
from typing import Final

from ..features import BREAK_PROJECT_STEPS
from .reading import clean_title, description_steps, verb_shaped
from .steps import distinct, merge_overflow, top_up
from .words import (
    COMMON_VERBS,
    DETERMINERS,
    KNOWN_LOWER,
    PHRASAL,
    PROJECT_STEPS,
    clip_words,
    gerund,
    keys_of,
    lower_first,
    verb_base,
)

_GENERIC_PROJECT_STEPS: Final = (
    "Break the work into three or four parts",
    "Pick the first concrete action and do it",
    "Write down who can help",
    "Tell anyone involved what the plan is",
)


def _project_ref(title: str) -> str:
    """How steps name a project: "the kitchen renovation", "moving to Berlin", "Mum's 60th",
    or the title in quotes when it is one unknown word."""
    text = clean_title(title)
    words = text.split()
    if not words:
        return "the project"
    lowered = [re.sub(r"[^\w'-]", "", w).lower() for w in words]
    first = verb_base(lowered[0])
    verb_led = first in COMMON_VERBS or lowered[0] in PHRASAL or verb_shaped(lowered)
    if verb_led and len(words) > 1:
        return clip_words(f"{gerund(first)} {' '.join(words[1:])}", 10, 80)
    if "'" in words[0] or "’" in words[0] or first in DETERMINERS:
        return clip_words(lower_first(text), 10, 80)
    if len(words) > 1 or words[0][:1].islower() or first in KNOWN_LOWER:
        return clip_words("the " + lower_first(text), 10, 80)
    return f"“{clip_words(text, 10, 80)}”"


def break_project(title: str, description: str) -> list[str]:
    """5–10 first steps for a project, deterministic and offline.

    Pin down the outcome, list what is needed, the first concrete actions (the description's
    own steps when it lists any, else actions picked by the title's words: a move, a launch, a
    renovation, a course…), then a target date and a check-in. Steps are distinct, at most 200
    characters each, and never the title itself.
    """
    low, high = BREAK_PROJECT_STEPS
    ref = _project_ref(title)
    keys = keys_of(clean_title(title))
    actions = next(v.steps for v in PROJECT_STEPS if not v.keys or keys & v.keys)
    define = f"Write down what done looks like for {ref}"
    needs = f"List what {ref} needs: people, money, tools and time"
    closing = [
        f"Set a target date and a first milestone for {ref}",
        f"Schedule a check-in on {ref} for next week",
    ]
    listed = distinct(description_steps(description or "", None), title)
    if listed:
        # The description's own steps are the first actions, and keep all the room they need.
        middle = merge_overflow(listed, high - 1 - len(closing))
        middle = top_up(middle, [needs, *actions], title, low - 1 - len(closing))
    else:
        middle = [needs, *actions]
    steps = distinct([define, *middle, *closing], title)
    steps = top_up(steps, [needs, *actions, *_GENERIC_PROJECT_STEPS], title, low)
    return merge_overflow(steps, high)
