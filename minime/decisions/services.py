"""Writes for decisions, their options, criteria and scores. Keyword-only, validated, scoped to
the decision's workspace.

Every function raises `Invalid` (with per-field messages) for input that cannot be saved; the
versioned updates raise `Conflict` when the row moved on since the caller read it.

The life of a decision: open → decided (`decision_choose`) → revisited (`decision_revisit`).
`decision_reopen` takes a decided or revisited decision back to open.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max
from django.utils import timezone

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.models import save_versioned, validate
from minime.decisions.models import (
    SCORE_MAX,
    SCORE_MIN,
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionScore,
    DecisionStatus,
    Outcome,
    score_field,
)
from minime.workspaces.models import Workspace

EDITABLE = ("question", "context", "area", "deadline")
OPTION_EDITABLE = ("title", "pros", "cons")
CRITERION_EDITABLE = ("name", "weight")

NEEDS_A_LOOK = "Some fields need another look."
AREA_ELSEWHERE = "Choose one of your areas."
OPTION_ELSEWHERE = "Choose one of this decision's options."
CRITERION_ELSEWHERE = "Score only this decision's criteria."
NO_OPTIONS = "Add the options first, then choose one."
ALREADY_REVISITED = "This decision was already revisited. Reopen it to choose again."
NOT_DECIDED = "Record the choice first; a decision is revisited after it is made."
OUTCOME_NEEDED = "Say how it turned out compared with what you expected."
ACTUAL_NEEDED = "Write what actually happened."
CHOSEN_OPTION_KEPT = "This is the option you chose. Reopen the decision to delete it."
SCORE_RANGE = f"A score from {SCORE_MIN} to {SCORE_MAX}."


@dataclass(frozen=True)
class ScoreChange:
    """One cell of the matrix: `score` None clears it."""

    option: DecisionOption
    criterion: DecisionCriterion
    score: int | None


# --- Decisions -----------------------------------------------------------------------------------
def decision_create(*, workspace: Workspace, question: str, **fields: Any) -> Decision:
    """Create an open decision. `fields` are any of EDITABLE.

    Raises Invalid: a blank question, an area of another workspace, text past its limit.
    """
    _refuse_unknown(fields, EDITABLE)
    _check_area(workspace, fields.get("area"))
    decision = Decision(workspace=workspace, question=(question or "").strip(), **fields)
    validate(decision)
    decision.save()
    return decision


def decision_update(
    *, decision: Decision, expected_version: int | None, **changes: Any
) -> Decision:
    """Change some of EDITABLE. Raises Invalid, or Conflict when the version moved on."""
    _refuse_unknown(changes, EDITABLE)
    if "area" in changes:
        _check_area(decision.workspace, changes["area"])
    if "question" in changes:
        changes["question"] = (changes["question"] or "").strip()
    for field, value in changes.items():
        setattr(decision, field, value)
    with transaction.atomic():
        save_versioned(decision, fields=list(changes), expected_version=expected_version)
    return decision


def decision_delete(*, decision: Decision) -> None:
    """Delete the decision with its options, criteria and scores."""
    with transaction.atomic():
        # The choice points at an option that goes too: clear it first, so no row is left
        # pointing at a deleted one even for a moment.
        Decision.objects.filter(pk=decision.pk).update(chosen_option=None)
        decision.delete()


def decision_choose(
    *,
    decision: Decision,
    option: DecisionOption,
    reasoning: str = "",
    expected_outcome: str = "",
    revisit_on: date | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """Record the choice: one of the decision's options, why, what is expected and when to look
    back. The decision becomes decided; choosing again while decided changes the record (the
    time of the first choice is kept).

    Raises Invalid: an option of another decision, a decision already revisited, text past its
    limit; Conflict when `expected_version` is given and the decision moved on.
    """
    if decision.status == DecisionStatus.REVISITED:
        raise Invalid(ALREADY_REVISITED, fields={"option": [ALREADY_REVISITED]})
    if option.decision_id != decision.pk:
        raise Invalid(NEEDS_A_LOOK, fields={"option": [OPTION_ELSEWHERE]})
    decision.chosen_option = option
    decision.reasoning = (reasoning or "").strip()
    decision.expected_outcome = (expected_outcome or "").strip()
    decision.revisit_on = revisit_on
    if decision.status != DecisionStatus.DECIDED or decision.decided_at is None:
        decision.decided_at = now or timezone.now()
    decision.status = DecisionStatus.DECIDED
    fields = [
        "chosen_option",
        "reasoning",
        "expected_outcome",
        "revisit_on",
        "decided_at",
        "status",
    ]
    with transaction.atomic():
        save_versioned(decision, fields=fields, expected_version=expected_version)
    return decision


def decision_revisit(
    *,
    decision: Decision,
    outcome: str,
    actual_outcome: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Decision:
    """Record what actually happened and how it compares with what was expected (better, as
    expected, worse). The decision becomes revisited; revisiting again changes the record (the
    time of the first revisit is kept).

    Raises Invalid: an open decision, a missing comparison or text; Conflict as above.
    """
    if decision.status == DecisionStatus.OPEN:
        raise Invalid(NOT_DECIDED, fields={"outcome": [NOT_DECIDED]})
    errors: dict[str, list[str]] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = [OUTCOME_NEEDED]
    actual_outcome = (actual_outcome or "").strip()
    if not actual_outcome:
        errors["actual_outcome"] = [ACTUAL_NEEDED]
    if errors:
        raise Invalid(NEEDS_A_LOOK, fields=errors)
    decision.outcome = outcome
    decision.actual_outcome = actual_outcome
    if decision.status != DecisionStatus.REVISITED or decision.revisited_at is None:
        decision.revisited_at = now or timezone.now()
    decision.status = DecisionStatus.REVISITED
    fields = ["outcome", "actual_outcome", "revisited_at", "status"]
    with transaction.atomic():
        save_versioned(decision, fields=fields, expected_version=expected_version)
    return decision


def decision_reopen(*, decision: Decision, expected_version: int | None = None) -> Decision:
    """Take the decision back to open: no option chosen, not decided, not revisited. What was
    written (reasoning, expected and actual outcome, revisit date) stays, ready for the next
    choice. Reopening an open decision changes nothing."""
    if decision.status == DecisionStatus.OPEN:
        return decision
    decision.status = DecisionStatus.OPEN
    decision.chosen_option = None
    decision.decided_at = None
    decision.revisited_at = None
    decision.outcome = ""
    fields = ["status", "chosen_option", "decided_at", "revisited_at", "outcome"]
    with transaction.atomic():
        save_versioned(decision, fields=fields, expected_version=expected_version)
    return decision


# --- Options -------------------------------------------------------------------------------------
def option_create(
    *, decision: Decision, title: str, pros: str = "", cons: str = ""
) -> DecisionOption:
    """Add an option at the end of the decision's list. Raises Invalid: a blank title, text past
    its limit, more than DECISION_OPTIONS_MAX options."""
    existing = decision.options.aggregate(last=Max("position"), count=Count("pk"))
    if existing["count"] >= limits.DECISION_OPTIONS_MAX:
        message = limits.too_many("options", limits.DECISION_OPTIONS_MAX)
        raise Invalid(message, fields={"title": [message]})
    option = DecisionOption(
        workspace_id=decision.workspace_id,
        decision=decision,
        title=(title or "").strip(),
        pros=(pros or "").strip(),
        cons=(cons or "").strip(),
        position=(existing["last"] or 0) + 1,
    )
    validate(option, exclude=["workspace", "decision"])
    option.save()
    return option


def option_update(
    *, option: DecisionOption, expected_version: int | None, **changes: Any
) -> DecisionOption:
    """Change the title, pros or cons. Raises Invalid, or Conflict when the version moved on."""
    _refuse_unknown(changes, OPTION_EDITABLE)
    for field, value in changes.items():
        setattr(option, field, (value or "").strip())
    with transaction.atomic():
        save_versioned(option, fields=list(changes), expected_version=expected_version)
    return option


def option_delete(*, option: DecisionOption) -> None:
    """Delete the option and its scores. The chosen option stays until the decision is reopened.

    Raises Invalid for the chosen option."""
    if Decision.objects.filter(pk=option.decision_id, chosen_option=option).exists():
        raise Invalid(CHOSEN_OPTION_KEPT)
    option.delete()


# --- Criteria ------------------------------------------------------------------------------------
def criterion_create(
    *, decision: Decision, name: str, weight: int | None = None
) -> DecisionCriterion:
    """Add a criterion at the end of the decision's list, weighted 1–5 (3 when not given).

    Raises Invalid: a blank name, a weight outside 1–5, more than DECISION_CRITERIA_MAX."""
    existing = decision.criteria.aggregate(last=Max("position"), count=Count("pk"))
    if existing["count"] >= limits.DECISION_CRITERIA_MAX:
        message = limits.too_many("criteria", limits.DECISION_CRITERIA_MAX)
        raise Invalid(message, fields={"name": [message]})
    criterion = DecisionCriterion(
        workspace_id=decision.workspace_id,
        decision=decision,
        name=(name or "").strip(),
        position=(existing["last"] or 0) + 1,
    )
    if weight is not None:
        criterion.weight = weight
    validate(criterion, exclude=["workspace", "decision"])
    criterion.save()
    return criterion


def criterion_update(
    *, criterion: DecisionCriterion, expected_version: int | None, **changes: Any
) -> DecisionCriterion:
    """Change the name or the weight. Raises Invalid, or Conflict when the version moved on."""
    _refuse_unknown(changes, CRITERION_EDITABLE)
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
    for field, value in changes.items():
        setattr(criterion, field, value)
    with transaction.atomic():
        save_versioned(criterion, fields=list(changes), expected_version=expected_version)
    return criterion


def criterion_delete(*, criterion: DecisionCriterion) -> None:
    """Delete the criterion and its scores; the totals no longer count it."""
    criterion.delete()


# --- Scores --------------------------------------------------------------------------------------
def scores_set(*, decision: Decision, changes: Iterable[ScoreChange]) -> None:
    """Set cells of the decision's matrix in one go: a score of 0–10 for an option on a
    criterion, or None to clear it. Cells not named keep their score.

    Raises Invalid (nothing is written) for an option or criterion of another decision, or a
    score outside 0–10; the field names the cell, `score-<option uuid>-<criterion uuid>`.
    """
    wanted: dict[tuple[int, int], ScoreChange] = {}
    errors: dict[str, list[str]] = {}
    for change in changes:
        cell = score_field(change.option, change.criterion)
        if change.option.decision_id != decision.pk:
            errors[cell] = [OPTION_ELSEWHERE]
        elif change.criterion.decision_id != decision.pk:
            errors[cell] = [CRITERION_ELSEWHERE]
        elif change.score is not None and not SCORE_MIN <= change.score <= SCORE_MAX:
            errors[cell] = [SCORE_RANGE]
        wanted[(change.option.pk, change.criterion.pk)] = change
    if errors:
        raise Invalid(NEEDS_A_LOOK, fields=errors)
    if not wanted:
        return
    stored = {
        (s.option_id, s.criterion_id): s
        for s in DecisionScore.objects.filter(
            workspace_id=decision.workspace_id, option__decision=decision
        )
    }
    now = timezone.now()
    create, update, delete = [], [], []
    for key, change in wanted.items():
        row = stored.get(key)
        if change.score is None:
            if row is not None:
                delete.append(row.pk)
        elif row is None:
            create.append(
                DecisionScore(
                    workspace_id=decision.workspace_id,
                    option=change.option,
                    criterion=change.criterion,
                    score=change.score,
                )
            )
        elif row.score != change.score:
            row.score, row.updated_at = change.score, now
            update.append(row)
    with transaction.atomic():
        if delete:
            DecisionScore.objects.filter(pk__in=delete).delete()
        if update:
            DecisionScore.objects.bulk_update(update, ["score", "updated_at"])
            DecisionScore.objects.filter(pk__in=[r.pk for r in update]).update(
                version=F("version") + 1
            )
        if create:
            DecisionScore.objects.bulk_create(create)


# --- Helpers -------------------------------------------------------------------------------------
def _refuse_unknown(fields: dict[str, Any], allowed: Sequence[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")


def _check_area(workspace: Workspace, area: LifeArea | None) -> None:
    """An area chosen for a decision must be one of the same workspace's areas."""
    if area is not None and area.workspace_id != workspace.pk:
        raise Invalid(AREA_ELSEWHERE, fields={"area": [AREA_ELSEWHERE]})
