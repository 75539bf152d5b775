"""The tables parsed into lookups, the word lists, and the small word helpers the engines share."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise
from typing import Final

from .tables import (
    DEFAULT_REF_TABLE,
    ITEM_TABLE,
    LEXICON_TABLE,
    NOUN_TABLE,
    PHRASAL_TABLE,
    PROJECT_TABLE,
    STEP_TABLE,
    VERB_TABLE,
)


def wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass(frozen=True, slots=True)
class _Variant:
    """Steps for objects whose words meet ``keys`` (any object when ``keys`` is empty)."""

    family: str
    keys: frozenset[str]
    steps: tuple[str, ...]


def _logical_lines(table: str) -> list[str]:
    """Lines of a table, with indented lines joined to the line above."""
    lines: list[str] = []
    for raw in table.splitlines():
        if raw.startswith((" ", "\t")) and lines and lines[-1]:
            lines[-1] += " " + raw.strip()
        else:
            lines.append(raw.strip())
    return lines


def _parse_lexicon(table: str) -> dict[str, frozenset[str]]:
    pairs = (line.split(":", 1) for line in _logical_lines(table) if line)
    return {name.strip(): _split_keys(words, {}) for name, words in pairs}


def _split_keys(text: str, lexicon: Mapping[str, frozenset[str]]) -> frozenset[str]:
    keys: set[str] = set()
    for key in (k.strip().lower() for k in text.split(",")):
        if key.startswith("$"):
            keys |= lexicon[key[1:].upper()]
        elif key and key != "*":
            keys.add(key)
    return frozenset(keys)


def _parse_pairs(table: str, separator: str = "|") -> dict[str, str]:
    pairs: dict[str, str] = {}
    for line in _logical_lines(table):
        for pair in filter(None, (p.strip() for p in line.split(separator))):
            key, _, value = pair.partition(":")
            pairs[key.strip()] = value.strip()
    return pairs


def _parse_blocks(table: str, lexicon: Mapping[str, frozenset[str]]) -> tuple[_Variant, ...]:
    """ "[family] keywords" lines, each followed by its steps separated by "|"."""
    variants: list[_Variant] = []
    lines = [line for line in _logical_lines(table) if line]
    for header, steps in zip(lines[::2], lines[1::2], strict=True):
        family, _, keys = header.removeprefix("[").partition("]")
        parsed = tuple(step.strip() for step in steps.split("|"))
        variants.append(_Variant(family, _split_keys(keys, lexicon), parsed))
    return tuple(variants)


LEXICON: Final = _parse_lexicon(LEXICON_TABLE)
VERBS: Final = {
    verb: family
    for family, verbs in _parse_pairs(VERB_TABLE, "\n").items()
    for verb in verbs.split()
}
PHRASAL: Final = _parse_pairs(PHRASAL_TABLE)
NOUN_FAMILIES: Final = tuple(
    (family, _split_keys(nouns, LEXICON)) for family, nouns in _parse_pairs(NOUN_TABLE).items()
)
STEPS: Final = _parse_blocks(STEP_TABLE, LEXICON)
PROJECT_STEPS: Final = _parse_blocks(PROJECT_TABLE, LEXICON)
DEFAULT_REF: Final = _parse_pairs(DEFAULT_REF_TABLE)
ITEM_VERB: Final = _parse_pairs(ITEM_TABLE)

# Common imperative verbs outside the families: a sentence that starts with one is a step, and
# a title that starts with one has a verb ("Paint the fence" -> "…for painting the fence").
COMMON_VERBS: Final = wordset(
    """add adjust agree answer attach attend bring brainstorm calculate change clear close
    collect complete confirm copy cut define delete discuss donate download drive drop empty
    estimate fill finish follow give hang iron join label launch list load log map measure
    merge note open outline paint pick plant print prioritise prioritize publish put record
    reply remove rename replace reply restart save scan share sign sketch start stop
    summarise summarize swap take track transfer translate upload water weed wrap tackle handle
    renovate redecorate decorate repaint sell settle charge refill walk feed groom recycle
    shred archive polish fold frame mow trim prune hoover iron clear confirm verify invite
    celebrate thank welcome onboard train coach mentor mark grade sweep run accept acknowledge
    activate advertise allocate announce apologise apologize appeal assign authorise avoid
    balance bathe block boil borrow brief browse brush bundle cash chase chat chop clarify
    comment commit compile connect consider consolidate contribute convert count cover crop
    deploy describe destroy dig discard dispose distribute document double-check drain draw
    dry dump enable ensure enter erase escalate examine exchange expand export extend extract
    fetch finalise finalize flag forward freeze gather generate greet heat help highlight
    identify import improve inform inspect introduce invest keep knit lay lend lift link lock
    maintain manage mix monitor negotiate notify obtain offer optimise optimize peel
    photograph place plug pour prevent promote propose protect provide pull pump push raise
    reach rebuild receive recommend reconcile recover reduce refactor refund refresh reinstall
    reject reload rent reorder reorganise reorganize repeat request reset resize restore
    retrieve revisit rinse rotate sand seal separate serve sew shave shortlist shut slice soak
    sow spend split spray spread stack staple stir subscribe suggest supply switch sync tag
    tally tape taste thaw tick tighten transcribe transport trash treat tune tweet type
    uninstall unpack unplug untangle validate wait warm watch weigh vote mention explain insist
    stress request chase adopt redo become grow lose gain quit achieve hit win pass earn boost
    increase decrease double halve land secure switch transition retire travel volunteer
    begin found establish get go have try open improve finish complete start run lower"""
) | frozenset(VERBS)

DETERMINERS: Final = wordset(
    """the a an my our your his her their its this that these those some any all every each
    both several few no one two three four five"""
)
PREPOSITIONS: Final = wordset("for to about on into with at in of from up")
WH_WORDS: Final = wordset("where what which whether how who whom when why if")
# Families whose object is a person, a subject or an activity: never "the …".
NO_ARTICLE: Final = frozenset({"learn", "contact", "meet", "exercise"})

# Every word the tables know, so "Quarterly report" becomes "the quarterly report" while a name
# such as "Paris" keeps its capital.
KNOWN_LOWER: Final = (
    frozenset(w for v in (*STEPS, *PROJECT_STEPS) for key in v.keys for w in key.split())
    | frozenset(w for _, keys in NOUN_FAMILIES for key in keys for w in key.split())
    | frozenset(w for keys in LEXICON.values() for key in keys for w in key.split())
    | COMMON_VERBS
    | DETERMINERS
    | wordset(
        """new old big small weekly monthly daily yearly annual quarterly next last first final
        little quick short long main team project client family work home personal kids
        kid"""
    )
)


# --- Words -------------------------------------------------------------------------------------
# Leading words that only say it is a task: "I need to call Anna" is "Call Anna".
_LEAD_IN = re.compile(
    r"^(?:(?:i|we)\s+(?:really\s+)?(?:need|have|want|must|should|ought|gotta|got)\s+(?:to\s+)?"
    r"|(?:need|have|want|got|ought)\s+to\s+|must\s+|should\s+|remember\s+to\s+"
    r"|don'?t\s+forget\s+to\s+|do\s+not\s+forget\s+to\s+|try\s+to\s+|please\s+|pls\s+"
    r"|(?:to\s*do|todo|task|action)\s*:\s*|first(?:ly)?,?\s+|then,?\s+|next,?\s+"
    r"|after\s+that,?\s+|finally,?\s+|and\s+(?:then\s+)?|also,?\s+|lastly,?\s+)",
    re.IGNORECASE,
)


def strip_lead_in(text: str) -> str:
    while True:
        stripped = _LEAD_IN.sub("", text, count=1).strip()
        if stripped == text or not stripped:
            return text
        text = stripped


def words_of(text: str) -> list[str]:
    """Lower-case words with their punctuation removed ("report," -> "report")."""
    cleaned = (re.sub(r"[^\w'&+:-]", "", t).strip("'-:").lower() for t in text.split())
    return [w for w in cleaned if w]


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def keys_of(text: str) -> frozenset[str]:
    """The words of ``text``, their singulars and their pairs, for keyword matching."""
    words = words_of(text)
    keys = set(words) | {_singular(w) for w in words}
    keys |= {f"{a} {b}" for a, b in pairwise(words)}
    keys |= {f"{a} {_singular(b)}" for a, b in pairwise(words)}
    return frozenset(keys)


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """Lower-case the first letter of a known word; names and acronyms keep theirs."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text
    if first.lower() in KNOWN_LOWER:
        return text[:1].lower() + text[1:]
    return text


def fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def clip_words(text: str, words: int, chars: int) -> str:
    """At most ``words`` words and ``chars`` characters, ending in "…" when shortened."""
    parts = text.split()
    clipped = " ".join(parts[:words])
    if len(clipped) > chars:
        head = clipped[:chars]
        clipped = head.rsplit(" ", 1)[0] if " " in head else head
    if clipped != " ".join(parts):
        clipped = clipped.rstrip(" ,;:.-—") + "…"
    return clipped


def gerund(verb: str) -> str:
    """ "move" -> "moving", "plan" -> "planning", "tie" -> "tying", "go to" -> "going to"."""
    verb, space, rest = verb.partition(" ")
    if space:
        return f"{gerund(verb)} {rest}"
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    short = len(re.findall(r"[aeiou]+", verb)) == 1
    if short and len(verb) >= 3 and re.search(r"[^aeiou][aeiou][^aeiouwxy]$", verb):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def verb_base(word: str) -> str:
    """ "writing" -> "write", "planning" -> "plan"; unknown forms come back unchanged."""
    if word in COMMON_VERBS:
        return word
    if word.endswith("ing") and len(word) > 5:
        stem = word[:-3]
        for candidate in (stem, stem + "e", stem[:-1]):
            if candidate in COMMON_VERBS:
                return candidate
    return word
