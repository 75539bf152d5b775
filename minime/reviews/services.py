"""Writes for reviews: the daily shutdown, the weekly review step by step, and deleting one.

A review is one person's, of one period: a day (`daily`) or the user's week holding a day
(`weekly`, weeks starting on the user's week start). One per person, kind and period: saving a
shutdown again updates it, starting this week's review again resumes it. Every function is
keyword-only and raises `Invalid` with a message per field fit to show; nothing is written then.

The moves a shutdown makes (Tomorrow, Pick a day, Not now, Drop) go through Today's and the
tasks app's own services, and the inbox step through the capture app's: a review never writes
another app's rows itself. What the user did and wrote is kept in `answers`; `snapshot` holds the
period's numbers as they were when the review was finished.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from django.db import IntegrityError, transaction
from django.utils import timezone

from minime.accounts.models import User
from minime.capture import services as capture_services
from minime.capture.models import CaptureItem
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.models import save_versioned, validate
from minime.core.shortcuts import FIELDS_NEED_A_LOOK
from minime.goals.models import Goal, GoalStatus
from minime.reviews import selectors
from minime.reviews.models import STEPS, Review, ReviewKind, WeeklyStep
from minime.tasks import services as task_services
from minime.tasks.models import Project, ProjectStatus, Task, TaskStatus
from minime.today import services as today_services
from minime.workspaces.models import Workspace

SCALE = "Pick a number from 1 to 5."
NOTE_TOO_LONG = f"Keep it to one line of {limits.REVIEW_NOTE_MAX} characters or fewer."
TEXT_TOO_LONG = f"Keep it to {limits.REVIEW_TEXT_MAX:,} characters or fewer."
NEXT_STEP_TOO_LONG = f"Keep a next step to {limits.REVIEW_NEXT_STEP_MAX} characters or fewer."
TOO_MANY_PRIORITIES = f"Pick at most {limits.REVIEW_PRIORITIES_MAX} priorities: fewer is better."
NOT_A_PRIORITY = "Pick open tasks or active goals of this workspace."
NOT_A_PROJECT = "Next steps go to active projects of this workspace."
UNKNOWN_STEP = "There is no such step."
ALREADY_DONE = "This review is finished: start next week's instead."
NOT_WEEKLY = "Only a weekly review has steps."
UNKNOWN_ACTION = "Pick Tomorrow, a day, Not now or Drop."
UNKNOWN_INBOX_ACTION = "Make it a task, file it as a note, or delete it."
MOVED_LOGGED = 200  # moves and inbox decisions one review remembers (far beyond a day's or week's)

SHUTDOWN_ACTIONS = ("tomorrow", "day", "not_now", "drop")
INBOX_ACTIONS = ("task", "note", "delete")


# --- The daily shutdown --------------------------------------------------------------------------
def daily_review(*, workspace: Workspace, user: User, day: date) -> Review:
    """The user's daily review of `day`, made (in progress) if there is none yet."""
    return _get_or_create(workspace, user, ReviewKind.DAILY, day, day)


def shutdown_move(
    *,
    workspace: Workspace,
    user: User,
    task: Task,
    action: str,
    today: date,
    to: date | None = None,
) -> str:
    """Move one of today's open tasks, as the shutdown's row buttons do, and remember it in the
    day's review. `action`: "tomorrow", "day" (to `to`, a day after today), "not_now" (off Today
    until tomorrow, as Today's Not now) or "drop" (the task is dropped). Returns what happened,
    in a few words ("Moved to tomorrow"). Raises Invalid: an unknown action, a day that is not
    after today, a task that is not open or of another workspace."""
    if task.workspace_id != workspace.pk:
        raise Invalid(NOT_A_PRIORITY)
    if action not in SHUTDOWN_ACTIONS:
        raise Invalid(UNKNOWN_ACTION, fields={"action": [UNKNOWN_ACTION]})
    with transaction.atomic():
        if action == "tomorrow":
            to = today + timedelta(days=1)
        if action in ("tomorrow", "day"):
            if to is None:
                raise Invalid(today_services.BAD_DAY, fields={"to": [today_services.BAD_DAY]})
            today_services.task_move(task=task, to=to, today=today)
            happened = (
                "Moved to tomorrow" if to == today + timedelta(1) else f"Moved to {to:%a %-d %b}"
            )
        elif action == "not_now":
            today_services.task_not_now(task=task, today=today)
            happened = "Off Today until tomorrow"
        else:
            if task.status != TaskStatus.OPEN:
                raise Invalid(today_services.NOT_OPEN)
            task_services.task_drop(task=task, by=user)
            happened = "Dropped"
        review = daily_review(workspace=workspace, user=user, day=today)
        moved = [m for m in review.answers.get("moved", []) if m.get("uuid") != str(task.uuid)]
        moved.append(
            {
                "uuid": str(task.uuid),
                "title": task.title,
                "action": action,
                "to": to.isoformat() if to and action in ("tomorrow", "day") else None,
                "happened": happened,
            }
        )
        review.answers["moved"] = moved[-MOVED_LOGGED:]
        save_versioned(review, fields=["answers"], expected_version=None)
    return happened


def shutdown_save(
    *,
    workspace: Workspace,
    user: User,
    day: date,
    energy: int | None,
    mood: int | None,
    notes: str = "",
    now: datetime | None = None,
) -> Review:
    """Save the user's shutdown of `day`: energy and mood (1–5 or None), one line of notes, and
    the snapshot (the day's numbers, the titles done and moved). Saving again updates it.
    Raises Invalid: a number out of 1–5, notes over REVIEW_NOTE_MAX characters or on several
    lines."""
    notes = (notes or "").strip()
    errors = _scale_errors(energy=energy, mood=mood)
    if len(notes) > limits.REVIEW_NOTE_MAX or "\n" in notes:
        errors["notes"] = [NOTE_TOO_LONG]
    if errors:
        raise Invalid(FIELDS_NEED_A_LOOK, fields=errors)
    with transaction.atomic():
        review = daily_review(workspace=workspace, user=user, day=day)
        review.energy, review.mood, review.notes = energy, mood, notes
        numbers = selectors.numbers(workspace, user, day, day)
        done = selectors.done_on(workspace, day, user)
        review.snapshot = {
            "numbers": numbers.as_json(),
            "done": [{"uuid": str(t.uuid), "title": t.title} for t in done],
            "moved": review.answers.get("moved", []),
        }
        review.completed_at = now or timezone.now()
        save_versioned(
            review,
            fields=["energy", "mood", "notes", "snapshot", "completed_at"],
            expected_version=None,
        )
    return review


# --- The weekly review ---------------------------------------------------------------------------
def weekly_start(*, workspace: Workspace, user: User, today: date) -> tuple[Review, bool]:
    """This week's review of the user (the week holding `today`): the one already there (in
    progress or finished), or a new one on its first step. Returns it and whether it is new."""
    start, end = selectors.week_for(user, today)
    found = selectors.review_for(workspace, user, ReviewKind.WEEKLY, start)
    if found is not None:
        return found, False
    review = _get_or_create(workspace, user, ReviewKind.WEEKLY, start, end, step=STEPS[0])
    return review, True


def weekly_save_step(
    *, review: Review, user: User, step: str, data: dict[str, Any], go_to: str | None = None
) -> Review:
    """Keep what the user wrote on `step` of a weekly review in progress, and move to `go_to`
    (a step; None: stay). What a step takes:

    - inbox, goals, routines, balance, decisions: `note` (one line);
    - projects: `next_steps`, {project uuid: text}: each new text becomes a task in that active
      project (a text already made into a task is not made twice);
    - priorities: `picked`, a list of "task:<uuid>" / "goal:<uuid>" (open tasks, active goals),
      at most REVIEW_PRIORITIES_MAX;
    - wins: `wins` and `lessons` (a paragraph or two each).

    Raises Invalid (nothing written): a finished or daily review, an unknown step, a value over
    its limit, a project or priority not of the workspace.
    """
    _check_in_progress(review)
    step, go_to = str(step), None if go_to is None else str(go_to)
    if step not in STEPS or (go_to is not None and go_to not in STEPS):
        raise Invalid(UNKNOWN_STEP, fields={"step": [UNKNOWN_STEP]})
    clean = _CLEANERS[step](review, data)
    with transaction.atomic():
        if step == WeeklyStep.PROJECTS:
            clean = _make_next_steps(review, user, clean)
        answers = dict(review.answers)
        answers[step] = clean
        review.answers = answers
        if go_to is not None:
            review.step = go_to
        save_versioned(review, fields=["answers", "step"], expected_version=None)
    return review


def weekly_inbox_process(*, review: Review, user: User, item: CaptureItem, action: str) -> str:
    """Process one inbox item from the weekly review's first step, through the capture app's
    services: "task" (make it a task), "note" (file it as a note) or "delete". Returns what
    happened, in a few words. Raises Invalid: an unknown action, a finished review, an item that
    already left the inbox."""
    _check_in_progress(review)
    if action not in INBOX_ACTIONS:
        raise Invalid(UNKNOWN_INBOX_ACTION, fields={"action": [UNKNOWN_INBOX_ACTION]})
    if item.workspace_id != review.workspace_id or item.processed_at is not None:
        raise Invalid(capture_services.NOT_IN_INBOX)
    with transaction.atomic():
        if action == "task":
            task = capture_services.capture_make_task(item=item, user=user)
            happened = f"Made a task: {task.title}"
        elif action == "note":
            capture_services.capture_file_as_note(item=item)
            happened = "Filed as a note"
        else:
            capture_services.capture_delete(item=item)
            happened = "Deleted"
        answers = dict(review.answers)
        inbox = dict(answers.get("inbox") or {})
        counts = dict(inbox.get("processed") or {})
        counts[action] = counts.get(action, 0) + 1
        inbox["processed"] = counts
        answers["inbox"] = inbox
        review.answers = answers
        save_versioned(review, fields=["answers"], expected_version=None)
    return happened


def weekly_finish(*, review: Review, user: User, now: datetime | None = None) -> Review:
    """Finish a weekly review: the snapshot (the week's numbers, and the previous review's
    priorities against what happened to each) is written, and it is no longer in progress.
    Raises Invalid for a review already finished or a daily one."""
    _check_in_progress(review)
    workspace = review.workspace
    with transaction.atomic():
        numbers = selectors.numbers(workspace, user, review.period_start, review.period_end)
        review.snapshot = {
            "numbers": numbers.as_json(),
            "planned": selectors.planned_vs_happened(workspace, user, review),
        }
        review.completed_at = now or timezone.now()
        review.step = ""
        save_versioned(review, fields=["snapshot", "completed_at", "step"], expected_version=None)
    return review


def review_delete(*, review: Review) -> None:
    review.delete()


# --- Cleaning each step's answers ----------------------------------------------------------------
def _projects(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    raw = data.get("next_steps") or {}
    if not isinstance(raw, dict):
        raise Invalid(NOT_A_PROJECT, fields={"next_steps": [NOT_A_PROJECT]})
    steps: dict[str, str] = {}
    errors: list[str] = []
    for key, value in raw.items():
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > limits.REVIEW_NEXT_STEP_MAX or "\n" in text:
            errors.append(NEXT_STEP_TOO_LONG)
        uuid = _uuids([key])
        if not uuid:
            raise Invalid(FIELDS_NEED_A_LOOK, fields={"next_steps": [NOT_A_PROJECT]})
        steps[uuid[0]] = text
    if errors:
        raise Invalid(FIELDS_NEED_A_LOOK, fields={"next_steps": errors[:1]})
    wanted = [k for k, v in steps.items() if v]
    found = {
        str(u)
        for u in Project.objects.in_workspace(review.workspace)
        .filter(uuid__in=_uuids(wanted), status=ProjectStatus.ACTIVE)
        .values_list("uuid", flat=True)
    }
    if len(found) != len(wanted):
        raise Invalid(FIELDS_NEED_A_LOOK, fields={"next_steps": [NOT_A_PROJECT]})
    return {"next_steps": steps}


def _priorities(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    picked = data.get("picked") or []
    if not isinstance(picked, list) or not all(isinstance(p, str) for p in picked):
        raise Invalid(NOT_A_PRIORITY, fields={"picked": [NOT_A_PRIORITY]})
    picked = list(dict.fromkeys(picked))
    if len(picked) > limits.REVIEW_PRIORITIES_MAX:
        raise Invalid(TOO_MANY_PRIORITIES, fields={"picked": [TOO_MANY_PRIORITIES]})
    wanted: dict[str, list[str]] = {"task": [], "goal": []}
    for key in picked:
        kind, _, uuid = key.partition(":")
        if kind not in wanted:
            raise Invalid(NOT_A_PRIORITY, fields={"picked": [NOT_A_PRIORITY]})
        wanted[kind].append(uuid)
    ws = review.workspace
    titles = {
        f"task:{u}": t
        for u, t in Task.objects.in_workspace(ws)
        .filter(uuid__in=_uuids(wanted["task"]), status=TaskStatus.OPEN)
        .values_list("uuid", "title")
    } | {
        f"goal:{u}": t
        for u, t in Goal.objects.in_workspace(ws)
        .filter(uuid__in=_uuids(wanted["goal"]), status=GoalStatus.ACTIVE)
        .values_list("uuid", "title")
    }
    if any(key not in titles for key in picked):
        raise Invalid(NOT_A_PRIORITY, fields={"picked": [NOT_A_PRIORITY]})
    return {
        "picked": [
            {"kind": k.partition(":")[0], "uuid": k.partition(":")[2], "title": titles[k]}
            for k in picked
        ]
    }


def _wins(review: Review, data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    clean = {}
    for name in ("wins", "lessons"):
        value = data.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if len(text) > limits.REVIEW_TEXT_MAX:
            errors[name] = [TEXT_TOO_LONG]
        clean[name] = text
    if errors:
        raise Invalid(FIELDS_NEED_A_LOOK, fields=errors)
    return clean


def _note_keeping(step: str) -> Any:
    """A note step's cleaner; the inbox step keeps its count of processed items."""

    def clean(review: Review, data: dict[str, Any]) -> dict[str, Any]:
        note = _text(data.get("note"), "note", limits.REVIEW_NOTE_MAX, NOTE_TOO_LONG, one_line=True)
        return {**(review.answers.get(step) or {}), "note": note}

    return clean


_CLEANERS: dict[str, Any] = {
    WeeklyStep.INBOX: _note_keeping(WeeklyStep.INBOX),
    WeeklyStep.PROJECTS: _projects,
    WeeklyStep.GOALS: _note_keeping(WeeklyStep.GOALS),
    WeeklyStep.ROUTINES: _note_keeping(WeeklyStep.ROUTINES),
    WeeklyStep.BALANCE: _note_keeping(WeeklyStep.BALANCE),
    WeeklyStep.DECISIONS: _note_keeping(WeeklyStep.DECISIONS),
    WeeklyStep.PRIORITIES: _priorities,
    WeeklyStep.WINS: _wins,
}


def _make_next_steps(review: Review, user: User, clean: dict[str, Any]) -> dict[str, Any]:
    """Make a task in each project whose next step is new (not the text already made into a
    task on an earlier save); keep which task each became."""
    before = (review.answers.get(WeeklyStep.PROJECTS) or {}).get("tasks") or {}
    made: dict[str, dict[str, str]] = {}
    steps = clean["next_steps"]
    projects = {
        str(p.uuid): p
        for p in Project.objects.in_workspace(review.workspace).filter(
            uuid__in=_uuids([k for k, v in steps.items() if v])
        )
    }
    for key, text in steps.items():
        if not text:
            continue
        earlier = before.get(key)
        if earlier and earlier.get("title") == text:
            made[key] = earlier
            continue
        task = task_services.task_create(
            workspace=review.workspace, title=text, project=projects[key], created_by=user
        )
        made[key] = {"uuid": str(task.uuid), "title": text}
    # A next step cleared after its task was made keeps the task (it exists) in the record.
    for key, earlier in before.items():
        made.setdefault(key, earlier)
    return {"next_steps": steps, "tasks": made}


# --- Helpers -------------------------------------------------------------------------------------
def _get_or_create(
    workspace: Workspace, user: User, kind: str, start: date, end: date, step: str = ""
) -> Review:
    found = selectors.review_for(workspace, user, kind, start)
    if found is not None:
        return found
    review = Review(
        workspace=workspace,
        created_by=user,
        kind=kind,
        period_start=start,
        period_end=end,
        step=step,
    )
    validate(review)
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:  # made by a concurrent request: use that one
        found = selectors.review_for(workspace, user, kind, start)
        assert found is not None
        return found
    return review


def _check_in_progress(review: Review) -> None:
    if review.kind != ReviewKind.WEEKLY:
        raise Invalid(NOT_WEEKLY)
    if review.completed_at is not None:
        raise Invalid(ALREADY_DONE)


def _scale_errors(**values: int | None) -> dict[str, list[str]]:
    return {
        name: [SCALE]
        for name, value in values.items()
        if value is not None and (isinstance(value, bool) or not 1 <= value <= 5)
    }


def _text(value: Any, name: str, limit: int, message: str, *, one_line: bool = False) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if len(text) > limit or (one_line and "\n" in text):
        raise Invalid(FIELDS_NEED_A_LOOK, fields={name: [message]})
    return text


def _uuids(values: list[str]) -> list[str]:
    """The values that are uuids (anything else matches nothing, so it is refused by the caller
    rather than failing in the database)."""
    found = []
    for value in values:
        try:
            found.append(str(UUID(str(value))))
        except ValueError:
            continue
    return found
