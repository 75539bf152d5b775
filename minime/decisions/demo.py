"""Decisions for the demo workspace, made through the services like a person would.

Three, relative to `today`: one still open with three options, weighted criteria and scores; one
decided, with its revisit due in two days; one already revisited. Each is filed under the
workspace's area of that name when it has one (Work, Health, Home), else under none.
"""

from __future__ import annotations

from datetime import date, timedelta

from minime.accounts.models import User
from minime.areas.models import LifeArea
from minime.core.db import as_user
from minime.decisions import services
from minime.decisions.models import Decision, Outcome
from minime.workspaces.models import Workspace


def populate(*, user: User, workspace: Workspace, today: date) -> list[Decision]:
    """Add the demo decisions to `workspace` as `user`; returns them, open one first."""
    with as_user(user.pk):
        return _populate(workspace, today)


def _area(workspace: Workspace, name: str) -> LifeArea | None:
    return LifeArea.objects.in_workspace(workspace).filter(name__iexact=name).first()


def _populate(ws: Workspace, today: date) -> list[Decision]:
    day = timedelta(days=1)

    # Open: three options, weighted criteria, a full score matrix.
    lead = services.decision_create(
        workspace=ws,
        question="Take the team lead role, or stay an engineer?",
        context="Priya offered me the lead role when she moves on next quarter. "
        "I want to grow, but I would miss the deep work.",
        area=_area(ws, "Work"),
        deadline=today + 10 * day,
    )
    options = [
        services.option_create(
            decision=lead,
            title="Take the team lead role",
            pros="More say in what we build.\nA step up in pay.",
            cons="Less time to write code.\nMore meetings.",
        ),
        services.option_create(
            decision=lead,
            title="Stay a senior engineer",
            pros="Long stretches of focused work.\nNo people to manage.",
            cons="My growth may level off.",
        ),
        services.option_create(
            decision=lead,
            title="Propose a tech lead role instead",
            pros="Technical direction without managing people.",
            cons="The role does not exist yet; I would have to argue for it.",
        ),
    ]
    criteria = [
        services.criterion_create(decision=lead, name="Growth", weight=5),
        services.criterion_create(decision=lead, name="Time for deep work", weight=4),
        services.criterion_create(decision=lead, name="Pay", weight=2),
    ]
    scores = [[8, 3, 8], [4, 9, 5], [7, 7, 6]]  # option × criterion
    services.scores_set(
        decision=lead,
        changes=[
            services.ScoreChange(option, criterion, scores[i][j])
            for i, option in enumerate(options)
            for j, criterion in enumerate(criteria)
        ],
    )

    # Decided: the revisit comes up in two days.
    run = services.decision_create(
        workspace=ws,
        question="Run in the evening instead of before work?",
        context="Mornings keep slipping; I skipped four runs last month.",
        area=_area(ws, "Health"),
    )
    evening = services.option_create(
        decision=run,
        title="Run in the evening",
        pros="No alarm at 6.\nA way to close the work day.",
        cons="Dinner gets later.",
    )
    services.option_create(
        decision=run,
        title="Keep running before work",
        pros="Done before the day starts.",
        cons="Easy to skip when I slept badly.",
    )
    services.decision_choose(
        decision=run,
        option=evening,
        reasoning="I skip mornings, never evenings; a run I do beats a perfect one I skip.",
        expected_outcome="Three runs a week, every week.",
        revisit_on=today + 2 * day,
    )

    # Revisited: chosen, lived with, looked back on.
    bike = services.decision_create(
        workspace=ws,
        question="Buy a cargo bike or keep the second car?",
        area=_area(ws, "Home"),
    )
    cargo = services.option_create(
        decision=bike,
        title="Sell the car, buy a cargo bike",
        pros="Cheaper.\nExercise on the school run.",
        cons="Rainy days.",
    )
    services.option_create(decision=bike, title="Keep the second car", pros="Easy.", cons="Cost.")
    services.decision_choose(
        decision=bike,
        option=cargo,
        reasoning="Most trips are under 5 km.",
        expected_outcome="Save money; a few wet rides.",
        revisit_on=today - 14 * day,
    )
    services.decision_revisit(
        decision=bike,
        outcome=Outcome.BETTER,
        actual_outcome="We saved more than planned, and the kids love the rides. "
        "Rain mattered less than I feared.",
    )
    return [lead, run, bike]
