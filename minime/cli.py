"""The ``minime`` command: tools that need no database and no Django.

    minime smart-add "Call mom at 5pm" [--now 2026-03-10T09:00:00+01:00] [--tz Europe/Berlin]
    minime smart-add --batch < lines.jsonl
    minime plan < day.json
    minime plan --batch < days.jsonl

``smart-add`` prints ``{"items": [...]}`` (pretty JSON) with every field of each item under the
name Smart Add's preview and API use, absent fields null. ``--batch`` reads one JSON object a line,
``{"text": ..., "now": "<ISO 8601 with offset>", "tz": "<IANA zone>"}`` ("now" and "tz" are
optional and default to the command's ``--now``/``--tz``), and writes exactly one line
``{"items": [...]}`` per input line, in order, flushed at once; a line it cannot use gives
``{"items": [], "error": "<message>"}`` and the batch goes on.

``plan`` reads one plan document on standard input (the moment and zone, rules, onboarding
answers, energy, open tasks, projects, goals, areas, routines and events: everything Today plans
from) and prints ``{"plan": {...}}`` (pretty JSON), the plan the Today page would show, under the
names GET /api/v1/today uses. ``--batch`` reads one document a line and writes one line
``{"plan": {...}}`` per input line, in order, flushed at once; a line it cannot use gives
``{"plan": null, "error": "<message>"}`` (the message names the bad field) and the batch goes on.
docs/plan-format.md describes both formats; docs/plan-input.schema.json and
docs/plan-output.schema.json state them as JSON Schema.

Exit codes: 0 done, 2 usage error (bad arguments, unknown zone, a time without an offset, a plan
document it cannot use), 1 when the output is closed early (``| head``).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from minime.ai.smartadd import parse
from minime.today.engine import (
    DocumentError,
    plan_to_json,
    plan_today,
    snapshot_from_json,
)
from minime.today.engine.document import MAX_DOCUMENT_BYTES

USAGE_ERROR = 2


class UsageError(ValueError):
    """An argument or an input line the command cannot use; the message says why."""


def machine_zone() -> tzinfo:
    """The machine's IANA zone: $TZ, else /etc/localtime's target, else /etc/timezone; UTC when
    none names a zone this Python knows."""
    candidates: list[str] = []
    if os.environ.get("TZ"):
        candidates.append(os.environ["TZ"].lstrip(":"))
    localtime = Path("/etc/localtime")
    try:
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    with contextlib.suppress(OSError):
        candidates.append(Path("/etc/timezone").read_text(encoding="utf-8").strip())
    for key in candidates:
        try:
            return ZoneInfo(key)
        except (ZoneInfoNotFoundError, ValueError):
            continue
    return UTC


def zone(name: str | None) -> tzinfo | None:
    """The IANA zone ``name`` (None for None); an unknown name is a ``UsageError``."""
    if name is None:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"unknown time zone: {name!r}") from exc


def moment(now: str | None, tz: tzinfo | None) -> datetime:
    """The user's "now": ``now`` (ISO 8601) converted to ``tz``, or the current time in ``tz``
    (default: the machine's zone). A ``now`` without an offset is read in ``tz`` when one is
    given, else it is a ``UsageError``."""
    if now is None:
        return datetime.now(tz or machine_zone())
    try:
        parsed = datetime.fromisoformat(now)
    except ValueError as exc:
        raise UsageError(f"not an ISO 8601 date and time: {now!r}") from exc
    if parsed.tzinfo is None:
        if tz is None:
            raise UsageError(f"--now needs an offset (e.g. +01:00) or --tz: {now!r}")
        return parsed.replace(tzinfo=tz)
    return parsed.astimezone(tz) if tz is not None else parsed


def items_json(text: str, now: datetime) -> dict[str, object]:
    return {"items": [item.to_json() for item in parse(text, now)]}


def batch_line(line: str, default_now: str | None, default_tz: str | None) -> dict[str, object]:
    """The output object for one input line (never raises)."""
    try:
        request = json.loads(line)
    except json.JSONDecodeError as exc:
        return {"items": [], "error": f"not a JSON object: {exc.msg}"}
    if not isinstance(request, dict):
        return {"items": [], "error": "not a JSON object"}
    text, now, tz = request.get("text"), request.get("now", default_now), request.get("tz")
    if not isinstance(text, str):
        return {"items": [], "error": '"text" must be a string'}
    if not (now is None or isinstance(now, str)) or not (tz is None or isinstance(tz, str)):
        return {"items": [], "error": '"now" and "tz" must be strings'}
    try:
        return items_json(text, moment(now, zone(tz if tz is not None else default_tz)))
    except UsageError as exc:
        return {"items": [], "error": str(exc)}


def run_batch(lines: Iterable[str], out: IO[str], now: str | None, tz: str | None) -> None:
    for line in lines:
        out.write(json.dumps(batch_line(line, now, tz)) + "\n")
        out.flush()


def plan_json(text: str | bytes) -> dict[str, object]:
    """The output object for one plan document; a document it cannot use is a ``UsageError``
    whose message names the bad field."""
    if len(text) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"the document is over {MAX_DOCUMENT_BYTES:,} bytes")
    try:
        document = json.loads(text.decode("utf-8-sig") if isinstance(text, bytes) else text)
    except json.JSONDecodeError as exc:
        raise UsageError(f"not a JSON object: {exc.msg} (line {exc.lineno})") from exc
    except UnicodeDecodeError as exc:
        raise UsageError("the document is not UTF-8 text") from exc
    except RecursionError as exc:
        raise UsageError("not a plan document: nested too deeply") from exc
    try:
        return {"plan": plan_to_json(plan_today(snapshot_from_json(document)))}
    except DocumentError as exc:
        raise UsageError(str(exc)) from exc


def plan_line(line: bytes) -> dict[str, object]:
    """The output object for one --batch line (never raises)."""
    try:
        return plan_json(line)
    except UsageError as exc:
        return {"plan": None, "error": str(exc)}


def run_plan_batch(lines: Iterable[bytes], out: IO[str]) -> None:
    for line in lines:
        out.write(json.dumps(plan_line(line)) + "\n")
        out.flush()


def read_document(stream: IO[bytes]) -> bytes:
    """All of ``stream``, refused when over ``MAX_DOCUMENT_BYTES`` (read no further)."""
    data = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UsageError(f"the document is over {MAX_DOCUMENT_BYTES:,} bytes")
    if not data.strip():
        raise UsageError("no plan document on standard input")
    return data


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="minime",
        description="Mini Me OS tools that need no database.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    smart_add = commands.add_parser(
        "smart-add",
        help="turn text into proposed items with Smart Add's local engine",
        description=(
            "Read tasks, projects, goals, routines and notes from TEXT and print them as JSON "
            '({"items": [...]}, every field present, absent ones null). Nothing is saved.'
        ),
    )
    smart_add.add_argument(
        "text",
        nargs="?",
        metavar="TEXT",
        help="the text to read (a sentence or a paragraph); after the options, put -- before "
        'a TEXT that starts with "-"',
    )
    smart_add.add_argument(
        "--now",
        metavar="ISO8601",
        help="the moment to read relative dates from, with its offset, e.g. "
        "2026-03-10T09:00:00+01:00 (default: the current time)",
    )
    smart_add.add_argument(
        "--tz",
        metavar="IANA",
        help="the user's time zone, e.g. Europe/Berlin (default: the machine's zone, else UTC)",
    )
    smart_add.add_argument(
        "--batch",
        action="store_true",
        help='read JSON lines {"text", "now", "tz"} from stdin and write one {"items": [...]} '
        "line per input line, in order; --now and --tz are the defaults for lines without them",
    )
    plan = commands.add_parser(
        "plan",
        help="plan a day from a JSON document with Today's engine",
        description=(
            "Read one plan document (JSON: the moment, zone, rules, energy and the open tasks, "
            "projects, goals, areas, routines and events) on standard input and print the plan "
            'Today would show as JSON ({"plan": {...}}). See docs/plan-format.md.'
        ),
    )
    plan.add_argument(
        "--batch",
        action="store_true",
        help='read one document a line from stdin and write one {"plan": ...} line per input '
        'line, in order; a line it cannot use gives {"plan": null, "error": "..."}',
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help (0) and on usage errors (2)
        return exc.code if isinstance(exc.code, int) else USAGE_ERROR
    if args.command == "smart-add":
        return _smart_add(args)
    if args.command == "plan":
        return _plan(args)
    parser.print_help(sys.stderr)
    return USAGE_ERROR


def _smart_add(args: argparse.Namespace) -> int:
    if args.batch == (args.text is not None):
        print("minime smart-add: give either TEXT or --batch", file=sys.stderr)
        return USAGE_ERROR
    try:
        default_zone = zone(args.tz)
        if args.batch:
            if args.now is not None:
                moment(args.now, default_zone)  # fail early on a bad default
            run_batch(sys.stdin, sys.stdout, args.now, args.tz)
        else:
            result = items_json(args.text, moment(args.now, default_zone))
            print(json.dumps(result, indent=2, ensure_ascii=False), flush=True)
    except UsageError as exc:
        print(f"minime smart-add: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        return _output_closed()
    return 0


def _plan(args: argparse.Namespace) -> int:
    try:
        if args.batch:
            run_plan_batch(sys.stdin.buffer, sys.stdout)
        else:
            result = plan_json(read_document(sys.stdin.buffer))
            print(json.dumps(result, indent=2, ensure_ascii=False), flush=True)
    except UsageError as exc:
        print(f"minime plan: {exc}", file=sys.stderr)
        return USAGE_ERROR
    except BrokenPipeError:
        return _output_closed()
    return 0


def _output_closed() -> int:
    """The reader went away (`minime ... | head`): stop quietly, and keep Python from complaining
    again when it flushes stdout at exit."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 1


if __name__ == "__main__":
    sys.exit(main())
