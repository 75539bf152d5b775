"""Reading a task's title and description, for both breakdowns.

A title such as "Write the quarterly report" has a *verb* ("write") that picks a *family* of
steps (writing: gather, outline, draft, polish, send) and an *object* ("the quarterly report")
that the steps talk about. Vague verbs ("do the taxes", "sort out the garage", "get a haircut")
and titles without a verb ("Dentist appointment", "Groceries") are routed by their nouns. A
description that lists steps (bullets, lines or imperative sentences) gives those steps,
cleaned.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ..features import clean_step
from .tables import VAGUE
from .words import (
    COMMON_VERBS,
    DETERMINERS,
    ITEM_VERB,
    KNOWN_LOWER,
    LEXICON,
    NOUN_FAMILIES,
    PHRASAL,
    PREPOSITIONS,
    VERBS,
    WH_WORDS,
    clip_words,
    gerund,
    keys_of,
    lower_first,
    strip_lead_in,
    verb_base,
    words_of,
    wordset,
)


@dataclass(frozen=True, slots=True)
class Subject:
    """What a title is about: its ``family`` of steps (None: generic), ``verb`` (None: the
    title has no verb we know) and ``obj``, the words after the verb as written."""

    title: str
    family: str | None
    verb: str | None
    obj: str
    hints: frozenset[str] = frozenset()  # words implied but not written ("serviced" -> booking)

    @property
    def keys(self) -> frozenset[str]:
        """The words that pick a variant: the object's (or the title's), the verb, the hints."""
        keys = keys_of(self.obj or self.title) | self.hints
        return keys | {self.verb} if self.verb else keys

    def ref(self, *, article: bool = True) -> str:
        """The object for reuse in a step: "a report" -> "the report", "quarterly report" ->
        "the quarterly report"; names are left alone ("Mum", "Paris"); long objects clipped."""
        words = self.obj.split()
        if not words:
            return ""
        first = words[0].lower()
        obj = self.obj
        if first in ("a", "an", "some", "any") and len(words) > 1:
            obj = " ".join(["the", *words[1:]])
        elif (
            article
            and first not in DETERMINERS
            and first not in PREPOSITIONS
            and first not in WH_WORDS
            and not first[:1].isdigit()
            and "'" not in first
            and "’" not in first
            and (words[0][:1].islower() or first in KNOWN_LOWER)
        ):
            obj = "the " + self.sentence_case(obj)
        return clip_words(obj, 10, 80)

    def core(self) -> str:
        """The object without its article: "a new laptop" -> "new laptop"."""
        words = self.obj.split()
        if words and words[0].lower() in ("a", "an", "the", "some", "any"):
            words = words[1:]
        return clip_words(self.sentence_case(" ".join(words)), 10, 80) if words else ""

    def sentence_case(self, text: str) -> str:
        # A title without a verb starts with a capital only because it starts the title
        # ("Quarterly report"); after a verb a capital is meant ("Learn Spanish").
        return lower_first(text) if self.verb is None else text


def clean_title(title: str) -> str:
    return strip_lead_in(clean_step(title)).rstrip("!?. ").strip()


def _noun_family(keys: frozenset[str]) -> str | None:
    return next((family for family, nouns in NOUN_FAMILIES if keys & nouns), None)


def read_title(title: str) -> Subject:
    text = clean_title(title)
    words = text.split()
    lowered = [re.sub(r"[^\w'-]", "", w).lower() for w in words]
    for size in (4, 3, 2, 1):
        phrase = " ".join(lowered[:size])
        if len(lowered) >= size and phrase in PHRASAL:
            return _route(text, PHRASAL[phrase], phrase, " ".join(words[size:]))
    if lowered:
        verb = verb_base(lowered[0])
        obj = " ".join(words[1:])
        if verb in VERBS:
            return _route(text, VERBS[verb], verb, obj)
        if obj and (verb in COMMON_VERBS or verb_shaped(lowered)):
            # "Paint the fence", "Repot the monstera": no family for the verb; the object may
            # still name one.
            return Subject(text, _noun_family(keys_of(obj)), verb, obj)
    family = _noun_family(keys_of(text))
    return Subject(text, family, None, text if family else "")


def verb_shaped(lowered: Sequence[str]) -> bool:
    """ "repot the monstera", "adopt a dog": an unknown first word followed by an article or a
    possessive is, in a title, almost always a verb."""
    return (
        len(lowered) > 1
        and lowered[1] in _OBJECT_STARTS
        and lowered[0].isalpha()
        and lowered[0] not in DETERMINERS
        and lowered[0] not in PREPOSITIONS
    )


_OBJECT_STARTS: Final = wordset("the a an my our your his her their some all")


def _route(text: str, family: str, verb: str, obj: str) -> Subject:
    """Let the object overrule a vague or ambiguous verb: "do the taxes" is admin, "organise a
    party" is planning, "make dinner" is cooking, "sort out the garage" is tidying."""
    keys = keys_of(obj)
    lex = LEXICON
    chosen: str | None = family if family != "-" else None
    hints: frozenset[str] = frozenset()
    done = re.fullmatch(r"(.+?)\s+(\w{3,}ed|done|cut|seen)", obj.strip(), re.I)
    if verb == "get" and done and not _noun_family(keys):
        # "Get the car serviced", "Get my eyes tested": somebody else does it; book them.
        return Subject(text, "book", verb, done.group(1), frozenset({"appointment"}))
    if verb in VAGUE:
        chosen = _noun_family(keys) or chosen
        if chosen == "handle" and keys & (lex["SPACES"] | lex["DIGITAL"]):
            chosen = "organise"
        elif verb == "go to" and keys & {"gym", "class", "pool", "yoga", "pilates", "training"}:
            chosen = "exercise"
        elif verb == "go to" and keys & {"shop", "supermarket", "store", "market", "shops"}:
            chosen = "buy"
    elif family == "prepare" and keys & lex["MEALS"]:
        chosen = "cook"  # "Prepare dinner for guests"
    elif (family == "organise" and keys & (lex["EVENTS"] | lex["TRIPS"] | lex["MEETINGS"])) or (
        verb == "schedule" and keys & (lex["MEETINGS"] | lex["EVENTS"])
    ):
        chosen = "plan"  # "organise a party", "schedule the team retro"
    if chosen != "contact":
        obj = re.sub(r"^(?:for|about|on)\s+(?=\S)", "", obj, flags=re.I)  # "Read about X"
    if chosen == "learn" and re.match(r"to\s+\w", obj, re.I):
        # "Learn to swim": the subject is the activity, "swimming".
        _, activity, *rest = obj.split()
        obj = " ".join([gerund(verb_base(activity.lower())), *rest])
    return Subject(text, chosen, verb, obj.strip(), hints)


# --- Reading a description ---------------------------------------------------------------------
_BULLET_LINE = re.compile(r"^\s*(?:[-*•·+–—>]|\[[ xX✓✔]?\]|[☐☑✓✔]|\(?\d{1,2}[.):]\s|[a-z][.)]\s)")
_DONE_LINE = re.compile(r"^\s*(?:[-*•]\s*)?(?:\[[xX✓✔]\]|[☑✓✔])")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|\s*;\s*")
_THEN_SPLIT = re.compile(r",?\s+(?:and\s+)?then\s+|,\s+(?:and\s+)?after\s+that,?\s+", re.I)
# A second word like these means the first was a noun: "Work starts on Monday", "Budget is".
_NOT_IMPERATIVE: Final = wordset(
    """is are was were has have had will would can could should must may might starts needs
    looks seems goes comes gets got did does isn't aren't wasn't won't can't"""
)


def _starts_with_verb(text: str) -> bool:
    """True for an imperative sentence: "Call the bank", "Then send the form to Anna"."""
    words = words_of(strip_lead_in(text))
    if not words or (len(words) > 1 and words[1] in _NOT_IMPERATIVE):
        return False
    return verb_base(words[0]) in COMMON_VERBS or " ".join(words[:2]) in PHRASAL


def description_steps(description: str, family: str | None) -> list[str]:
    """The steps a description already lists, cleaned, in order.

    Bullets, checkboxes and numbered lines are steps (ticked ones are done and skipped); a
    short noun bullet takes the title's verb ("- milk" under "Buy groceries" -> "Buy milk").
    Other text is split into sentences and "…, then …" clauses; those that start with a verb
    are steps ("First, call the bank." -> "Call the bank"), the rest is context.
    """
    lines = [line for line in description.splitlines() if line.strip()]
    bulleted = [line for line in lines if _BULLET_LINE.match(line)]
    if not bulleted and _is_plain_list(lines):
        bulleted = lines  # "kitchen / bathroom / living room", one per line
    elif not bulleted and len(lines) == 1 and family in ITEM_VERB:
        parts = [p.strip() for p in re.split(r",|\band\b", lines[0].rstrip(". ")) if p.strip()]
        if len(parts) >= 2 and _is_plain_list(parts):
            bulleted = parts  # "Milk, eggs, bread and apples" under "Weekly shop"
    steps: list[str] = []
    if len(bulleted) >= 2 or (bulleted and len(lines) == 1):
        for line in bulleted:
            if _DONE_LINE.match(line):
                continue
            item = strip_lead_in(clean_step(line, capitalize=False))
            verb = ITEM_VERB.get(family or "")
            if item and verb and not _starts_with_verb(item) and len(item.split()) <= 4:
                item = f"{verb} {lower_first(item)}"
            steps.append(clean_step(item))
        return [s for s in steps if s]
    for line in lines:
        for sentence in _SENTENCE_SPLIT.split(line):
            for clause in _THEN_SPLIT.split(sentence):
                if _starts_with_verb(clause):
                    clause = strip_lead_in(clean_step(clause))
                    steps.extend(clean_step(part) for part in _split_actions(clause))
    return [s for s in steps if s]


def _is_plain_list(lines: Sequence[str]) -> bool:
    """Two or more short lines (at most five words, no sentence punctuation): a list."""
    return len(lines) >= 2 and all(
        len(line.split()) <= 5 and not line.rstrip().endswith((".", "?", "!", ":"))
        for line in lines
    )


def _split_actions(clause: str) -> list[str]:
    """ "Call the bank and send the form" -> two actions; "Wash and dry the sheets" and "Buy
    milk and eggs" stay one (the left side must be a whole action, the right start with a
    verb)."""
    words = clause.split()
    for i, word in enumerate(words):
        if word.lower() == "and" and i >= 2 and i + 1 < len(words):
            right = " ".join(words[i + 1 :])
            if _starts_with_verb(right):
                return [*_split_actions(" ".join(words[:i]).rstrip(",")), *_split_actions(right)]
        if word.endswith(",") and i >= 1 and i + 1 < len(words):
            right = " ".join(words[i + 1 :])
            if _starts_with_verb(right) and not right.lower().startswith("and "):
                return [" ".join(words[: i + 1]).rstrip(","), *_split_actions(right)]
    return [clause]
