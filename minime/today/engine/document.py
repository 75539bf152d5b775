"""The plan document: a ``Snapshot`` as plain JSON in, a ``TodayPlan`` as plain JSON out.

    snapshot = snapshot_from_json(json.loads(text))  # DocumentError names the bad field
    document = snapshot_to_json(snapshot)            # the inverse: what a workspace's day was
    answer = plan_to_json(plan_today(snapshot))      # the plan, named as GET /api/v1/today names it

``minime plan`` reads the first and prints the last; ``docs/plan-format.md`` describes both formats
and ``docs/plan-input.schema.json`` / ``docs/plan-output.schema.json`` state them as JSON Schema.

The round trip is exact: ``snapshot_from_json(snapshot_to_json(s)) == s`` for a snapshot whose
ids are strings (as ``build_snapshot`` makes them), so a document written from a workspace plans
exactly as the Today page did. Datetimes travel as ISO 8601 with their offset (an instant, to the
microsecond), dates as ``YYYY-MM-DD``, wall-clock times as ``HH:MM[:SS[.ffffff]]``, ids as strings.

Every value is checked before the engine sees it, and the first problem raises ``DocumentError``
with the path of the field (``tasks[3].priority: ...``). Unknown keys are refused by name: a
misspelt key must not silently leave a default in its place and change the plan. The vocabularies
below (statuses, times of day) are the models' choices; a Django-side test ties them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .cards import AttentionItem, Move, Recommendation
from .freetime import Block
from .plan import UNPLANNED_SHOWN, StartWith, TodayPlan
from .scoring import Scored
from .snapshot import (
    AVAILABLE_TIME_MINUTES,
    DECISION_KINDS,
    ENERGIES,
    GUIDANCE_LEVELS,
    Area,
    CaptureBacklog,
    Decision,
    Event,
    Goal,
    Onboarding,
    Project,
    Routine,
    Rules,
    Snapshot,
    Task,
)

__all__ = [
    "DATE_MAX",
    "DATE_MIN",
    "GOAL_STATUSES",
    "LIST_LIMITS",
    "MAX_DOCUMENT_BYTES",
    "MAX_ID_LENGTH",
    "MAX_TEXT_LENGTH",
    "MAX_ZONE_LENGTH",
    "PROJECT_STATUSES",
    "TIMES_OF_DAY",
    "DocumentError",
    "move_to_json",
    "plan_to_json",
    "snapshot_from_json",
    "snapshot_to_json",
]

# --- Limits ---------------------------------------------------------------------------------------
# Generous: a real workspace is far inside them (the heavy benchmark has 10,000 open tasks), and a
# document beyond them is a mistake or an attack, refused before any work is done.
LIST_LIMITS: dict[str, int] = {
    "tasks": 20_000,
    "projects": 5_000,
    "goals": 5_000,
    "areas": 1_000,
    "routines": 1_000,
    "events": 1_000,
    "decisions": 1_000,
}
# One document (one line in --batch): 20,000 tasks with long titles fit.
MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
MAX_ID_LENGTH = 100  # a public UUID is 36
MAX_TEXT_LENGTH = 1_000  # titles and names: the models allow 300 at most
MAX_ZONE_LENGTH = 64  # the longest IANA name is about 30
MAX_MINUTES = 24 * 60  # an estimate, a quick win: one day
MAX_DAYS = 36_500  # day counts (stuck project, capture backlog age): a century
MAX_COUNT = 1_000_000_000  # counts (open tasks of a project, capture items)
MAX_POSITION = 2_147_483_647  # a subtask's place among its parent's (the column's range)
MAX_PRIORITIES_PER_DAY = 100
# Dates and datetimes, as the app's own limits: date arithmetic around them (tomorrow, a week on,
# a deadline's distance) stays inside what Python's ``date`` can hold.
DATE_MIN = date(1900, 1, 1)
DATE_MAX = date(2199, 12, 31)

# The models' choices (tasks.ProjectStatus, goals.GoalStatus, routines.TimeOfDay).
PROJECT_STATUSES = ("active", "on_hold", "someday", "done", "dropped")
GOAL_STATUSES = ("active", "paused", "achieved", "dropped")
TIMES_OF_DAY = ("anytime", "morning", "afternoon", "evening")


class DocumentError(ValueError):
    """A document the command cannot use. ``path`` names the field (``tasks[3].priority``; the
    whole document is ``document``); the message starts with it."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        super().__init__(f"{path}: {message}")


# --- Reading values ------------------------------------------------------------------------------

Parse = Callable[[Any, str], Any]

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?")
_DATETIME = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)"
)


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__  # pragma: no cover - json.loads makes nothing else


def _string(max_length: int, *, min_length: int = 0) -> Parse:
    def parse(value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise DocumentError(path, f"must be a string, got {_kind(value)}")
        if not min_length <= len(value) <= max_length:
            raise DocumentError(
                path, f"must be {min_length} to {max_length} characters, got {len(value)}"
            )
        return value

    return parse


def _integer(low: int, high: int) -> Parse:
    def parse(value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise DocumentError(path, f"must be a whole number, got {_kind(value)}")
        if not low <= value <= high:
            raise DocumentError(path, f"must be {low} to {high}, got {value}")
        return value

    return parse


def _boolean(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise DocumentError(path, f"must be true or false, got {_kind(value)}")
    return value


def _choice(choices: tuple[str, ...]) -> Parse:
    def parse(value: Any, path: str) -> str:
        if value not in choices or not isinstance(value, str):
            allowed = ", ".join(repr(c) for c in choices)
            raise DocumentError(path, f"must be one of {allowed}, got {value!r}")
        return value

    return parse


def _text(value: Any, path: str, pattern: re.Pattern[str], what: str) -> str:
    if not isinstance(value, str):
        raise DocumentError(path, f"must be {what} as a string, got {_kind(value)}")
    if len(value) > 40 or not pattern.fullmatch(value):
        raise DocumentError(path, f"must be {what}, got {value[:40]!r}")
    return value


def _date(value: Any, path: str) -> date:
    text = _text(value, path, _DATE, "a date (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise DocumentError(path, f"not a calendar date: {text!r}") from exc
    if not DATE_MIN <= day <= DATE_MAX:
        raise DocumentError(path, f"must be between {DATE_MIN} and {DATE_MAX}, got {text}")
    return day


def _time(value: Any, path: str) -> time:
    text = _text(value, path, _TIME, "a time of day (HH:MM or HH:MM:SS, no offset)")
    try:
        return time.fromisoformat(text)
    except ValueError as exc:
        raise DocumentError(path, f"not a time of day: {text!r}") from exc


def _datetime(value: Any, path: str) -> datetime:
    what = "a date and time with its offset (e.g. 2026-03-10T09:00:00+01:00)"
    text = _text(value, path, _DATETIME, what)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as exc:
        raise DocumentError(path, f"not a date and time: {text!r}") from exc
    if not DATE_MIN <= moment.date() <= DATE_MAX:
        raise DocumentError(path, f"must be between {DATE_MIN} and {DATE_MAX}, got {text}")
    return moment


def _nullable(parse: Parse) -> Parse:
    def nullable(value: Any, path: str) -> Any:
        return None if value is None else parse(value, path)

    return nullable


def _zone(value: Any, path: str) -> str:
    name: str = _string(MAX_ZONE_LENGTH, min_length=1)(value, path)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DocumentError(path, f"unknown time zone {name!r} (an IANA name)") from exc
    return name


def _work_days(value: Any, path: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise DocumentError(path, f"must be a list of weekdays (0 = Monday), got {_kind(value)}")
    day = _integer(0, 6)
    days = tuple(day(v, f"{path}[{i}]") for i, v in enumerate(value))
    if len(set(days)) != len(days):
        raise DocumentError(path, "lists a weekday twice")
    return days


_ID = _string(MAX_ID_LENGTH, min_length=1)
_REF = _nullable(_ID)
_TITLE = _string(MAX_TEXT_LENGTH)
_MINUTES = _nullable(_integer(0, MAX_MINUTES))
_DAYS = _integer(0, MAX_DAYS)
_COUNT = _integer(0, MAX_COUNT)
_WHEN = _nullable(_datetime)
_DAY = _nullable(_date)


# Each record: its keys in the engine's field order, each with its reader; the required ones.
# A test ties the keys to the engine's fields: a field the engine reads is a field of the document.
_SPECS: dict[type, tuple[dict[str, Parse], frozenset[str]]] = {
    Task: (
        {
            "id": _ID,
            "title": _TITLE,
            "priority": _integer(0, 3),
            "due_date": _DAY,
            "due_time": _nullable(_time),
            "do_on": _DAY,
            "estimate_minutes": _MINUTES,
            "energy": _choice(("", *ENERGIES)),
            "project_id": _REF,
            "goal_id": _REF,
            "area_id": _REF,
            "created_at": _WHEN,
            "pinned_on": _DAY,
            "snoozed_until": _DAY,
            "parent_id": _REF,
            "is_recurring": _boolean,
            "position": _integer(0, MAX_POSITION),
            "deep_work": _boolean,
        },
        frozenset({"id", "title"}),
    ),
    Project: (
        {
            "id": _ID,
            "title": _TITLE,
            "status": _choice(PROJECT_STATUSES),
            "area_id": _REF,
            "goal_id": _REF,
            "deadline": _DAY,
            "last_completed_at": _WHEN,
            "open_task_count": _COUNT,
            "created_at": _WHEN,
        },
        frozenset({"id", "title"}),
    ),
    Goal: (
        {
            "id": _ID,
            "title": _TITLE,
            "status": _choice(GOAL_STATUSES),
            "area_id": _REF,
            "target_date": _DAY,
            "linked_open_tasks": _COUNT,
            "linked_projects": _COUNT,
            "last_activity_at": _WHEN,
        },
        frozenset({"id", "title"}),
    ),
    Area: (
        {
            "id": _ID,
            "name": _TITLE,
            "importance": _integer(1, 5),
            "last_activity_at": _WHEN,
            "is_work": _boolean,
        },
        frozenset({"id", "name"}),
    ),
    Routine: (
        {
            "id": _ID,
            "title": _TITLE,
            "exact_time": _nullable(_time),
            "time_of_day": _choice(TIMES_OF_DAY),
            "estimate_minutes": _MINUTES,
            "done_today": _boolean,
        },
        frozenset({"id", "title"}),
    ),
    Event: (
        {"title": _TITLE, "start": _datetime, "end": _datetime, "all_day": _boolean},
        frozenset({"title", "start", "end"}),
    ),
    Rules: (
        {
            "priorities_per_day": _integer(1, MAX_PRIORITIES_PER_DAY),
            "workday_start": _time,
            "workday_end": _time,
            "work_days": _work_days,
            "quick_win_minutes": _integer(0, MAX_MINUTES),
            "stuck_project_days": _DAYS,
            "capture_backlog_items": _COUNT,
            "capture_backlog_days": _DAYS,
            "deep_work_minutes": _integer(1, MAX_MINUTES),
        },
        frozenset(),
    ),
    Onboarding: (
        {
            "guidance": _choice(GUIDANCE_LEVELS),
            "available_time": _choice(tuple(AVAILABLE_TIME_MINUTES)),
            "default_energy": _choice(ENERGIES),
        },
        frozenset(),
    ),
    CaptureBacklog: ({"count": _COUNT, "oldest_days": _DAYS}, frozenset()),
    Decision: (
        {"id": _ID, "title": _TITLE, "kind": _choice(DECISION_KINDS), "due": _date},
        frozenset({"id", "title", "kind", "due"}),
    ),
}

# The document's own keys (a Snapshot's fields, its records read by _SPECS).
_LISTS: dict[str, type] = {
    "tasks": Task,
    "projects": Project,
    "goals": Goal,
    "areas": Area,
    "routines": Routine,
    "events": Event,
    "decisions": Decision,
}
_PARTS: dict[str, type] = {"rules": Rules, "onboarding": Onboarding, "capture": CaptureBacklog}
_TOP: dict[str, Parse] = {
    "now": _datetime,
    "tz": _zone,
    "energy": _nullable(_choice(ENERGIES)),
    "default_estimate_minutes": _integer(1, MAX_MINUTES),
}
_TOP_REQUIRED = frozenset({"now", "tz"})


def _keys(value: Any, path: str, known: Mapping[str, object], required: frozenset[str]) -> None:
    """``value`` is an object with no unknown key and every required one."""
    if not isinstance(value, dict):
        raise DocumentError(path, f"must be an object, got {_kind(value)}")
    unknown = sorted(set(value) - set(known))
    if unknown:
        names = ", ".join(repr(k[:MAX_ID_LENGTH]) for k in unknown[:5])
        allowed = ", ".join(known)
        raise DocumentError(path, f"unknown key {names} (known keys: {allowed})")
    missing = [k for k in known if k in required and k not in value]
    if missing:
        raise DocumentError(path, f"missing {', '.join(repr(k) for k in missing)}")


def _record(cls: type, value: Any, path: str) -> dict[str, Any]:
    """The keyword arguments of ``cls`` read from ``value``; absent keys keep the engine's
    defaults."""
    spec, required = _SPECS[cls]
    _keys(value, path, spec, required)
    return {key: parse(value[key], f"{path}.{key}") for key, parse in spec.items() if key in value}


def _records(cls: type, value: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise DocumentError(path, f"must be a list, got {_kind(value)}")
    limit = LIST_LIMITS[path]
    if len(value) > limit:
        raise DocumentError(path, f"holds {len(value):,} items; at most {limit:,} are read")
    records = [_record(cls, item, f"{path}[{i}]") for i, item in enumerate(value)]
    if "id" in _SPECS[cls][0]:
        seen: dict[str, int] = {}
        for i, record in enumerate(records):
            first = seen.setdefault(record["id"], i)
            if first != i:
                raise DocumentError(f"{path}[{i}].id", f"{record['id']!r} is also {path}[{first}]")
    return records


def snapshot_from_json(document: Any) -> Snapshot:
    """The ``Snapshot`` a plan document describes (the value ``json.loads`` gave). Raises
    ``DocumentError`` naming the first bad field."""
    _keys(document, "document", {**_TOP, **_LISTS, **_PARTS}, _TOP_REQUIRED)
    values: dict[str, Any] = {
        key: parse(document[key], key) for key, parse in _TOP.items() if key in document
    }
    for key, cls in _PARTS.items():
        if key in document:
            values[key] = _build(cls, _record(cls, document[key], key), key)
    for key, cls in _LISTS.items():
        if key in document:
            records = _records(cls, document[key], key)
            values[key] = tuple(_build(cls, r, f"{key}[{i}]") for i, r in enumerate(records))
    snapshot: Snapshot = _build(Snapshot, values, "document")
    return snapshot


def _build(cls: type, values: dict[str, Any], path: str) -> Any:
    """``cls(**values)``; a value the engine refuses (an event ending before it starts) is a
    ``DocumentError`` at ``path``."""
    try:
        return cls(**values)
    except ValueError as exc:
        raise DocumentError(path, str(exc)) from exc


# --- Writing a snapshot ---------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A field's value as JSON: ISO 8601 text for dates and times, lists for tuples, ids as
    given (the caller makes them strings)."""
    if isinstance(value, date | time):  # datetime is a date
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


_ID_FIELDS = frozenset({"id", "project_id", "goal_id", "area_id", "parent_id"})


def _record_json(record: Any, cls: type) -> dict[str, Any]:
    spec, _ = _SPECS[cls]
    return {
        key: _id(getattr(record, key)) if key in _ID_FIELDS else _plain(getattr(record, key))
        for key in spec
    }


def snapshot_to_json(snapshot: Snapshot) -> dict[str, Any]:
    """``snapshot`` as a plan document, every field written (ids as strings): the inverse of
    ``snapshot_from_json``."""
    document: dict[str, Any] = {
        "now": snapshot.now.isoformat(),
        "tz": snapshot.tz,
        "energy": snapshot.energy,
        "default_estimate_minutes": snapshot.default_estimate_minutes,
    }
    for key, cls in _PARTS.items():
        document[key] = _record_json(getattr(snapshot, key), cls)
    for key, cls in _LISTS.items():
        document[key] = [_record_json(r, cls) for r in getattr(snapshot, key)]
    return document


# --- Writing a plan ------------------------------------------------------------------------------
# The names are GET /api/v1/today's (minime.today.api.plan_out), so the two read alike; what the
# API leaves out is added under its own name (candidate_count, planned, unplaced, overload.events,
# a routine's estimate_minutes). Scores are exact, not rounded: this is for reproducing a plan.


def _card(scored: Scored, plan: TodayPlan) -> dict[str, Any]:
    task = scored.task
    step = plan.steps.get(task.id)
    return {
        "uuid": str(task.id),
        "title": task.title,
        "score": scored.score,
        "estimate_minutes": task.estimate_minutes,
        "due_date": _plain(task.due_date),
        "reasons": [
            {"kind": r.kind, "weight": r.weight, "text": r.text} for r in scored.by_strength()
        ],
        "next_step": {"uuid": str(step.id), "title": step.title} if step else None,
        "note": plan.notes.get(task.id),
    }


def _recommendation(r: Recommendation) -> dict[str, Any]:
    return {
        "kind": r.kind,
        "heading": r.heading,
        "text": r.text,
        "task": _id(r.scored.task.id) if r.scored else None,
        "project": _id(r.project.id) if r.project else None,
        "goal": _id(r.goal.id) if r.goal else None,
    }


def move_to_json(move: Move) -> dict[str, Any]:
    """One Simplify move as the plan (and the API's Simplify answer) names it."""
    task = move.scored.task
    return {"task": str(task.id), "title": task.title, "to": _plain(move.to), "reason": move.reason}


def _attention(item: AttentionItem) -> dict[str, Any]:
    return {
        "kind": item.kind,
        "text": item.text,
        "ids": [str(i) for i in item.ids[:LISTED]],
        "count": len(item.ids),
    }


def _block(b: Block) -> dict[str, Any]:
    return {
        "start": b.start.isoformat(),
        "end": b.end.isoformat(),
        "kind": b.kind,
        "title": b.title,
        "ref": _id(b.ref),
        "part": b.part,
        "parts": b.parts,
    }


# The longest list a plan's answer names: the rest is counted (a plan is the day's plan, not the
# whole list; the answer stays about the same size whatever the workspace's).
LISTED = UNPLANNED_SHOWN


def _start(start: StartWith | None, plan: TodayPlan) -> dict[str, Any] | None:
    if start is None:
        return None
    return {
        **_card(start.scored, plan),
        "sentence": start.text,
        "planned": start.planned,
        "fits": start.fits,
    }


def plan_to_json(plan: TodayPlan) -> dict[str, Any]:
    """``plan`` as plain JSON (see ``docs/plan-format.md``)."""
    start, overload, simplify = plan.start_with, plan.overload, plan.simplify
    no_block = plan.no_block
    return {
        "date": plan.today.isoformat(),
        "energy": plan.energy,
        "guidance": plan.guidance,
        "start_with": _start(start, plan),
        "first_step": plan.first_step,
        "day_over": plan.day_over,
        "tomorrow": _start(plan.tomorrow, plan),
        "day_off": plan.day_off,
        "recommendations": [_recommendation(r) for r in plan.recommendations],
        "buckets": {
            "do_first": [_card(s, plan) for s in plan.do_first],
            "do_next": [_card(s, plan) for s in plan.do_next],
            "if_time": [_card(s, plan) for s in plan.if_time[:LISTED]],
            "if_time_count": len(plan.if_time),
            "unplanned": [_card(s, plan) for s in plan.unplanned],
            "unplanned_count": plan.unplanned_count,
        },
        "candidate_count": plan.candidate_count,
        "planned": [str(s.task.id) for s in plan.planned],
        "free_minutes": plan.free_minutes,
        "workload": {
            "planned_minutes": plan.workload.planned_minutes,
            "free_minutes": plan.workload.free_minutes,
            "focus_minutes": plan.workload.focus_minutes,
            "focus_text": plan.workload.focus_text,
        },
        "overload": (
            {
                "planned_minutes": overload.planned_minutes,
                "free_minutes": overload.free_minutes,
                "text": overload.text,
                "detail": overload.detail,
                "events": [{"title": t, "minutes": m} for t, m in overload.events],
            }
            if overload is not None
            else None
        ),
        "simplify": (
            {
                "moves": [move_to_json(m) for m in simplify.moves[:LISTED]],
                "move_count": len(simplify.moves),
                "planned_minutes": simplify.planned_minutes,
                "free_minutes": simplify.free_minutes,
                "text": simplify.text,
            }
            if simplify is not None
            else None
        ),
        "no_block": (
            {
                "tasks": [_card(s, plan) for s in no_block.tasks],
                "count": no_block.count,
                "longest_minutes": no_block.longest_minutes,
                "move_to": no_block.move_to.isoformat(),
                "text": no_block.text,
            }
            if no_block is not None
            else None
        ),
        "attention": [_attention(a) for a in plan.attention],
        "routines": [
            {
                "uuid": str(r.id),
                "title": r.title,
                "exact_time": _plain(r.exact_time),
                "time_of_day": r.time_of_day,
                "estimate_minutes": r.estimate_minutes,
                "done_today": r.done_today,
            }
            for r in plan.routines
        ],
        "events": [
            {
                "title": e.title,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "all_day": e.all_day,
            }
            for e in plan.events
        ],
        "timeline": [_block(b) for b in plan.timeline],
        "unplaced": [str(i) for i in plan.unplaced],
    }
