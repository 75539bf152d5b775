"""Smart Add's local engine: speed per phrase, field accuracy on the dev file, and two date
libraries beside it on the same cases.

    .venv/bin/python bench/smartadd.py [--repeat 300] [--lib-repeat 20] [--json]

Pure Python, no database and no Django. Every case is read at the dev file's reference moment
(Tuesday 2026-03-10 09:00, Europe/Berlin).

1. Speed: each phrase (the dev cases and bench/smartadd_phrases.jsonl) is parsed ``repeat``
   times after a warm-up, timed with ``time.perf_counter_ns``; prints the median and p95 over all
   timings, and the slowest phrase's median. Target: median < 1 ms. Also two 10 kB inputs (one
   sentence; a paragraph, read up to its 50th item).
2. Accuracy on the dev file, compared by the rules of
   ``minime/ai/tests/test_smartadd_dev.py``: per field, right / checked, and the cases where the
   item count and every listed field are right.
3. Date fields beside dateparser (``search.search_dates``, future-preferring, relative to the
   reference) and parsedatetime (``Calendar(VERSION_CONTEXT_STYLE).parseDT``, ``ctx.hasDate`` /
   ``ctx.hasTime`` saying what was read), on the whole text of each dev case. A case's expected
   date is the first due_date its items list (none listed = nothing should be found); its
   expected time likewise. dateparser says nothing about what it read, so its time counts as read
   when the matched words hold a time (digits with ":", am/pm, noon, midnight, a part of the day).
   Our engine is scored the same way (first item with a date) for the comparison; its median time
   per phrase is measured over ``lib_repeat`` runs like the libraries'.

Prints a plain table; ``--json`` prints the same figures as one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time as clock
import warnings
from collections.abc import Callable, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dateutil.rrule import rrulestr  # noqa: E402

from minime.ai.smartadd import Item, parse  # noqa: E402

DEV_FILE = ROOT / "minime" / "ai" / "tests" / "data" / "smartadd-dev.jsonl"
PHRASES_FILE = ROOT / "bench" / "smartadd_phrases.jsonl"
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Berlin"))
NAIVE_NOW = NOW.replace(tzinfo=None)
FIELDS = (
    "kind",
    "title",
    "due_date",
    "due_time",
    "recurrence",
    "priority",
    "estimate_minutes",
    "energy",
    "project",
    "area",
    "labels",
)
_TIME_WORDS = re.compile(
    r"\d[:.]\d\d|\d\s*(?:a\.?m\.?|p\.?m\.?)\b|noon|midnight|morning|afternoon|evening|tonight",
    re.IGNORECASE,
)

DateTime = tuple[date | None, time | None]


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# --- speed -------------------------------------------------------------------------------------
def percentile(sorted_values: Sequence[float], share: float) -> float:
    return sorted_values[min(len(sorted_values) - 1, max(0, round(share * len(sorted_values)) - 1))]


def time_phrases(texts: Sequence[str], repeat: int) -> dict[str, Any]:
    timings: list[float] = []
    slowest = (0.0, "")
    for text in texts:
        parse(text, NOW)
        runs = []
        for _ in range(repeat):
            started = clock.perf_counter_ns()
            parse(text, NOW)
            runs.append((clock.perf_counter_ns() - started) / 1e6)
        timings.extend(runs)
        median = statistics.median(runs)
        slowest = max(slowest, (median, text))
    timings.sort()
    return {
        "phrases": len(texts),
        "runs_per_phrase": repeat,
        "median_ms": round(statistics.median(timings), 3),
        "p95_ms": round(percentile(timings, 0.95), 3),
        "slowest_phrase_median_ms": round(slowest[0], 3),
        "slowest_phrase": slowest[1][:60],
    }


def time_long_texts(repeat: int) -> dict[str, float]:
    """10 kB inputs: one sentence of 2,000 words, and a paragraph (read up to its 50th item)."""
    texts = {
        "sentence_10kb_ms": "word " * 2000,
        "paragraph_10kb_ms": "Call mom tomorrow at 5pm #Home. " * 320,
    }
    result = {}
    for name, text in texts.items():
        runs = []
        for _ in range(max(3, repeat // 30)):
            started = clock.perf_counter_ns()
            parse(text, NOW)
            runs.append((clock.perf_counter_ns() - started) / 1e6)
        result[name] = round(statistics.median(runs), 1)
    return result


# --- accuracy (compared as the dev-file test compares) -------------------------------------------
def normal_title(title: str) -> str:
    title = title.replace('"', "").replace("“", "").replace("”", "").strip()
    return re.sub(r"[\s.,;:!?…]+$", "", title).strip().casefold()


def same_rule(expected: str, actual: str, start: datetime) -> bool:
    def first(rule: str) -> list[datetime]:
        return [m for _, m in zip(range(40), rrulestr(rule, dtstart=start), strict=False)]

    return first(expected) == first(actual)


def field_right(name: str, want: Any, item: Item) -> bool:
    got = item.to_json()[name]
    if want is None:
        return got is None
    if name == "title":
        return isinstance(got, str) and normal_title(got) == normal_title(want)
    if name in ("project", "area"):
        return isinstance(got, str) and got.casefold() == want.casefold()
    if name == "labels":
        return isinstance(got, list) and [g.casefold() for g in got] == [w.casefold() for w in want]
    if name == "recurrence":
        due = item.to_json()["due_time"]
        at = time.fromisoformat(due) if isinstance(due, str) else time(0)
        return isinstance(got, str) and same_rule(want, got, datetime.combine(NOW.date(), at))
    return bool(got == want)


def accuracy(cases: Sequence[dict[str, Any]]) -> dict[str, Any]:
    per_field = {name: [0, 0] for name in FIELDS}
    all_right = count_right = 0
    for case in cases:
        items = parse(case["text"], NOW)
        case_right = len(items) == len(case["expect"])
        count_right += case_right
        for index, want in enumerate(case["expect"]):
            item = items[index] if index < len(items) else None
            for name, value in want.items():
                right = item is not None and field_right(name, value, item)
                per_field[name][0] += right
                per_field[name][1] += 1
                case_right = case_right and right
        all_right += case_right
    return {
        "cases": len(cases),
        "all_fields_right": all_right,
        "item_count_right": count_right,
        "fields": {name: {"right": r, "checked": n} for name, (r, n) in per_field.items() if n},
    }


# --- date fields beside the libraries ----------------------------------------------------------
def expected_when(case: dict[str, Any]) -> DateTime:
    dates = [i["due_date"] for i in case["expect"] if i.get("due_date")]
    times = [i["due_time"] for i in case["expect"] if i.get("due_time")]
    return (
        date.fromisoformat(dates[0]) if dates else None,
        time.fromisoformat(times[0]) if times else None,
    )


def ours(text: str) -> DateTime:
    for item in parse(text, NOW):
        if item.due_date is not None or item.due_time is not None:
            return item.due_date, item.due_time
    return None, None


def with_dateparser() -> Callable[[str], DateTime]:
    from dateparser.search import search_dates

    settings = {"RELATIVE_BASE": NAIVE_NOW, "PREFER_DATES_FROM": "future"}

    def read(text: str) -> DateTime:
        found = search_dates(text, languages=["en"], settings=settings)
        if not found:
            return None, None
        words, moment = found[0]
        said_time = _TIME_WORDS.search(words) is not None
        return moment.date(), (
            moment.time().replace(second=0, microsecond=0) if said_time else None
        )

    return read


def with_parsedatetime() -> Callable[[str], DateTime]:
    import parsedatetime

    calendar = parsedatetime.Calendar(version=parsedatetime.VERSION_CONTEXT_STYLE)

    def read(text: str) -> DateTime:
        moment, ctx = calendar.parseDT(text, sourceTime=NAIVE_NOW)
        if not (ctx.hasDate or ctx.hasTime):
            return None, None
        said_time = moment.time().replace(second=0, microsecond=0) if ctx.hasTime else None
        return moment.date(), said_time

    return read


def date_fields(
    name: str, reader: Callable[[str], DateTime], cases: Sequence[dict[str, Any]], repeat: int
) -> dict[str, Any]:
    dates = times = both = 0
    timings = []
    misses = []
    for case in cases:
        want_date, want_time = expected_when(case)
        got_date, got_time = reader(case["text"])
        if want_date is None and want_time is not None:
            want_date = got_date  # a time alone: only the time is checked
        dates += got_date == want_date
        times += got_time == want_time
        both += got_date == want_date and got_time == want_time
        if (got_date, got_time) != (want_date, want_time):
            misses.append(f"{case['text'][:50]!r}: {_show(got_date, got_time)}")
        runs = []
        for _ in range(repeat):
            started = clock.perf_counter_ns()
            reader(case["text"])
            runs.append((clock.perf_counter_ns() - started) / 1e6)
        timings.append(statistics.median(runs))
    return {
        "engine": name,
        "due_date_right": dates,
        "due_time_right": times,
        "both_right": both,
        "cases": len(cases),
        "median_ms": round(statistics.median(timings), 3),
        "misses": misses,
    }


def _show(day: date | None, at: time | None) -> str:
    return f"{day.isoformat() if day else '-'} {at.strftime('%H:%M') if at else '-'}"


# --- report ------------------------------------------------------------------------------------
def table(report: dict[str, Any]) -> str:
    speed, acc = report["speed"], report["accuracy"]
    lines = [
        "Smart Add local engine — speed per phrase",
        f"  phrases {speed['phrases']} x {speed['runs_per_phrase']} runs: median "
        f"{speed['median_ms']:.3f} ms, p95 {speed['p95_ms']:.3f} ms, slowest phrase median "
        f"{speed['slowest_phrase_median_ms']:.3f} ms ({speed['slowest_phrase']!r})",
        f"  10 kB of text: one sentence {report['long_texts']['sentence_10kb_ms']} ms, a "
        f"paragraph (first 50 items) {report['long_texts']['paragraph_10kb_ms']} ms",
        "",
        f"Accuracy on the dev file ({acc['cases']} cases): all listed fields right in "
        f"{acc['all_fields_right']}, item count right in {acc['item_count_right']}",
        f"  {'field':<18}{'right':>7}{'checked':>9}",
    ]
    for name, row in acc["fields"].items():
        lines.append(f"  {name:<18}{row['right']:>7}{row['checked']:>9}")
    lines += [
        "",
        "Date fields on the dev file, whole text of each case (first date and time said)",
        f"  {'engine':<22}{'due_date':>10}{'due_time':>10}{'both':>7}{'median ms':>11}",
    ]
    for row in report["date_fields"]:
        lines.append(
            f"  {row['engine']:<22}{row['due_date_right']:>7}/{row['cases']:<2}"
            f"{row['due_time_right']:>7}/{row['cases']:<2}{row['both_right']:>4}/{row['cases']:<2}"
            f"{row['median_ms']:>11.3f}"
        )
    ours_row = report["date_fields"][0]
    lines.append(f"  {ours_row['engine']} differs from the first listed date/time on:")
    lines += [f"    {miss}" for miss in ours_row["misses"]] or ["    (none)"]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=300, help="runs per phrase, our engine")
    parser.add_argument("--lib-repeat", type=int, default=20, help="runs per case, date fields")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()

    cases = load(DEV_FILE)
    texts = [case["text"] for case in cases] + [p["text"] for p in load(PHRASES_FILE)]
    warnings.simplefilter("ignore")  # dateparser's deprecation chatter
    report = {
        "speed": time_phrases(texts, args.repeat),
        "long_texts": time_long_texts(args.repeat),
        "accuracy": accuracy(cases),
        "date_fields": [
            date_fields("minime smartadd", ours, cases, args.lib_repeat),
            date_fields("dateparser", with_dateparser(), cases, args.lib_repeat),
            date_fields("parsedatetime", with_parsedatetime(), cases, args.lib_repeat),
        ],
    }
    print(json.dumps(report, indent=2) if args.json else table(report))


if __name__ == "__main__":
    main()
