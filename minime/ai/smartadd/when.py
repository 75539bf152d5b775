"""Dates in plain English, as Smart Add reads them.

Each reader searches the item's masked text (see ``text.py``), checks the words around a match,
and claims at most one phrase. The guards are the point: a month, weekday or number is a date
only when the words around it say so, because titles are full of them ("buy paprika and sage",
"May the force", "march for climate", "SAT exam prep", "fix bug 404", "Read 1984").

* A month name needs a day ("15 March", "March 15th") or a preposition ("in May", "by June").
* A weekday abbreviation ("sat", "sun", "wed") needs a preposition, a time after it, the end of
  the item, or to open the item before what is to be done ("Fri call the bank", "Wed planning
  party ideas"); "sat", "sun" and "wed" are never days after "the", "my"... ("enjoy the sun"),
  after "get", "be"... ("get wed") or in capitals ("SAT"). A full weekday name is a date unless it
  is possessive ("Friday's"), part of a name ("Black Friday", "Friday Night Lights").
* A numeric date opening the item is a date ("3/2 submit the form") unless it reads as a
  fraction of what follows ("1/2 cup of flour").
* A bare number is never a date or a time; "at 10" is. A bare ordinal ("dentist 21st") is the
  day of the month unless a noun follows ("21st birthday") or it is someone's ("Ana's 21st").
* "Weekly", "morning", "weekend" before a noun describe it ("weekly report", "morning run").

``read_exact_dates`` (ISO, numeric) runs before everything else, ``read_dates`` after the
recurrence, times and estimates have taken their words (see ``parser.read``). Times of day are
in ``times.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta

from . import calendar as cal
from .lexicon import (
    DETERMINERS,
    FULL_WEEKDAYS,
    FUNCTION_WORDS,
    HOLIDAYS,
    MONTHS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    TASK_VERBS,
    WEEKDAY_COMPOUNDS,
    WEEKDAYS,
    WORDLIKE_WEEKDAYS,
    alternation,
)
from .reading import DateSpec, Reading
from .text import Text

_I = re.IGNORECASE
WD = alternation(WEEKDAYS)
MONTH = alternation(MONTHS)
NUMW = alternation(NUMBER_WORDS)
ORDW = alternation(ORDINAL_WORDS)
HOLIDAY = alternation(HOLIDAYS).replace("'", "['’]?")
HOUR_WORDS = {
    k: v for k, v in NUMBER_WORDS.items() if k.isalpha() and 1 <= v <= 12 and k not in {"a", "an"}
}
HOURW = alternation(HOUR_WORDS)

# Words that may introduce a date; they are part of the phrase and leave the title with it.
PREP = (
    r"(?:\b(?:due|by|on|before|until|till|til|for|from|starting|no\s+later\s+than)\s+)"
    r"(?:(?:on|by|the)\s+)?"
)
_OPT_PREP = f"(?P<prep>{PREP})?"
_YEAR = r"(?:,?\s+(?P<y>(?:19|20)\d{2})\b)?"
_DAY_NUM = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
_NOT_A_TIME_OR_AMOUNT = (
    r"(?![:.]\d|\s*(?:a\.?m\b|p\.?m\b|h\b|hrs?\b|hours?\b|mins?\b|minutes?\b|m\b|%|kg\b|km\b|x\b"
    r"|miles?\b|people\b|pages?\b|times\b))"
)
_LEAD_WEEKDAY = rf"(?:(?:{WD})\.?,?\s+)?"


def compile_i(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


def number(word: str) -> int | None:
    """ "12" -> 12, "two" -> 2, "a couple of" -> 2; None for anything else."""
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def is_noun_after(t: Text, pos: int) -> bool:
    """Is the next free word a plain word (not a date, time, field or function word)? Then the
    word before it describes it ("weekly report", "morning run", "the 5th floor")."""
    word = t.word_after(pos)
    if not word or not word[0].isalpha():
        return False
    return word.strip(".") not in FUNCTION_WORDS and word not in WEEKDAYS and word not in MONTHS


def is_action_word(word: str) -> bool:
    """Is ``word`` a task verb or its -ing form ("call", "planning", "writing")? A date that
    opens an item before one dates what is to be done ("Fri call the bank")."""
    word = word.lower()
    if word in TASK_VERBS:
        return True
    stem = word.removesuffix("ing")
    if stem == word or len(stem) < 2:
        return False
    doubled = stem[-1] == stem[-2] and stem[:-1] in TASK_VERBS  # "planning", "shopping"
    return stem in TASK_VERBS or f"{stem}e" in TASK_VERBS or doubled


# --- dates -------------------------------------------------------------------------------------
_ISO = compile_i(
    rf"{_OPT_PREP}(?<![\w/.:-])(?P<y>\d{{4}})(?P<s>[-/])(?P<m>\d{{1,2}})(?P=s)(?P<d>\d{{1,2}})"
    r"(?![\w/-]|[.:]\d)"
)
_NUMERIC = compile_i(
    rf"{_OPT_PREP}(?<![\w/.:-])(?P<a>\d{{1,2}})(?P<s>[/.])(?P<b>\d{{1,2}})"
    r"(?:(?P=s)(?P<y>\d{4}|\d{2}))?(?P<dot>\.(?!\w))?(?![\w/]|[.:]\d)"
)
_DAY_MONTH = compile_i(
    rf"{_OPT_PREP}{_LEAD_WEEKDAY}(?:the\s+)?(?<![\d:.])(?:{_DAY_NUM}|(?P<o>{ORDW}))\s+(?:of\s+)?"
    rf"(?P<m>{MONTH})\b\.?{_YEAR}"
)
_MONTH_DAY = compile_i(
    rf"{_OPT_PREP}{_LEAD_WEEKDAY}(?P<m>{MONTH})\.?\s+(?:the\s+)?(?:{_DAY_NUM}\b|(?P<o>{ORDW})\b)"
    rf"{_NOT_A_TIME_OR_AMOUNT}{_YEAR}"
)
_MONTH_PART = compile_i(
    rf"(?:\b(?:in|by|before|until|till|during|around|for|at)\s+)?(?:the\s+)?"
    rf"\b(?P<pos>beginning\s+of|start\s+of|mid|middle\s+of|end\s+of)[\s-]+"
    rf"(?P<m>{MONTH})\b\.?(?:\s+(?P<y>(?:19|20)\d{{2}})\b)?"
)
_MONTH_ALONE = compile_i(
    rf"\b(?:in|by|before|until|till|during|due)\s+(?P<m>{MONTH})\b\.?"
    r"(?:\s+(?P<y>(?:19|20)\d{2})\b)?(?!['’]s)"
)
_HOLIDAY = compile_i(
    rf"\b(?:by|on|before|until|till|for|at|over|around)\s+(?:the\s+)?(?P<h>{HOLIDAY})(?![\w'’])"
)
_DAY_AFTER_TOMORROW = compile_i(rf"{_OPT_PREP}\b(?:the\s+)?(?:day\s+after\s+tomorrow|overmorrow)\b")
_RELATIVE_DAY = compile_i(
    rf"{_OPT_PREP}\b(?P<w>today|tonight|tonite|tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow"
    r"|2moro|2morrow|yesterday)\b(?!['’]s)"
)
_IN_UNITS = compile_i(
    r"\b(?:in|within|after)\s+(?:about\s+|around\s+|roughly\s+|just\s+|another\s+)?"
    rf"(?P<n>\d{{1,4}}|{NUMW}|half\s+a)\s+(?P<u>business\s+days?|working\s+days?|work\s+days?"
    r"|weekdays?|days?|weeks?|fortnights?|months?|years?)\b(?:['’]?\s+time\b)?"
)
_UNITS_FROM_NOW = compile_i(
    rf"(?:\bfor\s+)?\b(?P<n>\d{{1,4}}|{NUMW})\s+(?P<u>days?|weeks?|months?|years?)\s+from\s+"
    r"(?P<base>now|today|tomorrow)\b"
)
_FORTNIGHT = compile_i(r"\b(?:in|within)\s+a\s+fortnight\b")
_PERIOD_END = compile_i(
    rf"{_OPT_PREP}\b(?:the\s+)?(?:very\s+)?end\s+of\s+(?:the\s+)?"
    r"(?:(?P<which>this|next|the\s+next|coming|the\s+coming)\s+)?"
    r"(?P<u>day|business\s+day|working\s+day|work\s+day|week|month|quarter|year)\b"
)
_PERIOD_ABBR = compile_i(rf"{_OPT_PREP}\b(?P<a>eod|eow|eom|eoy|cob|eob)\b")
_PERIOD_START = compile_i(
    rf"{_OPT_PREP}\b(?:(?:the\s+)?(?:beginning|start)\s+of\s+(?:the\s+)?|early\s+)"
    r"(?P<which>next|this|coming)\s+(?P<u>week|month|year)\b"
)
_PERIOD = compile_i(
    rf"{_OPT_PREP}\b(?P<which>this\s+coming|the\s+coming|the\s+following|this|next|coming"
    r"|following)\s+(?P<u>weekend|week|month|quarter|year)\b(?!['’]s)"
)
_WEEKEND = compile_i(
    r"\b(?:on|at|over|during|for|by|until|before|in)\s+the\s+weekend\b(?!['’]s)|\bweekend\b(?!['’]s)"
)
_YEAR_END = compile_i(r"\b(?:by|at|before|until)\s+(?:the\s+)?year[\s-]end\b")
_SEASON = compile_i(
    r"\b(?P<p>by|before|until|till|in|this|next|during|over|around)\s+(?:the\s+)?"
    r"(?:(?P<pos>end|start|beginning)\s+of\s+(?:the\s+|this\s+)?)?"
    r"(?P<s>spring|summer|autumn|fall|winter)\b(?:\s+(?P<y>(?:19|20)\d{2})\b)?(?!['’]s)"
)
_SEASON_END = compile_i(
    r"\b(?:the\s+)?(?P<pos>end|start|beginning)\s+of\s+(?:the\s+|this\s+)?"
    r"(?P<s>spring|summer|autumn|fall|winter)\b(?:\s+(?P<y>(?:19|20)\d{2})\b)?"
)
_YEAR_ONLY = compile_i(
    r"\b(?P<p>by|in|before|until|till|during)\s+(?:the\s+)?"
    r"(?:(?P<pos>end|start|beginning|middle)\s+of\s+)?(?P<y>(?:19|20)\d{2})\b(?![-/.]\d)"
    r"|\b(?:the\s+)?(?P<pos2>end)\s+of\s+(?P<y2>(?:19|20)\d{2})\b"
)
_WEEK_WEEKDAY = compile_i(  # "next week's Friday", "Wednesday of this week"
    rf"{_OPT_PREP}\b(?P<which>this|next)\s+week(?:['’]s)?\s+(?:on\s+)?(?P<wd>{WD})\b\.?(?!['’]s)"
    rf"|{_OPT_PREP.replace('prep', 'prep2')}(?:\bthe\s+)?\b(?P<wd2>{WD})\b\.?,?\s+(?:of\s+)?"
    r"(?P<which2>this|next)\s+week\b(?!['’]s)"
)
_WEEKDAY = compile_i(
    rf"{_OPT_PREP}\b(?:(?P<which>this\s+coming|the\s+coming|the\s+following|this|next|coming"
    rf"|following)\s+)?(?P<wd>{WD})\b\.?(?!['’]s|-)"
)
_ORDINAL = compile_i(
    rf"{_OPT_PREP}{_LEAD_WEEKDAY}(?P<the>\bthe\s+)?\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)\b"
    r"(?P<of>\s+of\s+(?:the\s+|this\s+)?(?P<next>next\s+)?month\b)?"
    rf"|(?P<prep2>\b(?:on|by|until|before)\s+)the\s+(?P<o>{ORDW})\b"
    r"(?P<of2>\s+of\s+(?:the\s+|this\s+)?(?P<next2>next\s+)?month\b)?"
)

DateReader = Callable[[Text, re.Match[str]], DateSpec | None]


def _iso(t: Text, m: re.Match[str]) -> DateSpec | None:
    found = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return None if found is None else DateSpec(lambda today: found)


def _numeric(t: Text, m: re.Match[str]) -> DateSpec | None:
    """ "20/04", "20.04.2026", "4/20": day first unless that is impossible. Without a year, a
    slash needs a preposition or nothing wordy after it ("1/2 cup" is a fraction) and a dot
    needs the closing dot German-style ("20.4.")."""
    if m["y"] is None:
        if m["s"] == "." and not m["dot"]:
            return None
        fraction = is_noun_after(t, m.end()) or t.word_after(m.end()) == "of"
        if fraction and m["prep"] is None and not _opens_the_item(t, m):
            return None  # "Bake 1/2 cake", "Pay 1/3 of the bill": fractions
    first, second = int(m["a"]), int(m["b"])
    day, month = (first, second) if second <= 12 else (second, first)
    if m["y"] is None:
        return DateSpec(lambda today: cal.next_month_day(today, month, day))
    year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
    found = cal.safe_date(year, month, day)
    return None if found is None else DateSpec(lambda today: found)


def _opens_the_item(t: Text, m: re.Match[str]) -> bool:
    """A numeric date that opens the item dates it ("3/2 submit the form", "15.4. renew the
    passport"), unless it reads as a fraction of what follows ("1/2 cup of flour")."""
    if not t.at_start(m.start()):
        return False
    fraction = m["s"] == "/" and int(m["a"]) < int(m["b"]) <= 8
    return not fraction or is_action_word(t.word_after(m.end()))


def _describes_a_noun(t: Text, m: re.Match[str], core: int) -> bool:
    """ "the May 5 concert", "the 2026-04-20 release": a date inside a noun phrase names the
    thing; it is not the item's due date."""
    return re.search(r"\bthe\s+$", t.masked[max(0, core - 8) : core], _I) is not None and (
        is_noun_after(t, m.end())
    )


def _month_and_day(t: Text, m: re.Match[str]) -> DateSpec | None:
    core = min(i for i in (m.start("m"), m.start("d"), m.start("o")) if i >= 0)
    if _describes_a_noun(t, m, core):
        return None
    day = int(m["d"]) if m["d"] else ORDINAL_WORDS[m["o"].lower()]
    month = MONTHS[m["m"].lower().rstrip(".")]
    year = int(m["y"]) if m["y"] else None
    if cal.safe_date(year or 2024, month, day) is None:  # 2024: a leap year allows Feb 29
        return None
    return DateSpec(lambda today: cal.next_month_day(today, month, day, year))


def _month_part(t: Text, m: re.Match[str]) -> DateSpec | None:
    month = MONTHS[m["m"].lower().rstrip(".")]
    year = int(m["y"]) if m["y"] else None
    pos = m["pos"].split()[0].lower()

    def resolve(today: date) -> date | None:
        first = cal.next_month_day(today.replace(day=1), month, 1, year)
        if first is None:
            return None
        last = cal.days_in_month(first.year, first.month)
        day = {"beginning": 1, "start": 1, "mid": 15, "middle": 15}.get(pos, last)
        found = first.replace(day=day)
        if year is None and found < today:  # "mid March" said on March 20: next year's
            return cal.safe_date(
                found.year + 1, month, min(day, cal.days_in_month(found.year + 1, month))
            )
        return found

    return DateSpec(resolve)


def _month_alone(t: Text, m: re.Match[str]) -> DateSpec | None:
    month = MONTHS[m["m"].lower().rstrip(".")]
    year = int(m["y"]) if m["y"] else None
    if m["m"].lower() == "may" and t.word_after(m.end()) in {"be", "have", "not", "i", "we"}:
        return None  # "by May be", "in may I": the verb, not the month
    return DateSpec(lambda today: cal.month_start(today, month, year))


def _holiday(t: Text, m: re.Match[str]) -> DateSpec | None:
    key = " ".join(m["h"].lower().replace("’", "'").split())
    month, day = HOLIDAYS.get(key) or HOLIDAYS[key.replace("'", "")]
    return DateSpec(lambda today: cal.next_month_day(today, month, day))


def _day_after_tomorrow(t: Text, m: re.Match[str]) -> DateSpec | None:
    return DateSpec(lambda today: cal.add_days(today, 2))


def _relative_day(t: Text, m: re.Match[str], reading: Reading) -> DateSpec | None:
    word = m["w"].lower()
    if word in ("today", "tonight", "tonite"):
        if word != "today":
            reading.daypart = reading.daypart or "tonight"
        return DateSpec(lambda today: today)
    if word == "yesterday":
        return DateSpec(lambda today: cal.add_days(today, -1))
    return DateSpec(lambda today: cal.add_days(today, 1))


def _shift(unit: str, n: int) -> Callable[[date], date | None]:
    unit = unit.lower()
    if unit.startswith(("business", "working", "work", "weekday")):
        return lambda today: cal.add_business_days(today, n)
    if unit.startswith("fortnight"):
        return lambda today: cal.add_days(today, 14 * n)
    if unit.startswith("week"):
        return lambda today: cal.add_days(today, 7 * n)
    if unit.startswith("month"):
        return lambda today: cal.add_months(today, n)
    if unit.startswith("year"):
        return lambda today: cal.add_months(today, 12 * n)
    return lambda today: cal.add_days(today, n)


def _in_units(t: Text, m: re.Match[str]) -> DateSpec | None:
    unit = m["u"].lower()
    if " ".join(m["n"].lower().split()) == "half a":
        if not unit.startswith("year"):
            return None
        return DateSpec(lambda today: cal.add_months(today, 6))
    n = number(m["n"])
    if n is None or n > 10_000:
        return None
    return DateSpec(_shift(unit, n))


def _units_from_now(t: Text, m: re.Match[str]) -> DateSpec | None:
    n = number(m["n"])
    if n is None or n > 10_000:
        return None
    shift = _shift(m["u"], n)
    if m["base"].lower() == "tomorrow":
        return DateSpec(lambda today: shift(today + timedelta(days=1)))
    return DateSpec(shift)


def _fortnight(t: Text, m: re.Match[str]) -> DateSpec | None:
    return DateSpec(lambda today: cal.add_days(today, 14))


def _quarter_end(today: date, quarters_ahead: int) -> date | None:
    first = cal.add_months(
        today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1), 3 * quarters_ahead
    )
    last = None if first is None else cal.add_months(first, 2)
    return None if last is None else cal.end_of_month(last)


def _period_end(t: Text, m: re.Match[str]) -> DateSpec | None:
    unit = m["u"].lower().split()[-1]
    nxt = bool(m["which"]) and "next" in m["which"].lower()
    if unit == "day":
        return DateSpec(lambda today: cal.add_days(today, 1) if nxt else today)
    if unit == "week":
        if nxt:
            return DateSpec(lambda today: cal.weekday_of_next_week(today, cal.FRIDAY))
        return DateSpec(cal.end_of_week)
    if unit == "month":
        if nxt:
            return DateSpec(lambda today: _end_of_next_month(today))
        return DateSpec(cal.end_of_month)
    if unit == "quarter":
        return DateSpec(lambda today: _quarter_end(today, 1 if nxt else 0))
    return DateSpec(lambda today: date(today.year + (1 if nxt else 0), 12, 31), horizon=True)


def _end_of_next_month(today: date) -> date | None:
    first = cal.first_of_next_month(today)
    return None if first is None else cal.end_of_month(first)


def _period_abbr(t: Text, m: re.Match[str]) -> DateSpec | None:
    return {
        "eod": DateSpec(lambda today: today),
        "cob": DateSpec(lambda today: today),
        "eob": DateSpec(lambda today: today),
        "eow": DateSpec(cal.end_of_week),
        "eom": DateSpec(cal.end_of_month),
        "eoy": DateSpec(lambda today: date(today.year, 12, 31), horizon=True),
    }[m["a"].lower()]


def _period_start(t: Text, m: re.Match[str]) -> DateSpec | None:
    unit = m["u"].lower()
    if m["which"].lower() == "this":
        return None  # "the start of this week" has passed: not a due date
    if unit == "week":
        return DateSpec(cal.next_monday)
    if unit == "month":
        return DateSpec(cal.first_of_next_month)
    return DateSpec(lambda today: date(today.year + 1, 1, 1), horizon=True)


def _period(t: Text, m: re.Match[str]) -> DateSpec | None:
    """ "next week" = the coming Monday, "next month" = its first day, "next year" = Jan 1;
    "this week" = end of week, "this month" = its last day, "this year" = Dec 31 (deadlines);
    "this weekend" = the coming Saturday, "next weekend" = the Saturday of next week."""
    which = m["which"].lower()
    unit = m["u"].lower()
    nxt = "next" in which or "following" in which or (which == "coming" and unit != "weekend")
    if unit == "weekend":
        if nxt:
            return DateSpec(lambda today: cal.weekday_of_next_week(today, cal.SATURDAY))
        return DateSpec(cal.this_weekend)
    if unit == "week":
        if nxt:
            return DateSpec(cal.next_monday)
        return DateSpec(
            lambda today: (
                cal.end_of_week(today)
                if today.weekday() <= cal.FRIDAY
                else cal.add_days(today, 6 - today.weekday())
            )
        )
    if unit == "month":
        return DateSpec(cal.first_of_next_month if nxt else cal.end_of_month)
    if unit == "quarter":
        if nxt:
            return DateSpec(
                lambda today: cal.add_months(
                    today.replace(day=1, month=(today.month - 1) // 3 * 3 + 1), 3
                )
            )
        return DateSpec(lambda today: _quarter_end(today, 0))
    if nxt:
        return DateSpec(lambda today: date(today.year + 1, 1, 1), horizon=True)
    return DateSpec(lambda today: date(today.year, 12, 31), horizon=True)


def _weekend(t: Text, m: re.Match[str]) -> DateSpec | None:
    if not m.group().lower().startswith("weekend"):
        return DateSpec(cal.this_weekend)
    # A bare "weekend" is a date at the end of the item ("clean the garage weekend"), but
    # describes the noun after it ("weekend trip").
    if is_noun_after(t, m.end()) or t.word_before(m.start()) in {"a", "the", "my", "our", "long"}:
        return None
    return DateSpec(cal.this_weekend)


def _year_end(t: Text, m: re.Match[str]) -> DateSpec | None:
    return DateSpec(lambda today: date(today.year, 12, 31), horizon=True)


def _season(t: Text, m: re.Match[str]) -> DateSpec | None:
    name = m["s"].lower()
    pos = (m["pos"] or "").lower()
    year = int(m["y"]) if m["y"] else None
    at_end = pos == "end"
    if pos in ("start", "beginning"):
        return DateSpec(
            lambda today: (
                cal.season(today, name, year=year)
                if cal.season(today, name, year=year) >= today
                else cal.season(today, name, year=(year or today.year) + 1)
            ),
            horizon=True,
        )
    return DateSpec(lambda today: cal.season(today, name, at_end=at_end, year=year), horizon=True)


def _year_only(t: Text, m: re.Match[str]) -> DateSpec | None:
    year = int(m["y"] or m["y2"])
    pos = (m["pos"] or m["pos2"] or "").lower()

    def resolve(today: date) -> date | None:
        if year < today.year or year > today.year + 100:
            return None
        if pos == "end" or year == today.year:
            return date(year, 12, 31)
        if pos == "middle":
            return date(year, 7, 1)
        return date(year, 1, 1)

    return DateSpec(resolve, horizon=True)


def _week_weekday(t: Text, m: re.Match[str]) -> DateSpec | None:
    """ "Friday of next week" = "next Friday"; "Wednesday of this week" is the Wednesday of the
    current week (Monday to Sunday), as said, even when it has passed."""
    group = "wd" if m["wd"] else "wd2"
    if not _abbreviation_can_be_a_day(t, m, group):
        return None  # "enjoy the sun this week"
    weekday = WEEKDAYS[m[group].lower().rstrip(".")]
    if (m["which"] or m["which2"]).lower() == "next":
        return DateSpec(lambda today: cal.weekday_of_next_week(today, weekday))
    return DateSpec(lambda today: cal.weekday_of_this_week(today, weekday))


def _weekday(t: Text, m: re.Match[str]) -> DateSpec | None:
    """Weekday names: "Friday" = the next one to come (a week ahead when said on a Friday);
    "this Friday" = the coming one, today on a Friday; "next Friday" = the Friday of next week
    (the week that "next week" starts)."""
    name = m["wd"].lower().rstrip(".")
    weekday = WEEKDAYS[name]
    which = (m["which"] or "").lower()
    start = m.start("wd")
    if not _abbreviation_can_be_a_day(t, m, "wd"):
        return None
    if not which and not m["prep"]:
        before = t.word_before(start)
        if before in WEEKDAY_COMPOUNDS:
            return None  # "Black Friday", "Easter Monday"
        if before == "last" or before.endswith(("'s", "’s")):
            return None  # "last Friday" has passed; "Ana's Friday class" is a name
        if before in DETERMINERS and is_noun_after(t, m.end()):
            return None  # "prepare the Monday meeting": it describes the meeting
        following = t.raw_words_after(m.end(), 2)
        if len(following) == 2 and all(w[0].isupper() for w in following):
            return None  # "Friday Night Lights", "Monday Night Football": a title
        if name not in FULL_WEEKDAYS and not _abbreviation_is_a_day(t, m):
            return None
    if "next" in which or "following" in which:
        return DateSpec(lambda today: cal.weekday_of_next_week(today, weekday))
    today_counts = which.startswith("this") or which == "coming"
    return DateSpec(lambda today: cal.coming_weekday(today, weekday, today_counts=today_counts))


# Words before "sat", "sun", "wed" that make them a verb or a noun: "get wed", "the sun".
_NOT_A_DAY_AFTER = DETERMINERS | frozenset({"get", "got", "getting", "be", "been", "being"})
_TIME_START = re.compile(r"\d|at\b|@|noon|midnight|morning|afternoon|evening|night", _I)
_OPENING_MARK = re.compile(r"\s*[:–—-]")
_NEXT_WORD = re.compile(r"[\s,:–—-]*([\w'’-]+)")


def _abbreviation_can_be_a_day(t: Text, m: re.Match[str], group: str) -> bool:
    """ "sat", "sun" and "wed" are words: never a day in capitals ("SAT") or after "the", "my",
    "get", "be"... ("study for the SAT", "enjoy the sun", "get wed")."""
    raw = m[group]
    if raw.lower().rstrip(".") not in WORDLIKE_WEEKDAYS:
        return True
    return not raw.isupper() and t.word_before(m.start(group)) not in _NOT_A_DAY_AFTER


def _abbreviation_is_a_day(t: Text, m: re.Match[str]) -> bool:
    """An abbreviation with no preposition: a day when a time follows ("Sat 10am"), when it ends
    the item after some title ("call mom sat"), or when it opens the item before what is to be
    done ("Fri call the bank", "Wed: planning party ideas"). "thu", "fri"... are not words, so
    at the start they are a day whatever follows; "sat", "sun", "wed" need a verb or a ":" after
    them ("Sat with grandma", "Sun cream" stay titles)."""
    if t.claimed_after(m.end()) == "time":
        return True
    after = t.word_after(m.end())
    if after and _TIME_START.match(after):
        return True
    if t.at_start(m.start()):
        if not after:
            return False
        if m["wd"].lower().rstrip(".") not in WORDLIKE_WEEKDAYS:
            return True
        nxt = _NEXT_WORD.match(t.masked, m.end())
        return bool(_OPENING_MARK.match(t.masked, m.end())) or (
            nxt is not None and is_action_word(nxt.group(1))
        )
    return not after or (not after[0].isalnum() and after != '"')


def _ordinal(t: Text, m: re.Match[str]) -> DateSpec | None:
    """ "on the 15th", "by the 3rd", "the 1st of next month", "dentist 21st". A day that has
    passed this month means next month's. No noun may follow ("the 5th floor", "21st birthday"),
    and a bare one is nobody's ("Ana's 21st", "our 10th")."""
    if m["o"] is not None:
        day = ORDINAL_WORDS[m["o"].lower()]
        nxt = bool(m["next2"])
        if not m["of2"] and is_noun_after(t, m.end()):
            return None
    else:
        if not (m["prep"] or m["the"]):
            before = t.word_before(m.start("d"))
            if before in DETERMINERS or before.endswith(("'s", "’s", "s'")):
                return None
        day = int(m["d"])
        nxt = bool(m["next"])
        after = t.word_after(m.end())
        opens = t.at_start(m.start()) and is_action_word(after)  # "Mon 16th call the bank"
        if not (m["of"] or opens) and (is_noun_after(t, m.end()) or after in WEEKDAYS):
            return None  # "the 5th floor"; "the 2nd Monday" is not the 2nd
    if not 1 <= day <= 31:
        return None
    if nxt:
        return DateSpec(
            lambda today: (
                None
                if (first := cal.first_of_next_month(today)) is None
                else cal.safe_date(first.year, first.month, day)
            )
        )
    return DateSpec(lambda today: cal.next_day_of_month(today, day))


EXACT_DATES: tuple[tuple[re.Pattern[str], DateReader], ...] = ((_ISO, _iso), (_NUMERIC, _numeric))

DATES: tuple[tuple[re.Pattern[str], DateReader], ...] = (
    (_DAY_MONTH, _month_and_day),
    (_MONTH_DAY, _month_and_day),
    (_MONTH_PART, _month_part),
    (_HOLIDAY, _holiday),
    (_DAY_AFTER_TOMORROW, _day_after_tomorrow),
    (_IN_UNITS, _in_units),
    (_UNITS_FROM_NOW, _units_from_now),
    (_FORTNIGHT, _fortnight),
    (_PERIOD_END, _period_end),
    (_PERIOD_ABBR, _period_abbr),
    (_PERIOD_START, _period_start),
    (_WEEK_WEEKDAY, _week_weekday),
    (_PERIOD, _period),
    (_WEEKEND, _weekend),
    (_YEAR_END, _year_end),
    (_SEASON, _season),
    (_SEASON_END, _season),
    (_YEAR_ONLY, _year_only),
    (_MONTH_ALONE, _month_alone),
    (_ORDINAL, _ordinal),  # before weekdays: "Monday the 16th" is the 16th
    (_WEEKDAY, _weekday),
)


def _first(t: Text, table: tuple[tuple[re.Pattern[str], DateReader], ...]) -> DateSpec | None:
    for pattern, reader in table:
        for m in pattern.finditer(t.masked):
            spec = reader(t, m)
            if spec is not None:
                t.claim(m.start(), m.end(), "date")
                return spec
    return None


def read_exact_dates(t: Text, r: Reading) -> None:
    """ISO and numeric dates, read first: nothing else may take their digits."""
    if r.date is None:
        r.date = _first(t, EXACT_DATES)


def read_dates(t: Text, r: Reading) -> None:
    """The first date phrase, in the order of ``DATES`` (most specific first)."""
    if r.date is not None:
        return
    m = _RELATIVE_DAY.search(t.masked)
    if _DAY_AFTER_TOMORROW.search(t.masked) is None and m is not None:
        spec = _relative_day(t, m, r)
        if spec is not None:
            t.claim(m.start(), m.end(), "date")
            r.date = spec
            return
    r.date = _first(t, DATES)
