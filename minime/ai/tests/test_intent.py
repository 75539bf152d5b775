"""The question box's matcher: a table of real phrasings (tests/data/assistant_questions.tsv),
typos, case and punctuation included, and questions that must match nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from minime.ai.local.intent import (
    KEYS,
    MAX_MINUTES,
    THRESHOLD,
    Intent,
    canonical,
    match,
    minutes_in,
    normalise,
    scores,
)

TABLE = Path(__file__).parent / "data" / "assistant_questions.tsv"


def _rows() -> list[tuple[str, str | None, int | None]]:
    rows = []
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        question, key, minutes = line.split("\t")
        rows.append((question, None if key == "-" else key, int(minutes) if minutes else None))
    return rows


ROWS = _rows()


def test_the_table_is_big_and_covers_every_preset_and_the_misses() -> None:
    assert len(ROWS) >= 40
    keys = [key for _q, key, _m in ROWS]
    for key in KEYS:
        assert keys.count(key) >= 5, key
    assert keys.count(None) >= 10


@pytest.mark.parametrize(("question", "key", "minutes"), ROWS, ids=[r[0] for r in ROWS])
def test_each_phrasing_routes_where_the_table_says(
    question: str, key: str | None, minutes: int | None
) -> None:
    found = match(question)
    if key is None:
        assert found is None, (question, canonical(question), scores(question))
        return
    assert found is not None, (question, canonical(question), scores(question))
    assert (found.key, found.minutes) == (key, minutes), (question, scores(question))
    assert found.score >= THRESHOLD


def test_normalise_folds_case_accents_apostrophes_and_punctuation() -> None:
    assert normalise("  What’s OVERDUE?!  ") == "whats overdue"
    assert normalise("Café: 20min, 1h30, 1.5h.") == "cafe 20 min 1 h 30 1.5 h"
    assert normalise("½ hour") == "half hour"


def test_canonical_forgives_typos_only_in_keywords() -> None:
    assert canonical("overdeu projcts stuk") == "overdue project stuck"
    assert canonical("weeek gooals") == "week goal"
    # A five-letter keyword is never reached by replacing a letter: truck is not stuck.
    assert canonical("truck shirt") == "truck shirt"


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("20 min", 20),
        ("20min", 20),
        ("20 minutes", 20),
        ("5 mins", 5),
        ("an hour", 60),
        ("one hour", 60),
        ("2 hours", 120),
        ("half an hour", 30),
        ("half hour", 30),
        ("1/2 hour", 30),
        ("a quarter of an hour", 15),
        ("an hour and a half", 90),
        ("1 hour and a half", 90),
        ("1h30", 90),
        ("1 hour 15 minutes", 75),
        ("1.5 hours", 90),
        ("twenty minutes", 20),
        ("forty five minutes", 45),
        ("a couple of hours", 120),
        ("fourty minutes", 40),  # the misspelling Smart Add reads too
        ("a few minutes", None),
        ("a couple of minutes", None),
        ("a minute", None),
        ("what fits in 20", None),
        ("no time at all", None),
        ("25 hours", None),  # over a day: not a duration the preset can use
        ("0 min", None),
    ],
)
def test_minutes_in_reads_durations(text: str, minutes: int | None) -> None:
    assert minutes_in(text) == minutes


def test_a_day_is_the_most_minutes() -> None:
    assert minutes_in("24 hours") == MAX_MINUTES


def test_minutes_are_only_kept_for_the_quick_preset() -> None:
    assert match("what's overdue in the next 20 minutes") == Intent("overdue", 4.0)
    assert match("what can I do in 20 min") == Intent("quick", 4.0, 20)


def test_off_topic_words_win_over_plan_words() -> None:
    assert scores("what's the weather like this week")["week"] < THRESHOLD
    assert match("set a timer for 20 minutes") is None


def test_the_best_score_wins_and_a_tie_goes_to_the_earlier_preset() -> None:
    # "stuck" (stuck 3) + "project" (stuck 1.5) beat "behind" (overdue 2.5).
    assert match("project stuck behind") == Intent("stuck", 4.5)
    # "late" (overdue 2.5) and "goal" (goals 2.5): a tie, and overdue comes first.
    assert scores("late goal")["overdue"] == scores("late goal")["goals"] == 2.5
    assert match("late goal") == Intent("overdue", 2.5)


def test_empty_and_long_text_do_not_break_it() -> None:
    assert match("") is None
    assert match("   ") is None
    assert match("overdue " * 500) == Intent("overdue", 4.0)
