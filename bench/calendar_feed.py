"""Reading a large real-world-shaped calendar into a week: a 5 MB Google Calendar export (its
X-WR-TIMEZONE, UTC times, years of past meetings kept in the export, weekly and daily series
with moved and cancelled occurrences and exceptions, all-day events), parsed and expanded into
the next 7 days as the calendar sync does (``minime.calendars.ical.expand``).

    .venv/bin/python bench/calendar_feed.py [--megabytes 5] [--runs 5]    prints JSON

Reports the feed's size and events, the median and worst time of a parse + expansion, the peak
memory it allocates (tracemalloc), and how many occurrences the week holds. Plain Python: no
database, no Django.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from minime.calendars.ical import expand

TODAY = date(2026, 12, 7)


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def feed(megabytes: float) -> tuple[bytes, int]:
    """A Google-style export of about ``megabytes`` MB; (bytes, number of VEVENTs)."""
    rng = random.Random(7)
    lines = [
        "BEGIN:VCALENDAR",
        "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        "VERSION:2.0",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Work",
        "X-WR-TIMEZONE:Europe/Berlin",
    ]
    events = 0
    # Recurring series started over the last four years, some still running, with exceptions.
    for n in range(150):
        start = datetime(2022, 1, 3, 8, tzinfo=UTC) + timedelta(days=rng.randrange(1800))
        start = start.replace(hour=rng.choice([7, 8, 9, 12, 14, 15]), minute=rng.choice([0, 30]))
        freq = rng.choice(["WEEKLY;BYDAY=MO,WE,FR", "WEEKLY;BYDAY=TU", "DAILY", "WEEKLY;BYDAY=TH"])
        until = "" if n % 3 else f";UNTIL={stamp(start + timedelta(days=rng.randrange(60, 900)))}"
        uid = f"series{n}@google.com"
        lines += [
            "BEGIN:VEVENT",
            f"DTSTART:{stamp(start)}",
            f"DTEND:{stamp(start + timedelta(minutes=rng.choice([15, 30, 45, 60])))}",
            f"RRULE:FREQ={freq}{until}",
            f"EXDATE:{stamp(start + timedelta(days=7 * rng.randrange(1, 50)))}",
            f"DTSTAMP:{stamp(start)}",
            f"UID:{uid}",
            f"SUMMARY:Series {n}: {rng.choice(['Standup', 'Planning', '1:1', 'Sync', 'Review'])}",
            "DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\\n"
            "Agenda in the shared doc.",
            "STATUS:CONFIRMED",
            "TRANSP:OPAQUE",
            "END:VEVENT",
        ]
        events += 1
        for k in range(rng.randrange(0, 6)):  # moved or cancelled occurrences
            original = start + timedelta(days=7 * (k + 1))
            moved = original + timedelta(hours=rng.choice([1, 2, -1]))
            lines += [
                "BEGIN:VEVENT",
                f"DTSTART:{stamp(moved)}",
                f"DTEND:{stamp(moved + timedelta(minutes=30))}",
                f"RECURRENCE-ID:{stamp(original)}",
                f"UID:{uid}",
                f"SUMMARY:Series {n} (moved)",
                "STATUS:" + ("CANCELLED" if k % 4 == 3 else "CONFIRMED"),
                "END:VEVENT",
            ]
            events += 1
    # Single meetings and all-day events, mostly in the past, until the size is reached.
    target = int(megabytes * 1_000_000)
    size = sum(len(line) + 2 for line in lines)
    n = 0
    while size < target:
        day = TODAY - timedelta(days=rng.randrange(-30, 1500))
        if n % 10 == 0:
            block = [
                "BEGIN:VEVENT",
                f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
                f"DTEND;VALUE=DATE:{day + timedelta(days=rng.randrange(1, 4)):%Y%m%d}",
                f"UID:allday{n}@google.com",
                f"SUMMARY:Trip {n}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
        else:
            start = datetime(day.year, day.month, day.day, rng.randrange(7, 19), tzinfo=UTC)
            block = [
                "BEGIN:VEVENT",
                f"DTSTART:{stamp(start)}",
                f"DTEND:{stamp(start + timedelta(minutes=rng.choice([30, 60, 90])))}",
                f"DTSTAMP:{stamp(start)}",
                f"UID:single{n}@google.com",
                f"SUMMARY:Meeting {n} with a customer about the quarterly numbers",
                "DESCRIPTION:Dial-in and notes in the invitation. "
                "Please review the attached document before the call.",
                "LOCATION:Room 4.12\\, Main building",
                "STATUS:CONFIRMED",
                "END:VEVENT",
            ]
        lines += block
        size += sum(len(line) + 2 for line in block)
        events += 1
        n += 1
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode(), events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    data, events = feed(args.megabytes)
    times, found = [], []
    for _ in range(args.runs):
        started = time.perf_counter()
        found = expand(data, zone="Europe/Berlin", start=TODAY, days=7)
        times.append(time.perf_counter() - started)
    tracemalloc.start()
    expand(data, zone="Europe/Berlin", start=TODAY, days=7)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "feed_megabytes": round(len(data) / 1_000_000, 2),
                "vevents": events,
                "runs": args.runs,
                "median_seconds": round(statistics.median(times), 2),
                "worst_seconds": round(max(times), 2),
                "peak_memory_megabytes": round(peak / 1_000_000, 1),
                "occurrences_in_the_week": len(found),
                "all_day_in_the_week": sum(o.all_day for o in found),
            }
        )
    )


if __name__ == "__main__":
    main()
