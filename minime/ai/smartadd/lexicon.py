"""The words Smart Add knows: calendar names, numbers, and the small vocabularies that decide kinds.

Everything here is data. Regular-expression alternations are built from these tables (longest
name first, so ``"thurs"`` is tried before ``"thu"``) by ``alternation``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text``: long vocabularies read best as prose."""
    return frozenset(text.split())


WEEKDAYS: dict[str, int] = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "wed": 2,
    "thursday": 3,
    "thurs": 3,
    "thur": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
FULL_WEEKDAYS = frozenset(name for name in WEEKDAYS if name.endswith("day"))
# Weekday abbreviations that are also English words ("sun cream", "sat with grandma", "get wed").
WORDLIKE_WEEKDAYS = frozenset({"sat", "sun", "wed"})
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

MONTHS: dict[str, int] = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}

# Cardinal numbers as words, for "in two weeks", "every three days", "for an hour".
NUMBER_WORDS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fourty": 40,  # a common misspelling
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "a couple of": 2,
    "a couple": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}

ORDINAL_WORDS: dict[str, int] = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty-second": 22,
    "twenty-third": 23,
    "twenty-fourth": 24,
    "twenty-fifth": 25,
    "twenty-sixth": 26,
    "twenty-seventh": 27,
    "twenty-eighth": 28,
    "twenty-ninth": 29,
    "thirtieth": 30,
    "thirty-first": 31,
}

# The hour each part of the day stands for; morning, afternoon and evening are fixed points.
DAYPARTS: dict[str, tuple[int, int]] = {
    "early morning": (7, 0),
    "morning": (9, 0),
    "late morning": (11, 0),
    "afternoon": (14, 0),
    "late afternoon": (16, 0),
    "evening": (19, 0),
    "tonight": (19, 0),
    "late evening": (21, 0),
    "night": (21, 0),
}
# Parts of the day after which a bare "at 8" means 20:00.
PM_DAYPARTS = frozenset(
    {"afternoon", "late afternoon", "evening", "tonight", "late evening", "night"}
)

# Fixed-date holidays that people use as deadlines ("buy gifts by Christmas").
HOLIDAYS: dict[str, tuple[int, int]] = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "christmas": (12, 25),
    "xmas": (12, 25),
    "boxing day": (12, 26),
    "new year's eve": (12, 31),
    "new years eve": (12, 31),
    "nye": (12, 31),
    "new year's day": (1, 1),
    "new years day": (1, 1),
    "new year": (1, 1),
    "valentine's day": (2, 14),
    "valentines day": (2, 14),
    "valentine's": (2, 14),
    "halloween": (10, 31),
}

# Words before a weekday that make a name, not a date: "Black Friday", "Easter Monday".
WEEKDAY_COMPOUNDS = frozenset(
    {"black", "good", "cyber", "easter", "ash", "palm", "holy", "maundy", "super", "freaky"}
)

# Words before a noun: after one, "evening", "sun" or "the 3rd" name a thing ("plan the evening",
# "enjoy the sun", "our 10th").
DETERMINERS = words("a an the my our your his her their")

# Nouns that take a number ("chapter 7", "room 9"): "read chapter 7 in the evening" keeps its 7.
NUMBERED_NOUNS = words(
    """
    chapter chapters page pages room lesson lessons episode episodes level step steps part section
    unit exercise question task item number no nr vol volume act scene verse grade class season
    week day platform gate track bus route table apartment flat floor building suite psalm
    """
)

# Words that can follow a date, time or adverb without making it an adjective: "weekly on
# Mondays", "the 15th at 9". Anything else alphabetic after "weekly" ("weekly report") is a noun
# the adverb describes, so the adverb stays in the title.
FUNCTION_WORDS = words(
    """
    a an the at on in by for from to until till til before after around about and or but
    with without this next every each of is are am pm due starting then also so if when
    morning afternoon evening night tonight today tomorrow noon midnight midday
    low medium high energy priority urgent asap important deep p1 p2 p3 p4
    please pls latest only
    """
)

# Imperative verbs that open a task. A sentence that opens with one of these is a task even if
# it reads like a fact later on ("Check the wifi password is set"). Lower case, base form.
TASK_VERBS = words(
    """
    add answer apply approve archive arrange ask assemble attach attend back bake book borrow
    bring brush build buy calculate call cancel change charge chase check choose clean clear close
    collect compare complete confirm contact cook copy correct create cut deal decide declutter
    defrost delete deliver deposit design discuss do donate download draft drink drop dust eat
    edit email e-mail empty enroll enrol exercise feed fetch file fill find finish fix follow
    get give go grab hang help hire hoover install invite iron join keep laminate learn leave let
    list load lock look mail make meet merge message migrate move mop mow note notify order organise
    organize outline pack paint pay phone pick plan plant play polish post practice practise
    prep prepare print process publish purchase put read rebook reach record recycle refactor
    refill register reinstall release remind renew rent repair replace reply report request
    research reschedule reserve return review rewrite ring run sand save scan schedule send set
    sew share shop shred sign sort speak start stop study submit sweep switch take talk tell test
    text thank tidy top track train transfer translate try tune turn unpack update upload vacuum
    verify visit wash watch water weed wipe wrap write
    """
)

# What habits are made of: a repeated activity built from these becomes a routine, while a
# repeated chore ("take out the recycling every Monday") stays a recurring task. Single words
# match a word of the title; phrases match anywhere in it.
HABIT_WORDS = words(
    """
    gym workout workouts exercise exercises run running jog jogging walk walking swim swimming
    cycle cycling bike biking yoga pilates stretch stretches stretching meditate meditation
    mindfulness journal journaling journalling diary read reading floss flossing skincare
    vitamins vitamin supplements meds medication medicine pills hydrate sleep bedtime practice
    practise study studying duolingo anki flashcards piano guitar violin drums singing pray
    prayer gratitude push-ups pushups sit-ups situps squats plank planks breathe breathing lift
    lifting train training habit routine affirmations posture teeth steps rowing climbing
    """
)
# Pairs of words that make a habit together, wherever they are in the title: "drink 2 litres
# of water", "make my bed", "wake up at 6".
HABIT_PAIRS = (
    ("drink", "water"),
    ("make", "bed"),
    ("go", "bed"),
    ("wake", "up"),
    ("get", "up"),
    ("cold", "shower"),
    ("weigh", "myself"),
    ("morning", "pages"),
)


def alternation(names: Iterable[str]) -> str:
    """A regex alternation of ``names``, longest first, spaces matching any whitespace."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in ordered)
