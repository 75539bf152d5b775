"""The title: the words no reader claimed, cleaned up, and the kind its opening words say.

Claimed phrases leave gaps. A word left hanging before a gap at the end ("Call mom at", "Order
filters for") or after one at the start goes too, and so does punctuation left at the edges or
doubled in the middle ("Call mom, , about the party"). Quoted text is kept exactly as written,
quotes included (the README compares titles without double quotes, so either is right; keeping
them shows the user what was protected).
"""

from __future__ import annotations

import re

from .lexicon import words
from .text import Text, protected_spans

# Words that only make sense with the phrase that followed them ("Call mom at [5pm]", "Rent is
# [due Friday]"). Date and time phrases take their own prepositions ("on Friday", "in 2 weeks"),
# so a particle left before one belongs to the title ("Check in [tomorrow]", "Log on [at 9]").
_DANGLING_END = words(
    "at by due until till til before every each around starting to the of and or & + is are"
)
# ...and these only before a tag or token: "Order filters for [#Home]", "Ask about [#Trip]".
_DANGLING_BEFORE_TOKEN = words("in on for into under about")
_TOKENS = frozenset({"project", "label", "area", "priority", "energy", "estimate"})
# ...or that preceded them at the start ("[Tomorrow] and call mom", "[p1] by Friday...").
_DANGLING_START = words("at by due until till and then also")

# A mark that starts a word ("!important", ".NET", ":)") keeps its space: gluing it to the word
# before would make a new word ("report!important").
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)\]}])(?![^\W_])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{])\s+")
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]|\{\s*\}")
_REPEATED_SEPARATORS = re.compile(r"([,;:\-–—|/])(?:\s*[,;:\-–—|/])+")
_LEAD = re.compile(r"^[\s,;:.\-–—|/&+~*•]+")
_TRAIL = re.compile(r"[\s,;:.\-–—|/&+~*!•]+$")
_HOLD = "\ue001"
_LAST_WORD = re.compile(r"(\S+)\s*$")
_FIRST_WORD = re.compile(r"^\s*(\S+)")


def _runs(t: Text) -> list[tuple[str, str | None]]:
    """The text as (run, what claimed it) pairs; None for the free runs."""
    runs: list[tuple[str, str | None]] = []
    i, n = 0, len(t.original)
    while i < n:
        owner = t.owner[i]
        j = i
        while j < n and t.owner[j] == owner:
            j += 1
        runs.append((t.original[i:j], owner))
        i = j
    return runs


def _has_words(run: str) -> bool:
    return any(ch.isalnum() for ch in run)


def _trim_end(run: str, before: str | None) -> str:
    dangling = _DANGLING_END | (_DANGLING_BEFORE_TOKEN if before in _TOKENS else frozenset())
    while True:
        m = _LAST_WORD.search(run)
        if m is None or m.group(1).lower().strip(",") not in dangling:
            return run
        run = run[: m.start()]
        dangling = _DANGLING_END


def _trim_start(run: str) -> str:
    while True:
        m = _FIRST_WORD.match(run)
        if m is None or m.group(1).lower().strip(",") not in _DANGLING_START:
            return run
        run = run[m.end() :]


def _one_separator(m: re.Match[str]) -> str:
    """ "Call Ana, [tomorrow], about the trip" -> "Call Ana, about the trip": the first mark,
    and the space the gap had ("A--B" stays glued: "A-B")."""
    return m[1] + (" " if any(c.isspace() for c in m[0]) else "")


def tidy(text: str) -> str:
    """Spaces and punctuation: one space, no space before punctuation, no empty brackets,
    no doubled separators, nothing hanging at either end. Quoted text, links and email
    addresses are left exactly as written."""
    kept: list[str] = []
    for start, end in reversed(protected_spans(text)):
        kept.append(text[start:end])
        text = f"{text[:start]}{_HOLD}{len(kept) - 1}{_HOLD}{text[end:]}"
    text = " ".join(text.split())
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    text = _EMPTY_BRACKETS.sub("", text)
    text = _REPEATED_SEPARATORS.sub(_one_separator, text)
    text = " ".join(text.split())
    text = _LEAD.sub("", text)
    text = _TRAIL.sub("", text)
    if kept:
        text = re.sub(f"{_HOLD}(\\d+){_HOLD}", lambda m: kept[int(m.group(1))], text)
    return text


def build_title(t: Text) -> str:
    """The unclaimed words as a clean title ("" when nothing is left)."""
    runs = _runs(t)
    wordy = [i for i, (run, owner) in enumerate(runs) if owner is None and _has_words(run)]
    if not wordy:
        return ""
    first, last = wordy[0], wordy[-1]
    pieces = [run for run, _ in runs]
    following = next((owner for _, owner in runs[last + 1 :] if owner is not None), None)
    if following is not None:
        pieces[last] = _trim_end(pieces[last], following)
    if any(owner is not None for _, owner in runs[:first]):
        pieces[first] = _trim_start(pieces[first])
    text = "".join(
        " " if owner is not None else piece for piece, (_, owner) in zip(pieces, runs, strict=True)
    )
    return tidy(text)


def capitalise(title: str) -> str:
    """Upper-case the first letter when the first word is all lower case ("iPhone" stays)."""
    m = _FIRST_WORD.match(title)
    if m is None:
        return title
    word = m.group(1)
    if "://" in word or word.lower().startswith("www.") or "@" in word:
        return title  # a link or an address, exactly as written
    if word.islower() and word[0].isalpha():
        start = m.start(1)
        return title[:start] + title[start].upper() + title[start + 1 :]
    return title
