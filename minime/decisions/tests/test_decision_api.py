from __future__ import annotations

import pytest

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.decisions.models import Decision, DecisionOption
from minime.decisions.tests.helpers import make_decision

JSON = "application/json"


@pytest.fixture
def home(personas):
    return personas.personal(personas.alice)


def _create(api, **body):
    return api.post("/api/v1/decisions", body, content_type=JSON)


def _error(answer, status=422):
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


def test_create_read_update_delete(api, alice, home):
    with as_user(alice.pk):
        area = area_create(workspace=home, name="Work")
    created = _create(api, question="Take the job?", area=str(area.uuid), deadline="2030-01-15")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "open" and body["area"] == str(area.uuid) and body["version"] == 1
    assert body["options"] == [] and body["criteria"] == [] and body["scores"] == []
    assert (body["outcome"], body["chosen_option"], body["max_total"]) == (None, None, 0)
    assert body["past_deadline"] is False and body["revisit_due"] is False
    url = f"/api/v1/decisions/{body['uuid']}"
    assert api.get(url).json()["question"] == "Take the job?"
    patched = api.patch(url, {"version": 1, "context": "Offer ends Friday."}, content_type=JSON)
    assert patched.status_code == 200
    assert patched.json()["version"] == 2 and patched.json()["context"] == "Offer ends Friday."
    cleared = api.patch(url, {"version": 2, "area": None, "deadline": None}, content_type=JSON)
    assert cleared.json()["area"] is None and cleared.json()["deadline"] is None
    stale = api.patch(url, {"version": 1, "question": "Old"}, content_type=JSON)
    assert _error(stale, 409)["current_version"] == 3
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_the_whole_journey_options_criteria_scores_choice_and_revisit(api):
    decision = _create(api, question="Which flat?").json()
    url = f"/api/v1/decisions/{decision['uuid']}"
    options = [
        api.post(f"{url}/options", {"title": t, "pros": "Light"}, content_type=JSON)
        for t in ("Old town", "Suburbs")
    ]
    assert [o.status_code for o in options] == [201, 201]
    old_town, suburbs = (o.json() for o in options)
    assert old_town["decision"] == decision["uuid"] and old_town["position"] == 1
    rent = api.post(f"{url}/criteria", {"name": "Rent", "weight": 4}, content_type=JSON).json()
    commute = api.post(f"{url}/criteria", {"name": "Commute"}, content_type=JSON).json()
    assert commute["weight"] == 3
    cells = [
        {"option": old_town["uuid"], "criterion": rent["uuid"], "score": 3},
        {"option": old_town["uuid"], "criterion": commute["uuid"], "score": 9},
        {"option": suburbs["uuid"], "criterion": rent["uuid"], "score": 8},
    ]
    scored = api.put(f"{url}/scores", {"scores": cells}, content_type=JSON)
    assert scored.status_code == 200
    body = scored.json()
    assert [(o["title"], o["total"], o["leading"]) for o in body["options"]] == [
        ("Old town", 4 * 3 + 3 * 9, True),
        ("Suburbs", 4 * 8, False),
    ]
    assert body["max_total"] == (4 + 3) * 10 and len(body["scores"]) == 3
    assert (body["option_count"], body["criterion_count"]) == (2, 2)
    cleared = {"scores": [{**cells[1], "score": None}]}
    body = api.put(f"{url}/scores", cleared, content_type=JSON).json()
    assert [o["leading"] for o in body["options"]] == [False, True]

    choice = {
        "option": suburbs["uuid"],
        "reasoning": "Cheaper.",
        "expected_outcome": "Save money.",
        "revisit_on": "2030-06-01",
        "version": body["version"],
    }
    body = api.post(f"{url}/choose", choice, content_type=JSON).json()
    assert body["status"] == "decided" and body["chosen_option"] == suburbs["uuid"]
    assert body["revisit_on"] == "2030-06-01" and body["decided_at"] is not None
    assert [o["chosen"] for o in body["options"]] == [False, True]
    deleted = api.delete(f"/api/v1/decision-options/{suburbs['uuid']}")
    assert "option you chose" in _error(deleted)["message"]

    revisit = {"outcome": "worse", "actual_outcome": "The commute wore me out."}
    body = api.post(f"{url}/revisit", revisit, content_type=JSON).json()
    assert body["status"] == "revisited" and body["outcome"] == "worse"
    again = api.post(f"{url}/choose", {"option": old_town["uuid"]}, content_type=JSON)
    assert "Reopen it" in _error(again)["message"]
    body = api.post(f"{url}/reopen").json()
    assert body["status"] == "open" and body["chosen_option"] is None and body["outcome"] is None
    assert body["actual_outcome"] == "The commute wore me out."


def test_options_and_criteria_are_listed_changed_and_deleted(api):
    url = f"/api/v1/decisions/{_create(api, question='Which bike?').json()['uuid']}"
    option = api.post(f"{url}/options", {"title": "Steel"}, content_type=JSON).json()
    criterion = api.post(f"{url}/criteria", {"name": "Weight", "weight": 2}, content_type=JSON)
    criterion = criterion.json()
    assert api.get(f"{url}/options").json()["items"][0]["title"] == "Steel"
    assert api.get(f"{url}/criteria").json()["count"] == 1
    option_url = f"/api/v1/decision-options/{option['uuid']}"
    changed = api.patch(option_url, {"version": 1, "cons": "Heavy"}, content_type=JSON).json()
    assert (changed["title"], changed["cons"], changed["version"]) == ("Steel", "Heavy", 2)
    criterion_url = f"/api/v1/decision-criteria/{criterion['uuid']}"
    changed = api.patch(criterion_url, {"version": 1, "weight": 5}, content_type=JSON).json()
    assert (changed["name"], changed["weight"]) == ("Weight", 5)
    stale = api.patch(criterion_url, {"version": 1, "name": "Mass"}, content_type=JSON)
    assert _error(stale, 409)["code"] == "conflict"
    assert api.delete(option_url).status_code == 204
    assert api.delete(criterion_url).status_code == 204
    assert api.get(f"{url}/options").json()["count"] == 0


def test_bad_input_uses_the_error_envelope(api):
    error = _error(_create(api, question="", deadline="soon"))
    assert error["code"] == "invalid" and {"question", "deadline"} <= set(error["fields"])
    url = f"/api/v1/decisions/{_create(api, question='Which bike?').json()['uuid']}"
    error = _error(api.post(f"{url}/criteria", {"name": "Cost", "weight": 6}, content_type=JSON))
    assert "weight" in error["fields"]
    error = _error(api.post(f"{url}/revisit", {"outcome": "better", "actual_outcome": "x"},
                            content_type=JSON))  # fmt: skip
    assert "Record the choice first" in error["message"]
    error = _error(api.post(f"{url}/revisit", {"outcome": "great", "actual_outcome": "x"},
                            content_type=JSON))  # fmt: skip
    assert "outcome" in error["fields"]


def test_an_option_or_criterion_of_another_decision_is_a_field_error(api, alice, home):
    url = f"/api/v1/decisions/{_create(api, question='Mine').json()['uuid']}"
    option = api.post(f"{url}/options", {"title": "A"}, content_type=JSON).json()
    with as_user(alice.pk):
        _other, (their_option, _), (their_criterion,) = make_decision(
            home, "Other", criteria=(("Cost", 1),)
        )
    choice = api.post(f"{url}/choose", {"option": str(their_option.uuid)}, content_type=JSON)
    assert _error(choice)["fields"] == {"option": ["Choose one of this decision's options."]}
    cells = {"scores": [{"option": option["uuid"], "criterion": str(their_criterion.uuid),
                         "score": 5}]}  # fmt: skip
    error = _error(api.put(f"{url}/scores", cells, content_type=JSON))
    assert error["fields"] == {"scores.0.criterion": ["Score only this decision's criteria."]}


def test_an_area_of_another_workspace_is_a_field_error(api, charlie, personas):
    with as_user(charlie.pk):
        theirs = area_create(workspace=personas.personal(charlie), name="Secret")
    error = _error(_create(api, question="Mine", area=str(theirs.uuid)))
    assert error["fields"] == {"area": ["No such life area in this workspace."]}


def test_the_list_is_paginated_and_filtered(api, alice, home):
    with as_user(alice.pk):
        area = area_create(workspace=home, name="Home")
    for i in range(4):
        _create(api, question=f"Decision {i}", area=str(area.uuid) if i < 2 else None)
    first = api.get("/api/v1/decisions?limit=2").json()
    assert first["count"] == 4 and [d["question"] for d in first["items"]] == [
        "Decision 0",
        "Decision 1",
    ]
    assert api.get(f"/api/v1/decisions?area={area.uuid}").json()["count"] == 2
    assert api.get("/api/v1/decisions?status=decided").json()["count"] == 0
    assert api.get("/api/v1/decisions?status=maybe").status_code == 422


def test_another_workspaces_decision_is_404(client, alice, charlie, home):
    from minime.accounts.tokens import token_create

    with as_user(alice.pk):
        decision, (option, _), (criterion,) = make_decision(home, criteria=(("Cost", 1),))
    _, secret = token_create(user=charlie, name="tests")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    url = f"/api/v1/decisions/{decision.uuid}"
    assert _error(client.get(url), 404)["code"] == "not_found"
    assert client.patch(url, {"version": 1, "question": "x"}, content_type=JSON).status_code == 404
    assert client.delete(url).status_code == 404
    choice = {"option": str(option.uuid)}
    assert client.post(f"{url}/choose", choice, content_type=JSON).status_code == 404
    assert client.post(f"{url}/reopen").status_code == 404
    assert client.post(f"{url}/options", {"title": "x"}, content_type=JSON).status_code == 404
    assert client.get(f"{url}/criteria").status_code == 404
    assert client.put(f"{url}/scores", {"scores": []}, content_type=JSON).status_code == 404
    option_url = f"/api/v1/decision-options/{option.uuid}"
    rename = {"version": 1, "title": "x"}
    assert client.patch(option_url, rename, content_type=JSON).status_code == 404
    assert client.delete(option_url).status_code == 404
    assert client.delete(f"/api/v1/decision-criteria/{criterion.uuid}").status_code == 404
    assert client.get("/api/v1/decisions").json()["count"] == 0
    with as_user(alice.pk):
        assert Decision.objects.count() == 1 and DecisionOption.objects.count() == 2


def test_the_api_reads_a_decision_in_a_constant_number_of_queries(
    api, alice, home, django_assert_max_num_queries, django_assert_num_queries
):
    with as_user(alice.pk):
        small, *_ = make_decision(home, "Small", criteria=(("A", 1),))
        big, *_ = make_decision(
            home,
            "Big",
            options=tuple(f"O{i}" for i in range(10)),
            criteria=tuple((f"C{i}", 3) for i in range(5)),
            scores={(o, c): 5 for o in range(10) for c in range(5)},
        )
    api.get("/api/v1/decisions")  # the token's last use is written at most once a minute
    with django_assert_max_num_queries(20) as measured:
        assert api.get(f"/api/v1/decisions/{small.uuid}").status_code == 200
    with django_assert_num_queries(len(measured)):
        assert len(api.get(f"/api/v1/decisions/{big.uuid}").json()["scores"]) == 50
