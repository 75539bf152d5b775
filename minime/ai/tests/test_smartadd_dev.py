"""Smart Add's local engine on every case of the shared dev file, compared as follows.

- the number of items must match, and items are compared in order;
- only the fields an expected item lists are checked; a field listed as null must be None;
- titles compare case-insensitively after removing double quotes and trimming spaces and final
  punctuation; project and area compare case-insensitively; labels as lists, case-insensitively;
- recurrence rules compare by their occurrences (dateutil), not by their text: both rules are
  expanded from the item's own start (the reference day at its due time), so
  ``FREQ=WEEKLY;BYDAY=MO`` with due time 07:00 equals ``FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=0``.

No database, no Django: the engine is pure Python.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from minime.ai.smartadd import Item, parse

DEV_FILE = Path(__file__).parent / "data" / "smartadd-dev.jsonl"
REFERENCE = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday
OCCURRENCES = 40  # enough to tell "every other week" from "weekly" and monthly from yearly


def load_cases() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEV_FILE.read_text().splitlines() if line.strip()]


def normal_title(title: str) -> str:
    """README: case-insensitive, double quotes removed, spaces and final punctuation trimmed."""
    title = title.replace('"', "").replace("“", "").replace("”", "").strip()
    return re.sub(r"[\s.,;:!?…]+$", "", title).strip().casefold()


def occurrences(rule: str, start: datetime) -> list[datetime]:
    expanded = rrulestr(rule, dtstart=start)
    return [moment for _, moment in zip(range(OCCURRENCES), expanded, strict=False)]


def same_rule(expected: str, actual: str, start: datetime) -> bool:
    return occurrences(expected, start) == occurrences(actual, start)


def field_problems(expected: dict[str, Any], item: Item, now: datetime) -> list[str]:
    """What differs between an expected item (README format) and what the engine gave."""
    actual = item.to_json()
    problems = []
    for name, want in expected.items():
        got = actual[name]
        if want is None:
            ok = got is None
        elif name == "title":
            ok = isinstance(got, str) and normal_title(got) == normal_title(want)
        elif name in ("project", "area"):
            ok = isinstance(got, str) and got.casefold() == want.casefold()
        elif name == "labels":
            ok = isinstance(got, list) and [g.casefold() for g in got] == [
                w.casefold() for w in want
            ]
        elif name == "recurrence":
            due = expected.get("due_time") or actual["due_time"]
            at = time.fromisoformat(due) if isinstance(due, str) else time(0)
            start = datetime.combine(now.date(), at)
            ok = isinstance(got, str) and same_rule(want, got, start)
        else:
            ok = got == want
        if not ok:
            problems.append(f"{name}: expected {want!r}, got {got!r}")
    return problems


def check_case(text: str, expect: list[dict[str, Any]], now: datetime = REFERENCE) -> None:
    """Assert that ``parse(text, now)`` gives the expected items (README comparison)."""
    items = parse(text, now)
    shown = [item.to_json() for item in items]
    assert len(items) == len(expect), f"{text!r}: expected {len(expect)} items, got {shown}"
    for index, (want, item) in enumerate(zip(expect, items, strict=True)):
        problems = field_problems(want, item, now)
        assert not problems, f"{text!r} item {index}: {'; '.join(problems)} in {item.to_json()}"


CASES = load_cases()


def test_the_dev_file_holds_every_case() -> None:
    assert len(CASES) == 80  # a case lost by an edit would otherwise pass unnoticed


@pytest.mark.parametrize("case", CASES, ids=[c["text"][:40] for c in CASES])
def test_dev_case(case: dict[str, Any]) -> None:
    check_case(case["text"], case["expect"])


# The comparison itself must be able to fail, or the cases above prove nothing.
def test_the_comparison_tells_different_rules_apart() -> None:
    start = datetime.combine(REFERENCE.date(), time(9, 0))
    assert same_rule("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", start)
    assert not same_rule("FREQ=WEEKLY;INTERVAL=2", "FREQ=WEEKLY", start)
    assert not same_rule("FREQ=MONTHLY;BYMONTHDAY=1", "FREQ=MONTHLY;BYMONTHDAY=2", start)
    assert same_rule("FREQ=DAILY", "FREQ=DAILY;BYHOUR=9;BYMINUTE=0", start)
    assert not same_rule("FREQ=DAILY", "FREQ=DAILY;BYHOUR=19;BYMINUTE=0", start)


def test_the_comparison_reports_a_wrong_field_a_wrong_title_and_a_missing_null() -> None:
    item = Item("task", 'Watch "Friday Night Lights" pilot.', due_time=time(17, 0))
    assert field_problems({"title": "watch friday night lights pilot"}, item, REFERENCE) == []
    assert field_problems({"title": "Watch Friday Night"}, item, REFERENCE)
    assert field_problems({"due_time": None}, item, REFERENCE)
    assert field_problems({"due_time": "17:30"}, item, REFERENCE)
    assert field_problems({"kind": "note"}, item, REFERENCE)
