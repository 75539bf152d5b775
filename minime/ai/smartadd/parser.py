"""``parse``, ``read_when``, ``read_recurrence``: the engine's entry points.

One item's text is read in a fixed order, each reader claiming the words it understood:

1. tags (``#project``, ``@label``, ``area:``), then priority tokens and energy;
2. exact dates (ISO, ``20/04``) before anything can take their digits;
3. recurrence ("every Mon, Wed and Fri"), before weekdays and "on the 1st" are read as dates;
4. "in 2 hours" (a moment, not an estimate), then times ("at 5pm", "3-5pm");
5. estimates ("1h30", "for 2 hours"), then dates ("tomorrow", "15 March", "next week");
6. parts of the day (after dates, so "tomorrow morning" reads as one), then priority words.

What is left is the title; its opening words ("I want to", "remember that", "I need to") and
the fields read decide the kind. ``resolve`` then turns the reading into dates and times against
``now``.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from .fields import read_energy, read_estimate, read_priority_tokens, read_priority_words, read_tags
from .item import Item
from .lexicon import HABIT_PAIRS, HABIT_WORDS, TASK_VERBS
from .reading import Reading
from .rules import read_rule
from .split import Piece, split, strip_connector
from .text import Text
from .times import read_dayparts, read_relative_time, read_times
from .title import build_title, capitalise, tidy
from .when import read_dates, read_exact_dates

MAX_ITEMS = 50
"""At most this many items per call; the rest of a longer text is not read."""

GOAL_NEAR_DAYS = 14
""""I want to call mom tomorrow" is a task: a goal's horizon is further away than this."""

_I = re.IGNORECASE
_KIND_PREFIX = re.compile(
    r"^\s*(?P<k>task|todo|to-do|to\s+do|project|proj|goal|routine|habit|note|idea|memo)\s*[:：]\s*",
    _I,
)
_KINDS = {
    "task": "task",
    "todo": "task",
    "to-do": "task",
    "to do": "task",
    "project": "project",
    "proj": "project",
    "goal": "goal",
    "routine": "routine",
    "habit": "routine",
    "note": "note",
    "idea": "note",
    "memo": "note",
}
_NOTE_INTRO = re.compile(
    r"^(?:remember\s+that|note\s+that|note\s+to\s+self\s*[:,-]?|fyi\s*[:,-]?|nb\s*[:,-]"
    r"|(?:don['’]?t|do\s+not)\s+forget\s+that|keep\s+in\s+mind\s+that|for\s+the\s+record\s*[:,-]?"
    r"|reminder\s*:\s*(?=[^\W\d]+\s+(?:is|are|was|were|has|have)\b))\s*",
    _I,
)
_GOAL_INTRO = re.compile(
    r"^(?:i(?:['’]d|\s+would)\s+(?:really\s+)?(?:like|love)\s+to"
    r"|i\s+(?:really\s+)?(?:want|wish|hope|aim|intend|plan|mean)\s+to|i\s+wanna"
    r"|(?:my|the|our)\s+(?:main\s+|big\s+)?(?:goal|aim|dream|resolution|ambition|plan)"
    r"(?:\s+for\s+(?:this|next)\s+\w+)?\s+is\s+to|(?:goal|aim)\s*:)\s+",
    _I,
)
_WILL_INTRO = re.compile(
    r"^(?:i\s+will|i['’]ll|i\s+shall|i\s+am\s+going\s+to|i['’]m\s+going\s+to|i['’]m\s+gonna"
    r"|i\s+am\s+gonna|we\s+will|we['’]ll)\s+",
    _I,
)
_TASK_INTRO = re.compile(
    r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|have|got|ought)\s+to|(?:i|we)\s+(?:must|should|gotta)"
    r"|(?:i|we)['’]ve\s+got\s+to|(?:need|have|got)\s+to|gotta|must"
    r"|remind\s+me\s+(?:that\s+i\s+(?:need|have)\s+)?to|remember\s+to"
    r"|(?:don['’]?t|do\s+not)\s+forget\s+to|make\s+sure\s+(?:that\s+)?(?:to|i)"
    r"|please|pls|plz|let['’]?s|try\s+to|todo\s*[:-]?|to-?do\s*[:-]?)\s+",
    _I,
)
_FACT = re.compile(
    r"^(?:[\w'’-]+\s+){0,4}?(?:is|are|was|were|isn['’]t|aren['’]t|wasn['’]t|weren['’]t|has|have"
    r"|had|hasn['’]t|doesn['’]t|don['’]t|didn['’]t|lives|works|likes|loves|hates|prefers|costs"
    r"|means|belongs|owes)\b",
    _I,
)
_I_AM = re.compile(r"^(?:i['’]m|i\s+am)\b", _I)
_LINK_ONLY = re.compile(r"^(?:(?:https?|ftp)://|www\.)\S+$", _I)
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")
_PRIVATE = re.compile("[\ue000-\ue0ff]")  # the engine's own markers (text.py, title.py)


# --- reading -----------------------------------------------------------------------------------
def read(text: str, *, note: bool = False) -> tuple[Text, Reading]:
    """Run the readers over ``text`` (a note only gives up its tags)."""
    t = Text(_PRIVATE.sub(" ", text))
    r = Reading()
    read_tags(t, r)
    if note:
        return t, r
    read_priority_tokens(t, r)
    read_energy(t, r)
    read_exact_dates(t, r)
    read_rule(t, r)
    read_relative_time(t, r)
    read_times(t, r)
    read_estimate(t, r)
    read_dates(t, r)
    read_dayparts(t, r)
    read_priority_words(t, r)
    if r.estimate_minutes is None:
        r.estimate_minutes = r.span_minutes
    return t, r


def resolve(r: Reading, now: datetime) -> tuple[date | None, time | None]:
    """The due date and time a reading says, seen from ``now`` (aware, the user's zone).

    A time without a date is today, or tomorrow when it has passed; a recurring item keeps its
    time and no date (the rule says when). "In 2 hours" is counted in real time, so it is right
    across a DST change."""
    today = now.date()
    due_date = r.date.resolve(today) if r.date is not None else None
    due_time = r.time_of_day()
    if r.after_minutes is not None:
        try:
            moment = (now.astimezone(UTC) + timedelta(minutes=r.after_minutes)).astimezone(
                now.tzinfo
            )
        except OverflowError:
            moment = None
        if moment is not None:
            due_date = due_date or moment.date()
            due_time = due_time or moment.time().replace(second=0, microsecond=0, tzinfo=None)
    if due_date is None and r.today_said:
        due_date = today
    if due_date is None and due_time is not None and r.rule is None:
        passed = (due_time.hour, due_time.minute) < (now.hour, now.minute)
        due_date = today + timedelta(days=1) if passed else today
    return due_date, due_time


# --- kinds -------------------------------------------------------------------------------------
def _first_word(title: str) -> str:
    m = _WORDS.search(title)
    return m.group().lower() if m else ""


def is_habit(title: str) -> bool:
    """Is this a habit-like activity (exercise, meditation, reading, practice...)?"""
    words = {w.lower().strip("'’-") for w in _WORDS.findall(title)}
    return bool(words & HABIT_WORDS) or any(a in words and b in words for a, b in HABIT_PAIRS)


def is_fact(title: str) -> bool:
    """A plain statement, not an instruction: "Ana is vegetarian", "The wifi password is on the
    router", "I'm allergic to nuts", or a question that does not start with a verb."""
    first = _first_word(title)
    if first in TASK_VERBS:
        return False
    if title.rstrip().endswith("?"):
        return True
    return bool(_FACT.match(title) or _I_AM.match(title))


def _strip_intro(pattern: re.Pattern[str], title: str) -> tuple[str, bool]:
    m = pattern.match(title)
    if m is None:
        return title, False
    return title[m.end() :], True


def _strip_task_intros(title: str) -> str:
    for _ in range(4):
        stripped, found = _strip_intro(_TASK_INTRO, title)
        if not found:
            break
        title = stripped
    return title


def _classify(title: str, r: Reading, now: datetime, due: date | None) -> tuple[str, str]:
    """(kind, title) for an item without a kind prefix, from its title's opening words and the
    fields read."""
    title, wants = _strip_intro(_GOAL_INTRO, title)
    title = _strip_task_intros(_strip_intro(_WILL_INTRO, title)[0])
    if r.rule is not None:
        daily_part = r.rule.freq == "DAILY" and r.daypart is not None
        return ("routine" if is_habit(title) or daily_part else "task"), title
    if _LINK_ONLY.match(title) and not r.scheduled:
        return "note", title
    if wants or r.horizon:
        near = due is not None and (due - now.date()).days <= GOAL_NEAR_DAYS
        if r.horizon or not (near or r.clock or r.daypart or r.after_minutes is not None):
            return "goal", title
        return "task", title
    if re.search(r"\broutine\b", title, _I) and _first_word(title) not in TASK_VERBS:
        return "routine", title  # "Morning routine"; "Plan the evening routine" is a task
    if not r.scheduled and is_fact(title):
        return "note", title
    return "task", title


# --- items -------------------------------------------------------------------------------------
def _item(text: str, now: datetime, heading: Reading | None) -> Item | None:
    prefix = _KIND_PREFIX.match(text)
    kind = _KINDS[" ".join(prefix["k"].lower().split())] if prefix else None
    body = strip_connector(text[prefix.end() :] if prefix else text)
    if kind is None:
        intro = _NOTE_INTRO.match(body)
        if intro is not None:
            kind, body = "note", body[intro.end() :]
    t, r = read(body, note=kind == "note")
    if heading is not None:
        _inherit(r, heading)
    title = build_title(t)
    due_date, due_time = resolve(r, now)
    if kind is None:
        kind, title = _classify(title, r, now, due_date)
    elif kind != "note":
        title = _strip_intro(_WILL_INTRO, _strip_intro(_GOAL_INTRO, title)[0])[0]
        title = _strip_task_intros(title)
    title = capitalise(tidy(title)) or capitalise(tidy(body))
    if not title:
        return None
    if kind == "note":
        return Item("note", title, project=r.project, area=r.area, labels=tuple(r.labels))
    return Item(
        kind=kind,
        title=title,
        due_date=due_date,
        due_time=due_time,
        recurrence=r.rule.rrule(due_time) if r.rule is not None else None,
        priority=r.priority,
        estimate_minutes=r.estimate_minutes,
        energy=r.energy,
        project=r.project,
        area=r.area,
        labels=tuple(r.labels),
    )


def _inherit(r: Reading, heading: Reading) -> None:
    """Items under a date heading ("Tomorrow:") take its date and time unless they say one."""
    if r.date is None and r.rule is None and r.after_minutes is None:
        r.date = heading.date
        r.today_said = r.today_said or heading.today_said
    if r.clock is None and r.daypart is None:
        r.clock, r.daypart = heading.clock, heading.daypart


def _date_heading(text: str) -> Reading | None:
    """The reading of a heading made only of date and time words ("Tomorrow:", "Friday
    morning:"), which dates the items under it; None for any other heading ("Groceries:"),
    which is an item of its own."""
    try:
        t, r = read(text)
    except Exception:  # as in _safe_item: a reader bug costs the heading its date, nothing more
        return None
    if build_title(t) or not (r.date or r.clock or r.daypart or r.today_said):
        return None
    return r


def _safe_item(text: str, now: datetime, heading: Reading | None) -> Item | None:
    try:
        return _item(text, now, heading)
    except Exception:  # a reader bug must cost one item's fields, not the preview
        title = capitalise(tidy(text))
        return Item("task", title) if title else None


def parse(text: str, now: datetime) -> list[Item]:
    """The items ``text`` holds, in order, at most ``MAX_ITEMS``.

    ``now`` is the user's current moment, aware and in their zone: "today" is its date. Any
    string is accepted (an empty or punctuation-only text gives ``[]``); a naive ``now`` is a
    programming error and raises ``ValueError``."""
    _check_now(now)
    items: list[Item] = []
    current_line: int | None = None
    heading: Reading | None = None
    for piece in _pieces(_PRIVATE.sub(" ", text)):
        if piece.heading_line != current_line:  # the first item under a new heading (or none)
            current_line, heading = piece.heading_line, None
            if piece.heading is not None:
                heading = _date_heading(piece.heading)
                if heading is None:
                    items.extend(filter(None, [_safe_item(piece.heading, now, None)]))
        items.extend(filter(None, [_safe_item(piece.text, now, heading)]))
        if len(items) >= MAX_ITEMS:
            break
    return items[:MAX_ITEMS]


def _pieces(text: str) -> list[Piece]:
    try:
        return split(text)
    except Exception:  # never lose the user's text to a splitter bug
        return [Piece(line.strip()) for line in text.splitlines() if line.strip()]


def read_when(phrase: str, now: datetime) -> tuple[date | None, time | None]:
    """The date and time a phrase says on its own ("tomorrow at 5pm", "next Friday", "15
    March"), with ``parse``'s conventions; (None, None) when it says neither. For "when" phrases
    that an AI provider returns and we resolve locally."""
    _check_now(now)
    try:
        return resolve(read(phrase)[1], now)
    except Exception:  # same promise as parse: no input string raises
        return None, None


def read_recurrence(phrase: str) -> str | None:
    """The RRULE a phrase states ("every other week" -> "FREQ=WEEKLY;INTERVAL=2"), with
    BYHOUR/BYMINUTE when it says a time; None when it states no rule."""
    try:
        r = read(phrase)[1]
        return r.rule.rrule(r.time_of_day()) if r.rule is not None else None
    except Exception:  # same promise as parse: no input string raises
        return None


def _check_now(now: datetime) -> None:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be an aware datetime in the user's time zone")
