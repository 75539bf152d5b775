"""Reads for decisions: the list and its groups, one decision's sheet (options, criteria, the
score matrix and its weighted totals), and what needs attention.

Each read runs a constant number of queries whatever the number of decisions, options, criteria
or scores: the list is one annotated query, a sheet three more, the attention list one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Literal
from uuid import UUID

from django.db.models import OuterRef, Q, QuerySet

from minime.areas.models import LifeArea
from minime.core.models import count_of
from minime.decisions.models import (
    SCORE_MAX,
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionScore,
    DecisionStatus,
    score_field,
)
from minime.workspaces.models import Workspace

AttentionKind = Literal["past_deadline", "revisit_due"]


# --- The list ------------------------------------------------------------------------------------
def decision_list(
    workspace: Workspace,
    status: str | None = None,
    area: LifeArea | UUID | None = None,
) -> QuerySet[Decision]:
    """The workspace's decisions, oldest first, with their area and chosen option, each carrying
    `option_count` and `criterion_count`. `status` and `area` (an area or its uuid) filter."""
    decisions = (
        Decision.objects.in_workspace(workspace)
        .select_related("area", "chosen_option")
        .annotate(
            option_count=count_of(DecisionOption.objects.filter(decision=OuterRef("pk"))),
            criterion_count=count_of(DecisionCriterion.objects.filter(decision=OuterRef("pk"))),
        )
        .order_by("created_at", "pk")
    )
    if status is not None:
        decisions = decisions.filter(status=status)
    if isinstance(area, LifeArea):
        decisions = decisions.filter(area=area)
    elif area is not None:
        decisions = decisions.filter(area__uuid=area)
    return decisions


def is_past_deadline(decision: Decision, today: date) -> bool:
    """Open, and its deadline was before `today` (a deadline of today is not past yet)."""
    return (
        decision.status == DecisionStatus.OPEN
        and decision.deadline is not None
        and decision.deadline < today
    )


def is_revisit_due(decision: Decision, today: date) -> bool:
    """Decided (not yet revisited), and its revisit date is `today` or before."""
    return (
        decision.status == DecisionStatus.DECIDED
        and decision.revisit_on is not None
        and decision.revisit_on <= today
    )


@dataclass(frozen=True)
class DecisionCard:
    decision: Decision
    past_deadline: bool
    revisit_due: bool


@dataclass(frozen=True)
class DecisionGroup:
    status: str
    label: str
    cards: list[DecisionCard]


@dataclass(frozen=True)
class DecisionBoard:
    """The list page: a group per status that has decisions (open, decided, revisited), and the
    counts of each status and of those needing attention."""

    groups: list[DecisionGroup]
    counts: dict[str, int]
    attention: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def decision_board(workspace: Workspace, today: date) -> DecisionBoard:
    """Open decisions first (past their deadline first, then by deadline), then decided ones
    (revisits due first, then by revisit date), then revisited ones (latest first)."""
    cards: dict[str, list[DecisionCard]] = {status: [] for status in DecisionStatus.values}
    for decision in decision_list(workspace):
        card = DecisionCard(
            decision, is_past_deadline(decision, today), is_revisit_due(decision, today)
        )
        cards[decision.status].append(card)
    far = date.max
    cards[DecisionStatus.OPEN].sort(
        key=lambda c: (not c.past_deadline, c.decision.deadline or far, c.decision.created_at)
    )
    cards[DecisionStatus.DECIDED].sort(
        key=lambda c: (not c.revisit_due, c.decision.revisit_on or far, c.decision.created_at)
    )
    cards[DecisionStatus.REVISITED].sort(
        key=lambda c: c.decision.revisited_at or c.decision.updated_at, reverse=True
    )
    groups = [
        DecisionGroup(status.value, status.label, cards[status.value])
        for status in DecisionStatus
        if cards[status.value]
    ]
    counts = {status: len(found) for status, found in cards.items()}
    attention = sum(c.past_deadline or c.revisit_due for found in cards.values() for c in found)
    return DecisionBoard(groups, counts, attention)


# --- What needs attention ------------------------------------------------------------------------
@dataclass(frozen=True)
class DecisionAttention:
    """A decision to look at today: `kind` says why, `due` is the day it was due (the deadline,
    or the revisit date) and `days_late` how many days ago that was (0: today)."""

    kind: AttentionKind
    decision: Decision
    due: date
    days_late: int

    @property
    def reason(self) -> str:
        if self.kind == "past_deadline":
            return f"Its deadline was {_day(self.due)}. Time to decide."
        if self.days_late == 0:
            return "Due for a look back today: how did it turn out?"
        return f"Due for a look back since {_day(self.due)}: how did it turn out?"


def decisions_needing_attention(workspace: Workspace, today: date) -> list[DecisionAttention]:
    """Open decisions past their deadline and decided ones whose revisit is due (on or before
    `today`), the longest waiting first. One query; for Today's attention items and the weekly
    review."""
    rows = (
        Decision.objects.in_workspace(workspace)
        .filter(
            Q(status=DecisionStatus.OPEN, deadline__lt=today)
            | Q(status=DecisionStatus.DECIDED, revisit_on__lte=today)
        )
        .select_related("area")
    )
    found = []
    for decision in rows:
        if decision.status == DecisionStatus.OPEN:
            assert decision.deadline is not None
            kind: AttentionKind = "past_deadline"
            due = decision.deadline
        else:
            assert decision.revisit_on is not None
            kind, due = "revisit_due", decision.revisit_on
        found.append(DecisionAttention(kind, decision, due, (today - due).days))
    found.sort(key=lambda item: (item.due, item.decision.created_at))
    return found


# --- One decision --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Cell:
    """One score of the matrix: `field` names its input (`score-<option>-<criterion>`)."""

    criterion: DecisionCriterion
    score: int | None
    field: str


@dataclass(frozen=True)
class OptionRow:
    """An option with its scores (one cell per criterion, in the criteria's order), its weighted
    total, whether it leads (the highest total, above zero), and whether it was chosen."""

    option: DecisionOption
    cells: list[Cell]
    total: int
    leading: bool
    chosen: bool


@dataclass(frozen=True)
class DecisionSheet:
    decision: Decision
    rows: list[OptionRow]
    criteria: list[DecisionCriterion]
    max_total: int  # what an option scoring 10 on every criterion would reach

    @property
    def options(self) -> list[DecisionOption]:
        return [row.option for row in self.rows]

    @property
    def has_matrix(self) -> bool:
        return bool(self.rows and self.criteria)


def weighted_total(weights: Mapping[int, int], scores: Mapping[int, int]) -> int:
    """Σ weight × score over the criteria (by id) that have a score; a criterion without one adds
    nothing. The matrix's script (static/decisions/matrix.js) computes the same."""
    return sum(weights[criterion] * score for criterion, score in scores.items())


def decision_sheet(decision: Decision) -> DecisionSheet:
    """The decision's options (in order, with pros and cons), criteria, scores and totals, in
    three queries."""
    options = list(
        DecisionOption.objects.filter(
            workspace_id=decision.workspace_id, decision=decision
        ).order_by("position", "created_at")
    )
    criteria = list(
        DecisionCriterion.objects.filter(
            workspace_id=decision.workspace_id, decision=decision
        ).order_by("position", "created_at")
    )
    for row in (*options, *criteria):
        row.decision = decision  # known already: reading it costs no query
    scores: dict[int, dict[int, int]] = {}
    if options and criteria:
        for option_id, criterion_id, score in DecisionScore.objects.filter(
            workspace_id=decision.workspace_id, option__decision=decision
        ).values_list("option_id", "criterion_id", "score"):
            scores.setdefault(option_id, {})[criterion_id] = score
    weights = {c.pk: c.weight for c in criteria}
    totals = {o.pk: weighted_total(weights, scores.get(o.pk, {})) for o in options}
    best = max(totals.values(), default=0)
    rows = [
        OptionRow(
            option=option,
            cells=[
                Cell(c, scores.get(option.pk, {}).get(c.pk), score_field(option, c))
                for c in criteria
            ],
            total=totals[option.pk],
            leading=best > 0 and totals[option.pk] == best,
            chosen=option.pk == decision.chosen_option_id,
        )
        for option in options
    ]
    return DecisionSheet(decision, rows, criteria, sum(weights.values()) * SCORE_MAX)


def decision_with_counts(decision: Decision) -> Decision:
    """`decision` itself if it came from `decision_list`, else the same decision from it."""
    if hasattr(decision, "option_count"):
        return decision
    return decision_list(decision.workspace).get(pk=decision.pk)


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"
