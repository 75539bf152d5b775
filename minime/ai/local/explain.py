"""Explain today: a 60–120 word summary of today's plan.

Fixed sentences are written from the explain_today payload only (the very fields a provider
would see), shortening titles and lists until the summary fits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final, cast

from ..features import FEATURES, SUMMARY_WORDS, word_count
from .words import cap, clip_words, wordset


def _plural(n: int, one: str) -> str:
    return f"{n} {one}" if n == 1 else f"{n} {one}s"


def _join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Reasons come as clauses ("its deadline is tomorrow"); a capital on these words is dropped so
# the clause reads inside a sentence. Other capitals (names) stay.
_CLAUSE_STARTS: Final = wordset(
    """it its it's this the a an you your due overdue high low medium fits quick pinned waiting
    short part has was is needs moves serves matches takes"""
)


def _clause(text: str, words: int) -> str:
    text = " ".join(text.split()).rstrip(".;,")
    first = text.split(" ", 1)[0]
    if first.lower() in _CLAUSE_STARTS and not first.isupper():
        text = text[:1].lower() + text[1:]
    return clip_words(text, words, words * 12)


def _name(text: str, words: int) -> str:
    return "“" + clip_words(" ".join(text.split()).rstrip(".;,"), words, words * 12) + "”"


@dataclass(frozen=True, slots=True)
class _Limits:
    title_words: int
    reasons: int
    reason_words: int
    waiting: int
    attention: int
    attention_words: int
    workload_words: int


# From roomy to tight: the first that fits 120 words is used. The last is short enough for any
# payload (under 75 words before padding), so a summary always fits.
_LIMITS: Final = (
    _Limits(12, 3, 12, 3, 3, 10, 12),
    _Limits(8, 2, 10, 3, 2, 8, 10),
    _Limits(6, 2, 8, 2, 2, 6, 8),
    _Limits(5, 1, 6, 1, 1, 5, 6),
    _Limits(4, 1, 4, 0, 1, 4, 4),
)

# Added, in order, while the facts alone are under 60 words; each is true of any plan.
_PADDING: Final = (
    "The order comes from your priorities, deadlines, energy and the time you have free.",
    "As you finish or skip tasks, the plan updates, so check back after each one.",
    "If the day changes, move what can wait and keep the first task in view.",
    "Small steps count: finishing the first task makes the rest of the day easier.",
)


def _workload_sentence(workload: str, words: int) -> str:
    """ "fits: 180 of 240 free minutes" -> "Your plan fits the time you have (180 of 240 free
    minutes)."; an unknown status is quoted as it is."""
    text = " ".join(workload.split()).rstrip(".")
    status, sep, detail = text.partition(":")
    status = status.strip().lower()
    detail = clip_words(detail.strip(), words, words * 12)
    if sep and detail and status in ("fits", "fits well", "ok", "fine", "on track", "light"):
        return f"Your plan fits the time you have ({detail})."
    if sep and detail and status.startswith(("over", "too much")):
        return f"The day is overloaded ({detail}), so move what can wait."
    if sep and detail and status in ("tight", "full", "busy", "at capacity"):
        return f"The day is full ({detail}), so protect your focus time."
    return f"Workload: {clip_words(text, words, words * 12)}."


def _explain(payload: Mapping[str, object], limits: _Limits) -> list[str]:
    # The payload has been through Feature.payload, so these types hold.
    today = cast(int, payload["tasks_today"])
    overdue = cast(int, payload["overdue"])
    top = cast(str | None, payload["top_task"])
    reasons = cast(list[str], payload["top_reasons"])
    can_wait = cast(list[str], payload["can_wait"])
    attention = cast(list[str], payload["attention"])
    were = "is" if overdue == 1 else "are"

    if today and overdue:
        counts = (
            f"You have {_plural(today, 'task')} on today's plan, and "
            f"{_plural(overdue, 'task')} {were} overdue."
        )
    elif today:
        counts = f"You have {_plural(today, 'task')} on today's plan and nothing overdue."
    elif overdue:
        counts = f"Nothing is planned for today, but {_plural(overdue, 'task')} {were} overdue."
    else:
        counts = "Nothing is planned for today and nothing is overdue."
    sentences = [counts]

    if top is not None and top.strip():
        why = [_clause(r, limits.reason_words) for r in reasons[: limits.reasons]]
        why = [r for r in why if r]
        if why:
            sentences.append(f"Start with {_name(top, limits.title_words)} because {_join(why)}.")
        else:
            sentences.append(
                f"Start with {_name(top, limits.title_words)}: it ranks first on today's list."
            )
    else:
        sentences.append("There is no single task to start with today.")

    if can_wait and limits.waiting:
        shown = [_name(t, limits.title_words) for t in can_wait[: limits.waiting]]
        if len(can_wait) > len(shown):
            shown.append(_plural(len(can_wait) - len(shown), "more task"))
        sentences.append(f"{_join(shown)} can wait.")
    elif can_wait:
        sentences.append(f"{cap(_plural(len(can_wait), 'task'))} can wait.")
    else:
        sentences.append("Nothing on the list is marked as able to wait.")

    if attention:
        shown = [_clause(a, limits.attention_words) for a in attention[: limits.attention]]
        if len(attention) > len(shown):
            shown.append(_plural(len(attention) - len(shown), "more item"))
        sentences.append(f"Also worth a look: {'; '.join(shown)}.")
    else:
        sentences.append("Nothing else needs your attention.")

    sentences.append(_workload_sentence(cast(str, payload["workload"]), limits.workload_words))
    return sentences


def explain_today(payload: Mapping[str, object]) -> str:
    """A 60–120 word plain-English summary of today's plan, from the explain_today payload only.

    Names the task to start with and its reasons, how many tasks are on today and overdue,
    what can wait, what needs attention and the workload. Long titles and lists are shortened
    ("and 4 more tasks") until the text fits; a short day is rounded out with general sentences
    about how the plan works. Raises ``ValueError`` when ``payload`` does not match the
    feature's fields (the same check a provider request gets).
    """
    checked = FEATURES["explain_today"].payload(**payload)
    low, high = SUMMARY_WORDS
    for limits in _LIMITS:
        sentences = _explain(checked, limits)
        if word_count(" ".join(sentences)) <= high:
            break
    for extra in _PADDING:
        if word_count(" ".join(sentences)) >= low:
            break
        sentences.append(extra)
    return " ".join(sentences).replace("….", "…")
