"""Row-level security under the decision tables, on PostgreSQL: even a query that forgets its
workspace filter sees only the user's workspaces, and no row can point into another workspace."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from minime.core.db import as_user
from minime.decisions.models import Decision, DecisionCriterion, DecisionOption, DecisionScore
from minime.decisions.tests.helpers import make_decision

pytestmark = pytest.mark.postgres


@pytest.fixture
def world(personas):
    p = personas
    with as_user(p.alice.pk):
        make_decision(p.personal(p.alice), "Alice private", criteria=(("Cost", 2),),
                      scores={(0, 0): 5})  # fmt: skip
        make_decision(p.shared, "Alice and Bob", criteria=(("Cost", 2),), scores={(0, 0): 5})
    with as_user(p.charlie.pk):
        make_decision(p.personal(p.charlie), "Charlie private", criteria=(("Cost", 2),),
                      scores={(0, 0): 5})  # fmt: skip
    return p


def _seen(user):
    with as_user(user.pk):
        return (
            sorted(Decision.objects.values_list("question", flat=True)),
            DecisionOption.objects.count(),
            DecisionCriterion.objects.count(),
            DecisionScore.objects.count(),
        )


def test_an_unscoped_query_sees_only_the_users_workspaces(world):
    assert _seen(world.alice) == (["Alice and Bob", "Alice private"], 4, 2, 2)
    assert _seen(world.bob) == (["Alice and Bob"], 2, 1, 1)
    assert _seen(world.charlie) == (["Charlie private"], 2, 1, 1)


def test_nothing_is_visible_without_a_user(world):
    with as_user(None):
        assert not Decision.objects.exists() and not DecisionScore.objects.exists()


def test_a_stranger_can_neither_change_nor_delete_the_rows(world):
    with as_user(world.charlie.pk):
        assert Decision.objects.filter(question="Alice private").update(question="Mine") == 0
        assert DecisionOption.objects.exclude(decision__question="Charlie private").delete()[0] == 0
    assert "Alice private" in _seen(world.alice)[0]


def _write_as_if_committed(write):
    """Run `write` and the commit-time checks (the workspace guards are deferred) in a savepoint,
    which a failure rolls back."""
    with transaction.atomic():
        write()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_a_choice_or_a_score_cannot_point_into_another_workspace(world):
    with as_user(world.alice.pk):
        mine = Decision.objects.get(question="Alice private")
        shared_option = DecisionOption.objects.filter(decision__question="Alice and Bob")[0]
        shared_criterion = DecisionCriterion.objects.get(decision__question="Alice and Bob")
        my_option = DecisionOption.objects.filter(decision=mine)[0]

        def choose_elsewhere():
            Decision.objects.filter(pk=mine.pk).update(chosen_option=shared_option)

        def score_elsewhere():
            DecisionScore.objects.create(
                workspace_id=mine.workspace_id,
                option=my_option,
                criterion=shared_criterion,
                score=3,
            )

        with pytest.raises(IntegrityError, match="decisions_decision_chosen_option_id_ws_guard"):
            _write_as_if_committed(choose_elsewhere)
        with pytest.raises(IntegrityError, match="decisions_decisionscore_criterion_id_ws_guard"):
            _write_as_if_committed(score_elsewhere)
