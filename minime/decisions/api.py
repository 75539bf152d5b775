"""/api/v1/decisions, /api/v1/decision-options and /api/v1/decision-criteria — decisions with
their options (pros and cons), weighted criteria, the score matrix, the choice and the revisit.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.areas.models import LifeArea
from minime.core import limits
from minime.core.api import (
    NOT_BLANK,
    ApiDate,
    ErrorOut,
    InputSchema,
    Paging,
    Version,
    patch_changes,
)
from minime.core.errors import Invalid
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import FIELDS_NEED_A_LOOK, in_workspace_or_422
from minime.core.types import AuthedRequest
from minime.decisions import selectors, services
from minime.decisions.models import (
    SCORE_MAX,
    SCORE_MIN,
    WEIGHT_DEFAULT,
    WEIGHT_MAX,
    WEIGHT_MIN,
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionStatus,
    Outcome,
)
from minime.workspaces.models import Workspace

router = Router(tags=["Decisions"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
SCORES_MAX = limits.DECISION_OPTIONS_MAX * limits.DECISION_CRITERIA_MAX
VERSION_TEXT = "The version you last read; a newer one answers 409. Leave out to skip the check."


# --- Answers -------------------------------------------------------------------------------------
class DecisionOptionOut(Schema):
    uuid: UUID
    decision: UUID
    title: str
    pros: str
    cons: str
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_decision(obj: DecisionOption) -> UUID:
        return obj.decision.uuid


class DecisionSheetOptionOut(DecisionOptionOut):
    total: int = Field(description="Σ weight × score over the criteria it has a score for.")
    leading: bool = Field(description="It has the highest total, and that total is above zero.")
    chosen: bool


class DecisionCriterionOut(Schema):
    uuid: UUID
    decision: UUID
    name: str
    weight: int = Field(description=f"How much it matters, {WEIGHT_MIN} to {WEIGHT_MAX}.")
    position: int
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_decision(obj: DecisionCriterion) -> UUID:
        return obj.decision.uuid


class DecisionScoreOut(Schema):
    option: UUID
    criterion: UUID
    score: int = Field(description=f"{SCORE_MIN} (poor) to {SCORE_MAX} (excellent).")


class DecisionOut(Schema):
    uuid: UUID
    question: str
    context: str
    area: UUID | None
    deadline: date | None
    status: DecisionStatus
    chosen_option: UUID | None
    reasoning: str
    expected_outcome: str
    revisit_on: date | None
    decided_at: datetime | None
    actual_outcome: str
    outcome: Outcome | None = Field(description="Recorded at the revisit; null before it.")
    revisited_at: datetime | None
    option_count: int
    criterion_count: int
    past_deadline: bool = Field(description="Open, and its deadline was before today.")
    revisit_due: bool = Field(description="Decided, and its revisit date is today or before.")
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_area(obj: Decision) -> UUID | None:
        return obj.area.uuid if obj.area else None

    @staticmethod
    def resolve_chosen_option(obj: Decision) -> UUID | None:
        return obj.chosen_option.uuid if obj.chosen_option else None

    @staticmethod
    def resolve_outcome(obj: Decision) -> str | None:
        return obj.outcome or None

    @staticmethod
    def resolve_past_deadline(obj: Decision) -> bool:
        return selectors.is_past_deadline(obj, timezone.localdate())

    @staticmethod
    def resolve_revisit_due(obj: Decision) -> bool:
        return selectors.is_revisit_due(obj, timezone.localdate())


class DecisionDetailOut(DecisionOut):
    options: list[DecisionSheetOptionOut]
    criteria: list[DecisionCriterionOut]
    scores: list[DecisionScoreOut]
    max_total: int = Field(
        description="The total of an option scoring the most on every criterion."
    )

    @staticmethod
    def resolve_options(obj: Decision) -> list[DecisionOption]:
        return _sheet(obj).options

    @staticmethod
    def resolve_criteria(obj: Decision) -> list[DecisionCriterion]:
        return _sheet(obj).criteria

    @staticmethod
    def resolve_scores(obj: Decision) -> list[dict[str, Any]]:
        return [
            {"option": row.option.uuid, "criterion": cell.criterion.uuid, "score": cell.score}
            for row in _sheet(obj).rows
            for cell in row.cells
            if cell.score is not None
        ]

    @staticmethod
    def resolve_max_total(obj: Decision) -> int:
        return _sheet(obj).max_total


def _sheet(decision: Decision) -> selectors.DecisionSheet:
    """The sheet `_detail` attached to the decision."""
    sheet: selectors.DecisionSheet = decision.sheet  # type: ignore[attr-defined]
    return sheet


# --- Inputs --------------------------------------------------------------------------------------
def _text(required: bool = False, limit: int = limits.NOTES_MAX, **extra: Any) -> Any:
    if required:
        return Field(min_length=1, max_length=limit, json_schema_extra=NOT_BLANK, **extra)
    return Field("", max_length=limit, **extra)


class DecisionIn(InputSchema):
    question: str = _text(required=True, limit=limits.TITLE_MAX)
    context: str = _text()
    area: UUID | None = Field(None, description="The uuid of one of your life areas.")
    deadline: ApiDate | None = None


class DecisionPatch(InputSchema):
    version: Version
    question: str | None = Field(
        None, min_length=1, max_length=limits.TITLE_MAX, json_schema_extra=NOT_BLANK
    )
    context: str | None = Field(None, max_length=limits.NOTES_MAX)
    area: UUID | None = None
    deadline: ApiDate | None = None


class DecisionChoiceIn(InputSchema):
    option: UUID = Field(description="The uuid of one of this decision's options.")
    reasoning: str = _text()
    expected_outcome: str = _text()
    revisit_on: ApiDate | None = Field(None, description="When to look back at how it turned out.")
    version: int | None = Field(None, ge=0, le=limits.VERSION_MAX, description=VERSION_TEXT)


class DecisionRevisitIn(InputSchema):
    outcome: Outcome = Field(description="How it turned out compared with what was expected.")
    actual_outcome: str = _text(required=True, description="What actually happened.")
    version: int | None = Field(None, ge=0, le=limits.VERSION_MAX, description=VERSION_TEXT)


class DecisionOptionIn(InputSchema):
    title: str = _text(required=True, limit=limits.TITLE_MAX)
    pros: str = _text()
    cons: str = _text()


class DecisionOptionPatch(InputSchema):
    version: Version
    title: str | None = Field(
        None, min_length=1, max_length=limits.TITLE_MAX, json_schema_extra=NOT_BLANK
    )
    pros: str | None = Field(None, max_length=limits.NOTES_MAX)
    cons: str | None = Field(None, max_length=limits.NOTES_MAX)


class DecisionCriterionIn(InputSchema):
    name: str = _text(required=True, limit=limits.TITLE_MAX)
    weight: int = Field(WEIGHT_DEFAULT, ge=WEIGHT_MIN, le=WEIGHT_MAX)


class DecisionCriterionPatch(InputSchema):
    version: Version
    name: str | None = Field(
        None, min_length=1, max_length=limits.TITLE_MAX, json_schema_extra=NOT_BLANK
    )
    weight: int | None = Field(None, ge=WEIGHT_MIN, le=WEIGHT_MAX)


class DecisionScoreIn(InputSchema):
    option: UUID
    criterion: UUID
    score: int | None = Field(
        ge=SCORE_MIN, le=SCORE_MAX, description="null clears the cell (it then adds nothing)."
    )


class DecisionScoresIn(InputSchema):
    scores: list[DecisionScoreIn] = Field(
        max_length=SCORES_MAX, description="Cells to set; cells not named keep their score."
    )


# --- Helpers -------------------------------------------------------------------------------------
def _decision(request: AuthedRequest, uuid: UUID) -> Decision:
    return get_scoped_or_404(Decision, request.workspace, uuid=uuid)


def _fields(workspace: Workspace, data: dict[str, Any]) -> dict[str, Any]:
    return in_workspace_or_422(workspace, data, {"area": LifeArea})


def _detail(decision: Decision) -> Decision:
    """The decision, carrying its sheet (options with their totals, criteria, scores) for
    DecisionDetailOut: five queries whatever their number."""
    decision = selectors.decision_with_counts(decision)
    sheet = selectors.decision_sheet(decision)
    for row in sheet.rows:
        option: Any = row.option
        option.total, option.leading, option.chosen = row.total, row.leading, row.chosen
    decision.sheet = sheet  # type: ignore[attr-defined]
    return decision


# --- Decisions -----------------------------------------------------------------------------------
@router.get("/decisions", response=list[DecisionOut], summary="List decisions")
@paginate(Paging)
def list_decisions(
    request: AuthedRequest, status: DecisionStatus | None = None, area: UUID | None = None
) -> list[Decision]:
    """Decisions, oldest first, each with its counts and whether it needs a look. Filter by
    `status` or `area` (uuid)."""
    return selectors.decision_list(request.workspace, status=status, area=area)  # type: ignore[return-value]


@router.post("/decisions", response={201: DecisionDetailOut, **ERRORS}, summary="Add a decision")
def create_decision(request: AuthedRequest, payload: DecisionIn) -> Status[Decision]:
    fields = _fields(request.workspace, payload.dict())
    decision = services.decision_create(workspace=request.workspace, **fields)
    return Status(201, _detail(decision))


@router.get(
    "/decisions/{uuid}", response={200: DecisionDetailOut, **ERRORS}, summary="Get a decision"
)
def get_decision(request: AuthedRequest, uuid: UUID) -> Decision:
    """The decision with its options (each with its weighted total), criteria and scores."""
    return _detail(_decision(request, uuid))


@router.patch(
    "/decisions/{uuid}", response={200: DecisionDetailOut, **ERRORS}, summary="Change a decision"
)
def update_decision(request: AuthedRequest, uuid: UUID, payload: DecisionPatch) -> Decision:
    decision = _decision(request, uuid)
    changes = _fields(request.workspace, patch_changes(payload, Decision))
    services.decision_update(decision=decision, expected_version=payload.version, **changes)
    return _detail(decision)


@router.delete("/decisions/{uuid}", response={204: None, **ERRORS}, summary="Delete a decision")
def delete_decision(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its options, criteria and scores too."""
    services.decision_delete(decision=_decision(request, uuid))
    return Status(204, None)


@router.post(
    "/decisions/{uuid}/choose",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Record the choice",
)
def choose(request: AuthedRequest, uuid: UUID, payload: DecisionChoiceIn) -> Decision:
    """The decision becomes decided, with the chosen option, the reasoning, the expected outcome
    and the revisit date. Choosing again while decided changes the record; a revisited decision
    must be reopened first (422)."""
    decision = _decision(request, uuid)
    option = decision.options.filter(uuid=payload.option).first()
    if option is None:
        raise Invalid(FIELDS_NEED_A_LOOK, fields={"option": [services.OPTION_ELSEWHERE]})
    services.decision_choose(
        decision=decision,
        option=option,
        reasoning=payload.reasoning,
        expected_outcome=payload.expected_outcome,
        revisit_on=payload.revisit_on,
        expected_version=payload.version,
    )
    return _detail(decision)


@router.post(
    "/decisions/{uuid}/revisit",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Record how it turned out",
)
def revisit(request: AuthedRequest, uuid: UUID, payload: DecisionRevisitIn) -> Decision:
    """What actually happened and how it compares; the decision becomes revisited. An open
    decision has nothing to revisit yet (422)."""
    decision = _decision(request, uuid)
    services.decision_revisit(
        decision=decision,
        outcome=payload.outcome,
        actual_outcome=payload.actual_outcome,
        expected_version=payload.version,
    )
    return _detail(decision)


@router.post(
    "/decisions/{uuid}/reopen",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Reopen a decision",
)
def reopen(request: AuthedRequest, uuid: UUID) -> Decision:
    """Back to open: no option chosen, not decided, not revisited; the texts stay."""
    decision = _decision(request, uuid)
    services.decision_reopen(decision=decision)
    return _detail(decision)


# --- Options -------------------------------------------------------------------------------------
@router.get(
    "/decisions/{uuid}/options",
    response={200: list[DecisionOptionOut], **ERRORS},
    summary="List a decision's options",
)
@paginate(Paging)
def list_options(request: AuthedRequest, uuid: UUID) -> list[DecisionOption]:
    decision = _decision(request, uuid)
    return decision.options.select_related("decision").order_by("position", "created_at")  # type: ignore[return-value]


@router.post(
    "/decisions/{uuid}/options",
    response={201: DecisionOptionOut, **ERRORS},
    summary="Add an option",
)
def create_option(
    request: AuthedRequest, uuid: UUID, payload: DecisionOptionIn
) -> Status[DecisionOption]:
    """Adds it at the end of the decision's list (at most 20 options)."""
    decision = _decision(request, uuid)
    return Status(201, services.option_create(decision=decision, **payload.dict()))


def _option(request: AuthedRequest, uuid: UUID) -> DecisionOption:
    return get_scoped_or_404(DecisionOption, request.workspace, uuid=uuid)


@router.patch(
    "/decision-options/{uuid}",
    response={200: DecisionOptionOut, **ERRORS},
    summary="Change an option",
)
def update_option(
    request: AuthedRequest, uuid: UUID, payload: DecisionOptionPatch
) -> DecisionOption:
    option = _option(request, uuid)
    changes = patch_changes(payload, DecisionOption)
    return services.option_update(option=option, expected_version=payload.version, **changes)


@router.delete(
    "/decision-options/{uuid}", response={204: None, **ERRORS}, summary="Delete an option"
)
def delete_option(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its scores too. The chosen option cannot be deleted (422): reopen first."""
    services.option_delete(option=_option(request, uuid))
    return Status(204, None)


# --- Criteria ------------------------------------------------------------------------------------
@router.get(
    "/decisions/{uuid}/criteria",
    response={200: list[DecisionCriterionOut], **ERRORS},
    summary="List a decision's criteria",
)
@paginate(Paging)
def list_criteria(request: AuthedRequest, uuid: UUID) -> list[DecisionCriterion]:
    decision = _decision(request, uuid)
    return decision.criteria.select_related("decision").order_by("position", "created_at")  # type: ignore[return-value]


@router.post(
    "/decisions/{uuid}/criteria",
    response={201: DecisionCriterionOut, **ERRORS},
    summary="Add a criterion",
)
def create_criterion(
    request: AuthedRequest, uuid: UUID, payload: DecisionCriterionIn
) -> Status[DecisionCriterion]:
    """Adds it at the end of the decision's list (at most 20 criteria)."""
    decision = _decision(request, uuid)
    return Status(201, services.criterion_create(decision=decision, **payload.dict()))


def _criterion(request: AuthedRequest, uuid: UUID) -> DecisionCriterion:
    return get_scoped_or_404(DecisionCriterion, request.workspace, uuid=uuid)


@router.patch(
    "/decision-criteria/{uuid}",
    response={200: DecisionCriterionOut, **ERRORS},
    summary="Change a criterion",
)
def update_criterion(
    request: AuthedRequest, uuid: UUID, payload: DecisionCriterionPatch
) -> DecisionCriterion:
    criterion = _criterion(request, uuid)
    changes = patch_changes(payload, DecisionCriterion)
    return services.criterion_update(
        criterion=criterion, expected_version=payload.version, **changes
    )


@router.delete(
    "/decision-criteria/{uuid}", response={204: None, **ERRORS}, summary="Delete a criterion"
)
def delete_criterion(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its scores too."""
    services.criterion_delete(criterion=_criterion(request, uuid))
    return Status(204, None)


# --- Scores --------------------------------------------------------------------------------------
@router.put(
    "/decisions/{uuid}/scores",
    response={200: DecisionDetailOut, **ERRORS},
    summary="Set scores in the matrix",
)
def set_scores(request: AuthedRequest, uuid: UUID, payload: DecisionScoresIn) -> Decision:
    """Sets the named cells (an option's score on a criterion, 0–10, or null to clear it) and
    answers the decision with the new totals. An option or criterion of another decision is a
    422, and then nothing is written."""
    decision = _decision(request, uuid)
    options = {o.uuid: o for o in decision.options.all()}
    criteria = {c.uuid: c for c in decision.criteria.all()}
    changes, errors = [], {}
    for i, cell in enumerate(payload.scores):
        option, criterion = options.get(cell.option), criteria.get(cell.criterion)
        if option is None:
            errors[f"scores.{i}.option"] = [services.OPTION_ELSEWHERE]
        if criterion is None:
            errors[f"scores.{i}.criterion"] = [services.CRITERION_ELSEWHERE]
        if option is not None and criterion is not None:
            changes.append(services.ScoreChange(option, criterion, cell.score))
    if errors:
        raise Invalid(FIELDS_NEED_A_LOOK, fields=errors)
    services.scores_set(decision=decision, changes=changes)
    return _detail(decision)
