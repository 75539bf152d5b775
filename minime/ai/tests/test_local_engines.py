"""The local engines: sensible steps for named examples, and their ranges over many inputs."""

from __future__ import annotations

import random
import string
from typing import Any

import pytest

from minime.ai.features import FEATURES, clean_step, word_count
from minime.ai.local import break_project, break_task, explain_today


def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def assert_steps(steps: list[str], title: str, low: int, high: int) -> None:
    assert low <= len(steps) <= high, steps
    assert len({_key(s) for s in steps}) == len(steps), steps
    for step in steps:
        assert step.strip() == step and step, steps
        assert len(step) <= 200, step
        assert clean_step(step) == step, step  # already as a provider answer would be cleaned
        assert _key(step) != _key(title), (title, steps)
        assert "{" not in step and "}" not in step, step  # no template left unfilled


# --- Break into steps: named examples ----------------------------------------------------------
def test_a_report_is_gathered_outlined_drafted_polished_and_sent() -> None:
    assert break_task("Write the quarterly report", "", None) == [
        "Gather the figures for the quarterly report",
        "Outline the quarterly report",
        "Draft the quarterly report",
        "Review and polish the quarterly report",
        "Send the quarterly report",
    ]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Write an essay on climate policy", "Submit the essay on climate policy"),
        ("Draft a blog post about our launch", "Publish the blog post about our launch"),
        ("Email the landlord about the boiler", "Write and send the email"),
        ("Plan Mum's birthday party", "Draw up the guest list for Mum's birthday party"),
        ("Plan the trip to Rome", "Book travel and accommodation"),
        ("Organise the garage", "Give each group a place in the garage"),
        ("Organize a team offsite", "Write down the goal and agenda for the team offsite"),
        ("Tidy up my inbox", "Delete or archive what you no longer need in my inbox"),
        ("Clean the bathroom", "Vacuum and mop the floor in the bathroom"),
        ("Wash the car", "Vacuum the inside of the car"),
        ("Fix the leaking tap", "Get the parts and tools for the leaking tap"),
        ("Fix the login bug", "Reproduce the login bug and note the exact symptoms"),
        ("Learn Spanish", "Pick one good resource for Spanish (a course, book or video)"),
        ("Learn to swim", "Do a first 30-minute session on swimming"),
        ("Study for the biology exam", "Do a practice paper under timed conditions"),
        ("Buy groceries", "Write the shopping list"),
        ("Buy a new laptop", "Compare three options for the new laptop"),
        ("Buy a present for Anna", "Note a few things Anna would like"),
        (
            "Call the bank about the mortgage",
            "Note what you want to ask the bank about the mortgage",
        ),
        ("Call the plumber to fix the sink", "Note the details the plumber needs to fix the sink"),
        ("Prepare for the job interview", "Prepare two or three questions to ask"),
        ("Prepare the board presentation", "Rehearse the board presentation out loud and time it"),
        ("Move house", "Change your address with the bank, work and services"),
        ("Move the meeting with Tom", "Propose a new time for the meeting with Tom"),
        ("Build a bookshelf", "Check the parts against the instructions"),
        ("Build the landing page", "Ship the landing page and ask for feedback"),
        ("Research electric cars", "Collect a few good sources on electric cars"),
        ("Apply for a passport", "Gather the documents for the passport"),
        ("Book the dentist", "Find the number or booking page for the dentist"),
        ("Book flights to Lisbon", "Compare prices and options for the flights to Lisbon"),
        ("Review the contract", "Note issues and questions as you go"),
        ("Pay the electricity bill", "Find the electricity bill and check the amount and due date"),
        ("Do my taxes", "Check the figures twice"),
        ("Cancel the gym membership", "Send the cancellation in writing"),
        ("Send the invoice to ACME", "Send it to ACME"),
        ("Return the shoes", "Print the return label or write the address"),
        ("Return the library books", "Drop off or post back the library books"),
        ("Pack for the trip", "Write a packing list"),
        ("Make dinner", "Check the ingredients and buy what is missing"),
        ("Set up the new router", "Test that the new router works"),
        ("Back up my laptop", "Run a full backup of my laptop"),
        ("Meet Sarah for coffee", "Agree a time and place with Sarah"),
        ("Get a haircut", "Find the number or booking page for the haircut"),
        ("Go to the gym", "Get your kit ready the day before"),
        ("Read the new contract", "Skim the new contract for the main points"),
        ("Hire a plumber", "Contact two or three options and compare"),
        ("Decide on a new phone plan", "Write down the options for the new phone plan"),
    ],
)
def test_the_verb_and_object_pick_fitting_steps(title: str, expected: str) -> None:
    steps = break_task(title, "", None)
    assert expected in steps
    assert_steps(steps, title, 3, 6)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Dentist appointment", "Make the booking for the dentist appointment"),
        ("Groceries", "Check what you already have at home"),
        ("Quarterly report", "Gather the figures for the quarterly report"),
        ("Weekly review", "Look back at what got done"),
        ("Tax return", "Log in to the tax portal or get the forms"),
    ],
)
def test_a_title_without_a_verb_is_read_by_its_nouns(title: str, expected: str) -> None:
    assert expected in break_task(title, "", None)


def test_a_lead_in_is_not_part_of_the_task() -> None:
    assert break_task("I need to call Mum", "", None) == break_task("Call Mum", "", None)
    assert break_task("Remember to buy milk!", "", None) == break_task("Buy milk", "", None)


def test_an_unknown_verb_gets_a_generic_breakdown_that_names_the_task() -> None:
    steps = break_task("Tackle the overgrown hedge", "", None)
    assert steps[0] == "Decide what done looks like for tackling the overgrown hedge"
    assert_steps(steps, "Tackle the overgrown hedge", 3, 6)


def test_a_title_of_unknown_words_is_quoted_and_the_project_is_named() -> None:
    steps = break_task("Zorblax", "", "Side hustle")
    assert steps[0] == "Decide what done looks like for “Zorblax”"
    assert steps[-1] == "Check the result and note any follow-ups for Side hustle"
    assert_steps(steps, "Zorblax", 3, 6)


def test_a_capitalised_object_keeps_its_capital_and_a_sentence_case_title_does_not() -> None:
    assert "Pick a daily time to read Dune" in break_task("Read Dune", "", None)
    assert "Outline the quarterly report" in break_task("Quarterly report", "", None)


# --- Break into steps: descriptions ------------------------------------------------------------
def test_bullets_become_the_steps_and_ticked_ones_are_skipped() -> None:
    description = "- milk\n- eggs\n* wholemeal bread\n- [x] butter\n• check the fridge first"
    assert break_task("Buy groceries", description, None) == [
        "Buy milk",
        "Buy eggs",
        "Buy wholemeal bread",
        "Check the fridge first",
    ]


def test_numbered_lines_are_steps_and_noun_items_stay_as_written_outside_lists_of_things() -> None:
    description = "1. Final QA pass\n2. update the changelog\n3) write the announcement"
    assert break_task("Prepare the launch", description, None) == [
        "Final QA pass",
        "Update the changelog",
        "Write the announcement",
    ]


def test_imperative_sentences_in_prose_become_steps_and_the_rest_is_context() -> None:
    description = (
        "The board wants it by Friday. First, pull the numbers from the dashboard. Then ask "
        "Sam for the marketing figures; finally send it to Priya and copy the CFO."
    )
    steps = break_task("Write the quarterly report", description, None)
    assert steps[:4] == [
        "Pull the numbers from the dashboard",
        "Ask Sam for the marketing figures",
        "Send it to Priya",
        "Copy the CFO",
    ]
    assert not any("board wants" in s for s in steps)


def test_plain_lines_without_bullets_are_read_as_sentences() -> None:
    description = "collect P60\ncollect receipts\nfill in the online form\npay what is owed"
    assert break_task("Tax return", description, None) == [
        "Collect P60",
        "Collect receipts",
        "Fill in the online form",
        "Pay what is owed",
    ]


def test_too_few_listed_steps_are_topped_up_from_the_title() -> None:
    steps = break_task("Fix the bike", "Need to replace the chain", None)
    assert steps[0] == "Replace the chain"
    assert_steps(steps, "Fix the bike", 3, 6)
    assert "Test that the bike works again" in steps


def test_more_than_six_listed_steps_are_folded_into_the_last_not_dropped() -> None:
    description = "\n".join(f"- step {name}" for name in "abcdefghi")
    steps = break_task("Buy groceries", description, None)
    assert len(steps) == 6
    assert steps[-1] == "Then: Buy step f; Buy step g; Buy step h; Buy step i"


def test_a_description_of_pure_context_falls_back_to_the_title() -> None:
    plain = break_task("Plan the offsite", "", None)
    assert break_task("Plan the offsite", "The team wants something outdoorsy.", None) == plain


def test_a_step_that_repeats_the_title_is_dropped() -> None:
    steps = break_task(
        "Call the bank", "- call the bank\n- ask about fees\n- note the answer", None
    )
    assert "Call the bank" not in steps
    assert steps[:2] == ["Ask about fees", "Note the answer"]
    assert_steps(steps, "Call the bank", 3, 6)


def test_break_task_is_deterministic() -> None:
    args = ("Write the grant proposal", "- budget\n- timeline", "Research")
    assert break_task(*args) == break_task(*args)


# --- Break into steps: ranges over many inputs -------------------------------------------------
VERB_LIST = (
    "Write Draft Plan Organise Organize Sort Tidy Clean Wash Vacuum Fix Repair Debug Learn Study "
    "Practise Buy Order Get Call Phone Email Text Contact Prepare Move Build Make Create Research "
    "Investigate Compare Find Hire Apply Book Schedule Reserve Review Check Proofread Read Pay "
    "Renew File Cancel Submit Send Post Return Pack Cook Bake Update Upgrade Install Present "
    "Pitch Meet Visit Exercise Decide Paint Water Tackle Sort-out Zorp Refactor Celebrate"
)
VERBS = VERB_LIST.split()
OBJECTS = [
    "the quarterly report",
    "a birthday party for Sam",
    "the garage",
    "my inbox",
    "the kitchen",
    "the car",
    "login bug",
    "Spanish",
    "groceries",
    "a new laptop",
    "Mum",
    "the bank about the loan",
    "the job interview",
    "the sofa",
    "the team meeting",
    "electric cars",
    "a plumber",
    "the dentist",
    "flights to Lisbon",
    "the contract",
    "the electricity bill",
    "passport",
    "the parcel to Grandma",
    "dinner",
    "the router",
    "",
    "to swim",
    "for the exam",
    "x" * 120,
    " ".join(["very"] * 60) + " long object",
    "émigré café’s “menu”",
]
DESCRIPTIONS = [
    "",
    "   ",
    "- one\n- two",
    "- a\n- b\n- c\n- d\n- e\n- f\n- g\n- h",
    "Call the bank. Then send the form.",
    "Just some context here. Nothing to do.",
    "1. first thing\n2. second thing\n3. third thing",
    "[x] done already\n[x] also done",
    "- " + "word " * 80,
    "\n".join(["do it"] * 10),
]


def _titles(rng: random.Random, n: int) -> list[str]:
    titles = []
    for _ in range(n):
        verb = rng.choice(VERBS).replace("-", " ")
        obj = rng.choice(OBJECTS)
        titles.append(f"{verb} {obj}".strip()[:300])
    return titles


def _noise(rng: random.Random) -> str:
    alphabet = string.ascii_letters + string.digits + " -_.,!?#@'\"•*[]()é—“”"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))


def test_break_task_gives_three_to_six_steps_for_any_title_and_description() -> None:
    rng = random.Random(20260311)
    titles = _titles(rng, 800) + [_noise(rng) for _ in range(200)]
    for title in titles:
        if not title.strip():
            continue
        description = rng.choice(DESCRIPTIONS)
        project = rng.choice([None, "Work", "Home renovation", "p" * 300])
        assert_steps(break_task(title, description, project), title, 3, 6)


@pytest.mark.parametrize("title", ["x", "!!!", "a", "The", "Do", "Get", "Go to", "t" * 300])
def test_break_task_copes_with_degenerate_titles(title: str) -> None:
    assert_steps(break_task(title, "", None), title, 3, 6)


# --- Break a project ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Kitchen renovation", "Get three quotes or list the materials"),
        ("Move to Berlin", "Write down what done looks like for moving to Berlin"),
        ("Launch v2", "Write the launch checklist"),
        ("Learn Spanish", "Choose the course, book or teacher"),
        ("Run a marathon", "Record a starting measurement"),
        ("Website redesign", "Set up the repository and a place to test"),
        ("Summer holiday in Italy", "Check passports, visas and insurance"),
        ("Pay off the credit card debt", "Gather the statements and current figures"),
        ("Q3 hiring", "Write the role description"),
        ("Find a new job", "Update your CV and online profile"),
    ],
)
def test_a_project_opens_with_its_outcome_and_first_actions(title: str, expected: str) -> None:
    steps = break_project(title, "")
    assert expected in steps
    assert steps[0].startswith("Write down what done looks like for ")
    assert steps[-1].startswith("Schedule a check-in on ")
    assert_steps(steps, title, 5, 10)


def test_a_project_names_itself_sensibly() -> None:
    assert break_project("Kitchen renovation", "")[0] == (
        "Write down what done looks like for the kitchen renovation"
    )
    assert break_project("Mum's 60th", "")[0] == "Write down what done looks like for Mum's 60th"
    assert break_project("Zorblax", "")[0] == "Write down what done looks like for “Zorblax”"


def test_a_projects_listed_steps_come_between_the_outcome_and_the_check_in() -> None:
    steps = break_project("Start a podcast", "Pick a name. Buy a microphone. Record episode one.")
    assert steps == [
        "Write down what done looks like for starting a podcast",
        "Pick a name",
        "Buy a microphone",
        "Record episode one",
        "Set a target date and a first milestone for starting a podcast",
        "Schedule a check-in on starting a podcast for next week",
    ]


def test_a_project_with_one_listed_step_is_topped_up_to_five() -> None:
    steps = break_project("Garden makeover", "- plant roses")
    assert "Plant roses" in steps
    assert_steps(steps, "Garden makeover", 5, 10)


def test_a_long_project_list_is_folded_into_ten_steps() -> None:
    description = "\n".join(f"- part {i}" for i in range(1, 15))
    steps = break_project("Garden makeover", description)
    assert len(steps) == 10
    assert any(s.startswith("Then: Part ") for s in steps)
    assert "Part 14" in " ".join(steps)


def test_break_project_gives_five_to_ten_steps_for_any_title_and_description() -> None:
    rng = random.Random(7)
    titles = _titles(rng, 500) + [_noise(rng) for _ in range(200)]
    titles += ["Kitchen renovation", "Website relaunch", "Wedding", "Mum's 60th"]
    for title in titles:
        if not title.strip():
            continue
        assert_steps(break_project(title, rng.choice(DESCRIPTIONS)), title, 5, 10)


# --- Explain today -----------------------------------------------------------------------------
def today(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "tasks_today": 5,
        "overdue": 2,
        "top_task": "Finish the product page",
        "top_reasons": ["its deadline is tomorrow", "it moves your goal Launch v2 forward"],
        "can_wait": ["Clean the garage", "Read Dune", "Call Mum about Christmas", "Fix bike"],
        "attention": ["2 overdue tasks", "Project Website is stuck"],
        "workload": "fits: 180 of 240 free minutes",
    }
    return {**payload, **overrides}


def test_explain_today_says_why_from_the_payload_only() -> None:
    text = explain_today(today())
    assert text == (
        "You have 5 tasks on today's plan, and 2 tasks are overdue. Start with “Finish the "
        "product page” "
        "because its deadline is tomorrow and it moves your goal Launch v2 forward. “Clean "
        "the garage”, “Read Dune”, “Call Mum about Christmas” and 1 more task can wait. Also "
        "worth a look: 2 overdue tasks; Project Website is stuck. Your plan fits the time you "
        "have (180 of 240 free minutes)."
    )
    assert 60 <= word_count(text) <= 120


def test_explain_today_handles_an_empty_day() -> None:
    text = explain_today(
        today(tasks_today=0, overdue=0, top_task=None, top_reasons=[], can_wait=[], attention=[])
    )
    assert text.startswith("Nothing is planned for today and nothing is overdue.")
    assert "There is no single task to start with today." in text
    assert 60 <= word_count(text) <= 120


@pytest.mark.parametrize(
    ("workload", "expected"),
    [
        ("fits: 180 of 240 free minutes", "Your plan fits the time you have (180 of 240 free"),
        ("overloaded: 5 h planned, 2 h free", "The day is overloaded (5 h planned, 2 h free)"),
        ("tight: 230 of 240 free minutes", "The day is full (230 of 240 free minutes)"),
        ("no calendar connected", "Workload: no calendar connected."),
    ],
)
def test_explain_today_words_the_workload(workload: str, expected: str) -> None:
    assert expected in explain_today(today(workload=workload))


def test_explain_today_uses_singulars_and_counts_what_it_leaves_out() -> None:
    text = explain_today(today(tasks_today=1, overdue=1, can_wait=["A"], attention=["B"]))
    assert "You have 1 task on today's plan, and 1 task is overdue." in text
    text = explain_today(today(can_wait=[f"Task {i}" for i in range(12)]))
    assert "and 9 more tasks can wait" in text


def test_explain_today_without_reasons_still_names_the_top_task() -> None:
    assert "Start with “Finish the product page”: it ranks first" in explain_today(
        today(top_reasons=[])
    )


def test_explain_today_refuses_a_payload_that_is_not_the_features() -> None:
    with pytest.raises(ValueError, match="email"):
        explain_today({**today(), "email": "alice@example.com"})
    with pytest.raises(ValueError, match="missing workload"):
        explain_today({k: v for k, v in today().items() if k != "workload"})


def _random_payload(rng: random.Random) -> dict[str, Any]:
    def line() -> str:
        kind = rng.random()
        if kind < 0.1:
            return "x" * rng.randint(1, 300)  # one enormous word
        if kind < 0.2:
            return _noise(rng).replace("\n", " ").strip() or "y"
        return " ".join(
            rng.choice(string.ascii_lowercase) * rng.randint(1, 9)
            for _ in range(rng.randint(1, 45))
        )[:300]

    def lines() -> list[str]:
        return [line() for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 20]))]

    return FEATURES["explain_today"].payload(
        tasks_today=rng.choice([0, 1, 2, 7, 100_000]),
        overdue=rng.choice([0, 1, 3, 99_999]),
        top_task=rng.choice([None, line()]),
        top_reasons=lines(),
        can_wait=lines(),
        attention=lines(),
        workload=rng.choice(
            ["fits: 180 of 240 free minutes", "overloaded: 5 h planned, 2 h free", line()]
        ),
    )


def test_explain_today_is_always_sixty_to_one_hundred_twenty_words() -> None:
    rng = random.Random(1234)
    for _ in range(1500):
        payload = _random_payload(rng)
        text = explain_today(payload)
        assert 60 <= word_count(text) <= 120, (word_count(text), payload, text)
        assert text == explain_today(payload)  # deterministic
