"""The Assistant's question box: which preset a typed question asks for.

``match(text)`` reads a short question ("anything overdue?", "what can I do in 20 min",
"how did my week go") and returns the ``Intent`` it is about (a preset key and its score, and
for the "what fits" preset the minutes it names), or None when it is about none of them.

How it reads, in order:

1. ``normalise``: case folded, accents and apostrophes dropped ("what's" is "whats"),
   punctuation to spaces, digits split from letters ("20min" is "20 min").
2. ``canonical``: each word spelled as the rules spell it: plurals ("projects"), doubled
   letters ("weeek") and one typo ("overdeu", "stuk") in the longer keywords are forgiven.
3. ``RULES``: patterns with a weight for each preset, summed; off-topic words (the weather, a
   joke, a timer) count against every preset. The best score wins if it reaches ``THRESHOLD``;
   on a tie the earlier preset in ``KEYS`` wins.
4. ``minutes_in``: "20 min", "half an hour", "an hour and a half", "1h30", "twenty minutes".

Pure Python, deterministic: no Django, no clock, no network.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

from ..smartadd.lexicon import NUMBER_WORDS

__all__ = [
    "KEYS",
    "MAX_MINUTES",
    "RULES",
    "THRESHOLD",
    "Intent",
    "IntentKey",
    "canonical",
    "match",
    "minutes_in",
    "normalise",
    "scores",
]

IntentKey = Literal["overdue", "stuck", "goals", "quick", "week", "explain"]
# The presets a question can route to, in the order that breaks a tie.
KEYS: Final[tuple[IntentKey, ...]] = ("overdue", "stuck", "goals", "quick", "week", "explain")
# The least score that counts as a match: one strong keyword, or two weaker ones together.
THRESHOLD: Final = 2.5
# "What fits in N minutes": a day at most.
MAX_MINUTES: Final = 24 * 60


@dataclass(frozen=True, slots=True)
class Intent:
    """What a question asks: the preset ``key``, its ``score`` and, for "quick", the
    ``minutes`` the question names (None: it names none, so the user's quick-win setting)."""

    key: IntentKey
    score: float
    minutes: int | None = None


# --- 1. Normalise ------------------------------------------------------------------------------
_APOSTROPHES = re.compile(r"['’‘`´]")
_NOT_WORD = re.compile(r"[^a-z0-9.]+")
_DIGIT_LETTER = re.compile(r"(?<=\d)(?=[a-z])|(?<=[a-z])(?=\d)")
_LONE_DOT = re.compile(r"(?<!\d)\.|\.(?!\d)")


def normalise(text: str) -> str:
    """``text`` as the matcher reads it: lower case ASCII words and numbers, one space apart
    ("What's overdue??" is "whats overdue", "20min" is "20 min", "1.5h" is "1.5 h")."""
    halves = text.replace("½", " half ").replace("1/2", " half ")
    folded = unicodedata.normalize("NFKD", halves.casefold())
    ascii_only = "".join(ch for ch in folded if not unicodedata.combining(ch))
    joined = _APOSTROPHES.sub("", ascii_only)
    spaced = _NOT_WORD.sub(" ", joined)
    spaced = _LONE_DOT.sub(" ", spaced)
    return " ".join(_DIGIT_LETTER.sub(" ", spaced).split())


# --- 2. Canonical spelling ---------------------------------------------------------------------
# Keywords whose misspellings are forgiven (one slip from five letters, two from eight). Short
# and common words ("late", "week", "goal", "plan") must be spelled right, or nearly every
# sentence would match something.
_FUZZY: Final = frozenset(
    [
        "overdue",
        "deadline",
        "deadlines",
        "behind",
        "stuck",
        "stalled",
        "project",
        "projects",
        "progress",
        "goals",
        "minutes",
        "quick",
        "short",
        "explain",
        "today",
        "todays",
        "agenda",
        "schedule",
        "weekly",
        "recap",
        "summary",
        "review",
        "decisions",
        "routines",
        "habits",
        "focus",
        "accomplish",
        "accomplished",
        "priority",
        "priorities",
        "neglected",
        "ignored",
        "forgotten",
        "missed",
    ]
)
# Whole words spelled another way, and plurals the rules read as one.
_SAME: Final[dict[str, str]] = {
    "projects": "project",
    "goals": "goal",
    "deadlines": "deadline",
    "tasks": "task",
    "todos": "task",
    "todo": "task",
    "mins": "min",
    "minute": "min",
    "minutes": "min",
    "hrs": "hour",
    "hr": "hour",
    "hours": "hour",
    "todays": "today",
    "tonight": "today",
    "weeks": "week",
    "wk": "week",
    "wins": "win",
    "routines": "routine",
    "habits": "habit",
    "decisions": "decision",
    "priorities": "priority",
    "pls": "please",
    "u": "you",
    "r": "are",
    "im": "i am",
    "ive": "i have",
    "whats": "what is",
    "hows": "how is",
    "wheres": "where is",
    "thats": "that is",
    "cant": "can not",
    "cannot": "can not",
    "havent": "have not",
    "didnt": "did not",
    "dont": "do not",
    "isnt": "is not",
    "arent": "are not",
    "wasnt": "was not",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
}


def _squeeze(word: str) -> str:
    """``word`` with runs of one letter made one ("weeek" and "week" are both "wek")."""
    return re.sub(r"(.)\1+", r"\1", word)


def _distance(a: str, b: str, limit: int) -> int:
    """The optimal string alignment distance of ``a`` and ``b`` (insert, delete, replace,
    swap two neighbours), or ``limit + 1`` once it is over ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, row = row, current
    return row[-1]


# Short keywords whose letters may be doubled ("weeek", "gooals") but not otherwise misspelled.
_SHORT: Final = frozenset({"week", "weeks", "goal", "plan", "late", "day"})
_SQUEEZED: Final = {_squeeze(w): w for w in sorted(_FUZZY | _SHORT)}


def _spelled(word: str) -> str:
    if word in _SAME:
        return _SAME[word]
    if word in _FUZZY or word in _SHORT or word.isdigit() or len(word) < 4:
        return word
    squeezed = _squeeze(word)
    if squeezed in _SQUEEZED:
        return _SAME.get(_SQUEEZED[squeezed], _SQUEEZED[squeezed])
    best, best_distance = word, 3
    for known in sorted(_FUZZY):
        if len(known) < 5:
            continue
        if len(known) == 5 and len(word) == 5 and sorted(word) != sorted(known):
            continue  # five letters: a letter missing, added or swapped, never replaced
        limit = 2 if len(known) >= 8 and len(word) >= 7 else 1
        found = _distance(word, known, limit)
        if found <= limit and found < best_distance:
            best, best_distance = known, found
    return _SAME.get(best, best)


def canonical(text: str) -> str:
    """The normalised ``text`` with each word spelled as the rules spell it."""
    return " ".join(_spelled(word) for word in normalise(text).split())


# --- 3. The rules ------------------------------------------------------------------------------
def _any(*words: str) -> str:
    return r"\b(?:" + "|".join(words) + r")\b"


_NO_WORK = _any(
    "no work",
    "no task",
    "no project",
    "nothing",
    "without",
    "neglected",
    "ignored",
    "forgotten",
    "no progress",
    "not working on",
    "not moving",
    "stuck",
    "stalled",
    "no next step",
    "no action",
    "idle",
)
_TIME = r"\b(?:\d+(?:\.\d+)?|an?|one|half|quarter) (?:min|hour|h|m)\b"

# (preset, weight, pattern over the canonical text); None: off-topic, against every preset.
_SOURCE: Final[tuple[tuple[IntentKey | None, float, str], ...]] = (
    # What's overdue?
    ("overdue", 4.0, _any("overdue", "past due", "past the due date", "was due")),
    ("overdue", 2.5, _any("late", "behind", "running behind", "fallen behind")),
    ("overdue", 3.0, _any("missed", "miss") + r"(?: \w+)? " + _any("deadline", "due date")),
    ("overdue", 1.0, _any("deadline", "due date", "missed", "slipped", "forgotten")),
    # Which projects are stuck?
    ("stuck", 3.0, _any("stuck", "stalled", "blocked", "going nowhere", "not moving")),
    ("stuck", 1.5, _any("project")),
    ("stuck", 1.5, _any("no progress", "no next step", "need a next step", "neglected")),
    # Which goals have no work?
    ("goals", 2.5, _any("goal", "aim", "ambition")),
    ("goals", 2.0, r"\bgoal\b.*" + _NO_WORK + "|" + _NO_WORK + r".*\bgoal\b"),
    # What fits in N minutes?
    ("quick", 3.0, _TIME),
    ("quick", 3.0, _any("a few min", "a couple of min", "a spare moment", "a min")),
    ("quick", 2.0, _any("quick", "quickly", "short", "small task", "little time", "spare")),
    ("quick", 1.5, _any("quick win", "fits", "fit in", "fit into", "free time", "squeeze")),
    ("quick", 1.0, _any("i have", "i have got", "got", "what can i do in", "before")),
    ("quick", 1.0, _any("something short", "something quick", "something small")),
    # How did my week go?
    ("week", 2.0, _any("week", "weekly")),
    ("week", 1.5, _any("my week", "this week", "the week", "last week", "past week")),
    ("week", 3.0, _any("last 7 days", "past 7 days", "last seven days", "past seven days")),
    ("week", 1.0, _any("recap", "summary", "review", "report", "so far", "progress")),
    (
        "week",
        2.5,
        _any("how did i do", "how am i doing", "how have i done", "how did it go"),
    ),
    ("week", 1.5, _any("get done", "got done", "accomplish", "accomplished", "achieved")),
    ("week", 1.0, _any("focus time", "focused", "routine", "habit", "decision")),
    # Explain today's plan
    ("explain", 2.0, _any("explain", "agenda", "on my plate")),
    ("explain", 1.5, _any("my day", "the day", "today plan", "plan for today")),
    ("explain", 1.5, _any("today", "plan", "schedule", "priority", "plan for")),
    ("explain", 1.5, _any("what should i do", "what do i do", "what to do", "what now")),
    ("explain", 1.5, _any("start with", "first", "begin with", "focus on", "work on")),
    ("explain", 1.0, _any("why", "what is on", "next", "due")),
    # Not about the plan at all: counts against every preset.
    (
        None,
        -6.0,
        _any(
            "weather",
            "rain",
            "raining",
            "forecast",
            "temperature",
            "joke",
            "news",
            "recipe",
            "movie",
            "song",
            "music",
            "stock",
            "stocks",
            "football",
            "score",
            "timer",
            "alarm",
            "translate",
            "password",
            "capital of",
            "meaning of life",
            "who are you",
            "your name",
        ),
    ),
)
RULES: Final = tuple((key, weight, re.compile(pattern)) for key, weight, pattern in _SOURCE)


def scores(text: str) -> dict[IntentKey, float]:
    """Every preset's score for ``text`` (before the threshold): the sum of the weights of
    the rules whose pattern occurs in the canonical text, off-topic words subtracted."""
    words = canonical(text)
    found: dict[IntentKey, float] = dict.fromkeys(KEYS, 0.0)
    penalty = 0.0
    for key, weight, pattern in RULES:
        if pattern.search(words):
            if key is None:
                penalty += weight
            else:
                found[key] += weight
    if minutes_in(text) is not None:  # a duration the time patterns missed ("twenty minutes")
        found["quick"] = max(found["quick"], 3.0)
    return {key: value + penalty for key, value in found.items()}


def match(text: str) -> Intent | None:
    """The preset ``text`` asks for, or None when it asks for none of them."""
    found = scores(text)
    best = max(KEYS, key=lambda k: (found[k], -KEYS.index(k)))
    if found[best] < THRESHOLD:
        return None
    return Intent(best, found[best], minutes_in(text) if best == "quick" else None)


# --- 4. Minutes --------------------------------------------------------------------------------
# Smart Add's number words ("two", "fifteen", "a couple of"); the question box reads them alike.
_NUMBER_WORDS: Final = NUMBER_WORDS
_NUMBER = (
    r"(?P<{name}>\d+(?:\.\d+)?|(?:twenty|thirty|forty|fourty|fifty) (?:one|two|three|four|five"
    r"|six|seven|eight|nine)|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + ")"
)
_HOUR_WORD = r"(?:hour|h)"
_MINUTE_WORD = r"(?:min|m)"
_DURATIONS: Final = (
    # "an hour and a half", "1 hour and a half", "hour and half"
    re.compile(r"\b(?:" + _NUMBER.format(name="h") + r" )?" + _HOUR_WORD + r" and (?:a )?half\b"),
    # "1 hour 30", "1 h 30 min", "2 hours and 15 minutes"
    re.compile(
        r"\b"
        + _NUMBER.format(name="h")
        + r" "
        + _HOUR_WORD
        + r" (?:and )?"
        + _NUMBER.format(name="m")
        + r"(?: "
        + _MINUTE_WORD
        + r")?\b"
    ),
    re.compile(r"\b(?:half an|half a|half|1/2) " + _HOUR_WORD + r"\b"),
    re.compile(r"\bquarter (?:of )?(?:an )?" + _HOUR_WORD + r"\b"),
    re.compile(r"\b" + _NUMBER.format(name="h") + r" " + _HOUR_WORD + r"\b"),
    re.compile(r"\b" + _NUMBER.format(name="m") + r" " + _MINUTE_WORD + r"\b"),
)


# Words that stand for a number but name none the user meant ("a minute", "a few minutes").
_VAGUE: Final = frozenset({"a", "an", "few", "a few", "couple of", "a couple", "a couple of"})


def _number(words: str | None) -> float | None:
    if words is None:
        return None
    if re.fullmatch(r"\d+(?:\.\d+)?", words):
        return float(words)
    parts = words.split(" ", 1)
    if (
        len(parts) == 2
        and parts[0] in _NUMBER_WORDS
        and parts[1] in _NUMBER_WORDS
        and _NUMBER_WORDS[parts[0]] >= 20  # "twenty five"
    ):
        return float(_NUMBER_WORDS[parts[0]] + _NUMBER_WORDS[parts[1]])
    return float(_NUMBER_WORDS[words]) if words in _NUMBER_WORDS else None


def minutes_in(text: str) -> int | None:
    """The duration ``text`` names, in minutes (1 to a day), or None when it names none
    ("20 min" 20, "half an hour" 30, "an hour and a half" 90, "1h30" 90, "1.5 hours" 90,
    "twenty five minutes" 25)."""
    words = canonical(text)
    for index, pattern in enumerate(_DURATIONS):
        found = pattern.search(words)
        if found is None:
            continue
        groups = found.groupdict()
        match index:
            case 0:
                hours = _number(groups.get("h")) or 1.0
                minutes = hours * 60 + 30
            case 1:
                minutes = (_number(groups["h"]) or 0) * 60 + (_number(groups["m"]) or 0)
            case 2:
                minutes = 30
            case 3:
                minutes = 15
            case 4:
                minutes = (_number(groups["h"]) or 0) * 60
            case _:
                if groups["m"] in _VAGUE:  # "a few minutes": no number, the user's setting
                    continue
                minutes = _number(groups["m"]) or 0
        whole = round(minutes)
        return whole if 1 <= whole <= MAX_MINUTES else None
    return None
