"""The decision pages, with htmx and without JavaScript."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core import limits
from minime.core.db import as_user
from minime.decisions import services
from minime.decisions.models import (
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionScore,
    DecisionStatus,
)
from minime.decisions.tests.helpers import decided, make_decision

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def home(personas):
    """Alice's personal workspace (rows made as alice through `mine`)."""
    return personas.personal(personas.alice)


@pytest.fixture
def mine(alice):
    """Run a block as alice, for rows made or read outside a request."""
    return lambda: as_user(alice.pk)


def _page(response) -> str:
    return response.content.decode()


def _stored(mine, model=Decision, **lookup):
    with mine():
        return model.objects.get(**lookup)


# --- The list ------------------------------------------------------------------------------------
def test_the_empty_list_offers_the_next_action(signed_in):
    page = _page(signed_in.get("/decisions/"))
    assert "No decisions yet" in page and 'href="#id_question"' in page
    assert "Write down a decision" in page and 'data-hotkey="add"' in page
    assert "style=" not in page and "<style" not in page


def test_adding_a_decision_without_js_goes_to_its_page(signed_in, mine, home):
    with mine():
        area = area_create(workspace=home, name="Work", icon="briefcase")
    response = signed_in.post(
        "/decisions/",
        {"question": "Take the job in Lisbon?", "area": area.uuid, "deadline": "2030-01-15"},
    )
    decision = _stored(mine, question="Take the job in Lisbon?")
    assert response.status_code == 302 and response["Location"] == f"/decisions/{decision.uuid}/"
    assert decision.area_id == area.pk and str(decision.deadline) == "2030-01-15"
    page = _page(signed_in.get(response["Location"]))
    assert "Take the job in Lisbon?" in page and "Now write down the options." in page


def test_adding_a_decision_with_htmx_redirects_the_browser(signed_in, mine):
    response = signed_in.post("/decisions/", {"question": "Buy a car?"}, **HTMX)
    decision = _stored(mine, question="Buy a car?")
    assert response.status_code == 200 and response["HX-Redirect"] == f"/decisions/{decision.uuid}/"


def test_a_blank_question_is_explained_next_to_the_field(signed_in, mine):
    response = signed_in.post("/decisions/", {"question": "", "deadline": "2030-01-15"})
    assert response.status_code == 422
    page = _page(response)
    assert "This field is required." in page and 'value="2030-01-15"' in page
    assert 'aria-invalid="true"' in page and "<html" in page
    response = signed_in.post("/decisions/", {"question": "", "deadline": "2030-01-15"}, **HTMX)
    assert response.status_code == 422  # app.js swaps 422 answers into the form
    page = _page(response)
    assert "<html" not in page and 'id="add-decision"' in page and "This field is required." in page
    with mine():
        assert not Decision.objects.exists()


def test_the_list_shows_open_first_then_decided_then_revisited_with_counts(signed_in, mine, home):
    today = timezone.localdate()
    with mine():
        make_decision(home, "Still open")
        make_decision(home, "Late one", deadline=today - timedelta(days=2))
        decided(home, "Waiting to look back", today + timedelta(days=30))
        decided(home, "Look back now", today)
        done = decided(home, "All done", today - timedelta(days=3))
        services.decision_revisit(decision=done, outcome="better", actual_outcome="Great.")
    page = _page(signed_in.get("/decisions/"))
    order = [
        page.index(text)
        for text in (
            ">Open",
            "Late one",
            "Still open",
            ">Decided",
            "Look back now",
            "Waiting to look back",
            ">Revisited",
            "All done",
        )
    ]
    assert order == sorted(order)
    assert "2 open" in page and "2 decided" in page and "1 revisited" in page
    assert "2 need a look" in page
    assert "Revisit due" in page and "Past its deadline" in page and "Better than expected" in page
    assert '<span class="chip tone-success">Better than expected</span>' in page
    assert '<span class="badge tone-warning">Revisit due</span>' in page
    assert page.count('<details class="menu" data-menu>') == 5  # one menu per row


def test_reopening_and_deleting_from_a_row_menu(signed_in, mine, home):
    with mine():
        decision = decided(home, "Paint the hall?", None)
    url = f"/decisions/{decision.uuid}/"
    response = signed_in.post(f"{url}reopen/", {"next": "list"}, **HTMX)
    assert response.status_code == 200
    page = _page(response)
    assert "<html" not in page and "is open again" in page and "1 open" in page
    assert _stored(mine, pk=decision.pk).status == DecisionStatus.OPEN
    response = signed_in.post(f"{url}delete/", {"next": "list"})
    assert response.status_code == 302 and response["Location"] == "/decisions/"
    with mine():
        assert not Decision.objects.exists()


# --- A decision ----------------------------------------------------------------------------------
def test_the_decision_page_shows_options_criteria_matrix_and_the_choice_form(signed_in, mine, home):
    with mine():
        decision, (a, _b), (_cost, joy) = make_decision(
            home,
            criteria=(("Cost", 2), ("Joy", 5)),
            scores={(0, 0): 4, (0, 1): 9, (1, 0): 9},
        )
        services.option_update(option=a, expected_version=1, pros="Sea", cons="Far from mum")
    page = _page(signed_in.get(f"/decisions/{decision.uuid}/"))
    assert "Sea" in page and "Far from mum" in page
    assert "data-matrix" in page and "decisions/matrix.js" in page
    assert f'name="score-{a.uuid}-{joy.uuid}"' in page and 'value="9"' in page
    assert f'name="weight-{joy.uuid}"' in page
    assert "Total 53 of 70" in page and "Total 18 of 70" in page  # 2×4+5×9, 2×9
    assert "Make the choice" in page and 'name="choose-option"' in page
    assert "style=" not in page and "<style" not in page and "<script>" not in page


def test_an_empty_decision_says_what_to_add(signed_in, mine, home):
    with mine():
        decision = services.decision_create(workspace=home, question="Move?")
    page = _page(signed_in.get(f"/decisions/{decision.uuid}/"))
    assert "No options yet" in page and "Add the options first" in page
    assert "data-matrix" not in page


def test_editing_the_details_plain_and_with_htmx(signed_in, mine, home):
    with mine():
        decision = services.decision_create(workspace=home, question="Move?")
    url = f"/decisions/{decision.uuid}/"
    form = {
        "decision-question": "Move to Porto?",
        "decision-context": "Rent is rising.",
        "decision-area": "",
        "decision-deadline": "",
        "decision-version": 1,
    }
    assert signed_in.post(url, form).status_code == 302
    stored = _stored(mine, pk=decision.pk)
    assert stored.question == "Move to Porto?" and stored.version == 2
    response = signed_in.post(
        url, {**form, "decision-version": 2, "decision-question": "x"}, **HTMX
    )
    assert response.status_code == 200
    page = _page(response)
    assert page.lstrip().startswith('<div class="stack decision" id="decision"')
    assert "Saved the details." in page


def test_a_stale_edit_is_refused_and_keeps_what_was_typed(signed_in, mine, home):
    with mine():
        decision = services.decision_create(workspace=home, question="Move?")
        services.decision_update(decision=decision, expected_version=1, context="Elsewhere")
    form = {"decision-question": "Stay put?", "decision-version": 1}
    response = signed_in.post(f"/decisions/{decision.uuid}/", form, **HTMX)
    assert response.status_code == 422
    page = _page(response)
    assert "changed somewhere else" in page and 'value="Stay put?"' in page
    assert _stored(mine, pk=decision.pk).question == "Move?"


def test_adding_options_with_htmx_keeps_the_cursor_in_the_add_field(signed_in, mine, home):
    with mine():
        decision = services.decision_create(workspace=home, question="Which car?")
    url = f"/decisions/{decision.uuid}/options/"
    response = signed_in.post(
        url, {"option-title": "Used", "option-pros": "Cheap", "option-cons": ""}, **HTMX
    )
    assert response.status_code == 200
    page = _page(response)
    assert "Added the option Used." in page and "<html" not in page
    assert re.search(r'<input type="text" name="option-title"[^>]*autofocus', page)
    response = signed_in.post(url, {"option-title": " "}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in _page(response)
    response = signed_in.post(url, {"option-title": "New"})
    assert response.status_code == 302 and response["Location"].endswith("#options")
    with mine():
        assert list(DecisionOption.objects.values_list("title", "pros")) == [
            ("Used", "Cheap"),
            ("New", ""),
        ]


def test_a_too_long_option_is_refused_without_js(signed_in, mine, home):
    with mine():
        decision = services.decision_create(workspace=home, question="Which car?")
    response = signed_in.post(
        f"/decisions/{decision.uuid}/options/",
        {"option-title": "Used", "option-pros": "p" * (limits.NOTES_MAX + 1)},
    )
    assert response.status_code == 422
    assert f"at most {limits.NOTES_MAX} characters" in _page(response)
    with mine():
        assert not DecisionOption.objects.exists()


def test_editing_an_option_in_its_row(signed_in, mine, home):
    with mine():
        _decision, (a, _), _ = make_decision(home)
    url = f"/decisions/options/{a.uuid}/edit/"
    row = _page(signed_in.get(url, **HTMX))
    assert row.lstrip().startswith(f'<li class="decision-option is-editing" id="option-{a.uuid}"')
    plain = _page(signed_in.get(url))
    assert "<html" in plain and 'name="edit-option-title"' in plain
    form = {"edit-option-title": "Take it now", "edit-option-pros": "Pay", "edit-option-version": 1}
    response = signed_in.post(url, form, **HTMX)
    assert response.status_code == 200 and "Saved the option Take it now." in _page(response)
    response = signed_in.post(url, {**form, "edit-option-title": ""})
    assert response.status_code == 422
    page = _page(response)
    assert "This field is required." in page and 'name="edit-option-title"' in page
    stored = _stored(mine, DecisionOption, pk=a.pk)
    assert (stored.title, stored.pros) == ("Take it now", "Pay")


def test_the_chosen_option_is_kept_and_others_deleted(signed_in, mine, home):
    with mine():
        decision, (a, b), _ = make_decision(home)
        services.decision_choose(decision=decision, option=a)
    page = _page(signed_in.get(f"/decisions/{decision.uuid}/"))
    assert f"/decisions/options/{a.uuid}/delete/" not in page  # no Delete in its menu
    response = signed_in.post(f"/decisions/options/{a.uuid}/delete/", **HTMX)
    assert response.status_code == 422 and "option you chose" in _page(response)
    response = signed_in.post(f"/decisions/options/{b.uuid}/delete/")
    assert response.status_code == 302
    with mine():
        assert list(DecisionOption.objects.values_list("title", flat=True)) == ["Take it"]


def test_criteria_are_added_edited_and_deleted(signed_in, mine, home):
    with mine():
        decision, _, _ = make_decision(home)
    response = signed_in.post(
        f"/decisions/{decision.uuid}/criteria/",
        {"criterion-name": "Cost", "criterion-weight": "4"},
        **HTMX,
    )
    assert response.status_code == 200 and "Added the criterion Cost." in _page(response)
    assert re.search(r'name="criterion-name"[^>]*autofocus', _page(response))
    criterion = _stored(mine, DecisionCriterion, name="Cost")
    assert criterion.weight == 4
    response = signed_in.post(
        f"/decisions/{decision.uuid}/criteria/", {"criterion-name": "Joy", "criterion-weight": "9"}
    )
    assert response.status_code == 422 and "Select a valid choice" in _page(response)
    url = f"/decisions/criteria/{criterion.uuid}/edit/"
    assert 'name="edit-criterion-name"' in _page(signed_in.get(url, **HTMX))
    edit = {
        "edit-criterion-name": "Money",
        "edit-criterion-weight": "5",
        "edit-criterion-version": 1,
    }
    assert signed_in.post(url, edit).status_code == 302
    assert _stored(mine, DecisionCriterion, pk=criterion.pk).name == "Money"
    response = signed_in.post(f"/decisions/criteria/{criterion.uuid}/delete/", **HTMX)
    assert response.status_code == 200 and "Deleted the criterion Money." in _page(response)
    with mine():
        assert not DecisionCriterion.objects.exists()


def test_saving_the_matrix_recomputes_the_totals_without_js(signed_in, mine, home):
    with mine():
        decision, (a, b), (cost, joy) = make_decision(home, criteria=(("Cost", 2), ("Joy", 5)))
    form = {
        f"weight-{cost.uuid}": "3",
        f"weight-{joy.uuid}": "5",
        f"score-{a.uuid}-{cost.uuid}": "4",
        f"score-{a.uuid}-{joy.uuid}": "9",
        f"score-{b.uuid}-{cost.uuid}": "10",
        f"score-{b.uuid}-{joy.uuid}": "",
    }
    response = signed_in.post(f"/decisions/{decision.uuid}/scores/", form)
    assert response.status_code == 302 and response["Location"].endswith("#matrix")
    page = _page(signed_in.get(response["Location"]))
    assert "Total 57 of 80" in page and "Total 30 of 80" in page  # 3×4+5×9, 3×10
    assert _stored(mine, DecisionCriterion, pk=cost.pk).weight == 3
    with mine():
        assert DecisionScore.objects.count() == 3


def test_a_bad_score_is_explained_in_its_cell_and_nothing_is_saved(signed_in, mine, home):
    with mine():
        decision, (a, b), (cost,) = make_decision(home, criteria=(("Cost", 2),))
    form = {
        f"weight-{cost.uuid}": "6",
        f"score-{a.uuid}-{cost.uuid}": "11",
        f"score-{b.uuid}-{cost.uuid}": "7",
    }
    for extra in ({}, HTMX):
        response = signed_in.post(f"/decisions/{decision.uuid}/scores/", form, **extra)
        assert response.status_code == 422
        page = _page(response)
        assert "A score from 0 to 10, or empty." in page and "A weight from 1 to 5." in page
        assert 'value="11"' in page and 'aria-invalid="true"' in page
    with mine():
        assert not DecisionScore.objects.exists()
        assert DecisionCriterion.objects.get().weight == 2


def test_choosing_then_revisiting_with_htmx(signed_in, mine, home):
    with mine():
        decision, (_a, b), _ = make_decision(home)
    url = f"/decisions/{decision.uuid}/"
    choice = {
        "choose-option": str(b.uuid),
        "choose-reasoning": "Family first.",
        "choose-expected_outcome": "Less stress.",
        "choose-revisit_on": "2030-06-01",
        "choose-version": 1,
    }
    response = signed_in.post(f"{url}choose/", choice, **HTMX)
    assert response.status_code == 200
    page = _page(response)
    assert "Decided: Stay." in page and "Family first." in page and "1 Jun 2030" in page
    assert "Record how it turned out" in page and "Change the choice" in page
    stored = _stored(mine, pk=decision.pk)
    assert stored.status == DecisionStatus.DECIDED and stored.chosen_option_id == b.pk
    revisit = {
        "revisit-actual_outcome": "Calmer, as hoped.",
        "revisit-outcome": "as_expected",
        "revisit-version": stored.version,
    }
    response = signed_in.post(f"{url}revisit/", revisit, **HTMX)
    assert response.status_code == 200
    page = _page(response)
    assert "Recorded how it turned out." in page and "How it turned out" in page
    assert "Calmer, as hoped." in page and "As expected" in page
    assert _stored(mine, pk=decision.pk).status == DecisionStatus.REVISITED


def test_choosing_without_js_and_its_mistakes(signed_in, mine, home):
    with mine():
        decision, (a, _), _ = make_decision(home)
        _, (elsewhere, _), _ = make_decision(home, "Another")
    url = f"/decisions/{decision.uuid}/choose/"
    response = signed_in.post(url, {"choose-reasoning": "Because.", "choose-revisit_on": "soon"})
    assert response.status_code == 422
    page = _page(response)
    assert "Choose one of the options." in page and "Enter a valid date." in page
    assert "Because." in page
    response = signed_in.post(url, {"choose-option": str(elsewhere.uuid)})
    assert response.status_code == 422 and "Choose one of this decision" in _page(response)
    response = signed_in.post(url, {"choose-option": str(a.uuid), "choose-revisit_on": ""})
    assert response.status_code == 302 and response["Location"].endswith("#choice")
    assert _stored(mine, pk=decision.pk).chosen_option_id == a.pk


def test_the_choice_form_proposes_a_revisit_date(signed_in, mine, home):
    with mine():
        decision, _, _ = make_decision(home)
    proposed = timezone.localdate() + timedelta(days=90)
    page = _page(signed_in.get(f"/decisions/{decision.uuid}/"))
    assert f'name="choose-revisit_on" value="{proposed.isoformat()}"' in page


def test_a_revisit_without_an_answer_is_explained(signed_in, mine, home):
    with mine():
        decision = decided(home, "Move?", timezone.localdate())
    page = _page(signed_in.get(f"/decisions/{decision.uuid}/"))
    assert "It is time to look back" in page and "Revisit due" in page
    response = signed_in.post(f"/decisions/{decision.uuid}/revisit/", {}, **HTMX)
    assert response.status_code == 422
    page = _page(response)
    assert "Write what actually happened." in page
    assert "Say how it turned out compared with what you expected." in page


def test_revisiting_an_open_decision_is_refused(signed_in, mine, home):
    with mine():
        decision, _, _ = make_decision(home)
    form = {"revisit-actual_outcome": "x", "revisit-outcome": "better"}
    response = signed_in.post(f"/decisions/{decision.uuid}/revisit/", form)
    assert response.status_code == 422 and "Record the choice first" in _page(response)


def test_reopening_and_deleting_from_the_decision_page(signed_in, mine, home):
    with mine():
        decision = decided(home, "Move?", None)
    url = f"/decisions/{decision.uuid}/"
    response = signed_in.post(f"{url}reopen/", **HTMX)
    assert response.status_code == 200 and "is open again" in _page(response)
    assert "Make the choice" in _page(response)
    response = signed_in.post(f"{url}delete/", **HTMX)
    assert response.status_code == 200 and response["HX-Redirect"] == "/decisions/"
    with mine():
        assert not Decision.objects.exists()


def test_another_workspaces_decision_answers_404(client, charlie, mine, home):
    with mine():
        decision, (a, _), (cost,) = make_decision(home, criteria=(("Cost", 1),))
    client.force_login(charlie)
    url = f"/decisions/{decision.uuid}/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision-question": "Hacked"}).status_code == 404
    for action in ("delete", "reopen", "choose", "revisit", "options", "criteria", "scores"):
        assert client.post(f"{url}{action}/").status_code == 404, action
    for path in (f"options/{a.uuid}/edit", f"options/{a.uuid}/delete"):
        assert client.post(f"/decisions/{path}/").status_code == 404
        assert client.get(f"/decisions/{path.replace('delete', 'edit')}/").status_code == 404
    for path in (f"criteria/{cost.uuid}/edit", f"criteria/{cost.uuid}/delete"):
        assert client.post(f"/decisions/{path}/").status_code == 404
    assert "Take the job in Lisbon?" not in _page(client.get("/decisions/"))
    with mine():
        assert Decision.objects.get().question == "Take the job in Lisbon?"
        assert DecisionOption.objects.count() == 2 and DecisionCriterion.objects.count() == 1


# --- Query counts --------------------------------------------------------------------------------
def _fill(mine, home, count, start=0):
    """`count` decisions of every kind, each with three options, two criteria and scores."""
    today = timezone.localdate()
    made = []
    with mine():
        area = area_create(workspace=home, name=f"Area {start}")
        for i in range(start, start + count):
            decision, options, _ = make_decision(
                home,
                f"Decision {i}",
                options=("A", "B", "C"),
                criteria=(("Cost", 2), ("Joy", 4)),
                scores={(o, c): o + c for o in range(3) for c in range(2)},
                area=area,
                deadline=today - timedelta(days=1),
            )
            if i % 3:
                services.decision_choose(decision=decision, option=options[0], revisit_on=today)
            if i % 3 == 2:
                services.decision_revisit(decision=decision, outcome="worse", actual_outcome="x")
            made.append(decision)
    return made


def test_the_list_page_makes_the_same_number_of_queries_for_3_or_30_decisions(
    signed_in, mine, home, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(mine, home, 3)
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get("/decisions/").status_code == 200
    few = len(measured)
    _fill(mine, home, 27, start=3)
    with django_assert_num_queries(few):
        assert signed_in.get("/decisions/").status_code == 200


def test_the_decision_page_makes_the_same_number_of_queries_for_3_or_30_decisions(
    signed_in, mine, home, django_assert_max_num_queries, django_assert_num_queries
):
    (decision, *_) = _fill(mine, home, 3)
    url = f"/decisions/{decision.uuid}/"
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get(url).status_code == 200
    few = len(measured)
    _fill(mine, home, 27, start=3)
    with mine():
        for i in range(10):
            option = services.option_create(decision=decision, title=f"More {i}")
            criterion = services.criterion_create(decision=decision, name=f"More {i}")
            services.scores_set(
                decision=decision, changes=[services.ScoreChange(option, criterion, 5)]
            )
    with django_assert_num_queries(few):
        assert signed_in.get(url).status_code == 200
