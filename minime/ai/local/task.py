"""Break into steps: 3–6 steps for one task.

Words in the title's object pick a *variant* of the verb's family: a report gathers figures and
is sent, an essay gathers sources and is submitted, an email is short. A title with no family
gets a generic breakdown that still names what it is about ("…for painting the fence"). A
description that lists steps wins over the title: its items become the steps, topped up from
the title when there are too few.
"""

from __future__ import annotations

import re
from typing import Final

from ..features import BREAK_TASK_STEPS
from .reading import Subject, description_steps, read_title
from .steps import distinct, merge_overflow, top_up
from .words import DEFAULT_REF, DETERMINERS, LEXICON, NO_ARTICLE, STEPS, clip_words, gerund, keys_of


def _variant(family: str, keys: frozenset[str]) -> tuple[str, ...]:
    return next(v.steps for v in STEPS if v.family == family and (not v.keys or keys & v.keys))


def _split_person(obj: str) -> tuple[str, str]:
    """ "the bank about the mortgage" -> ("the bank", "the mortgage"); "Mum back" -> "Mum"."""
    obj = re.sub(r"\s+back$", "", obj.strip(), flags=re.I)
    match = re.search(r"\s+(?:about|regarding|re:?|to|for|on|concerning)\s+", obj, re.I)
    if match:
        return obj[: match.start()].strip(), obj[match.end() :].strip()
    return obj, ""


def _recipient_and_thing(obj: str) -> tuple[str, str] | None:
    """ "Sarah the slides" -> ("Sarah", "the slides"): a name, then what goes to them."""
    match = re.fullmatch(
        r"([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?)\s+((?:the|a|an|my|our|your)\s+.+)", obj
    )
    if match and match.group(1).lower() not in DETERMINERS:
        return match.group(1), match.group(2)
    return None


def _contact_steps(subject: Subject) -> list[str]:
    person, topic = _split_person(subject.obj)
    person = clip_words(person, 8, 60) if person else "them"
    purpose = re.match(r"to\s+(.+)", subject.obj[len(person) :].strip(), re.I)
    handover = _recipient_and_thing(subject.obj)
    if handover:  # "Email Sarah the slides"
        person, thing = handover
        steps = [f"Get {clip_words(thing, 10, 80)} ready to send"]
    elif purpose:  # "Call the plumber to fix the sink"
        steps = [f"Note the details {person} needs to {clip_words(purpose.group(1), 10, 80)}"]
    elif topic:
        steps = [f"Note what you want to ask {person} about {clip_words(topic, 10, 80)}"]
    else:
        steps = [f"Note what you want to ask or tell {person}"]
    if keys_of(person) & LEXICON["ORGANISATIONS"]:
        steps.append("Have your details and any reference number ready")
    verb = subject.verb or ""
    if verb in ("call", "phone", "ring"):
        steps += [f"Look up the number for {person}", "Make the call and note what was agreed"]
    elif verb in ("email", "e-mail", "write to", "reply to", "respond to"):
        steps += [f"Find the right email address for {person}", "Write and send the email"]
    elif verb in ("text", "message"):
        steps.append("Write the message and send it")
    else:
        steps.append("Get in touch and note what was agreed")
    steps.append("Add any follow-ups to your list")
    return steps


def _generic_steps(subject: Subject, project: str | None) -> list[str]:
    if subject.verb and subject.obj:
        about = f"{gerund(subject.verb)} {clip_words(subject.obj, 10, 80)}"
    else:
        about = f"“{clip_words(subject.title, 10, 80)}”"
    follow_up = "Check the result and note any follow-ups"
    if project and project.strip():
        follow_up += f" for {clip_words(' '.join(project.split()), 8, 60)}"
    return [
        f"Decide what done looks like for {about}",
        "List what you need and gather it",
        "Do the first 25 minutes of the work",
        "Finish the remaining work",
        follow_up,
    ]


def _title_steps(subject: Subject, project: str | None) -> list[str]:
    """The steps the title alone suggests."""
    family = subject.family
    if family is None or (subject.verb is None and not subject.obj):
        return _generic_steps(subject, project)
    if family == "contact":
        return _contact_steps(subject)
    default = DEFAULT_REF.get(family, "it")
    handover = _recipient_and_thing(subject.obj) if family == "send" else None
    if handover:  # "Send John the contract"
        person, item = handover
        subject = Subject(subject.title, family, subject.verb, item, subject.hints)
    elif family == "send" and re.search(r"\s+to\s+", subject.obj, re.I):
        # "Send the invoice to ACME": the item, then where it goes.
        item, _, person = re.split(r"\s+(to)\s+", subject.obj, maxsplit=1, flags=re.I)
        subject = Subject(subject.title, family, subject.verb, item, subject.hints)
        person = clip_words(person, 8, 60)
    elif family == "send":
        person = "the right person or address"
    elif family == "meet":
        person = clip_words(_split_person(subject.obj)[0], 8, 60) or "them"
    else:
        match = re.search(r"\bfor\s+(.+)$", subject.obj, re.I)  # "a gift for Anna"
        person = clip_words(match.group(1), 6, 50) if match else "them"
    keys = subject.keys if subject.obj else subject.keys | keys_of(default)
    if family in _HEAD_ONLY:  # "Move the desk upstairs" -> "the desk"
        head = _HEAD_END.split(subject.obj, maxsplit=1)[0].strip()
        subject = Subject(subject.title, family, subject.verb, head or subject.obj, subject.hints)
    ref = subject.ref(article=family not in NO_ARTICLE) or default
    core = subject.core() or default.removeprefix("the ")
    obj = clip_words(subject.sentence_case(subject.obj), 10, 80) or core
    doing = f"{gerund(subject.verb or family)} {obj}".strip()
    templates = _variant(family, keys)
    return [t.format(ref=ref, core=core, obj=obj, person=person, doing=doing) for t in templates]


# Where the thing ends and its destination or timing begins, for families whose steps are
# about the thing itself ("Upgrade the laptop to the new OS" -> "the laptop").
_HEAD_END: Final = re.compile(
    r"\s+(?:to|into|onto|from|upstairs|downstairs|before|after|by|until|out of|back to)\b",
    re.IGNORECASE,
)
_HEAD_ONLY: Final = frozenset({"update", "move", "clean", "pack", "setup", "cancel", "backup"})


_FALLBACK_TASK_STEPS: Final = (
    "Decide what done looks like",
    "List what you need and gather it",
    "Do the first 25 minutes of the work",
    "Finish the remaining work",
    "Check the result and note any follow-ups",
)


def break_task(title: str, description: str, project: str | None) -> list[str]:
    """3–6 concrete steps for a task, deterministic and offline.

    The description's own steps come first when it lists any (bullets, lines, imperative
    sentences), topped up from the title's wrap-up steps when there are fewer than three.
    Otherwise the title's verb and object pick the steps ("Write the quarterly report" ->
    gather the figures, outline, draft, review and polish, send); unknown verbs get a generic
    breakdown that names the task. Steps are distinct, at most 200 characters each, and never
    the title itself.
    """
    low, high = BREAK_TASK_STEPS
    subject = read_title(title)
    from_title = _title_steps(subject, project)
    listed = distinct(description_steps(description or "", subject.family), title)
    if listed:
        steps = top_up(listed, [*from_title[-2:], *from_title], title, low)
    else:
        steps = distinct(from_title, title)
    steps = top_up(steps, _FALLBACK_TASK_STEPS, title, low)
    return merge_overflow(steps, high)
