"""Times of day and parts of the day, and "in 2 hours".

A bare number is never a time: "at 10", "10am", "17:30", "10 o'clock", "6 in the morning" are.
A bare hour follows ``Clock.to_time`` (1 to 6 are the afternoon); a part of the day sets the hour
when no time is said and tells a bare hour's am from pm ("dinner at 8 tonight"). "morning" before
a noun describes it ("morning run") and stays in the title, and so does a part of the day that
is a noun ("plan the evening") or that a time said elsewhere overrides ("plan evening on Friday
at 10:00"): an explicit time wins over a loose part-of-the-day word.
"""

from __future__ import annotations

import re

from .lexicon import DETERMINERS, FUNCTION_WORDS, NUMBERED_NOUNS
from .reading import Clock, Reading
from .text import Text
from .when import HOUR_WORDS, HOURW, NUMW, compile_i, is_noun_after, number

# --- times -------------------------------------------------------------------------------------
_AMPM = r"(?P<ap>a\.?m\.?|p\.?m\.?)(?!\w)"
_TIME_PREP = (
    r"(?P<pre>\b(?:at|around|about|by|before|after|from|for|until|till|starting\s+at"
    r"|no\s+later\s+than)\s+|@\s*)?"
)
_RELATIVE_TIME = compile_i(
    r"\b(?:in|within)\s+(?:about\s+|around\s+|roughly\s+|another\s+)?"
    rf"(?:(?P<n>\d{{1,4}}|{NUMW})\s*(?P<u>hours?|hrs?|h|minutes?|mins?|m)\b"
    r"(?:\s+and\s+a\s+half\b)?|(?P<half>half\s+an\s+hour)\b|(?P<quarter>a\s+quarter\s+of\s+an\s+hour)\b)"
)
_CORE = r"(?P<h{n}>\d{{1,2}})(?:[:.](?P<m{n}>\d{{2}}))?\s*(?P<ap{n}>a\.?m\.?|p\.?m\.?)?(?!\w)"
_RANGE = compile_i(
    rf"(?P<pre>\b(?:from|between)\s+)?(?<![\d:.]){_CORE.format(n=1)}\s*"
    rf"(?P<sep>-|–|—|\bto\b|\buntil\b|\btill\b|\band\b)\s*{_CORE.format(n=2)}"
)
_AMPM_TIME = compile_i(rf"{_TIME_PREP}(?<![\d:.])(?P<h>\d{{1,2}})(?:[:.](?P<m>\d{{2}}))?\s*{_AMPM}")
_COLON_TIME = compile_i(
    rf"{_TIME_PREP}(?<![\d:.])(?P<h>\d{{1,2}})(?::|(?<=\d)h(?=\d\d))(?P<m>\d{{2}})\b"
    r"(?!\s*(?:h\b|hrs?\b|hours?\b|:\d))"
)
_AT_HOUR = compile_i(
    r"(?P<pre>\b(?:at|around|starting\s+at)\s+|@\s*)"
    r"(?P<h>\d{1,2})(?:\.(?P<m>\d{2}))?(?P<oc>\s*o['’]?\s?clock|\s*ish)?\b"
    r"(?![:.]\d|\s*(?:%|hours?\b|hrs?\b|h\b|mins?\b|minutes?\b|m\b|kg\b|km\b|x\b|days?\b|weeks?\b"
    r"|months?\b|years?\b|people\b|pages?\b|percent\b|times\b|pm\b|am\b))"
)
# "6 in the morning", "8.30 in the evening", "11 at night", "7 tomorrow morning": a bare hour is
# a time when a part of the day follows it, and that hour is one the part of the day has.
_HOUR_BEFORE_PART = compile_i(
    r"(?<![\w:.,/-])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s+"
    r"(?=(?:in\s+the|this|today|tomorrow|at)\s+(?P<p>morning|afternoon|evening|night)\b"
    r"|(?P<tonight>tonight)\b)"
)
_HOURS_OF_PART = {
    "morning": range(1, 12),
    "afternoon": (12, 1, 2, 3, 4, 5, 6),
    "evening": range(5, 12),
    "night": (8, 9, 10, 11, 12),
}
_MILITARY = compile_i(r"(?P<pre>\bat\s+)(?P<hm>\d{3,4})\b(?![:.]\d)")
_OCLOCK = compile_i(r"\b(?P<h>\d{1,2})\s*o['’]?\s?clock\b")
_WORD_HOUR = compile_i(
    rf"(?P<pre>\b(?:at|around|by|before|until|till)\s+)(?P<hw>{HOURW})"
    r"(?:\s+(?P<mw>fifteen|thirty|forty-five|forty\s+five))?(?:\s+o['’]?\s?clock)?\b"
)
_NAMED_TIME = compile_i(
    r"(?P<pre>\b(?:at|around|by|before|after|until|till)\s+)?(?:\b12\s+)?"
    r"\b(?P<w>noon|midday|midnight|lunchtime|lunch\s+time)\b(?!['’]s)"
)
_QUARTER_TIME = compile_i(
    r"(?P<pre>\b(?:at|around|by|before)\s+)?\b(?P<q>half|quarter|a\s+quarter)\s+(?P<rel>past|after|to)\s+"
    rf"(?P<h>\d{{1,2}}|{HOURW})\b(?:\s*{_AMPM})?"
)


def _meridiem(raw: str | None) -> str | None:
    if not raw:
        return None
    return "am" if raw.lower().startswith("a") else "pm"


def _clock(hour: int, minute: int, meridiem: str | None, raw_hour: str) -> Clock | None:
    """A Clock, or None for an impossible time. Leading zeros and hours over 12 are literal."""
    if meridiem is not None and not 1 <= hour <= 12:
        return None
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        return None
    literal = meridiem is None and (hour == 0 or hour > 12 or raw_hour.startswith("0"))
    return Clock(hour, minute, meridiem, literal)


def _relative_time(t: Text, m: re.Match[str]) -> int | None:
    if m["half"]:
        return 30
    if m["quarter"]:
        return 15
    n = number(m["n"])
    if n is None or n > 100_000:
        return None
    minutes = n * 60 if m["u"].lower().startswith("h") else n
    if "half" in m.group().lower():
        minutes += 30 if m["u"].lower().startswith("h") else 0
    return minutes


def read_relative_time(t: Text, r: Reading) -> None:
    """ "in 2 hours", "in 30 minutes": a moment from now (date and time), not an estimate."""
    for m in _RELATIVE_TIME.finditer(t.masked):
        minutes = _relative_time(t, m)
        if minutes is not None:
            t.claim(m.start(), m.end(), "time")
            r.after_minutes = minutes
            return


def _range(t: Text, r: Reading, m: re.Match[str]) -> bool:
    """ "3-5pm", "from 9 to 11", "between 2 and 4", "9:00-10:30": a start time and a length.
    Needs "from"/"between", am/pm or minutes, so "2-3 hours" stays an estimate."""
    if not (m["pre"] or m["ap1"] or m["ap2"] or (m["m1"] and m["m2"])):
        return False
    if m["sep"].lower() == "and" and (m["pre"] or "").strip().lower() != "between":
        return False  # "at 8am and 8pm": two times, not a range
    ap2 = _meridiem(m["ap2"])
    ap1 = _meridiem(m["ap1"]) or (ap2 if ap2 and int(m["h1"]) <= int(m["h2"]) else None)
    if ap1 is None and ap2 == "pm" and int(m["h1"]) > int(m["h2"]):
        ap1 = "am"  # "11-1pm"
    start = _clock(int(m["h1"]), int(m["m1"] or 0), ap1, m["h1"])
    end = _clock(int(m["h2"]), int(m["m2"] or 0), ap2, m["h2"])
    if start is None or end is None:
        return False
    start_time, end_time = start.to_time(None), end.to_time(None)
    if start_time is None or end_time is None:
        return False
    minutes = (end_time.hour * 60 + end_time.minute) - (start_time.hour * 60 + start_time.minute)
    if minutes <= 0 and not end.literal and end.meridiem is None:
        minutes += 12 * 60
    if minutes <= 0:
        return False
    t.claim(m.start(), m.end(), "time")
    r.clock = start
    r.span_minutes = minutes
    return True


def _capitalised_word_after(t: Text, pos: int) -> bool:
    words = t.raw_words_after(pos, 1)
    return bool(words) and words[0][0].isupper() and words[0].lower() not in FUNCTION_WORDS


def read_times(t: Text, r: Reading) -> None:
    """The first time of day: ranges, "5pm", "7.30am", "17:30", "at 10", "noon", "half past 4"."""
    if r.clock is not None:
        return
    for m in _RANGE.finditer(t.masked):
        if _range(t, r, m):
            return
    for m in _AMPM_TIME.finditer(t.masked):
        clock = _clock(int(m["h"]), int(m["m"] or 0), _meridiem(m["ap"]), m["h"])
        if clock is not None:
            return _take(t, r, m, clock)
    for m in _COLON_TIME.finditer(t.masked):
        if ":" not in m.group() and not m["pre"]:
            continue  # "17h30" only after "at"; "1h30" is an estimate
        clock = _clock(int(m["h"]), int(m["m"]), None, m["h"])
        if clock is not None:
            return _take(t, r, m, clock)
    for m in _NAMED_TIME.finditer(t.masked):
        word = m["w"].lower()
        if word.startswith("lunch") and not m["pre"]:
            continue
        return _take(t, r, m, Clock(0 if word == "midnight" else 12, 0, None, literal=True))
    for m in _QUARTER_TIME.finditer(t.masked):
        hour = int(m["h"]) if m["h"].isdigit() else HOUR_WORDS.get(m["h"].lower(), 0)
        if not 1 <= hour <= 12:
            continue
        minute = 30 if m["q"].lower() == "half" else 15
        if m["rel"].lower() == "to":
            hour, minute = (hour - 1) or 12, 60 - minute
        return _take(t, r, m, Clock(hour, minute, _meridiem(m["ap"]), False))
    for m in _AT_HOUR.finditer(t.masked):
        if _capitalised_word_after(t, m.end()):
            continue  # "at 10 Downing Street"
        clock = _clock(int(m["h"]), int(m["m"] or 0), None, m["h"])
        if clock is not None:
            return _take(t, r, m, clock)
    for m in _HOUR_BEFORE_PART.finditer(t.masked):
        part = "evening" if m["tonight"] else m["p"].lower()
        if int(m["h"]) not in _HOURS_OF_PART[part]:
            continue  # "take 2 in the evening": two pills
        if t.word_before(m.start()) in NUMBERED_NOUNS:
            continue  # "read chapter 7 in the evening"
        clock = _clock(int(m["h"]), int(m["m"] or 0), None, m["h"])
        if clock is not None:
            return _take(t, r, m, clock)
    for m in _MILITARY.finditer(t.masked):
        raw = m["hm"]
        clock = _clock(int(raw[:-2]), int(raw[-2:]), None, "0" if len(raw) == 4 else raw)
        if clock is not None:
            return _take(t, r, m, Clock(clock.hour, clock.minute, None, literal=len(raw) == 4))
    for m in _OCLOCK.finditer(t.masked):
        clock = _clock(int(m["h"]), 0, None, m["h"])
        if clock is not None:
            return _take(t, r, m, clock)
    for m in _WORD_HOUR.finditer(t.masked):
        if is_noun_after(t, m.end()):
            continue  # "at one point"
        hour = HOUR_WORDS[m["hw"].lower()]
        minute = {"fifteen": 15, "thirty": 30}.get((m["mw"] or "").lower(), 45 if m["mw"] else 0)
        return _take(t, r, m, Clock(hour, minute, None, False))


def _take(t: Text, r: Reading, m: re.Match[str], clock: Clock) -> None:
    t.claim(m.start(), m.end(), "time")
    r.clock = clock


# --- parts of the day --------------------------------------------------------------------------
_DAYPART = compile_i(
    r"(?P<pre>\b(?:early\s+|late\s+)?(?:in|during)\s+the\s+|\bthis\s+|\bat\s+(?=night)"
    r"|\bfirst\s+thing\s+in\s+the\s+)?(?P<mod>\bearly\s+|\blate\s+)?"
    r"\b(?P<p>morning|afternoon|evening|night)\b(?!['’]s)"
)
_FIRST_THING = compile_i(r"\bfirst\s+thing\b")


def read_dayparts(t: Text, r: Reading) -> None:
    """ "in the morning", "this evening", "at night", "tomorrow afternoon", "Sunday evening"; a
    bare "morning" only after a date or at the end ("morning run" is a run)."""
    for m in _DAYPART.finditer(t.masked):
        pre = (m["pre"] or "").lower()
        if not pre and t.claimed_before(m.start()) != "date" and is_noun_after(t, m.end()):
            continue
        opens = t.at_start(m.start()) and t.claimed_before(m.start()) != "date"
        if not pre and not m["mod"] and opens and t.word_after(m.end()):
            continue  # "Morning pages, 10m": a title that starts with the word
        if not pre and _loose_word(t, r, m):
            continue
        part = m["p"].lower()
        mod = (m["mod"] or "").strip().lower()
        if not mod and pre.startswith(("early", "late")):
            mod = pre.split()[0]
        key = f"{mod} {part}".strip()
        r.daypart = key if key in _KNOWN_DAYPARTS else part
        if pre.startswith("this"):
            r.today_said = True
        t.claim(m.start(), m.end(), "daypart")
        return
    first = _FIRST_THING.search(t.masked)
    if first is not None:
        t.claim(first.start(), first.end(), "daypart")
        r.daypart = "morning"


def _loose_word(t: Text, r: Reading, m: re.Match[str]) -> bool:
    """Is a bare "evening" the title's? It is when it is a noun ("plan the evening", "prepare
    for the evening"), or when a time is said and the word is not next to it or to the date
    ("Plan evening on Friday at 10:00"): "Friday evening at 8" and "call mom evening at 8" keep
    it as the part of the day."""
    if t.word_before(m.start()) in DETERMINERS:
        return True
    attached = t.claimed_before(m.start()) in ("date", "time") or t.claimed_after(m.end()) == "time"
    return r.clock is not None and not attached


_KNOWN_DAYPARTS = frozenset(
    {"early morning", "late morning", "late afternoon", "late evening", "morning", "afternoon"}
    | {"evening", "night"}
)
