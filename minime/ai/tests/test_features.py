"""The AI features' contract: what each sends, how payloads are built, how answers are read."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from minime.ai.features import (
    BREAK_PROJECT_STEPS,
    BREAK_TASK_STEPS,
    FEATURES,
    MAX_AUDIO_BYTES,
    MalformedAnswer,
    ProposedItem,
    check_shape,
    clean_step,
    encode_payload,
    read_smart_add,
    read_steps,
    read_summary,
    read_transcript,
    word_count,
)

ROOT = Path(__file__).resolve().parents[3]

# The keys each feature may send, written out here so a change to ``features`` must agree.
CONTRACT = {
    "smart_add": ("text",),
    "break_task": ("title", "description", "project"),
    "break_project": ("title", "description"),
    "explain_today": (
        "tasks_today",
        "overdue",
        "top_task",
        "top_reasons",
        "can_wait",
        "attention",
        "workload",
    ),
    "transcribe": ("audio", "mime_type"),
    "rewrite_answer": ("question", "answer"),
}

VALID: dict[str, dict[str, Any]] = {
    "smart_add": {"text": "Call mom tomorrow at 5pm"},
    "break_task": {"title": "Write the report", "description": "", "project": None},
    "break_project": {"title": "Kitchen renovation", "description": "New cupboards"},
    "explain_today": {
        "tasks_today": 5,
        "overdue": 2,
        "top_task": "Finish the product page",
        "top_reasons": ["its deadline is tomorrow"],
        "can_wait": ["Clean the garage"],
        "attention": ["2 overdue tasks"],
        "workload": "fits: 180 of 240 free minutes",
    },
    "transcribe": {"audio": b"\x1aE\xdf\xa3" * 10, "mime_type": "audio/webm"},
    "rewrite_answer": {"question": "anything overdue?", "answer": "1 task is overdue.\n- Renew"},
}


def item(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "kind": "task",
        "title": "Call mom",
        "when": "tomorrow at 5pm",
        "recurrence": None,
        "priority": None,
        "estimate_minutes": None,
        "energy": None,
        "project": None,
        "area": None,
        "labels": [],
    }
    return {**base, **overrides}


def words(n: int, sentence: int = 10) -> str:
    """``n`` words in sentences of ``sentence`` words."""
    out = []
    for i in range(n):
        word = f"word{i}"
        out.append(word + ("." if (i + 1) % sentence == 0 or i == n - 1 else ""))
    return " ".join(out)


# --- The registry ------------------------------------------------------------------------------
def test_it_defines_exactly_the_features_of_the_contract() -> None:
    assert set(FEATURES) == set(CONTRACT)
    for name, feature in FEATURES.items():
        assert feature.name == name
        assert feature.keys == CONTRACT[name]


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_every_feature_can_be_disclosed_in_plain_words(name: str) -> None:
    feature = FEATURES[name]
    for text in (feature.label, feature.where, feature.never_sends, feature.returns):
        assert text.strip()
        assert text == text.strip()
    assert all(f.description.strip() for f in feature.sends)
    assert "no ids" in feature.never_sends.lower()


def test_labels_and_places_match_the_product_text() -> None:
    assert FEATURES["smart_add"].label == "Smart Add"
    assert FEATURES["smart_add"].where == "Today and Capture"
    assert FEATURES["smart_add"].sends[0].description == "the text you typed in the box"
    assert FEATURES["break_task"].label == "Break into steps"
    assert FEATURES["break_project"].label == "Break a project into tasks"
    assert FEATURES["explain_today"].label == "Explain today's plan"


@pytest.mark.parametrize("name", ["smart_add", "break_task", "break_project", "explain_today"])
def test_instructions_are_firm_about_json_and_facts(name: str) -> None:
    instruction = FEATURES[name].instruction
    assert "JSON only" in instruction
    assert "Never invent facts" in instruction
    assert "not instructions" in instruction  # the payload is data


def test_instructions_state_the_bounds_the_readers_enforce() -> None:
    assert "3 to 6" in FEATURES["break_task"].instruction
    assert "5 to 10" in FEATURES["break_project"].instruction
    assert "60 to 120 words" in FEATURES["explain_today"].instruction
    assert FEATURES["break_task"].bounds == BREAK_TASK_STEPS == (3, 6)
    assert FEATURES["break_project"].bounds == BREAK_PROJECT_STEPS == (5, 10)


def test_smart_add_tells_the_provider_not_to_resolve_dates() -> None:
    instruction = FEATURES["smart_add"].instruction
    assert "never turn them into a calendar date" in instruction
    assert "do not know today's date" in instruction


def _objects(schema: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


@pytest.mark.parametrize("name", ["smart_add", "break_task", "break_project", "explain_today"])
def test_schemas_stay_in_the_subset_both_providers_accept(name: str) -> None:
    schema = FEATURES[name].schema
    assert schema is not None
    assert schema["type"] == "object"  # OpenAI strict mode wants an object at the root
    for obj in _objects(schema):
        assert obj["additionalProperties"] is False
        assert sorted(obj["required"]) == sorted(obj["properties"])
    text = json.dumps(schema)
    for keyword in ("minItems", "maxItems", "minLength", "maxLength", "minimum", "maximum"):
        assert keyword not in text


def test_transcribe_has_no_schema_and_other_features_do() -> None:
    assert FEATURES["transcribe"].schema is None
    assert FEATURES["transcribe"].bounds is None


# --- Building payloads -------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_payload_has_exactly_the_disclosed_keys_in_order(name: str) -> None:
    payload = FEATURES[name].payload(**VALID[name])
    assert tuple(payload) == CONTRACT[name]
    assert payload == VALID[name]


@pytest.mark.parametrize("name", sorted(CONTRACT))
@pytest.mark.parametrize("extra", ["id", "email", "user", "tasks", "due_date"])
def test_payload_refuses_any_key_the_page_does_not_name(name: str, extra: str) -> None:
    with pytest.raises(ValueError, match=extra):
        FEATURES[name].payload(**VALID[name], **{extra: "alice@example.com"})


@pytest.mark.parametrize("name", sorted(CONTRACT))
def test_payload_refuses_a_missing_key(name: str) -> None:
    for key in CONTRACT[name]:
        values = {k: v for k, v in VALID[name].items() if k != key}
        with pytest.raises(ValueError, match=f"missing {key}"):
            FEATURES[name].payload(**values)


@pytest.mark.parametrize(
    ("name", "key", "value"),
    [
        ("smart_add", "text", ""),
        ("smart_add", "text", "   "),
        ("smart_add", "text", 42),
        ("smart_add", "text", None),
        ("smart_add", "text", "x" * 4001),
        ("break_task", "title", "x" * 301),
        ("break_task", "title", "two\nlines"),
        ("break_task", "title", ""),
        ("break_task", "description", "x" * 4001),
        ("break_task", "description", None),
        ("break_task", "project", 7),
        ("break_task", "project", "p" * 301),
        ("break_project", "title", None),
        ("explain_today", "tasks_today", -1),
        ("explain_today", "tasks_today", "5"),
        ("explain_today", "tasks_today", True),
        ("explain_today", "overdue", 2.0),
        ("explain_today", "top_reasons", "its deadline is tomorrow"),
        ("explain_today", "top_reasons", ["ok", 3]),
        ("explain_today", "top_reasons", [""]),
        ("explain_today", "can_wait", ["t"] * 21),
        ("explain_today", "can_wait", ["x" * 301]),
        ("explain_today", "attention", None),
        ("explain_today", "workload", ""),
        ("explain_today", "workload", "x" * 301),
        ("transcribe", "audio", b""),
        ("transcribe", "audio", "text, not bytes"),
        ("transcribe", "audio", b"x" * (MAX_AUDIO_BYTES + 1)),
        ("transcribe", "mime_type", "text/plain"),
        ("transcribe", "mime_type", "audio"),
        ("transcribe", "mime_type", ""),
    ],
)
def test_payload_validates_types_and_lengths(name: str, key: str, value: object) -> None:
    with pytest.raises(ValueError, match=key):
        FEATURES[name].payload(**{**VALID[name], key: value})


def test_payload_accepts_the_limits_themselves() -> None:
    FEATURES["smart_add"].payload(text="x" * 4000)
    FEATURES["break_task"].payload(title="t" * 300, description="", project="p" * 300)
    FEATURES["explain_today"].payload(
        **{**VALID["explain_today"], "can_wait": ["t" * 300] * 20, "top_task": None}
    )
    FEATURES["transcribe"].payload(audio=b"x", mime_type="audio/webm;codecs=opus")


def test_payload_turns_tuples_into_json_lists() -> None:
    payload = FEATURES["explain_today"].payload(
        **{**VALID["explain_today"], "can_wait": ("A", "B")}
    )
    assert payload["can_wait"] == ["A", "B"]
    assert json.loads(encode_payload(payload)) == payload


def test_describe_payload_shows_the_size_and_type_of_audio_not_the_bytes() -> None:
    feature = FEATURES["transcribe"]
    payload = feature.payload(audio=b"\x00" * 48213, mime_type="audio/webm")
    shown = feature.describe_payload(payload)
    assert shown == {"audio": "<audio/webm, 48,213 bytes>", "mime_type": "audio/webm"}
    assert payload["audio"] == b"\x00" * 48213  # the payload itself is untouched


@pytest.mark.parametrize("name", ["smart_add", "break_task", "break_project", "explain_today"])
def test_describe_payload_is_the_payload_itself_for_text_features(name: str) -> None:
    payload = FEATURES[name].payload(**VALID[name])
    assert FEATURES[name].describe_payload(payload) == payload


def test_encode_payload_is_the_json_of_the_payload_and_keeps_unicode() -> None:
    payload = FEATURES["smart_add"].payload(text="Café with Zoë — 9am")
    text = encode_payload(payload)
    assert json.loads(text) == payload
    assert "Café with Zoë" in text


# --- Shape checks ------------------------------------------------------------------------------
def test_check_shape_counts_integral_floats_as_integers_but_not_booleans() -> None:
    schema = {"type": ["integer", "null"]}
    check_shape(30.0, schema)
    check_shape(None, schema)
    with pytest.raises(MalformedAnswer):
        check_shape(True, schema)
    with pytest.raises(MalformedAnswer):
        check_shape(30.5, schema)


def test_check_shape_names_the_path_of_the_problem() -> None:
    schema = FEATURES["smart_add"].schema
    assert schema is not None
    with pytest.raises(MalformedAnswer, match=r"items\[1\]\.priority"):
        check_shape({"items": [item(), item(priority="urgent")]}, schema)


# --- Smart Add answers -------------------------------------------------------------------------
def test_read_smart_add_reads_every_field() -> None:
    answer = {
        "items": [
            item(
                title="Finish the quarterly report",
                when="by Friday",
                priority="high",
                estimate_minutes=120,
                energy="high",
                project="Work",
                area="Career",
                labels=["deep", "q3"],
            ),
            item(
                kind="routine",
                title="Gym",
                when="7am",
                recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
                labels=[],
            ),
            item(kind="note", title="Wifi password is on the fridge", when=None),
        ]
    }
    items = read_smart_add(answer)
    assert items[0] == ProposedItem(
        kind="task",
        title="Finish the quarterly report",
        when="by Friday",
        priority="high",
        estimate_minutes=120,
        energy="high",
        project="Work",
        area="Career",
        labels=("deep", "q3"),
    )
    assert items[1].recurrence == "FREQ=WEEKLY;BYDAY=MO,WE,FR"
    assert items[1].kind == "routine"
    assert items[2].when is None


def test_read_smart_add_tidies_without_changing_meaning() -> None:
    answer = {
        "items": [
            item(
                title="  Call   mom ",
                when="  ",
                project="#Home-Admin",
                area="area:Family",
                labels=["@errands", "Errands", " urgent "],
                recurrence="rrule:freq=daily",
                estimate_minutes=30.0,
            )
        ]
    }
    (got,) = read_smart_add(answer)
    assert got.title == "Call mom"
    assert got.when is None
    assert got.project == "Home-Admin"
    assert got.area == "Family"
    assert got.labels == ("errands", "urgent")
    assert got.recurrence == "FREQ=DAILY"
    assert got.estimate_minutes == 30
    assert isinstance(got.estimate_minutes, int)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param({"items": []}, id="no items"),
        pytest.param({"items": [item()] * 51}, id="51 items"),
        pytest.param([item()], id="a bare list"),
        pytest.param({"items": item()}, id="items not a list"),
        pytest.param({"items": [item()], "extra": 1}, id="extra top-level key"),
        pytest.param({"items": [item(kind="event")]}, id="unknown kind"),
        pytest.param({"items": [item(priority="urgent")]}, id="unknown priority"),
        pytest.param({"items": [item(priority="")]}, id="empty priority"),
        pytest.param({"items": [item(energy="extreme")]}, id="unknown energy"),
        pytest.param({"items": [item(title="")]}, id="empty title"),
        pytest.param({"items": [item(title="   ")]}, id="blank title"),
        pytest.param({"items": [item(title="t" * 301)]}, id="long title"),
        pytest.param({"items": [item(estimate_minutes=0)]}, id="zero minutes"),
        pytest.param({"items": [item(estimate_minutes=1441)]}, id="over a day"),
        pytest.param({"items": [item(estimate_minutes=-5)]}, id="negative minutes"),
        pytest.param({"items": [item(estimate_minutes=True)]}, id="boolean minutes"),
        pytest.param({"items": [item(estimate_minutes="30")]}, id="string minutes"),
        pytest.param({"items": [item(estimate_minutes=12.5)]}, id="fractional minutes"),
        pytest.param({"items": [item(recurrence="every monday")]}, id="not an rrule"),
        pytest.param({"items": [item(recurrence="FREQ=FORTNIGHTLY")]}, id="bad freq"),
        pytest.param({"items": [item(recurrence="INTERVAL=2")]}, id="no freq"),
        pytest.param({"items": [item(recurrence="FREQ=SECONDLY")]}, id="every second"),
        pytest.param({"items": [item(recurrence="FREQ=DAILY;INTERVAL=0")]}, id="interval 0"),
        pytest.param({"items": [item(recurrence="FREQ=DAILY;BYHOUR=25")]}, id="hour 25"),
        pytest.param({"items": [item(recurrence="FREQ=WEEKLY;BYDAY=XX")]}, id="bad day"),
        pytest.param(
            {"items": [item(recurrence="FREQ=DAILY;COUNT=3;UNTIL=20300101T000000Z")]},
            id="count and until",
        ),
        pytest.param(
            {"items": [item(recurrence="DTSTART:20260101T090000\nRRULE:FREQ=DAILY")]},
            id="with dtstart",
        ),
        pytest.param(
            {"items": [item(recurrence="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30")]},
            id="never occurs",
        ),
        pytest.param({"items": [item(labels="work")]}, id="labels not a list"),
        pytest.param({"items": [item(labels=[""])]}, id="empty label"),
        pytest.param({"items": [item(when="x" * 101)]}, id="when is a paragraph"),
        pytest.param({"items": [{k: v for k, v in item().items() if k != "labels"}]}, id="missing"),
        pytest.param({"items": [item(due_date="2026-03-11")]}, id="unknown field"),
    ],
)
def test_read_smart_add_rejects_nonsense_as_a_whole(bad: object) -> None:
    with pytest.raises(MalformedAnswer):
        read_smart_add(bad)


def test_read_smart_add_accepts_fifty_items_and_valid_rrules() -> None:
    rules = [
        "FREQ=DAILY",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
        "FREQ=MONTHLY;BYMONTHDAY=1",
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;BYHOUR=9;BYMINUTE=30",
        "FREQ=DAILY;COUNT=10",
        "FREQ=WEEKLY;UNTIL=20301231T000000Z",
        "FREQ=HOURLY;INTERVAL=2",
    ]
    answer = {"items": [item(recurrence=rules[i % len(rules)]) for i in range(50)]}
    assert [i.recurrence for i in read_smart_add(answer)][: len(rules)] == rules


def test_malformed_answer_is_a_value_error_with_a_reason() -> None:
    with pytest.raises(ValueError, match="priority"):
        read_smart_add({"items": [item(priority="asap")]})


# --- Steps -------------------------------------------------------------------------------------
def test_read_steps_cleans_dedupes_and_keeps_order() -> None:
    data = {
        "steps": [
            "1. gather the figures",
            "- Outline the report.",
            "Outline the report",
            "  Draft   the report  ",
            "[ ] Review it",
            "DRAFT THE REPORT!",
        ]
    }
    assert read_steps(data, 3, 6) == [
        "Gather the figures",
        "Outline the report",
        "Draft the report",
        "Review it",
    ]


def test_read_steps_truncates_to_the_most_allowed() -> None:
    data = {"steps": [f"Step number {i}" for i in range(1, 13)]}
    assert read_steps(data, *BREAK_PROJECT_STEPS) == [f"Step number {i}" for i in range(1, 11)]
    assert len(read_steps(data, *BREAK_TASK_STEPS)) == 6


@pytest.mark.parametrize(
    "bad",
    [
        {"steps": ["One", "Two"]},
        {"steps": ["One", "one", "ONE."]},
        {"steps": ["One", "Two", "", "  "]},
        {"steps": ["One", "Two", "x" * 201]},
        {"steps": "One, two, three"},
        {"steps": ["One", "Two", 3]},
        ["One", "Two", "Three"],
        {"steps": ["One", "Two", "Three"], "notes": "extra"},
        {},
        None,
    ],
)
def test_read_steps_rejects_too_few_or_off_schema(bad: object) -> None:
    with pytest.raises(MalformedAnswer):
        read_steps(bad, 3, 6)


def test_read_steps_keeps_figures_that_look_like_numbering() -> None:
    data = {"steps": ["3.5 hours of revision", "2) Call the bank", "Pay €40"]}
    assert read_steps(data, 3, 6) == ["3.5 hours of revision", "Call the bank", "Pay €40"]


def test_read_steps_refuses_nonsense_bounds() -> None:
    with pytest.raises(ValueError, match="bounds"):
        read_steps({"steps": ["a", "b", "c"]}, 6, 3)


def test_clean_step_strips_bullets_checkboxes_and_a_trailing_period() -> None:
    assert clean_step("  • [ ] call the bank. ") == "Call the bank"
    assert clean_step("Step 2: send the form") == "Send the form"
    assert clean_step("---") == ""
    assert clean_step("Wait...") == "Wait..."


# --- Summary -----------------------------------------------------------------------------------
def test_read_summary_keeps_a_summary_in_range() -> None:
    text = words(90)
    assert read_summary({"summary": text}) == text


def test_read_summary_squashes_whitespace() -> None:
    text = words(70)
    assert read_summary({"summary": "  " + text.replace(" ", "\n  ", 3) + " "}) == text


def test_read_summary_accepts_slightly_short() -> None:
    assert word_count(read_summary({"summary": words(45)})) == 45


def test_read_summary_trims_slightly_long_to_a_sentence_boundary() -> None:
    summary = read_summary({"summary": words(135)})
    assert word_count(summary) == 120
    assert summary.endswith(".")


def test_read_summary_trims_at_the_last_boundary_that_fits() -> None:
    text = words(100, sentence=50) + " " + " ".join(f"tail{i}" for i in range(30)) + "."
    assert read_summary({"summary": text}) == words(100, sentence=50)


@pytest.mark.parametrize(
    "bad",
    [
        {"summary": words(39)},
        {"summary": words(161)},
        {"summary": ""},
        {"summary": " ".join(f"w{i}" for i in range(130)) + "."},  # one sentence: no boundary
        {"summary": 42},
        {"text": words(80)},
        "just a string",
    ],
)
def test_read_summary_rejects_what_cannot_be_used(bad: object) -> None:
    with pytest.raises(MalformedAnswer):
        read_summary(bad)


# --- Transcript --------------------------------------------------------------------------------
def test_read_transcript_strips() -> None:
    assert read_transcript("  call the dentist tomorrow at nine \n") == (
        "call the dentist tomorrow at nine"
    )


@pytest.mark.parametrize("bad", ["", "   \n", None, 42, "x" * 4001])
def test_read_transcript_rejects_empty_long_or_not_text(bad: object) -> None:
    with pytest.raises(MalformedAnswer):
        read_transcript(bad)


# --- Purity ------------------------------------------------------------------------------------
def test_the_pure_modules_import_no_django() -> None:
    # A fresh interpreter: this process has Django loaded by pytest-django already.
    code = (
        "import sys\n"
        "import minime.ai.features, minime.ai.local, minime.ai.providers\n"
        "import minime.ai.providers.gemini, minime.ai.providers.openai_compat\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "assert not loaded, loaded\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
