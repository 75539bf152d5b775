from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from minime.areas.services import area_create
from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Conflict, Invalid
from minime.decisions import services
from minime.decisions.models import (
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionScore,
    DecisionStatus,
    Outcome,
)
from minime.decisions.tests.helpers import make_decision

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


# --- Decisions -----------------------------------------------------------------------------------
def test_it_creates_an_open_decision(ws):
    area = area_create(workspace=ws, name="Work")
    decision = services.decision_create(
        workspace=ws,
        question="  Take the job in Lisbon?  ",
        context="Offer ends Friday.",
        area=area,
        deadline=date(2026, 12, 12),
    )
    stored = Decision.objects.get(pk=decision.pk)
    assert stored.question == "Take the job in Lisbon?" and stored.status == DecisionStatus.OPEN
    assert stored.area == area and stored.deadline == date(2026, 12, 12)
    assert stored.version == 1 and stored.chosen_option is None


def test_it_refuses_a_blank_question_and_text_past_its_limit(ws):
    with pytest.raises(Invalid) as blank:
        services.decision_create(workspace=ws, question="   ")
    assert "question" in blank.value.fields
    with pytest.raises(Invalid) as long:
        services.decision_create(workspace=ws, question="Q", context="x" * (limits.NOTES_MAX + 1))
    assert "context" in long.value.fields
    with pytest.raises(Invalid) as far:
        services.decision_create(workspace=ws, question="Q", deadline=date(2300, 1, 1))
    assert far.value.fields == {"deadline": [limits.DATE_RANGE_MESSAGE]}
    assert not Decision.objects.exists()


def test_it_refuses_an_area_of_another_workspace(ws, personas):
    with as_user(personas.charlie.pk):
        theirs = area_create(workspace=personas.personal(personas.charlie), name="Secret")
    with pytest.raises(Invalid) as refused:
        services.decision_create(workspace=ws, question="Q", area=theirs)
    assert refused.value.fields == {"area": [services.AREA_ELSEWHERE]}
    decision = services.decision_create(workspace=ws, question="Q")
    with pytest.raises(Invalid):
        services.decision_update(decision=decision, expected_version=1, area=theirs)


def test_updating_needs_the_current_version(ws):
    decision = services.decision_create(workspace=ws, question="Move?")
    services.decision_update(decision=decision, expected_version=1, context="Rent went up.")
    assert decision.version == 2
    stale = Decision.objects.get(pk=decision.pk)
    stale.version = 1
    with pytest.raises(Conflict) as conflict:
        services.decision_update(decision=stale, expected_version=1, question="Move out?")
    assert conflict.value.current_version == 2
    assert Decision.objects.get(pk=decision.pk).question == "Move?"


def test_unknown_fields_are_refused(ws):
    with pytest.raises(Invalid, match="Unknown fields: status"):
        services.decision_create(workspace=ws, question="Q", status="decided")


def test_deleting_a_decision_deletes_its_options_criteria_and_scores(ws):
    decision, options, _ = make_decision(ws, criteria=(("Cost", 3),), scores={(0, 0): 7})
    services.decision_choose(decision=decision, option=options[0])
    services.decision_delete(decision=decision)
    for model in (Decision, DecisionOption, DecisionCriterion, DecisionScore):
        assert not model.objects.exists(), model


# --- Choosing, revisiting, reopening -------------------------------------------------------------
def test_choosing_records_the_choice_and_makes_it_decided(ws):
    decision, (take, _), _ = make_decision(ws)
    services.decision_choose(
        decision=decision,
        option=take,
        reasoning=" Better pay. ",
        expected_outcome="More savings.",
        revisit_on=date(2027, 3, 1),
        expected_version=1,
        now=NOW,
    )
    stored = Decision.objects.get(pk=decision.pk)
    assert stored.status == DecisionStatus.DECIDED and stored.chosen_option == take
    assert (stored.reasoning, stored.expected_outcome) == ("Better pay.", "More savings.")
    assert stored.revisit_on == date(2027, 3, 1) and stored.decided_at == NOW
    assert stored.version == 2


def test_choosing_again_changes_the_record_but_keeps_when_it_was_first_decided(ws):
    decision, (take, stay), _ = make_decision(ws)
    services.decision_choose(decision=decision, option=take, now=NOW)
    later = datetime(2026, 12, 8, tzinfo=UTC)
    services.decision_choose(decision=decision, option=stay, reasoning="Family.", now=later)
    stored = Decision.objects.get(pk=decision.pk)
    assert stored.chosen_option == stay and stored.decided_at == NOW


def test_an_option_of_another_decision_cannot_be_chosen(ws):
    decision, _, _ = make_decision(ws)
    _, (elsewhere, _), _ = make_decision(ws, "Another")
    with pytest.raises(Invalid) as refused:
        services.decision_choose(decision=decision, option=elsewhere)
    assert refused.value.fields == {"option": [services.OPTION_ELSEWHERE]}
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.OPEN


def test_a_stale_choice_is_refused(ws):
    decision, (take, _), _ = make_decision(ws)
    services.decision_update(decision=decision, expected_version=1, context="New facts.")
    stale = Decision.objects.get(pk=decision.pk)
    with pytest.raises(Conflict):
        services.decision_choose(decision=stale, option=take, expected_version=1)


def test_revisiting_records_what_happened_and_how_it_compares(ws):
    decision, (take, _), _ = make_decision(ws)
    services.decision_choose(decision=decision, option=take)
    services.decision_revisit(
        decision=decision,
        outcome=Outcome.BETTER,
        actual_outcome=" Loved the city. ",
        now=NOW,
    )
    stored = Decision.objects.get(pk=decision.pk)
    assert stored.status == DecisionStatus.REVISITED and stored.outcome == "better"
    assert stored.actual_outcome == "Loved the city." and stored.revisited_at == NOW


def test_an_open_decision_cannot_be_revisited(ws):
    decision, _, _ = make_decision(ws)
    with pytest.raises(Invalid, match="Record the choice first"):
        services.decision_revisit(decision=decision, outcome="better", actual_outcome="x")


def test_a_revisit_needs_the_comparison_and_what_happened(ws):
    decision, (take, _), _ = make_decision(ws)
    services.decision_choose(decision=decision, option=take)
    with pytest.raises(Invalid) as refused:
        services.decision_revisit(decision=decision, outcome="great", actual_outcome="  ")
    assert refused.value.fields == {
        "outcome": [services.OUTCOME_NEEDED],
        "actual_outcome": [services.ACTUAL_NEEDED],
    }
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.DECIDED


def test_a_revisited_decision_must_be_reopened_before_choosing_again(ws):
    decision, (take, stay), _ = make_decision(ws)
    services.decision_choose(decision=decision, option=take, reasoning="Pay.")
    services.decision_revisit(decision=decision, outcome="worse", actual_outcome="Too far.")
    with pytest.raises(Invalid, match="Reopen it"):
        services.decision_choose(decision=decision, option=stay)
    services.decision_reopen(decision=decision)
    stored = Decision.objects.get(pk=decision.pk)
    assert stored.status == DecisionStatus.OPEN and stored.chosen_option is None
    assert stored.decided_at is None and stored.revisited_at is None and stored.outcome == ""
    assert stored.reasoning == "Pay." and stored.actual_outcome == "Too far."  # nothing lost
    services.decision_choose(decision=stored, option=stay)
    assert Decision.objects.get(pk=decision.pk).chosen_option == stay


def test_reopening_an_open_decision_changes_nothing(ws):
    decision, _, _ = make_decision(ws)
    services.decision_reopen(decision=decision)
    assert Decision.objects.get(pk=decision.pk).version == 1


# --- Options and criteria ------------------------------------------------------------------------
def test_options_are_added_in_order_with_pros_and_cons(ws):
    decision = services.decision_create(workspace=ws, question="Which car?")
    first = services.option_create(decision=decision, title="Used", pros="Cheap", cons="Old")
    second = services.option_create(decision=decision, title="New")
    assert (first.position, second.position) == (1, 2)
    assert (first.pros, first.cons, first.workspace_id) == ("Cheap", "Old", ws.pk)
    services.option_update(option=second, expected_version=1, title="New, electric", pros="Quiet")
    stored = DecisionOption.objects.get(pk=second.pk)
    assert (stored.title, stored.pros, stored.version) == ("New, electric", "Quiet", 2)


def test_an_option_needs_a_title_and_a_place(ws):
    decision = services.decision_create(workspace=ws, question="Which car?")
    with pytest.raises(Invalid) as blank:
        services.option_create(decision=decision, title=" ")
    assert "title" in blank.value.fields
    for i in range(limits.DECISION_OPTIONS_MAX):
        services.option_create(decision=decision, title=f"Car {i}")
    with pytest.raises(Invalid, match=r"At most 20 options\."):
        services.option_create(decision=decision, title="One more")


def test_the_chosen_option_cannot_be_deleted_but_another_can(ws):
    decision, (take, stay), _ = make_decision(ws, criteria=(("Pay", 5),), scores={(1, 0): 4})
    services.decision_choose(decision=decision, option=take)
    with pytest.raises(Invalid, match="option you chose"):
        services.option_delete(option=take)
    services.option_delete(option=stay)
    assert list(DecisionOption.objects.values_list("title", flat=True)) == ["Take it"]
    assert not DecisionScore.objects.exists()


def test_criteria_are_weighted_from_1_to_5(ws):
    decision = services.decision_create(workspace=ws, question="Which flat?")
    rent = services.criterion_create(decision=decision, name="Rent")
    assert rent.weight == 3 and rent.position == 1
    light = services.criterion_create(decision=decision, name="Light", weight=5)
    assert light.position == 2
    for weight in (0, 6):
        with pytest.raises(Invalid) as refused:
            services.criterion_create(decision=decision, name="Noise", weight=weight)
        assert "weight" in refused.value.fields
        with pytest.raises(Invalid):
            services.criterion_update(criterion=rent, expected_version=None, weight=weight)
    services.criterion_update(criterion=rent, expected_version=1, name="Rent + bills", weight=4)
    stored = DecisionCriterion.objects.get(pk=rent.pk)
    assert (stored.name, stored.weight, stored.version) == ("Rent + bills", 4, 2)


def test_a_decision_has_at_most_20_criteria(ws):
    decision = services.decision_create(workspace=ws, question="Which flat?")
    for i in range(limits.DECISION_CRITERIA_MAX):
        services.criterion_create(decision=decision, name=f"C{i}")
    with pytest.raises(Invalid, match=r"At most 20 criteria\."):
        services.criterion_create(decision=decision, name="One more")


# --- Scores --------------------------------------------------------------------------------------
def test_scores_are_set_changed_and_cleared_cell_by_cell(ws):
    decision, (a, b), (cost, joy) = make_decision(ws, criteria=(("Cost", 2), ("Joy", 5)))
    Change = services.ScoreChange
    services.scores_set(
        decision=decision, changes=[Change(a, cost, 7), Change(a, joy, 3), Change(b, joy, 9)]
    )
    services.scores_set(decision=decision, changes=[Change(a, cost, 8), Change(b, joy, None)])

    def cells():
        return {
            (s.option.title, s.criterion.name): (s.score, s.version)
            for s in DecisionScore.objects.select_related("option", "criterion")
        }

    assert cells() == {("Take it", "Cost"): (8, 2), ("Take it", "Joy"): (3, 1)}
    assert DecisionScore.objects.get(score=3).workspace_id == ws.pk


def test_scores_outside_0_to_10_or_of_another_decision_write_nothing(ws):
    decision, (a, _), (cost,) = make_decision(ws, criteria=(("Cost", 2),))
    _, (theirs, _), (their_cost,) = make_decision(ws, "Other", criteria=(("Cost", 2),))
    Change = services.ScoreChange
    with pytest.raises(Invalid) as refused:
        services.scores_set(
            decision=decision,
            changes=[Change(a, cost, 11), Change(theirs, cost, 5), Change(a, their_cost, 5)],
        )
    assert refused.value.fields == {
        f"score-{a.uuid}-{cost.uuid}": [services.SCORE_RANGE],
        f"score-{theirs.uuid}-{cost.uuid}": [services.OPTION_ELSEWHERE],
        f"score-{a.uuid}-{their_cost.uuid}": [services.CRITERION_ELSEWHERE],
    }
    assert not DecisionScore.objects.exists()


def test_deleting_a_criterion_takes_its_scores(ws):
    _decision, _, (cost, _joy) = make_decision(
        ws, criteria=(("Cost", 2), ("Joy", 5)), scores={(0, 0): 7, (0, 1): 3}
    )
    services.criterion_delete(criterion=cost)
    assert list(DecisionScore.objects.values_list("criterion__name", flat=True)) == ["Joy"]
