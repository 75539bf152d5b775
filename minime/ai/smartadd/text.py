"""One item's text while it is being read: what is still free, what each reader claimed.

Readers search ``masked``, a copy of the text of the same length in which

* quoted text, links and email addresses are replaced by ``PROTECTED`` characters, so no reader
  can see a date inside ``"Friday Night Lights"`` or a label inside ``ana@example.org``;
* every claimed span is replaced by spaces, so each word is read once and the words around a
  claim become neighbours ("tomorrow p1 at 5pm" still reads "tomorrow at 5pm").

Positions are shared by ``original`` and ``masked``; the title is what nobody claimed.
"""

from __future__ import annotations

import re

PROTECTED = "\ue000"

_QUOTED = re.compile(r'"[^"\n]*"|“[^”\n]*”|„[^“”\n]*[“”]')
_LINK = re.compile(r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s\"“”<>]+", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_LINK_TAIL = ".,;:!?)]}'’"
_WORD = re.compile(r"[\w'’.-]*\w|\S")


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Where quoted text, links and email addresses are: (start, end) pairs, in order, not
    overlapping. A link ends before the sentence's punctuation."""
    spans: list[tuple[int, int]] = []
    for pattern in (_QUOTED, _LINK, _EMAIL):
        for match in pattern.finditer(text):
            start, end = match.span()
            if pattern is _LINK:
                while end > start and text[end - 1] in _LINK_TAIL:
                    end -= 1
            if end > start and not any(s < end and start < e for s, e in spans):
                spans.append((start, end))
    return sorted(spans)


def protect(text: str) -> str:
    """``text`` with its protected spans replaced by ``PROTECTED`` (same length)."""
    chars = list(text)
    for start, end in protected_spans(text):
        chars[start:end] = PROTECTED * (end - start)
    return "".join(chars)


class Text:
    """The text of one item, its masked copy, and who claimed which characters."""

    __slots__ = ("masked", "original", "owner")

    def __init__(self, original: str) -> None:
        self.original = original
        self.masked = protect(original)
        self.owner: list[str | None] = [None] * len(original)

    # --- claiming ------------------------------------------------------------------------------
    def claim(self, start: int, end: int, what: str) -> None:
        """Take ``original[start:end]`` out of the title, for the field ``what``."""
        while end > start and self.masked[end - 1].isspace():
            end -= 1
        while start < end and self.masked[start].isspace():
            start += 1
        if start >= end:
            return
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]
        for i in range(start, end):
            self.owner[i] = what

    # --- looking around a match ----------------------------------------------------------------
    def word_after(self, pos: int) -> str:
        """The next unclaimed word (lower case), a punctuation mark, '"' for protected text,
        or "" at the end. Claimed spans read as spaces and are skipped."""
        match = _WORD.search(self.masked, pos)
        if match is None:
            return ""
        word = match.group()
        return '"' if PROTECTED in word else word.lower()

    def raw_words_after(self, pos: int, count: int) -> list[str]:
        """Up to ``count`` following words as written (case kept), stopping at punctuation."""
        words: list[str] = []
        for match in _WORD.finditer(self.masked, pos):
            word = self.original[match.start() : match.end()]
            if not (word[0].isalnum()) or PROTECTED in match.group():
                break
            words.append(word)
            if len(words) == count:
                break
        return words

    def word_before(self, pos: int) -> str:
        """The previous unclaimed word (lower case), or "" at the start."""
        text = self.masked[max(0, pos - 80) : pos].rstrip()  # a word is never longer
        match = re.search(r"[\w'’-]+$", text)
        return match.group().lower() if match else ""

    def claimed_before(self, pos: int) -> str | None:
        """What claimed the nearest non-space character before ``pos`` (None if it is free)."""
        i = pos - 1
        while i >= 0 and self.original[i].isspace():
            i -= 1
        return self.owner[i] if i >= 0 else None

    def claimed_after(self, pos: int) -> str | None:
        """What claimed the nearest non-space character at or after ``pos`` (None if free)."""
        i, n = pos, len(self.original)
        while i < n and self.original[i].isspace():
            i += 1
        return self.owner[i] if i < n else None

    def at_start(self, pos: int) -> bool:
        """Nothing but spaces and claims before ``pos``."""
        return not self.masked[:pos].strip(" ,:;-–—")
