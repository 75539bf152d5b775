"""Split a paragraph into item texts: lines, bullets, semicolons and sentences.

* Every line is its own item; bullets (``-`` ``*`` ``•`` ``+`` ``1.`` ``1)`` ``a)``, checkboxes
  ``[ ]``) are dropped from its start.
* Inside a line, ``;`` and sentence ends (``.`` ``!`` ``?`` before a space) split items, except
  inside double quotes, links and email addresses, after titles and Latin abbreviations ("Dr.",
  "e.g.", "vs."), after initials ("J. K. Rowling"), and after "a.m.", "min." and month or
  weekday abbreviations unless a capitalised sentence follows. Decimals and times ("7.30am",
  "1.5h") never split: their dot has no space after it. Neither does a priority token ("!!")
  before a lower-case word, nor the closing dot of a date that opens the line ("15.4. renew").
* A line that ends with ":" and is followed by bullets is a heading for them (``Piece.heading``);
  the parser decides whether it is a date for its items ("Tomorrow:") or an item of its own.
* Connecting words that open a sentence ("Also", "Then", "And", "Plus", "After that") are
  dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .lexicon import MONTHS, WEEKDAYS, words
from .text import PROTECTED, protect

_BULLET = re.compile(
    r"^\s*(?:(?:[-*+•·‣◦▪–—]|\d{1,3}[.)]|\(\d{1,3}\)|[a-z]\))(?=\s)|[•·‣◦▪])\s*"
    r"(?:\[[ xX✓✔]?\]\s*)?|^\s*\[[ xX✓✔]?\]\s*"
)
_INLINE_BULLET = re.compile(r"(?<=\S)\s+(?=[•·‣◦▪]\s)")
_INLINE_NUMBER = re.compile(r"\s+(?P<n>\d{1,2})[.)]\s+")
_CONNECTOR = re.compile(
    r"^(?:(?:and|also|then|plus|after\s+that|afterwards|afterward|finally|lastly|besides"
    r"|additionally|firstly|secondly|thirdly|(?:so|oh|ok|okay|well|next|first|second)(?=\s*,))"
    r"\b[\s,:;-]*)+",
    re.IGNORECASE,
)

# Abbreviations after which a full stop does not end a sentence.
_TITLES = words("dr mr mrs ms mx prof st mt jr sr rev capt sgt lt col gen gov sen rep hon fr")
_LATIN = words("e.g eg i.e ie vs v cf viz approx ca incl esp resp al")
# After these, a sentence ends only if a capitalised word (not a date word) follows.
_SOFT = frozenset(
    {"a.m", "p.m", "am", "pm", "etc", "min", "mins", "hr", "hrs", "no", "nr", "tel", "ext", "est"}
    | set(MONTHS)
    | set(WEEKDAYS)
)
_DOTTED_DATE = re.compile(r"\d{1,2}\.\d{1,2}")
_DATE_WORDS = frozenset(set(MONTHS) | set(WEEKDAYS) | {"today", "tomorrow", "tonight"})


@dataclass(frozen=True)
class Piece:
    """One item's text, and the heading it sits under (if any) with that heading's line
    number, which tells two headings with the same words apart."""

    text: str
    heading: str | None = None
    heading_line: int | None = None


def _ends_sentence(before: str, after: str) -> bool:
    """May a full stop between ``before`` and ``after`` end a sentence?"""
    word_match = re.search(r"[\w.'’]+$", before)
    word = word_match.group().lower().rstrip(".") if word_match else ""
    nxt_match = re.match(r"\s*([\w'’]+)", after)
    nxt = nxt_match.group(1) if nxt_match else ""
    if word in _TITLES or word in _LATIN:
        return False
    if len(word) == 1 and word.isalpha() and before.rstrip()[-1:].isupper():
        return False  # an initial
    if word in _SOFT:
        if nxt[:1].isdigit():
            return False
        return nxt[:1].isupper() and nxt.lower() not in _DATE_WORDS
    return True


def _is_token(before: str, marks: str, after: str) -> bool:
    """Marks that are a token, not a sentence end: a run of "!" standing alone before a lower
    case word (priority: "Buy milk !! tomorrow"), or the closing dot of a dotted date that opens
    the sentence ("15.4. renew the passport")."""
    if set(marks) == {"!"} and before[-1:].isspace():
        return after.lstrip()[:1].islower()
    return marks == "." and _DOTTED_DATE.fullmatch(before.strip()) is not None


def _sentences(line: str) -> list[str]:
    """Split one line at ";" and sentence ends, outside protected text."""
    masked = protect(line)
    out: list[str] = []
    start = i = 0
    n = len(line)
    while i < n:
        c = masked[i]
        if c == ";":
            out.append(line[start:i])
            start = i + 1
        elif c in ".!?…":
            j = i
            while j < n and masked[j] in ".!?…":
                j += 1
            if j == n or line[j].isspace():
                marks, before, after = masked[i:j], line[start:i], line[j:]
                if not _is_token(before, marks, after) and (
                    marks != "." or _ends_sentence(before, after)
                ):
                    out.append(line[start:j])
                    start = j
            i = j
            continue
        i += 1
    out.append(line[start:])
    return out


def _parts(line: str) -> list[str]:
    """A line's inline list items: "1. a 2. b" and "• a • b"."""
    masked = protect(line)
    cuts = [m.start() for m in _INLINE_BULLET.finditer(masked)]
    if not cuts:
        return _inline_numbers(line)
    bounds = [0, *cuts, len(line)]
    return [line[a:b] for a, b in pairwise(bounds)]


def _inline_numbers(line: str) -> list[str]:
    """ "1. buy milk 2. call the bank" -> two items (only when the line starts with "1.")."""
    if not re.match(r"\s*1[.)]\s", line):
        return [line]
    parts, expected, last = [], 2, 0
    masked = protect(line)
    for m in _INLINE_NUMBER.finditer(line):
        if int(m["n"]) == expected and PROTECTED not in masked[m.start() : m.end()]:
            parts.append(line[last : m.start()])
            last = m.start()
            expected += 1
    parts.append(line[last:])
    return parts


def strip_connector(text: str) -> str:
    """Drop "Also", "Then", "And"... from the start of a sentence."""
    return _CONNECTOR.sub("", text, count=1) if _CONNECTOR.match(text) else text


def split(text: str) -> list[Piece]:
    """The item texts of ``text``, in order, stripped; empty and punctuation-only ones dropped."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pieces: list[Piece] = []
    heading: str | None = None
    heading_line: int | None = None
    for index, raw_line in enumerate(lines):
        is_bullet = _BULLET.match(raw_line) is not None
        if not raw_line.strip() or not is_bullet:
            heading, heading_line = None, None
        if not raw_line.strip():
            continue
        if raw_line.rstrip().endswith(":") and not is_bullet and _next_is_bullet(lines, index):
            heading, heading_line = raw_line.rstrip()[:-1].strip(), index
            continue
        for part in _parts(raw_line):
            for sentence in _sentences(_BULLET.sub("", part, count=1)):
                cleaned = strip_connector(sentence.strip())
                if any(ch.isalnum() for ch in cleaned):
                    pieces.append(Piece(cleaned.strip(), heading, heading_line))
    return pieces


def _next_is_bullet(lines: list[str], index: int) -> bool:
    for line in lines[index + 1 :]:
        if line.strip():
            return _BULLET.match(line) is not None
    return False
