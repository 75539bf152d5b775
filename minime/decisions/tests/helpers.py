"""Decisions made through the services, for the tests."""

from __future__ import annotations

from datetime import date

from minime.decisions import services
from minime.decisions.models import Decision, DecisionCriterion, DecisionOption


def make_decision(
    ws,
    question: str = "Take the job in Lisbon?",
    options: tuple[str, ...] = ("Take it", "Stay"),
    criteria: tuple[tuple[str, int], ...] = (),
    scores: dict[tuple[int, int], int] | None = None,
    **fields,
) -> tuple[Decision, list[DecisionOption], list[DecisionCriterion]]:
    """A decision with `options`, `criteria` (name, weight) and `scores` by (option index,
    criterion index)."""
    decision = services.decision_create(workspace=ws, question=question, **fields)
    made = [services.option_create(decision=decision, title=title) for title in options]
    weighed = [
        services.criterion_create(decision=decision, name=name, weight=weight)
        for name, weight in criteria
    ]
    if scores:
        services.scores_set(
            decision=decision,
            changes=[
                services.ScoreChange(made[o], weighed[c], score) for (o, c), score in scores.items()
            ],
        )
    return decision, made, weighed


def decided(ws, question: str, revisit_on: date | None, **fields) -> Decision:
    decision, (first, _), _ = make_decision(ws, question, **fields)
    return services.decision_choose(
        decision=decision, option=first, reasoning="It fits.", revisit_on=revisit_on
    )
