"""Recurrence in plain English, read into an RFC 5545 ``Rule``.

Forms read, with their rules:

==========================================  =================================================
"every day", "daily", "each day"            FREQ=DAILY
"every 3 days", "every other day"           FREQ=DAILY;INTERVAL=3 / 2
"every weekday", "on weekdays", "Mon-Fri"   FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR
"every weekend", "on weekends"              FREQ=WEEKLY;BYDAY=SA,SU
"every Monday", "on Mondays", "Mondays"     FREQ=WEEKLY;BYDAY=MO
"every Mon, Wed and Fri"                    FREQ=WEEKLY;BYDAY=MO,WE,FR
"every other week", "biweekly"              FREQ=WEEKLY;INTERVAL=2
"every other Thursday"                      FREQ=WEEKLY;INTERVAL=2;BYDAY=TH
"weekly", "every week on Tuesday"           FREQ=WEEKLY(;BYDAY=TU)
"monthly", "every 3 months", "quarterly"    FREQ=MONTHLY(;INTERVAL=3)
"semiannually", "semi-annually",            FREQ=MONTHLY;INTERVAL=6
"biannually", "half-yearly", "twice a
year", "every six months"
"every month on the 1st", "monthly on the   FREQ=MONTHLY;BYMONTHDAY=1
15th", "the 1st of every month"
"on the last day of every month"            FREQ=MONTHLY;BYMONTHDAY=-1
"every first Monday (of the month)"         FREQ=MONTHLY;BYDAY=1MO ("last" = -1)
"yearly", "annually", "every year"          FREQ=YEARLY
"biennially", "every two years"             FREQ=YEARLY;INTERVAL=2
"every March 15", "yearly on 15 March"      FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15
"every morning/afternoon/evening/night"     FREQ=DAILY, and the part of the day as the time
"every Monday morning", "weekday evenings"  the weekly rule, and the part of the day
"every 2 hours", "hourly"                   FREQ=HOURLY(;INTERVAL=2)
"once a week", "once a month"               FREQ=WEEKLY / MONTHLY
==========================================  =================================================

A time said with the rule ("at 7am") is added by the parser as BYHOUR/BYMINUTE. An adverb that
describes a noun ("the weekly report", "daily standup notes") is not a rule.
"""

from __future__ import annotations

import re

from .lexicon import FULL_WEEKDAYS, MONTHS, NUMBER_WORDS, RRULE_DAYS, WEEKDAYS, alternation
from .reading import WEEKDAYS_RULE, WEEKEND_RULE, Reading, Rule
from .text import Text
from .when import MONTH, NUMW, WD, is_noun_after

_I = re.IGNORECASE

_PLURAL_WD = alternation(f"{name}s" for name in FULL_WEEKDAYS)
_WD_SEP = r"\s*(?:,\s*(?:and\s+|&\s*)?|\band\b|&|/|\+|\bor\b)\s*"
_WD_LIST = rf"(?:{WD})s?\b\.?(?:{_WD_SEP}(?:{WD})s?\b\.?)*"
_PART = r"(?P<part>mornings?|afternoons?|evenings?|nights?)\b"
_NTH = r"first|1st|second|2nd|third|3rd|fourth|4th|last"
_NTH_VALUE = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_OF_MONTH = r"\s+of\s+(?:the|every|each|a)\s+month\b"

_EVERY = re.compile(r"\b(?:every|each)\s+(?:single\s+)?", _I)
_EVERY_NTH_WEEKDAY = re.compile(
    rf"(?P<nth>{_NTH})\s+(?P<wd>{WD})\b\.?(?P<of>{_OF_MONTH})?(?:\s+{_PART})?", _I
)
_EVERY_NTH_DAY = re.compile(
    rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)\s+(?:day\s+)?(?:{_OF_MONTH[3:]})", _I
)
_EVERY_LAST_DAY = re.compile(rf"last\s+day{_OF_MONTH}", _I)
_INTERVAL = re.compile(
    rf"(?P<n>other|second|2nd|third|3rd|fourth|4th|fifth|5th|sixth|6th"
    rf"|\d{{1,3}}(?:st|nd|rd|th)?|{NUMW})\s+",
    _I,
)
_WD_RANGE = re.compile(
    rf"(?P<a>{WD})\.?\s*(?:-|–|\bto\b|\bthrough\b|\bthru\b)\s*(?P<b>{WD})\b\.?(?:\s+{_PART})?", _I
)
_WD_LIST_RE = re.compile(rf"(?P<list>{_WD_LIST})(?:\s+{_PART})?", _I)
_UNIT = re.compile(
    r"(?P<u>business\s+days?|working\s+days?|work\s+days?|workdays?|weekdays?|weekends?"
    r"|week\s*nights?|days?|nights?|weeks?|fortnights?|months?|quarters?|years?|hours?|minutes?"
    r"|mornings?|afternoons?|evenings?)\b(?!['’]s)(?:\s+" + _PART + ")?",
    _I,
)
_MONTH_DAY = re.compile(
    rf"(?:(?P<m1>{MONTH})\.?\s+(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH})\b\.?)",
    _I,
)
_MONTH_ONLY = re.compile(rf"(?P<m>{MONTH})\b\.?", _I)
_BARE_ORDINAL = re.compile(r"(?P<d>\d{1,2})(?:st|nd|rd|th)\b(?!\s+\w)", _I)

# What may follow "week", "month", "year" (or weekly/monthly/yearly) to pin the day.
_ON_WEEKDAYS = re.compile(rf"\s*,?\s+on\s+(?:the\s+)?(?P<list>{_WD_LIST})", _I)
_ON_MONTH_DAY = re.compile(
    r"\s*,?\s+on\s+(?:the\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?(?:\s+day)?\b(?!:|\s*(?:am|pm)\b)"
    r"|\s*,?\s+on\s+the\s+(?P<last>last)\s+day\b"
    rf"|\s*,?\s+on\s+the\s+(?P<nth>{_NTH})\s+(?P<wd>{WD})\b\.?",
    _I,
)
_ON_YEAR_DAY = re.compile(
    rf"\s*,?\s+(?:on\s+)?(?:(?P<m1>{MONTH})\.?\s+(?:the\s+)?(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"|(?:the\s+)?(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH})\b\.?)"
    rf"|\s*,?\s+in\s+(?P<m3>{MONTH})\b\.?",
    _I,
)

_ADVERB = re.compile(
    r"(?<![\w-])(?P<a>daily|everyday|nightly|weekly|bi-?weekly|fortnightly|monthly|bi-?monthly"
    r"|quarterly|semi[-\s]?annually|bi-?annually|half[-\s]yearly|semi[-\s]?yearly|yearly"
    r"|annually|biennially|twice\s+(?:a|per)\s+year|hourly)\b(?!-)",
    _I,
)
_ONCE = re.compile(r"\bonce\s+(?:a|per|every)\s+(?P<u>day|week|month|year)\b", _I)
_MONTHLY_TAIL = re.compile(
    rf"(?:\bon\s+)?(?:\bthe\s+)?\b(?:(?P<d>\d{{1,2}})(?:st|nd|rd|th)|(?P<last>last)\s+day"
    rf"|(?P<nth>{_NTH})\s+(?P<wd>{WD})\b\.?)\s+of\s+(?:every|each)\s+month\b",
    _I,
)
_PLURAL_DAYS = re.compile(
    rf"(?:\b(?:on|every|each)\s+)?\b(?P<list>(?:{_PLURAL_WD})(?:{_WD_SEP}(?:{_PLURAL_WD}))*)\b"
    rf"(?!['’])(?:\s+{_PART})?",
    _I,
)
_PLURAL_UNITS = re.compile(
    r"(?:\b(?:on|during|at)\s+)?(?:\bthe\s+)?\b(?P<u>weekdays|weekends|weeknights|week\s+nights"
    r"|workdays|(?:weekday|weekend)(?=\s+(?:mornings|afternoons|evenings|nights)\b))\b(?!['’])"
    r"(?:\s+" + _PART + ")?",
    _I,
)
_PLURAL_PARTS = re.compile(
    r"(?P<pre>\b(?:in|on|during)\s+the\s+|\bon\s+)?\b(?P<part>mornings|afternoons|evenings|nights)\b"
    r"(?!['’])",
    _I,
)
_RANGE_ALONE = re.compile(rf"\b(?P<a>{WD})\.?\s*[-–]\s*(?P<b>{WD})\b\.?(?:\s+{_PART})?", _I)


def _days(raw: str) -> tuple[str, ...]:
    """ "Mon, Wed and Fri" -> ("MO", "WE", "FR"), in week order, each once."""
    found: set[int] = set()
    for word in re.findall(r"[a-z]+", raw.lower()):
        if word in WEEKDAYS:
            found.add(WEEKDAYS[word])
        elif word.endswith("s") and word[:-1] in WEEKDAYS:
            found.add(WEEKDAYS[word[:-1]])
    return tuple(RRULE_DAYS[i] for i in sorted(found))


def _day_range(a: str, b: str) -> tuple[str, ...]:
    first, last = WEEKDAYS[a.lower().rstrip(".")], WEEKDAYS[b.lower().rstrip(".")]
    span = range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
    return tuple(RRULE_DAYS[i] for i in sorted(span))


def _interval(raw: str) -> int | None:
    raw = " ".join(raw.lower().split())
    words = {"other": 2, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
    if raw in words:
        return words[raw]
    digits = re.match(r"\d+", raw)
    if digits:
        return int(digits.group())
    return NUMBER_WORDS.get(raw)


def _part(raw: str | None) -> str | None:
    if not raw:
        return None
    part = raw.lower()
    return part[:-1] if part.endswith("s") else part


def _unit_rule(unit: str, n: int) -> tuple[Rule, str | None] | None:
    unit = " ".join(unit.lower().split())
    if unit.rstrip("s") in ("business day", "working day", "work day", "workday", "weekday"):
        return Rule("WEEKLY", byday=WEEKDAYS_RULE), None
    if unit.rstrip("s") == "weekend":
        return Rule("WEEKLY", byday=WEEKEND_RULE), None
    if unit.replace(" ", "").rstrip("s") == "weeknight":
        return Rule("WEEKLY", byday=("MO", "TU", "WE", "TH", "SU")), "night"
    base = unit.rstrip("s")
    if base in ("morning", "afternoon", "evening", "night"):
        return Rule("DAILY", interval=n), base
    table = {
        "day": ("DAILY", 1),
        "week": ("WEEKLY", 1),
        "fortnight": ("WEEKLY", 2),
        "month": ("MONTHLY", 1),
        "quarter": ("MONTHLY", 3),
        "year": ("YEARLY", 1),
        "hour": ("HOURLY", 1),
        "minute": ("MINUTELY", 1),
    }
    if base not in table:
        return None
    freq, factor = table[base]
    return Rule(freq, interval=n * factor), None


def _pin(t: Text, rule: Rule, end: int) -> tuple[Rule, int]:
    """Read what pins a weekly, monthly or yearly rule to days: "on Mondays", "on the 1st",
    "on the last day", "on the first Monday", "on March 15", "in March"."""
    s = t.masked
    if rule.freq == "WEEKLY" and not rule.byday:
        m = _ON_WEEKDAYS.match(s, end)
        if m:
            return Rule("WEEKLY", rule.interval, _days(m["list"])), m.end()
    if rule.freq == "MONTHLY" and rule.bymonthday is None and not rule.byday:
        m = _ON_MONTH_DAY.match(s, end)
        if m and m["d"] and 1 <= int(m["d"]) <= 31:
            return Rule("MONTHLY", rule.interval, bymonthday=int(m["d"])), m.end()
        if m and m["last"]:
            return Rule("MONTHLY", rule.interval, bymonthday=-1), m.end()
        if m and m["nth"]:
            nth_day = (
                f"{_NTH_VALUE[m['nth'].lower()]}{RRULE_DAYS[WEEKDAYS[m['wd'].lower().rstrip('.')]]}"
            )
            return Rule("MONTHLY", rule.interval, byday=(nth_day,)), m.end()
    if rule.freq == "YEARLY" and rule.bymonth is None:
        m = _ON_YEAR_DAY.match(s, end)
        if m and (m["m1"] or m["m2"]):
            month = MONTHS[(m["m1"] or m["m2"]).lower().rstrip(".")]
            day = int(m["d1"] or m["d2"])
            if 1 <= day <= 31:
                return Rule("YEARLY", rule.interval, bymonth=month, bymonthday=day), m.end()
        if m and m["m3"]:
            return Rule(
                "YEARLY", rule.interval, bymonth=MONTHS[m["m3"].lower().rstrip(".")]
            ), m.end()
    return rule, end


def _after_every(t: Text, pos: int) -> tuple[Rule, int, str | None] | None:
    """Read the rule after "every"/"each" at ``pos``: (rule, end, part of the day)."""
    s = t.masked
    if m := _EVERY_NTH_DAY.match(s, pos):
        day = int(m["d"])
        return (Rule("MONTHLY", bymonthday=day), m.end(), None) if 1 <= day <= 31 else None
    if m := _EVERY_LAST_DAY.match(s, pos):
        return Rule("MONTHLY", bymonthday=-1), m.end(), None
    if m := _EVERY_NTH_WEEKDAY.match(s, pos):
        nth = _NTH_VALUE[m["nth"].lower()]
        weekday = RRULE_DAYS[WEEKDAYS[m["wd"].lower().rstrip(".")]]
        if m["of"] or nth in (1, -1):  # "every first Monday", "every last Friday of the month"
            return Rule("MONTHLY", byday=(f"{nth}{weekday}",)), m.end(), _part(m["part"])
        return Rule("WEEKLY", interval=nth, byday=(weekday,)), m.end(), _part(m["part"])
    n, start = 1, pos
    if m := _INTERVAL.match(s, pos):
        value = _interval(m["n"])
        following = _UNIT.match(s, m.end()) or _WD_LIST_RE.match(s, m.end())
        if value is not None and following is not None:
            n, start = value, m.end()
    if n < 1 or n > 1000:
        return None
    if m := _WD_RANGE.match(s, start):
        return Rule("WEEKLY", n, _day_range(m["a"], m["b"])), m.end(), _part(m["part"])
    if (m := _MONTH_DAY.match(s, start)) and n == 1:
        month = MONTHS[(m["m1"] or m["m2"]).lower().rstrip(".")]
        day = int(m["d1"] or m["d2"])
        if 1 <= day <= 31:
            return Rule("YEARLY", bymonth=month, bymonthday=day), m.end(), None
    if m := _WD_LIST_RE.match(s, start):
        return Rule("WEEKLY", n, _days(m["list"])), m.end(), _part(m["part"])
    if m := _UNIT.match(s, start):
        found = _unit_rule(m["u"], n)
        if found is None:
            return None
        rule, part = found
        rule, end = _pin(t, rule, m.end())
        return rule, end, part or _part(m["part"])
    if (m := _MONTH_ONLY.match(s, start)) and n == 1:
        return Rule("YEARLY", bymonth=MONTHS[m["m"].lower().rstrip(".")]), m.end(), None
    if (m := _BARE_ORDINAL.match(s, start)) and n == 1:  # "every 15th"
        day = int(m["d"])
        return (Rule("MONTHLY", bymonthday=day), m.end(), None) if 1 <= day <= 31 else None
    return None


def _adverb_rule(word: str) -> Rule:
    word = "".join(word.lower().replace("-", " ").split())
    if word.startswith("twice"):
        return Rule("MONTHLY", interval=6)
    return {
        "daily": Rule("DAILY"),
        "everyday": Rule("DAILY"),
        "nightly": Rule("DAILY"),
        "weekly": Rule("WEEKLY"),
        "biweekly": Rule("WEEKLY", interval=2),
        "fortnightly": Rule("WEEKLY", interval=2),
        "monthly": Rule("MONTHLY"),
        "bimonthly": Rule("MONTHLY", interval=2),
        "quarterly": Rule("MONTHLY", interval=3),
        "semiannually": Rule("MONTHLY", interval=6),
        "biannually": Rule("MONTHLY", interval=6),
        "halfyearly": Rule("MONTHLY", interval=6),
        "semiyearly": Rule("MONTHLY", interval=6),
        "yearly": Rule("YEARLY"),
        "annually": Rule("YEARLY"),
        "biennially": Rule("YEARLY", interval=2),
        "hourly": Rule("HOURLY"),
    }[word]


def _set(t: Text, r: Reading, start: int, end: int, rule: Rule, part: str | None) -> None:
    t.claim(start, end, "rule")
    r.rule = rule
    if part and r.daypart is None:
        r.daypart = part


def read_rule(t: Text, r: Reading) -> None:
    """The first recurrence the text states (see the module's table)."""
    s = t.masked
    for m in _MONTHLY_TAIL.finditer(s):
        if m["d"]:
            day = int(m["d"])
            if not 1 <= day <= 31:
                continue
            rule = Rule("MONTHLY", bymonthday=day)
        elif m["last"]:
            rule = Rule("MONTHLY", bymonthday=-1)
        else:
            nth = _NTH_VALUE[m["nth"].lower()]
            rule = Rule(
                "MONTHLY", byday=(f"{nth}{RRULE_DAYS[WEEKDAYS[m['wd'].lower().rstrip('.')]]}",)
            )
        return _set(t, r, m.start(), m.end(), rule, None)
    for m in _EVERY.finditer(s):
        found = _after_every(t, m.end())
        if found is not None:
            rule, end, part = found
            return _set(t, r, m.start(), end, rule, part)
    for m in _ONCE.finditer(s):
        found_unit = _unit_rule(m["u"], 1)
        if found_unit is not None:
            rule, end = _pin(t, found_unit[0], m.end())
            return _set(t, r, m.start(), end, rule, None)
    for m in _ADVERB.finditer(s):
        rule, end = _pin(t, _adverb_rule(m["a"]), m.end())
        if end == m.end() and is_noun_after(t, end):
            continue  # "the weekly report", "daily standup notes"
        if end == m.end() and t.word_before(m.start()) in {"a", "an", "the", "my", "our", "your"}:
            continue
        return _set(t, r, m.start(), end, rule, None)
    if plural := _PLURAL_DAYS.search(s):
        rule = Rule("WEEKLY", byday=_days(plural["list"]))
        return _set(t, r, plural.start(), plural.end(), rule, _part(plural["part"]))
    if (units := _PLURAL_UNITS.search(s)) and (found_unit := _unit_rule(units["u"], 1)):
        rule, part = found_unit
        return _set(t, r, units.start(), units.end(), rule, part or _part(units["part"]))
    if span := _RANGE_ALONE.search(s):
        rule = Rule("WEEKLY", byday=_day_range(span["a"], span["b"]))
        return _set(t, r, span.start(), span.end(), rule, _part(span["part"]))
    for m in _PLURAL_PARTS.finditer(s):
        if not m["pre"] and is_noun_after(t, m.end()):
            continue
        return _set(t, r, m.start(), m.end(), Rule("DAILY"), _part(m["part"]))
