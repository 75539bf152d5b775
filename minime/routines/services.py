"""Writes for routines, their checklist steps and their daily occurrences.

Keyword-only, validated, scoped to one workspace. A routine's cadence is stored as an RRULE
(minime.core.recurrence); `cadence_rule` builds one from the friendly choices the forms offer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time
from typing import Any
from uuid import UUID

from django.db import IntegrityError, models, transaction
from django.db.models import Max
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.core import limits, recurrence
from minime.core.errors import Invalid
from minime.core.models import renumber, save_versioned, validate
from minime.routines.models import (
    OccurrenceStatus,
    Routine,
    RoutineOccurrence,
    RoutineStep,
    TimeOfDay,
)
from minime.routines.selectors import is_scheduled
from minime.workspaces.models import Workspace

EDITABLE = (
    "title",
    "area",
    "recurrence",
    "starts_on",
    "time_of_day",
    "exact_time",
    "estimate_minutes",
    "is_active",
)
MAX_ESTIMATE = 24 * 60

# ---------------------------------------------------------------------------------------------
# Cadence: friendly choices <-> RRULE

WEEKDAYS: tuple[str, ...] = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKDAYS: tuple[str, ...] = WEEKDAYS[:5]


class CadenceKind(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKDAYS = "weekdays", "Every weekday (Mon–Fri)"
    WEEKLY_ON = "weekly_on", "On chosen weekdays"
    EVERY_N_DAYS = "every_n_days", "Every N days"
    WEEKLY = "weekly", "Every week (on the start day)"
    MONTHLY = "monthly", "Every month"


@dataclass(frozen=True)
class Cadence:
    """A rule read back as the friendly choices (for pre-filling a form)."""

    kind: str
    weekdays: tuple[str, ...] = ()
    every_n: int | None = None
    month_day: int | None = None


def _weekday_code(day: str | int) -> str:
    if isinstance(day, int) and 0 <= day <= 6:  # Monday = 0, as date.weekday()
        return WEEKDAYS[day]
    code = str(day).strip().upper()[:2]
    if code not in WEEKDAYS:
        raise Invalid(
            "Pick weekdays from Monday to Sunday.", fields={"weekdays": [f"“{day}” isn't a day."]}
        )
    return code


def cadence_rule(
    kind: str,
    *,
    weekdays: Iterable[str | int] = (),
    every_n: int | None = None,
    month_day: int | None = None,
) -> str:
    """The RRULE for a friendly cadence.

    `kind` is one of CadenceKind: daily, weekdays (Mon–Fri), weekly_on (the chosen `weekdays`,
    given as MO..SU or 0..6 with Monday 0), every_n_days (`every_n` >= 1), weekly (on the
    start day's weekday), monthly (on `month_day` 1..31, or -1 for the last day; without one,
    on the start date's day). Raises Invalid on the field that needs another look.
    """
    if kind == CadenceKind.DAILY:
        return "FREQ=DAILY"
    if kind == CadenceKind.WEEKDAYS:
        return "FREQ=WEEKLY;BYDAY=" + ",".join(WORKDAYS)
    if kind == CadenceKind.WEEKLY_ON:
        chosen = {_weekday_code(d) for d in weekdays}
        if not chosen:
            message = "Choose at least one weekday."
            raise Invalid(message, fields={"weekdays": [message]})
        return "FREQ=WEEKLY;BYDAY=" + ",".join(d for d in WEEKDAYS if d in chosen)
    if kind == CadenceKind.EVERY_N_DAYS:
        if every_n is None or every_n < 1 or every_n > 365:
            message = "Say every how many days, from 1 to 365."
            raise Invalid(message, fields={"every_n": [message]})
        return "FREQ=DAILY" if every_n == 1 else f"FREQ=DAILY;INTERVAL={every_n}"
    if kind == CadenceKind.WEEKLY:
        return "FREQ=WEEKLY"
    if kind == CadenceKind.MONTHLY:
        if month_day is None:
            return "FREQ=MONTHLY"
        if not (1 <= month_day <= 31 or month_day == -1):
            message = "Pick a day of the month from 1 to 31 (or -1 for the last day)."
            raise Invalid(message, fields={"month_day": [message]})
        return f"FREQ=MONTHLY;BYMONTHDAY={month_day}"
    message = "Choose how often the routine repeats."
    raise Invalid(message, fields={"kind": [message]})


def cadence_of(rule: str) -> Cadence | None:
    """The friendly cadence a rule stands for, or None when it is a custom rule."""
    try:
        text = recurrence.validate(rule)
    except recurrence.RecurrenceError:
        return None
    fields = dict(part.split("=", 1) for part in text.split(";"))
    freq, interval = fields.pop("FREQ"), fields.pop("INTERVAL", "1")
    if fields.keys() - {"BYDAY", "BYMONTHDAY"}:
        return None
    if freq == "DAILY" and not fields:
        return Cadence(CadenceKind.DAILY if interval == "1" else CadenceKind.EVERY_N_DAYS,
                       every_n=int(interval) if interval != "1" else None)  # fmt: skip
    if interval != "1":
        return None
    if freq == "WEEKLY" and not fields:
        return Cadence(CadenceKind.WEEKLY)
    if freq == "WEEKLY" and set(fields) == {"BYDAY"}:
        days = fields["BYDAY"].split(",")
        if not set(days) <= set(WEEKDAYS):
            return None
        ordered = tuple(d for d in WEEKDAYS if d in days)
        if ordered == WORKDAYS:
            return Cadence(CadenceKind.WEEKDAYS)
        return Cadence(CadenceKind.WEEKLY_ON, weekdays=ordered)
    if freq == "MONTHLY" and not fields:
        return Cadence(CadenceKind.MONTHLY)
    if freq == "MONTHLY" and set(fields) == {"BYMONTHDAY"}:
        day = fields["BYMONTHDAY"]
        if day.lstrip("-").isdigit() and "," not in day:
            return Cadence(CadenceKind.MONTHLY, month_day=int(day))
    return None


# ---------------------------------------------------------------------------------------------
# Routines


def _time_of_day_for(at: time) -> str:
    if at < time(12):
        return TimeOfDay.MORNING
    return TimeOfDay.AFTERNOON if at < time(17) else TimeOfDay.EVENING


def _clean(workspace: Workspace, fields: dict[str, Any]) -> None:
    """Normalise and check the fields a create or update sets (in place). Raises Invalid."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    errors: dict[str, list[str]] = {}
    if "title" in fields:
        fields["title"] = (fields["title"] or "").strip()
    if "recurrence" in fields:
        try:
            fields["recurrence"] = recurrence.validate(fields["recurrence"] or "")
        except recurrence.RecurrenceError as exc:
            errors["recurrence"] = [str(exc)]
    area = fields.get("area")
    if area is not None and (not isinstance(area, LifeArea) or area.workspace_id != workspace.pk):
        errors["area"] = ["Choose one of your areas in this workspace."]
    estimate = fields.get("estimate_minutes")
    if estimate is not None and not 1 <= estimate <= MAX_ESTIMATE:
        errors["estimate_minutes"] = [f"Estimate between 1 and {MAX_ESTIMATE} minutes."]
    if fields.get("exact_time") is not None:
        # The exact time wins: the time of day follows it, so Today can group by either.
        fields["time_of_day"] = _time_of_day_for(fields["exact_time"])
    if errors:
        raise Invalid("Some fields need another look.", fields=errors)


def routine_create(
    *,
    workspace: Workspace,
    title: str,
    recurrence: str,
    starts_on: date,
    steps: Sequence[str] = (),
    **fields: Any,
) -> Routine:
    """Create a routine at the end of the list, with optional checklist `steps` (titles).

    `recurrence` is an RRULE (build one with `cadence_rule`); an invalid one is an Invalid on
    the field "recurrence". `area` must be a LifeArea of `workspace`. Raises Invalid.
    """
    values = {"title": title, "recurrence": recurrence, "starts_on": starts_on, **fields}
    if len(steps) > limits.STEPS_MAX:
        message = limits.too_many("steps in a routine", limits.STEPS_MAX)
        raise Invalid(message, fields={"steps": [message]})
    _clean(workspace, values)
    last = Routine.objects.in_workspace(workspace).aggregate(last=Max("position"))["last"]
    routine = Routine(workspace=workspace, position=(last or 0) + 1, **values)
    validate(routine)
    with transaction.atomic():
        routine.save()
        for step in steps:
            step_add(routine=routine, title=step)
    return routine


def routine_update(*, routine: Routine, expected_version: int | None, **changes: Any) -> Routine:
    """Change some of EDITABLE. Past occurrences stay as they were. Raises Invalid, or Conflict
    when the version moved on since `expected_version`."""
    _clean(routine.workspace, changes)
    for field, value in changes.items():
        setattr(routine, field, value)
    save_versioned(routine, fields=list(changes), expected_version=expected_version)
    return routine


def routine_set_active(*, routine: Routine, active: bool) -> Routine:
    """Pause (False) or resume (True). A paused routine is never due."""
    routine.is_active = active
    save_versioned(routine, fields=["is_active"], expected_version=None)
    return routine


def routine_delete(*, routine: Routine) -> None:
    """Delete the routine with its steps and its whole history."""
    routine.delete()


def routine_move(*, routine: Routine, offset: int) -> None:
    """Move the routine up (offset < 0) or down (> 0) in its workspace's order."""
    ordered = list(
        Routine.objects.in_workspace(routine.workspace).order_by("position", "created_at")
    )
    renumber(_moved(ordered, routine.pk, offset))


# ---------------------------------------------------------------------------------------------
# Steps


def _step_title(title: str) -> str:
    title = (title or "").strip()
    if not title:
        message = "Give the step a name."
        raise Invalid(message, fields={"title": [message]})
    return title


def step_add(*, routine: Routine, title: str) -> RoutineStep:
    """Add a step at the end of the routine's checklist. Raises Invalid (an empty title, or a
    checklist already at its limit)."""
    if routine.steps.count() >= limits.STEPS_MAX:
        message = limits.too_many("steps in a routine", limits.STEPS_MAX)
        raise Invalid(message, fields={"title": [message]})
    last = routine.steps.aggregate(last=Max("position"))["last"]
    step = RoutineStep(
        workspace_id=routine.workspace_id,
        routine=routine,
        title=_step_title(title),
        position=(last or 0) + 1,
    )
    validate(step)
    step.save()
    return step


def step_update(*, step: RoutineStep, expected_version: int | None, title: str) -> RoutineStep:
    """Rename a step. Raises Invalid, or Conflict when the version moved on."""
    step.title = _step_title(title)
    save_versioned(step, fields=["title"], expected_version=expected_version)
    return step


def step_delete(*, step: RoutineStep) -> None:
    """Delete a step. Past occurrences keep their record of what was ticked."""
    step.delete()


def step_move(*, step: RoutineStep, offset: int) -> None:
    """Move the step up (offset < 0) or down (> 0) in its routine's checklist."""
    ordered = list(
        RoutineStep.objects.filter(routine_id=step.routine_id).order_by("position", "created_at")
    )
    renumber(_moved(ordered, step.pk, offset))


def _moved(rows: list[Any], pk: int, offset: int) -> list[Any]:
    index = next(i for i, row in enumerate(rows) if row.pk == pk)
    target = max(0, min(len(rows) - 1, index + offset))
    rows.insert(target, rows.pop(index))
    return rows


# ---------------------------------------------------------------------------------------------
# Occurrences: check in, skip, clear


def _check_day(routine: Routine, day: date, today: date | None, tz: str | None) -> None:
    today = today or timezone.localdate()
    if day > today:
        message = "That day hasn't come yet. You can check in on the day, or for a past day."
        raise Invalid(message, fields={"date": [message]})
    if not is_scheduled(routine, day, tz or timezone.get_current_timezone_name()):
        message = f"{routine.title} isn't due on {day:%a} {day.day} {day:%b %Y}."
        raise Invalid(message, fields={"date": [message]})


def check_in(
    *,
    routine: Routine,
    day: date,
    checked_steps: list[UUID] | None = None,
    status: str | None = None,
    note: str | None = None,
    today: date | None = None,
    tz: str | None = None,
) -> RoutineOccurrence | None:
    """Record how the routine went on `day` (create or update that day's occurrence).

    The status is `status` when given (done, partly, skipped); else it comes from the ticked
    steps: all ticked → done, some → partly. Ticking nothing (``checked_steps=[]``) with no
    status clears the day and returns None. A routine without steps and no status is done.
    `checked_steps` None keeps the day's ticks; `note` None keeps its note.

    `today` and `tz` default to the active zone's (the user's, in a request). Raises Invalid for
    a future day, a day the routine isn't due, an unknown status, or steps of another routine.
    """
    _check_day(routine, day, today, tz)
    if status is not None and status not in OccurrenceStatus.values:
        message = "Choose done, partly done or skipped."
        raise Invalid(message, fields={"status": [message]})
    step_ids = [str(u) for u in routine.steps.values_list("uuid", flat=True)]
    ticked: list[str] | None = None
    if checked_steps is not None:
        wanted = {str(u) for u in checked_steps}
        if wanted - set(step_ids):
            message = "Tick steps of this routine only."
            raise Invalid(message, fields={"checked_steps": [message]})
        ticked = [s for s in step_ids if s in wanted]  # checklist order
    if status is None:
        if not step_ids:
            status = OccurrenceStatus.DONE
        elif ticked is None:
            message = "Tick a step, or say whether it's done, partly done or skipped."
            raise Invalid(message, fields={"status": [message]})
        elif not ticked:
            clear(routine=routine, day=day)
            return None
        else:
            status = (
                OccurrenceStatus.DONE if len(ticked) == len(step_ids) else OccurrenceStatus.PARTLY
            )
    return _upsert(routine, day, status=status, ticked=ticked, note=note)


def _upsert(
    routine: Routine, day: date, *, status: str, ticked: list[str] | None, note: str | None
) -> RoutineOccurrence:
    rows = RoutineOccurrence.objects.filter(routine=routine, date=day)
    occurrence = rows.first()
    if occurrence is None:
        occurrence = RoutineOccurrence(
            workspace_id=routine.workspace_id,
            routine=routine,
            date=day,
            status=status,
            checked_steps=ticked or [],
            note=(note or "").strip(),
        )
        validate(occurrence, exclude=["routine"])
        try:
            with transaction.atomic():
                occurrence.save()
            return occurrence
        except IntegrityError:  # created at the same moment elsewhere: update that one
            occurrence = rows.get()
    occurrence.status = status
    fields = ["status"]
    if ticked is not None:
        occurrence.checked_steps = ticked
        fields.append("checked_steps")
    if note is not None:
        occurrence.note = note.strip()
        fields.append("note")
    save_versioned(occurrence, fields=fields, expected_version=None)
    return occurrence


def skip(
    *, routine: Routine, day: date, today: date | None = None, tz: str | None = None
) -> RoutineOccurrence:
    """Mark `day` as skipped (a deliberate pass; it doesn't break the streak)."""
    occurrence = check_in(
        routine=routine, day=day, status=OccurrenceStatus.SKIPPED, today=today, tz=tz
    )
    assert occurrence is not None  # an explicit status always records the day
    return occurrence


def clear(*, routine: Routine, day: date) -> None:
    """Forget what was recorded for `day` (its status, ticks and note). Idempotent."""
    RoutineOccurrence.objects.filter(routine=routine, date=day).delete()
