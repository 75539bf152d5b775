"""Tokens and words for the other fields: project, area, labels, priority, energy, estimate.

* ``#Name`` project, ``@name`` label, ``area:Name`` (or ``area:"Two words"``) area; hyphens and
  underscores stand for spaces. ``#404`` (no letter) is an issue number, not a project, and an
  ``@`` inside a word (an email address) is not a label.
* Priority: ``p1``-``p3`` (``p4`` = none, as in Todoist), ``!high`` ``!medium`` ``!low`` (also
  glued to a word: "report!high"), ``!!!`` ``!!`` ``!``, "priority: high", "high priority", and
  words: urgent, asap, important, critical -> high; "not urgent", "no rush", "low priority",
  "whenever" -> low. "urgent" before a noun describes it ("reply to urgent emails") and stays in
  the title.
* Energy: ``energy:low|medium|high``, "low energy", "high-energy", "deep work" (high), "shallow
  work" (low).
* Estimate: ``30m``, ``1h``, ``1h30``, ``1.5h``, ``90 min``, ``for 2 hours``, ``~20m``, "half an
  hour", "an hour and a half", "20-30 min" (the longer end). "a 10-minute walk" keeps its words
  in the title and still gives 10 minutes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .lexicon import NUMBER_WORDS
from .reading import Reading
from .text import PROTECTED, Text
from .when import NUMW, is_noun_after

_I = re.IGNORECASE

_PROJECT = re.compile(r"(?<![\w#&/])#(?P<n>[^\W_][\w-]*|_[\w-]+)")
_LABEL = re.compile(r"(?<![\w@/])@(?P<n>[^\W\d][\w-]*)")
_AREA = re.compile(rf"(?<![\w])area:\s*(?:(?P<q>{PROTECTED}+)|(?P<n>[^\W_][\w-]*))", _I)


def display_name(raw: str) -> str:
    """ "Conference-Talk" -> "Conference Talk": hyphens and underscores stand for spaces."""
    return " ".join(raw.replace("_", " ").replace("-", " ").split())


def read_tags(t: Text, r: Reading) -> None:
    """#project (the first one), @labels (all, in order, each once), area:Name (the first)."""
    for m in _PROJECT.finditer(t.masked):
        name = display_name(m["n"])
        if not any(c.isalpha() for c in name):
            continue  # "#404", "#1": numbers, not projects
        if r.project is None:
            r.project = name
            t.claim(m.start(), m.end(), "project")
    for m in _LABEL.finditer(t.masked):
        name = display_name(m["n"])
        if name and name.lower() not in (label.lower() for label in r.labels):
            r.labels.append(name)
        t.claim(m.start(), m.end(), "label")
    for m in _AREA.finditer(t.masked):
        if m["q"]:
            name = " ".join(t.original[m.start("q") : m.end("q")].strip('"“”„').split())
        else:
            name = display_name(m["n"])
        if name and r.area is None:
            r.area = name
            t.claim(m.start(), m.end(), "area")


# --- priority ----------------------------------------------------------------------------------
_PRIORITY_TOKEN = re.compile(r"(?<![\w!])p(?P<n>[0-4])\b(?!['’.]\w)", _I)
_BANG_WORD = re.compile(r"(?<!!)!(?P<v>high|medium|med|low)\b", _I)
_BANGS = re.compile(r"(?:(?<=\s)|^)(?P<b>!+)(?=\s|$)|(?<=\w)(?P<b2>!{2,})(?=\s|$)")
_PRIORITY_SAID = re.compile(
    r"\b(?:priority|prio|pri)\s*[:=]?\s*(?P<v>highest|high|top|urgent|medium|med|normal|low|lowest"
    r"|[1-4])\b|\b(?P<v2>highest|high|top|medium|med|normal|low|lowest)[-\s]+(?:priority|prio|pri)\b",
    _I,
)
_LOW_WORDS = re.compile(
    r"\b(?:not\s+urgent|not\s+important|non[-\s]urgent|no\s+rush|no\s+hurry|whenever|someday"
    r"|some\s+day|if\s+time\s+permits)\b",
    _I,
)
_HIGH_WORDS = re.compile(
    r"\b(?P<w>urgent(?:ly)?|asap|a\.s\.a\.p\.?|as\s+soon\s+as\s+possible|critical|crucial"
    r"|(?:very\s+|super\s+|really\s+)?important|must[-\s]do)(?![\w-])",
    _I,
)
_PRIORITY_VALUES = {
    "highest": "high",
    "high": "high",
    "top": "high",
    "urgent": "high",
    "medium": "medium",
    "med": "medium",
    "normal": "medium",
    "low": "low",
    "lowest": "low",
    "1": "high",
    "2": "medium",
    "3": "low",
    "4": None,
}


_RANK = {None: 0, "low": 1, "medium": 2, "high": 3}


def _set_priority(r: Reading, value: str | None) -> None:
    """Several signals ("ASAP!!", "p2 urgent"): the strongest one wins."""
    if _RANK[value] > _RANK[r.priority]:
        r.priority = value


def read_priority_tokens(t: Text, r: Reading) -> None:
    """p1-p4, "!high", runs of "!", "priority: high", "high priority"."""
    for m in _BANG_WORD.finditer(t.masked):
        _set_priority(r, _PRIORITY_VALUES[m["v"].lower()])
        t.claim(m.start(), m.end(), "priority")
    for m in _PRIORITY_TOKEN.finditer(t.masked):
        n = int(m["n"])
        _set_priority(r, ("high", "high", "medium", "low", None)[n])
        t.claim(m.start(), m.end(), "priority")
    for m in _PRIORITY_SAID.finditer(t.masked):
        _set_priority(r, _PRIORITY_VALUES[(m["v"] or m["v2"]).lower()])
        t.claim(m.start(), m.end(), "priority")
    for m in _BANGS.finditer(t.masked):
        bangs = len(m["b"] or m["b2"])
        _set_priority(r, "high" if bangs >= 3 else "medium" if bangs == 2 else "low")
        t.claim(m.start(), m.end(), "priority")


def read_priority_words(t: Text, r: Reading) -> None:
    """ "not urgent", "no rush" (low) before "urgent", "asap", "important" (high)."""
    for m in _LOW_WORDS.finditer(t.masked):
        _set_priority(r, "low")
        t.claim(m.start(), m.end(), "priority")
    for m in _HIGH_WORDS.finditer(t.masked):
        word = m["w"].lower()
        is_asap = word.startswith(("asap", "a.s", "as "))
        if not is_asap and _describes_a_noun(t, m):
            continue
        _set_priority(r, "high")
        t.claim(m.start(), m.end(), "priority")


def _describes_a_noun(t: Text, m: re.Match[str]) -> bool:
    """ "urgent emails", "important documents": an adjective in the title. "URGENT call the
    bank" and "Urgent: call the bank" are markers."""
    raw = t.original[m.start() : m.end()]
    if raw.isupper() and len(raw) > 1:
        return False
    after = t.masked[m.end() : m.end() + 2].lstrip()
    if after[:1] in (":", "-", "–", "!", ","):
        return False
    return is_noun_after(t, m.end())


# --- energy ------------------------------------------------------------------------------------
_ENERGY = re.compile(
    r"\benergy\s*[:=]\s*(?P<v>low|medium|med|high|hi|lo)\b"
    r"|\benergy\s+(?P<v2>low|medium|med|high)\b"
    r"|\b(?P<v3>low|medium|med|high|mid)[-\s]+energy\b"
    r"|\b(?P<deep>deep[-\s]+(?:work|focus)|high[-\s]+focus|full[-\s]+focus)\b"
    r"|\b(?P<light>(?:shallow|light)[-\s]+work|low[-\s]+effort|no[-\s]+brainer|brainless)\b",
    _I,
)
_ENERGY_VALUES = {"low": "low", "lo": "low", "medium": "medium", "med": "medium", "mid": "medium"}


def read_energy(t: Text, r: Reading) -> None:
    for m in _ENERGY.finditer(t.masked):
        if m["deep"]:
            value = "high"
        elif m["light"]:
            value = "low"
        else:
            raw = (m["v"] or m["v2"] or m["v3"]).lower()
            value = _ENERGY_VALUES.get(raw, "high")
        if (m["deep"] or m["light"]) and is_noun_after(t, m.end()):
            # "deep work block": still high energy, but the words are the title's.
            r.energy = r.energy or value
            continue
        r.energy = r.energy or value
        t.claim(m.start(), m.end(), "energy")


# --- estimate ----------------------------------------------------------------------------------
_LEAD = (
    r"(?P<lead>(?:\bfor\s+|\btakes?\s+|\btaking\s+|\b(?:about|around|approx\.?|approximately"
    r"|roughly|est\.?|estimated?)\s+|~\s*|≈\s*)+)?"
)
_H = r"(?:h|hr|hrs|hour|hours)"
_M = r"(?:m|min|mins|minute|minutes)"
_HOURS_AND_MINUTES = re.compile(  # 1h30, 1h 30m, 1 hour 30 minutes, 2 hours and 15 minutes
    rf"{_LEAD}(?<![\w.,])(?P<h>\d{{1,3}})\s*{_H}\.?\s*(?:and\s+)?(?P<m>\d{{1,2}})"
    rf"\s*(?:{_M}\b|(?![\w:]))",
    _I,
)
_RANGE = re.compile(  # 20-30 min, 1-2h: the longer end
    rf"{_LEAD}(?<![\w.,])\d{{1,3}}\s*(?:-|–|to)\s*(?P<n>\d{{1,3}}(?:[.,]\d+)?)\s*(?P<u>{_H}|{_M})\b",
    _I,
)
_AMOUNT = re.compile(  # 1.5h, 2 hours, 90 min, 45m, 2hrs; "10-minute" describes the noun after it
    rf"{_LEAD}(?<![\w.,])(?P<n>\d{{1,4}}(?:[.,]\d+)?)"
    rf"(?:(?P<adj>[-\s]?(?:minute|hour)\b(?=\s+[^\W\d]))|\s*(?P<u>{_H}|{_M})\b)(?![-'’/]\w)",
    _I,
)
_WORDS = re.compile(
    rf"{_LEAD}\b(?:(?P<ninety>(?:an|one)\s+hour\s+and\s+a\s+half|one\s+and\s+a\s+half\s+hours?)"
    rf"|(?P<n_half>\d{{1,2}}|{NUMW})\s+and\s+a\s+half\s+hours"
    r"|(?P<thirty>half\s+an\s+hour|half[-\s]hour)|(?P<fifteen>(?:a\s+)?quarter\s+(?:of\s+)?an\s+hour)"
    rf"|(?P<n>{NUMW})\s+(?P<u>hours?|minutes?))\b",
    _I,
)


def _amount(raw: str) -> float | None:
    raw = " ".join(raw.lower().split())
    if raw in NUMBER_WORDS:
        return float(NUMBER_WORDS[raw])
    try:
        return float(raw.replace(",", "."))
    except ValueError:
        return None


def _in_minutes(amount: str, unit: str) -> int | None:
    value = _amount(amount)
    if value is None:
        return None
    return round(value * 60) if unit.lower().startswith("h") else round(value)


def _hours_and_minutes(m: re.Match[str]) -> int | None:
    minutes = int(m["m"])
    return int(m["h"]) * 60 + minutes if minutes < 60 else None


def _amount_with_unit(m: re.Match[str]) -> int | None:
    unit = m["u"] or ("hour" if "hour" in (m.groupdict().get("adj") or "").lower() else "minute")
    return _in_minutes(m["n"], unit)


def _spoken(m: re.Match[str]) -> int | None:
    if m["ninety"]:
        return 90
    if m["n_half"]:
        hours = _amount(m["n_half"])
        return None if hours is None else round(hours * 60 + 30)
    if m["thirty"]:
        return 30
    if m["fifteen"]:
        return 15
    return _in_minutes(m["n"], m["u"])


_ESTIMATES: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], int | None]], ...] = (
    (_HOURS_AND_MINUTES, _hours_and_minutes),
    (_RANGE, _amount_with_unit),
    (_AMOUNT, _amount_with_unit),
    (_WORDS, _spoken),
)


def read_estimate(t: Text, r: Reading) -> None:
    """The first duration. Claimed from the title unless it describes a noun ("a 10-minute
    walk") or follows "a"/"spend" ("spend an hour on taxes"), which keep the words."""
    for pattern, minutes_of in _ESTIMATES:
        for m in pattern.finditer(t.masked):
            minutes = minutes_of(m)
            if minutes is None or not 0 < minutes <= 100_000:
                continue
            r.estimate_minutes = minutes
            keep = bool(m.groupdict().get("adj")) or (
                not m["lead"]
                and t.word_before(m.start()) in {"a", "an", "the", "spend", "spending", "every"}
            )
            if not keep:
                t.claim(m.start(), m.end(), "estimate")
            return
