"""The ``minime`` console script, run for real in a subprocess (no database, no Django)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = Path(sys.executable).parent / "minime"
FIELDS = {
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
}


def minime(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "minime.cli"]
    return subprocess.run(
        [*command, *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
        timeout=60,
    )


def test_smart_add_prints_the_items_as_pretty_json() -> None:
    result = minime(
        "smart-add",
        "Call mom tomorrow at 5pm; gym every Mon, Wed and Fri at 7am",
        "--now",
        "2026-03-10T09:00:00+01:00",
        "--tz",
        "Europe/Berlin",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("{\n")  # pretty, not one line
    items = json.loads(result.stdout)["items"]
    assert [set(item) for item in items] == [FIELDS, FIELDS]
    assert items[0] == {
        "kind": "task",
        "title": "Call mom",
        "due_date": "2026-03-11",
        "due_time": "17:00",
        "recurrence": None,
        "priority": None,
        "estimate_minutes": None,
        "energy": None,
        "project": None,
        "area": None,
        "labels": [],
    }
    assert items[1]["kind"] == "routine"
    assert items[1]["recurrence"] == "FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=7;BYMINUTE=0"


def test_now_is_converted_to_the_zone_given() -> None:
    # 23:30 UTC on the 10th is already the 11th in Berlin: "today" is the 11th.
    result = minime(
        "smart-add", "Pay the bill today", "--now", "2026-03-10T23:30:00Z", "--tz", "Europe/Berlin"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"][0]["due_date"] == "2026-03-11"


def test_without_now_it_reads_from_the_current_time() -> None:
    result = minime("smart-add", "Buy milk", "--tz", "UTC")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"][0]["title"] == "Buy milk"


def test_batch_writes_one_line_per_input_line_in_order_and_goes_on_after_a_bad_one() -> None:
    lines = [
        {
            "text": "Call mom tomorrow at 5pm",
            "now": "2026-03-10T09:00:00+01:00",
            "tz": "Europe/Berlin",
        },
        "this line is not JSON",
        {
            "text": "Buy milk; pay rent on the 1st",
            "now": "2026-03-10T09:00:00-05:00",
            "tz": "America/New_York",
        },
    ]
    stdin = "".join((line if isinstance(line, str) else json.dumps(line)) + "\n" for line in lines)
    result = minime("smart-add", "--batch", stdin=stdin)
    assert result.returncode == 0, result.stderr
    out = result.stdout.splitlines()
    assert len(out) == 3
    first, second, third = (json.loads(line) for line in out)
    assert [i["title"] for i in first["items"]] == ["Call mom"]
    assert first["items"][0]["due_date"] == "2026-03-11"
    assert set(first) == {"items"}
    assert second["items"] == []
    assert second["error"]
    assert [i["title"] for i in third["items"]] == ["Buy milk", "Pay rent"]
    assert third["items"][1]["due_date"] == "2026-04-01"
    assert all(set(item) == FIELDS for item in first["items"] + third["items"])


def test_batch_reports_a_bad_zone_or_a_missing_text_per_line() -> None:
    stdin = "\n".join(
        [
            json.dumps({"text": "Buy milk", "tz": "Mars/Olympus_Mons"}),
            json.dumps({"words": "Buy milk"}),
            json.dumps({"text": "Buy milk", "now": "yesterday-ish", "tz": "UTC"}),
            json.dumps({"text": "Buy milk at 5pm", "now": "2026-03-10T18:00:00", "tz": "UTC"}),
        ]
    )
    result = minime("smart-add", "--batch", stdin=stdin + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [bool(o.get("error")) for o in out] == [True, True, True, False]
    assert "Mars/Olympus_Mons" in out[0]["error"]
    assert out[3]["items"][0]["due_date"] == "2026-03-11"  # 17:00 has passed at 18:00


@pytest.mark.parametrize(
    "args",
    [
        (),
        ("smart-add",),
        ("smart-add", "text", "--batch"),
        ("smart-add", "text", "--tz", "Not/AZone"),
        ("smart-add", "text", "--now", "2026-03-10T09:00:00"),  # no offset and no --tz
        ("smart-add", "text", "--now", "the tenth"),
        ("frobnicate",),
    ],
)
def test_usage_errors_exit_with_2(args: tuple[str, ...]) -> None:
    result = minime(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr


def test_help_explains_the_command() -> None:
    result = minime("smart-add", "--help")
    assert result.returncode == 0
    assert "--batch" in result.stdout
    assert "--tz" in result.stdout


def test_the_command_imports_no_django() -> None:
    code = (
        "import sys\n"
        "from minime.cli import main\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'django']\n"
        "assert not loaded, loaded\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
