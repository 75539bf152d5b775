"""Smart Add's local engine on phrasings beyond the dev file: every form of its syntax and every
convention for reading dates and times, plus titles it must leave alone.

Cases use the dev file's format and comparison (``check_case``): only the fields listed are
checked, and a field listed as None must be None. Unless a case says otherwise, "now" is the
dev file's reference moment, Tuesday 2026-03-10 09:00 in Europe/Berlin.
"""

from __future__ import annotations

import random
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import minime.ai.smartadd.parser as engine
from minime.ai.smartadd import MAX_ITEMS, Item, parse, read_recurrence, read_when

from .test_smartadd_dev import REFERENCE, check_case, same_rule

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    """A "now" in Berlin: ``at("2026-03-13", 18)``."""
    return datetime.combine(date.fromisoformat(day), time(hour, minute), BERLIN)


@dataclass(frozen=True)
class Case:
    text: str
    expect: list[dict[str, Any]]
    now: datetime = field(default=REFERENCE)


def one(text: str, now: datetime = REFERENCE, **fields: Any) -> Case:
    return Case(text, [fields], now)


CASES = [
    # --- dates: relative days and weekdays -----------------------------------------------------
    one("Call Ana tonight", title="Call Ana", due_date="2026-03-10", due_time="19:00"),
    one("Dinner at 8 tonight", title="Dinner", due_date="2026-03-10", due_time="20:00"),
    one("Water the plants the day after tomorrow", title="Water the plants", due_date="2026-03-12"),
    one("Call dad Tuesday", title="Call dad", due_date="2026-03-17"),  # said on a Tuesday
    one("Call dad this Tuesday", title="Call dad", due_date="2026-03-10"),
    one("Call dad Wednesday", title="Call dad", due_date="2026-03-11"),
    one("Call dad next Wednesday", title="Call dad", due_date="2026-03-18"),
    one("Pay the fine Friday", at("2026-03-13", 18), title="Pay the fine", due_date="2026-03-20"),
    one("Pay the fine this Friday", at("2026-03-13"), due_date="2026-03-13"),
    one("Book the hotel Monday next week", title="Book the hotel", due_date="2026-03-16"),
    one("Plan the offsite next week", title="Plan the offsite", due_date="2026-03-16"),
    one("Plan the offsite next week", at("2026-03-15"), due_date="2026-03-16"),  # a Sunday
    one("Clean the garage this weekend", title="Clean the garage", due_date="2026-03-14"),
    one("Clean the garage this weekend", at("2026-03-15"), due_date="2026-03-15"),
    one("Clean the garage on the weekend", due_date="2026-03-14"),
    one("Visit the museum next weekend", due_date="2026-03-21"),
    one("Book the venue by end of week", title="Book the venue", due_date="2026-03-13"),
    one("Wrap up the sprint end of next week", due_date="2026-03-20"),
    # --- dates: days of month, months, arithmetic --------------------------------------------
    one("Pay the electricity bill on the 15th", at("2026-03-20"), due_date="2026-04-15"),
    one("Pay the rent on the 31st", at("2026-04-05"), due_date="2026-05-31"),
    one("Anniversary dinner 15 March", at("2026-03-20"), due_date="2027-03-15"),
    one("Anniversary dinner on March 15th", due_date="2026-03-15"),
    one("Renew insurance on the 1st of April", title="Renew insurance", due_date="2026-04-01"),
    one("Pay the bills on Monday the 16th", title="Pay the bills", due_date="2026-03-16"),
    one("Send invoices end of month", at("2026-02-10"), due_date="2026-02-28"),
    one("Send invoices end of month", at("2028-02-10"), due_date="2028-02-29"),
    one("Check the warranty in 3 months", at("2026-01-31"), due_date="2026-04-30"),
    one("Renew passport in two weeks", title="Renew passport", due_date="2026-03-24"),
    one("Follow up in 10 days", title="Follow up", due_date="2026-03-20"),
    one("Plan the trip next month", at("2026-12-15"), due_date="2027-01-01"),
    one("Submit the form 2026-04-20", title="Submit the form", due_date="2026-04-20"),
    one("Submit the form by 20/04", title="Submit the form", due_date="2026-04-20"),
    one("Submit the form 4/20", due_date="2026-04-20"),
    one("Buy gifts by Christmas", title="Buy gifts", due_date="2026-12-25"),
    one("Tax return by mid April", title="Tax return", due_date="2026-04-15"),
    one("Visit grandma in May", title="Visit grandma", due_date="2026-05-01"),
    # --- dates that open the item, bare days of the month, days of this week -----------------
    one("Friday call the bank", title="Call the bank", due_date="2026-03-13"),
    one("Mon - pay the invoice", title="Pay the invoice", due_date="2026-03-16"),
    one(
        "Sat 10am brunch with Leo", title="Brunch with Leo", due_date="2026-03-14", due_time="10:00"
    ),
    one("Mon 16th call the bank", title="Call the bank", due_date="2026-03-16"),
    one("12/5 dentist", title="Dentist", due_date="2026-05-12"),  # day first, as at the end
    one("Dentist 12/5", title="Dentist", due_date="2026-05-12"),
    one("1/2 cup of flour", title="1/2 cup of flour", due_date=None),  # a fraction
    one("3/4 of the essay done", title="3/4 of the essay done", due_date=None),
    one("Pay rent 1st of every month", title="Pay rent", recurrence="FREQ=MONTHLY;BYMONTHDAY=1"),
    one("Submit taxes 4th at 10am", title="Submit taxes", due_date="2026-04-04", due_time="10:00"),
    one("Renew the lease 10th", at("2026-03-11"), due_date="2026-04-10"),  # passed: next month
    one("Finish 1st draft", title="Finish 1st draft", due_date=None),
    one("Buy a card for Ana's 21st", title="Buy a card for Ana's 21st", due_date=None),
    one("Celebrate our 10th", title="Celebrate our 10th", due_date=None),
    one("Review the notes Monday of this week", title="Review the notes", due_date="2026-03-09"),
    one("Call the plumber this week on Wednesday", title="Call the plumber", due_date="2026-03-11"),
    one("Enjoy the sun this week", title="Enjoy the sun", due_date="2026-03-13"),
    # DST changes on 2026-03-29 in Berlin: dates do not move, "in 2 hours" counts real hours.
    one("Call the hotel tomorrow", at("2026-03-28", 23, 30), due_date="2026-03-29"),
    one("Call the hotel in 2 days", at("2026-03-28", 23, 30), due_date="2026-03-30"),
    one("Call back in 2 hours", at("2026-03-29", 1, 30), due_date="2026-03-29", due_time="04:30"),
    one("Call back in 30 minutes", title="Call back", due_date="2026-03-10", due_time="09:30"),
    # --- times ---------------------------------------------------------------------------------
    one("Meet Sam at 7.30am", title="Meet Sam", due_date="2026-03-11", due_time="07:30"),
    one("Meet Sam at 7.30pm", due_date="2026-03-10", due_time="19:30"),
    one("Submit the paper by midnight", title="Submit the paper", due_time="00:00"),
    one("Call the bank at 10", title="Call the bank", due_date="2026-03-10", due_time="10:00"),
    one("Call the bank at 3", due_date="2026-03-10", due_time="15:00"),
    one("Call the bank at 8", due_date="2026-03-11", due_time="08:00"),  # passed at 09:00
    one("Swim at 6 in the morning", title="Swim", due_date="2026-03-11", due_time="06:00"),
    one("Swim 6 in the morning", title="Swim", due_date="2026-03-11", due_time="06:00"),
    one(
        "Meeting 10 in the morning Friday", title="Meeting", due_date="2026-03-13", due_time="10:00"
    ),
    one("Feed the cat 5 tonight", title="Feed the cat", due_date="2026-03-10", due_time="17:00"),
    one("Lock up 12 at night", title="Lock up", due_date="2026-03-11", due_time="00:00"),
    one("Take 2 pills in the evening", title="Take 2 pills", due_time="19:00"),  # not 2 o'clock
    one("Read 20 pages in the evening", title="Read 20 pages", due_time="19:00"),
    one("Read chapter 7 in the evening", title="Read chapter 7", due_time="19:00"),
    one("Call mom evening at 8", title="Call mom", due_time="20:00"),
    one("Dinner Friday evening at 8", title="Dinner", due_date="2026-03-13", due_time="20:00"),
    one("Plan the night at 10", title="Plan the night", due_time="10:00"),
    one("Plan the morning", title="Plan the morning", due_date=None, due_time=None),
    one("Book a table for 7pm", title="Book a table", due_time="19:00"),
    one("Standup at 09:30", due_time="09:30"),
    one("Pick up the kids at 3:15", title="Pick up the kids", due_time="15:15"),
    one("Lunch at noon on Wednesday", title="Lunch", due_date="2026-03-11", due_time="12:00"),
    one("Call at half past 4", title="Call", due_time="16:30"),
    one(
        "Workshop 3-5pm Friday",
        title="Workshop",
        due_date="2026-03-13",
        due_time="15:00",
        estimate_minutes=120,
    ),
    one("Team call 3-4pm tomorrow 90 min", due_time="15:00", estimate_minutes=90),  # said wins
    one(
        "Review drafts in the evening",
        title="Review drafts",
        due_date="2026-03-10",
        due_time="19:00",
    ),
    one(
        "Call the bank first thing tomorrow",
        title="Call the bank",
        due_date="2026-03-11",
        due_time="09:00",
    ),
    # --- recurrence ----------------------------------------------------------------------------
    one(
        "Gym every Mon, Wed and Fri at 7am",
        kind="routine",
        title="Gym",
        recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=0",
        due_time="07:00",
    ),
    one(
        "Yoga on Tuesdays and Thursdays at 6pm",
        kind="routine",
        title="Yoga",
        recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
        due_time="18:00",
    ),
    one(
        "Visit grandma every other week", title="Visit grandma", recurrence="FREQ=WEEKLY;INTERVAL=2"
    ),
    one(
        "Team sync every 2 weeks on Monday",
        title="Team sync",
        recurrence="FREQ=WEEKLY;INTERVAL=2;BYDAY=MO",
    ),
    one("Review the budget monthly", title="Review the budget", recurrence="FREQ=MONTHLY"),
    one("Pay rent every month on the 1st", recurrence="FREQ=MONTHLY;BYMONTHDAY=1"),
    one(
        "Pay the card on the 25th of every month",
        title="Pay the card",
        recurrence="FREQ=MONTHLY;BYMONTHDAY=25",
        due_date=None,
    ),
    one("Review finances on the last day of every month", recurrence="FREQ=MONTHLY;BYMONTHDAY=-1"),
    one(
        "Back up the laptop every first Monday of the month",
        title="Back up the laptop",
        recurrence="FREQ=MONTHLY;BYDAY=1MO",
    ),
    one("Renew the domain yearly", title="Renew the domain", recurrence="FREQ=YEARLY"),
    one(
        "Send mum flowers every year on 12 May",
        title="Send mum flowers",
        recurrence="FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=12",
    ),
    one(
        "Meditate every morning",
        kind="routine",
        title="Meditate",
        recurrence="FREQ=DAILY",
        due_time="09:00",
    ),
    one("Floss every night", kind="routine", recurrence="FREQ=DAILY", due_time="21:00"),
    one("Water the plants every 3 days", recurrence="FREQ=DAILY;INTERVAL=3"),
    one(
        "Standup every weekday at 9:30",
        recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        due_time="09:30",
        due_date=None,
    ),
    one("Gym Mon-Fri at 7", kind="routine", recurrence="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
    one("Dentist checkup every six months", recurrence="FREQ=MONTHLY;INTERVAL=6"),
    one(
        "Review the insurance bi-annually",
        title="Review the insurance",
        recurrence="FREQ=MONTHLY;INTERVAL=6",
    ),
    one("Write the semiannual report", title="Write the semiannual report", recurrence=None),
    one(
        "Take out the bins every Tuesday night",
        kind="task",
        title="Take out the bins",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        due_time="21:00",
    ),
    # --- priority, estimate, energy, names -----------------------------------------------------
    one("Fix the leaking tap p1", title="Fix the leaking tap", priority="high"),
    one("Fix the leaking tap !!!", title="Fix the leaking tap", priority="high"),
    one("Fix the leaking tap !", title="Fix the leaking tap", priority="low"),
    one("Fix the leaking tap !high", title="Fix the leaking tap", priority="high"),
    one("!med fix the leaking tap", title="Fix the leaking tap", priority="medium"),
    one("Pay the bill !! today", title="Pay the bill", priority="medium", due_date="2026-03-10"),
    one("Call mom !important", title="Call mom", priority="high"),
    # a claimed phrase leaves the title's spacing and punctuation clean
    one("Call Ana,tomorrow,about the trip", title="Call Ana, about the trip"),
    one("Submit report!high!low", title="Submit report", priority="high"),
    one("Call the bank urgent", title="Call the bank", priority="high"),
    one("Do the taxes asap", title="Do the taxes", priority="high"),
    one("Book flights ASAP!!", title="Book flights", priority="high"),  # the strongest wins
    one("Important: renew the insurance", title="Renew the insurance", priority="high"),
    one("Sort old photos, not urgent", title="Sort old photos", priority="low"),
    one("Reply to urgent emails", title="Reply to urgent emails", priority=None),
    one("Update the CV 1h30", title="Update the CV", estimate_minutes=90),
    one("Update the CV ~20m", estimate_minutes=20),
    one("Read the book for 2 hours", title="Read the book", estimate_minutes=120),
    one("Tidy the desk 90 min", title="Tidy the desk", estimate_minutes=90),
    one("Walk the dog for half an hour", title="Walk the dog", estimate_minutes=30),
    one("Take a 10-minute walk", title="Take a 10-minute walk", estimate_minutes=10),
    one("Write the essay high energy", title="Write the essay", energy="high"),
    one("Answer emails energy:low", title="Answer emails", energy="low"),
    one("Refactor the parser deep work", title="Refactor the parser", energy="high"),
    one(
        "Plan the week #Side_Project @deep-focus @home area:Personal-Life",
        title="Plan the week",
        project="Side Project",
        labels=["deep focus", "home"],
        area="Personal Life",
    ),
    one('File the receipts area:"Money Matters"', title="File the receipts", area="Money Matters"),
    # --- quotes: text stays as written --------------------------------------------------------
    one(
        'Watch "Friday Night Lights" tomorrow',
        title='Watch "Friday Night Lights"',
        due_date="2026-03-11",
    ),
    one(
        'Read "Tomorrow and Tomorrow" at 9pm',
        title='Read "Tomorrow and Tomorrow"',
        due_time="21:00",
    ),
    one('Buy "p1 gel pens" #Office', title='Buy "p1 gel pens"', priority=None, project="Office"),
    # --- kinds ---------------------------------------------------------------------------------
    one(
        "I want to learn the piano by summer",
        kind="goal",
        title="Learn the piano",
        due_date="2026-06-01",
    ),
    one("I'd like to read 20 books this year", kind="goal", title="Read 20 books"),
    one("Run a marathon next year", kind="goal", title="Run a marathon"),
    one("My goal is to save 5000 euros", kind="goal", title="Save 5000 euros"),
    one("I want to call mom tomorrow", kind="task", title="Call mom"),
    one("I need to call the plumber", kind="task", title="Call the plumber"),
    one("Remind me tomorrow to call mom", kind="task", title="Call mom", due_date="2026-03-11"),
    one("project: Launch the new website by June", kind="project", title="Launch the new website"),
    one("routine: evening shutdown", kind="routine", title="Evening shutdown"),
    one("idea: a podcast about productivity", kind="note", title="A podcast about productivity"),
    one("Remember that the gate code is 4821", kind="note", title="The gate code is 4821"),
    one(
        "remember that the meeting moved to Friday",
        kind="note",
        title="The meeting moved to Friday",
        due_date=None,
    ),
    one("The wifi password is on the router", kind="note"),
    one(
        "https://example.org/a-long-read.html",
        kind="note",
        title="https://example.org/a-long-read.html",
    ),
    one(
        "Read https://example.org/essay tomorrow",
        kind="task",
        title="Read https://example.org/essay",
        due_date="2026-03-11",
    ),
    one("Morning routine", kind="routine"),
    # --- titles that must stay titles ---------------------------------------------------------
    one("Buy paprika and sage", title="Buy paprika and sage", due_date=None, due_time=None),
    one("May the force be with you", title="May the force be with you", due_date=None),
    one("March for climate", title="March for climate", due_date=None),
    one("SAT exam prep", title="SAT exam prep", due_date=None),
    one("Buy sun cream", title="Buy sun cream", due_date=None),
    one("Sun cream and sunglasses", title="Sun cream and sunglasses", due_date=None),
    one("Sat with grandma", title="Sat with grandma", due_date=None),  # past tense
    one("Sat the exam", title="Sat the exam", due_date=None),
    one("Wed the couple on Saturday", title="Wed the couple", due_date="2026-03-14"),
    one("Protect the kids from the sun", title="Protect the kids from the sun", due_date=None),
    one("May I borrow the car on Friday", title="May I borrow the car", due_date="2026-03-13"),
    one("Ask if we may leave early", title="Ask if we may leave early", due_date=None),
    one("Mar the surface", title="Mar the surface", due_date=None),
    one("Mar 3 renew the lease", title="Renew the lease", due_date="2027-03-03"),
    one("Join the march on Saturday", title="Join the march", due_date="2026-03-14"),
    one("Plan the 21st birthday party", title="Plan the 21st birthday party", due_date=None),
    one("Fix bug 404", title="Fix bug 404", due_time=None, estimate_minutes=None),
    one("Fix bug #404", title="Fix bug #404", project=None),
    one("Read 1984", title="Read 1984", due_date=None),
    one("Write the weekly report", title="Write the weekly report", recurrence=None),
    one("Evening walk with Ana", title="Evening walk with Ana", due_time=None),
    one("Prepare the Black Friday sale", title="Prepare the Black Friday sale", due_date=None),
    one("Meeting on the 5th floor", title="Meeting on the 5th floor", due_date=None),
    one("Bake 1/2 cake", title="Bake 1/2 cake", due_date=None),
    one(
        "Email ana@example.org about the lease",
        title="Email ana@example.org about the lease",
        labels=[],
    ),
    one("Check in tomorrow", title="Check in", due_date="2026-03-11"),
    one("Buy a 5 kg bag of rice", title="Buy a 5 kg bag of rice", due_time=None),
    one(
        "Buy tickets for the May 5 concert",
        title="Buy tickets for the May 5 concert",
        due_date=None,
    ),
    one("Pay 1/3 of the bill", title="Pay 1/3 of the bill", due_date=None),
    one("Prepare the Monday meeting", title="Prepare the Monday meeting", due_date=None),
    one("Answer last Friday's email", title="Answer last Friday's email", due_date=None),
    one("Move the meeting to Friday", title="Move the meeting", due_date="2026-03-13"),
    one("Drink 2 litres of water every day", kind="routine", recurrence="FREQ=DAILY"),
    # --- paragraphs ----------------------------------------------------------------------------
    Case(
        "Tomorrow I need to call Dr. Smith about the results. Then email the team, e.g. Sam "
        "and Ana. Meet at 7.30am for coffee.",
        [
            {"title": "Call Dr. Smith about the results", "due_date": "2026-03-11"},
            {"title": "Email the team, e.g. Sam and Ana", "due_date": None},
            {"title": "Meet for coffee", "due_time": "07:30"},
        ],
    ),
    Case(
        "* renew the passport\n• book flights #Trip\n1. pack on Friday\n2) [ ] water plants",
        [
            {"title": "Renew the passport"},
            {"title": "Book flights", "project": "Trip"},
            {"title": "Pack", "due_date": "2026-03-13"},
            {"title": "Water plants"},
        ],
    ),
    Case(
        'Buy milk; read "Why? Because." by Friday; and then ping Tom!',
        [
            {"title": "Buy milk"},
            {"title": 'Read "Why? Because."', "due_date": "2026-03-13"},
            {"title": "Ping Tom"},
        ],
    ),
    Case(
        "Tomorrow:\n- call mom\n- buy milk at 6pm\n\nGroceries:\n- eggs",
        [
            {"title": "Call mom", "due_date": "2026-03-11"},
            {"title": "Buy milk", "due_date": "2026-03-11", "due_time": "18:00"},
            {"title": "Groceries", "due_date": None},
            {"title": "Eggs", "due_date": None},
        ],
    ),
    Case("1. buy milk 2. call the bank", [{"title": "Buy milk"}, {"title": "Call the bank"}]),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{i:03d}-{c.text[:40]}" for i, c in enumerate(CASES)])
def test_language_case(case: Case) -> None:
    check_case(case.text, case.expect, case.now)


def test_there_are_at_least_sixty_cases() -> None:
    assert len(CASES) >= 60


# --- read_when and read_recurrence -------------------------------------------------------------
@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("tomorrow at 5pm", (date(2026, 3, 11), time(17, 0))),
        ("next Friday", (date(2026, 3, 20), None)),
        ("15 March", (date(2026, 3, 15), None)),
        ("Feb 3", (date(2027, 2, 3), None)),
        ("at 3", (date(2026, 3, 10), time(15, 0))),
        ("in the morning", (date(2026, 3, 10), time(9, 0))),  # 09:00 is not past at 09:00
        ("buy paprika", (None, None)),
        ("", (None, None)),
    ],
)
def test_read_when(phrase: str, expected: tuple[date | None, time | None]) -> None:
    assert read_when(phrase, REFERENCE) == expected


def test_read_when_rolls_a_passed_time_to_tomorrow() -> None:
    assert read_when("at 8am", at("2026-03-10", 9, 1)) == (date(2026, 3, 11), time(8, 0))


@pytest.mark.parametrize(
    ("phrase", "rule"),
    [
        ("every other week", "FREQ=WEEKLY;INTERVAL=2"),
        ("every day", "FREQ=DAILY"),
        ("daily", "FREQ=DAILY"),
        ("every weekday", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
        ("every Mon, Wed and Fri at 7am", "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=0"),
        ("fortnightly", "FREQ=WEEKLY;INTERVAL=2"),
        ("quarterly", "FREQ=MONTHLY;INTERVAL=3"),
        ("every 2 hours", "FREQ=HOURLY;INTERVAL=2"),
        ("every last Friday of the month", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("every March 15", "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=15"),
        ("once a week", "FREQ=WEEKLY"),
        ("semiannually", "FREQ=MONTHLY;INTERVAL=6"),
        ("semi annually", "FREQ=MONTHLY;INTERVAL=6"),
        ("half-yearly", "FREQ=MONTHLY;INTERVAL=6"),
        ("biennially", "FREQ=YEARLY;INTERVAL=2"),
    ],
)
def test_read_recurrence(phrase: str, rule: str) -> None:
    got = read_recurrence(phrase)
    assert got is not None
    assert same_rule(rule, got, datetime.combine(REFERENCE.date(), time(0))), got


@pytest.mark.parametrize("phrase", ["tomorrow", "the weekly report", "every", "next Friday", ""])
def test_read_recurrence_is_none_without_a_rule(phrase: str) -> None:
    assert read_recurrence(phrase) is None


# --- contract ----------------------------------------------------------------------------------
def test_to_json_has_every_field_with_readme_formats() -> None:
    [item] = parse("Gym every Mon at 7:05am 45m p2 high energy #Fit area:Health @gym", REFERENCE)
    assert item.to_json() == {
        "kind": "routine",
        "title": "Gym",
        "due_date": None,
        "due_time": "07:05",
        "recurrence": "FREQ=WEEKLY;BYDAY=MO;BYHOUR=7;BYMINUTE=5",
        "priority": "medium",
        "estimate_minutes": 45,
        "energy": "high",
        "project": "Fit",
        "area": "Health",
        "labels": ["gym"],
    }


def test_items_are_capped_at_fifty() -> None:
    text = "\n".join(f"- task number {i}" for i in range(80))
    items = parse(text, REFERENCE)
    assert len(items) == MAX_ITEMS == 50
    assert items[-1].title == "Task number 49"


def test_a_naive_now_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="aware"):
        parse("Call mom", datetime(2026, 3, 10, 9, 0))  # noqa: DTZ001


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "!!!", "...;;;", "🎉🎉", "- \n* \n•"])
def test_text_without_words_gives_no_items(text: str) -> None:
    assert parse(text, REFERENCE) == []


FUZZ_WORDS = (
    "every other day at 5pm tomorrow next Friday the 15th of March in 2 weeks p1 !! #Work "
    "@home area:Home 1h30 ~20m for 2 hours urgent not urgent low energy deep work I want to "
    'remember that note: goal: habit: https://x.org/a.b ana@b.co "quoted" 7.30am noon '
    "midnight 3-5pm from 9 to 11 monthly on the 1st 12/31 2026-02-30 31/02 99:99 at 25 in "
    "99999999 years every 0 days every 100000 weeks on the 0th the 32nd Feb 29 by 9999"
)


def test_fuzz_never_raises_even_without_the_safety_net(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random text and random mixes of syntax words, with the per-item fallback removed so a
    reader bug cannot hide behind it."""
    monkeypatch.setattr(engine, "_safe_item", engine._item)
    monkeypatch.setattr(engine, "_pieces", engine.split)
    rng = random.Random(20260310)
    alphabet = list("abcxyz ABC0123456789.,;:!?-*•#@~\"'“”/()[]\n\t😀é\u200b\ue000\ue001")
    words = FUZZ_WORDS.split()
    for i in range(3000):
        if i % 2:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        else:
            text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
        for item in parse(text, REFERENCE):
            assert item.title
            assert set(item.to_json()) == set(Item.__dataclass_fields__)
        read_when(text, REFERENCE)
        read_recurrence(text)


def test_ten_kilobytes_of_text_is_read() -> None:
    assert len(parse("word " * 2000, REFERENCE)) == 1
    assert len(parse("Call mom tomorrow. " * 600, REFERENCE)) == MAX_ITEMS


def test_importing_the_engine_imports_no_django_and_no_date_library() -> None:
    code = (
        "import sys\n"
        "import minime.ai.smartadd\n"
        "banned = ('django', 'dateparser', 'parsedatetime', 'dateutil')\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in banned)\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
