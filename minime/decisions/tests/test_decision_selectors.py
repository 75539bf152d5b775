from __future__ import annotations

from datetime import date, timedelta

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.decisions import selectors, services
from minime.decisions.selectors import decision_sheet, decisions_needing_attention, weighted_total
from minime.decisions.tests.helpers import decided, make_decision

TODAY = date(2026, 12, 6)
DAY = timedelta(days=1)


# --- Weighted totals -----------------------------------------------------------------------------
def test_a_total_adds_weight_times_score_over_the_scored_criteria():
    assert weighted_total({1: 2, 2: 5}, {1: 7, 2: 3}) == 2 * 7 + 5 * 3
    assert weighted_total({1: 2, 2: 5}, {2: 4}) == 20  # an empty cell adds nothing
    assert weighted_total({1: 2}, {}) == 0


def test_the_sheet_has_the_matrix_in_order_with_totals_and_the_leader(ws):
    decision, (a, _b, _c), (_cost, joy) = make_decision(
        ws,
        options=("Lisbon", "Stay", "Remote"),
        criteria=(("Cost", 2), ("Joy", 5)),
        scores={(0, 0): 4, (0, 1): 9, (1, 0): 9, (1, 1): 4, (2, 1): 2},
    )
    sheet = decision_sheet(decision)
    assert [row.option.title for row in sheet.rows] == ["Lisbon", "Stay", "Remote"]
    assert [c.name for c in sheet.criteria] == ["Cost", "Joy"]
    assert [row.total for row in sheet.rows] == [2 * 4 + 5 * 9, 2 * 9 + 5 * 4, 5 * 2]
    assert [row.leading for row in sheet.rows] == [True, False, False]
    assert [cell.score for cell in sheet.rows[2].cells] == [None, 2]
    assert sheet.rows[0].cells[1].field == f"score-{a.uuid}-{joy.uuid}"
    assert sheet.max_total == (2 + 5) * 10 and sheet.has_matrix


def test_ties_share_the_lead_and_nothing_leads_at_zero(ws):
    decision, (a, b), (cost,) = make_decision(ws, criteria=(("Cost", 1),))
    assert [row.leading for row in decision_sheet(decision).rows] == [False, False]
    services.scores_set(
        decision=decision,
        changes=[services.ScoreChange(a, cost, 6), services.ScoreChange(b, cost, 6)],
    )
    assert [row.leading for row in decision_sheet(decision).rows] == [True, True]


def test_the_chosen_option_is_marked(ws):
    decision, (_, stay), _ = make_decision(ws)
    services.decision_choose(decision=decision, option=stay)
    assert [row.chosen for row in decision_sheet(decision).rows] == [False, True]
    assert not decision_sheet(decision).has_matrix  # no criteria


# --- The list ------------------------------------------------------------------------------------
def test_the_board_orders_open_then_decided_then_revisited(ws):
    make_decision(ws, "Later", deadline=TODAY + 9 * DAY)
    make_decision(ws, "Late", deadline=TODAY - DAY)
    make_decision(ws, "Whenever")
    decided(ws, "Look back soon", TODAY + 3 * DAY)
    decided(ws, "Look back now", TODAY)
    done = decided(ws, "Done", TODAY - 9 * DAY)
    services.decision_revisit(decision=done, outcome="as_expected", actual_outcome="Fine.")

    board = selectors.decision_board(ws, TODAY)
    titles = {g.status: [c.decision.question for c in g.cards] for g in board.groups}
    assert list(titles) == ["open", "decided", "revisited"]
    assert titles["open"] == ["Late", "Later", "Whenever"]
    assert titles["decided"] == ["Look back now", "Look back soon"]
    assert board.counts == {"open": 3, "decided": 2, "revisited": 1} and board.total == 6
    assert board.attention == 2
    cards = {c.decision.question: c for g in board.groups for c in g.cards}
    assert cards["Late"].past_deadline and not cards["Later"].past_deadline
    assert cards["Look back now"].revisit_due and not cards["Look back soon"].revisit_due
    assert not cards["Done"].revisit_due  # revisited already


def test_the_list_carries_counts_and_filters(ws):
    area = area_create(workspace=ws, name="Home")
    make_decision(ws, "Which sofa?", options=("A", "B", "C"), criteria=(("Comfort", 4),), area=area)
    decided(ws, "Paint the hall?", None)
    rows = list(selectors.decision_list(ws))
    assert [(d.question, d.option_count, d.criterion_count) for d in rows] == [  # type: ignore[attr-defined]
        ("Which sofa?", 3, 1),
        ("Paint the hall?", 2, 0),
    ]
    assert [d.question for d in selectors.decision_list(ws, status="decided")] == [
        "Paint the hall?"
    ]
    assert [d.question for d in selectors.decision_list(ws, area=area.uuid)] == ["Which sofa?"]
    assert [d.question for d in selectors.decision_list(ws, area=area)] == ["Which sofa?"]


# --- What needs attention ------------------------------------------------------------------------
def test_it_finds_open_decisions_past_their_deadline_and_revisits_due(ws):
    make_decision(ws, "Deadline today", deadline=TODAY)
    make_decision(ws, "Deadline passed", deadline=TODAY - 3 * DAY)
    make_decision(ws, "No deadline")
    decided(ws, "Revisit today", TODAY)
    decided(ws, "Revisit long ago", TODAY - 10 * DAY)
    decided(ws, "Revisit later", TODAY + DAY)
    decided(ws, "No revisit date", None)
    chosen_late = decided(ws, "Decided after its deadline", None, deadline=TODAY - 5 * DAY)
    assert chosen_late.deadline == TODAY - 5 * DAY  # decided: the deadline no longer matters
    done = decided(ws, "Revisited", TODAY - 20 * DAY)
    services.decision_revisit(decision=done, outcome="worse", actual_outcome="Rained.")

    found = decisions_needing_attention(ws, TODAY)
    assert [(a.decision.question, a.kind, a.days_late) for a in found] == [
        ("Revisit long ago", "revisit_due", 10),
        ("Deadline passed", "past_deadline", 3),
        ("Revisit today", "revisit_due", 0),
    ]
    assert found[1].due == TODAY - 3 * DAY
    assert found[1].reason == "Its deadline was 3 Dec 2026. Time to decide."
    assert found[2].reason == "Due for a look back today: how did it turn out?"
    assert found[0].reason == "Due for a look back since 26 Nov 2026: how did it turn out?"


def test_attention_is_one_query_and_sees_only_the_workspace(
    ws, personas, django_assert_num_queries
):
    for i in range(5):
        make_decision(ws, f"Late {i}", deadline=TODAY - DAY)
        decided(ws, f"Due {i}", TODAY)
    with as_user(personas.charlie.pk):
        theirs = personas.personal(personas.charlie)
        make_decision(theirs, "Charlie's", deadline=TODAY - DAY)
        assert [a.decision.question for a in decisions_needing_attention(theirs, TODAY)] == [
            "Charlie's"
        ]
    with django_assert_num_queries(1):
        found = decisions_needing_attention(ws, TODAY)
        assert len(found) == 10 and all(a.decision.area is None for a in found)


def test_the_sheet_and_the_board_run_a_constant_number_of_queries(ws, django_assert_num_queries):
    small, *_ = make_decision(ws, criteria=(("A", 1),), scores={(0, 0): 1})
    big, *_ = make_decision(
        ws,
        options=tuple(f"O{i}" for i in range(8)),
        criteria=tuple((f"C{i}", 2) for i in range(6)),
        scores={(o, c): (o + c) % 11 for o in range(8) for c in range(6)},
    )
    for decision in (small, big):
        with django_assert_num_queries(3):
            sheet = decision_sheet(decision)
            assert sum(row.total for row in sheet.rows) >= 0
    with django_assert_num_queries(1):
        assert selectors.decision_board(ws, TODAY).total == 2
