"""Decisions hold the same bounds on the API and the pages: text lengths from core.limits, dates
in the supported range, weights 1–5, scores 0–10, at most 20 options and 20 criteria, and only
JSON objects as bodies."""

from __future__ import annotations

import pytest

from minime.core import limits
from minime.core.db import as_user
from minime.decisions.models import (
    Decision,
    DecisionCriterion,
    DecisionOption,
    DecisionScore,
)
from minime.decisions.tests.helpers import make_decision

JSON = "application/json"


def _fields(answer):
    assert answer.status_code == 422, answer.content
    return answer.json()["error"]["fields"]


@pytest.fixture
def home(personas):
    return personas.personal(personas.alice)


@pytest.mark.parametrize(
    ("model", "field", "limit"),
    [
        (Decision, "question", limits.TITLE_MAX),
        (Decision, "context", limits.NOTES_MAX),
        (Decision, "reasoning", limits.NOTES_MAX),
        (Decision, "expected_outcome", limits.NOTES_MAX),
        (Decision, "actual_outcome", limits.NOTES_MAX),
        (DecisionOption, "title", limits.TITLE_MAX),
        (DecisionOption, "pros", limits.NOTES_MAX),
        (DecisionOption, "cons", limits.NOTES_MAX),
        (DecisionCriterion, "name", limits.TITLE_MAX),
    ],
)
def test_every_text_column_has_its_limit(model, field, limit):
    assert model._meta.get_field(field).max_length == limit


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"question": "q" * (limits.TITLE_MAX + 1)}, "question"),
        ({"context": "c" * (limits.NOTES_MAX + 1)}, "context"),
        ({"deadline": "2200-01-01"}, "deadline"),
        ({"deadline": "1899-12-31"}, "deadline"),
    ],
)
def test_it_refuses_a_decision_field_past_its_bound(api, alice, body, field):
    answer = api.post("/api/v1/decisions", {"question": "Move?", **body}, content_type=JSON)
    assert field in _fields(answer)
    with as_user(alice.pk):
        assert not Decision.objects.exists()


def test_it_refuses_a_bare_string_as_a_decision(api):
    assert "__all__" in _fields(api.post("/api/v1/decisions", '"move?"', content_type=JSON))


@pytest.fixture
def decision_url(api):
    decision = api.post("/api/v1/decisions", {"question": "Move?"}, content_type=JSON).json()
    return f"/api/v1/decisions/{decision['uuid']}"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("options", {"title": "t" * (limits.TITLE_MAX + 1)}, "title"),
        ("options", {"title": "A", "pros": "p" * (limits.NOTES_MAX + 1)}, "pros"),
        ("criteria", {"name": "Cost", "weight": 0}, "weight"),
        ("criteria", {"name": "Cost", "weight": 6}, "weight"),
        ("criteria", {"name": "Cost", "weight": "3"}, "weight"),
        ("criteria", {"name": "n" * (limits.TITLE_MAX + 1)}, "name"),
    ],
)
def test_it_refuses_an_option_or_criterion_past_its_bound(api, decision_url, path, body, field):
    assert field in _fields(api.post(f"{decision_url}/{path}", body, content_type=JSON))


@pytest.mark.parametrize("score", [-1, 11, 2.5, "7"])
def test_it_refuses_a_score_outside_0_to_10(api, decision_url, score):
    option = api.post(f"{decision_url}/options", {"title": "A"}, content_type=JSON).json()
    criterion = api.post(f"{decision_url}/criteria", {"name": "Cost"}, content_type=JSON).json()
    cell = {"option": option["uuid"], "criterion": criterion["uuid"], "score": score}
    answer = api.put(f"{decision_url}/scores", {"scores": [cell]}, content_type=JSON)
    assert "scores.0.score" in _fields(answer)


def test_it_refuses_more_cells_than_a_matrix_holds(api, decision_url):
    some = "5f0c7a5e-8a4e-4c39-9c55-000000000001"
    cell = {"option": some, "criterion": some, "score": 1}
    too_many = [cell] * (limits.DECISION_OPTIONS_MAX * limits.DECISION_CRITERIA_MAX + 1)
    answer = api.put(f"{decision_url}/scores", {"scores": too_many}, content_type=JSON)
    assert list(_fields(answer)) == ["scores"]


def test_it_refuses_a_choice_or_revisit_past_its_bound(api, decision_url):
    option = api.post(f"{decision_url}/options", {"title": "A"}, content_type=JSON).json()
    choice = {"option": option["uuid"], "revisit_on": "2200-01-01"}
    assert "revisit_on" in _fields(api.post(f"{decision_url}/choose", choice, content_type=JSON))
    choice = {"option": option["uuid"], "reasoning": "r" * (limits.NOTES_MAX + 1)}
    assert "reasoning" in _fields(api.post(f"{decision_url}/choose", choice, content_type=JSON))
    choice = {"option": option["uuid"], "version": limits.VERSION_MAX + 1}
    assert "version" in _fields(api.post(f"{decision_url}/choose", choice, content_type=JSON))
    revisit = {"outcome": "better", "actual_outcome": ""}
    answer = api.post(f"{decision_url}/revisit", revisit, content_type=JSON)
    assert "actual_outcome" in _fields(answer)


def test_the_21st_option_and_criterion_are_refused(api, alice, home):
    with as_user(alice.pk):
        decision, _, _ = make_decision(
            home,
            options=tuple(f"O{i}" for i in range(limits.DECISION_OPTIONS_MAX)),
            criteria=tuple((f"C{i}", 1) for i in range(limits.DECISION_CRITERIA_MAX)),
        )
    url = f"/api/v1/decisions/{decision.uuid}"
    answer = api.post(f"{url}/options", {"title": "One more"}, content_type=JSON)
    assert _fields(answer) == {"title": ["At most 20 options."]}
    answer = api.post(f"{url}/criteria", {"name": "One more"}, content_type=JSON)
    assert _fields(answer) == {"name": ["At most 20 criteria."]}


def test_the_full_matrix_is_accepted_at_its_bound(api, alice, home):
    with as_user(alice.pk):
        decision, options, criteria = make_decision(
            home,
            options=tuple(f"O{i}" for i in range(limits.DECISION_OPTIONS_MAX)),
            criteria=tuple((f"C{i}", 1) for i in range(limits.DECISION_CRITERIA_MAX)),
        )
    cells = [
        {"option": str(o.uuid), "criterion": str(c.uuid), "score": 10}
        for o in options
        for c in criteria
    ]
    answer = api.put(f"/api/v1/decisions/{decision.uuid}/scores", {"scores": cells},
                     content_type=JSON)  # fmt: skip
    assert answer.status_code == 200
    assert answer.json()["options"][0]["total"] == limits.DECISION_CRITERIA_MAX * 10
    with as_user(alice.pk):
        assert DecisionScore.objects.count() == len(cells)


def test_the_pages_refuse_text_past_its_limit(client, alice, home):
    client.force_login(alice)
    with as_user(alice.pk):
        decision, (option, _), _ = make_decision(home)
    url = f"/decisions/{decision.uuid}/"
    form = {"decision-question": "Move?", "decision-context": "c" * (limits.NOTES_MAX + 1),
            "decision-version": 1}  # fmt: skip
    answer = client.post(url, form)
    assert answer.status_code == 422
    assert f"at most {limits.NOTES_MAX} characters" in answer.content.decode()
    choice = {"choose-option": str(option.uuid), "choose-reasoning": "r" * (limits.NOTES_MAX + 1)}
    answer = client.post(f"{url}choose/", choice)
    assert answer.status_code == 422
    assert f"at most {limits.NOTES_MAX} characters" in answer.content.decode()
    answer = client.post("/decisions/", {"question": "q" * (limits.TITLE_MAX + 1)})
    assert answer.status_code == 422
    with as_user(alice.pk):
        stored = Decision.objects.get()
        assert (stored.context, stored.status) == ("", "open")
