from __future__ import annotations

from minime.accounts.tokens import token_create


def _create(api, **body):
    return api.post("/api/v1/areas", body, content_type="application/json")


def test_create_read_update_delete(api):
    created = _create(api, name="Health", importance=4, icon="run")
    assert created.status_code == 201
    area = created.json()
    assert area["version"] == 1 and area["colour"] == "indigo"
    url = f"/api/v1/areas/{area['uuid']}"
    assert api.get(url).json()["name"] == "Health"
    patched = api.patch(url, {"version": 1, "name": "Body"}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["name"] == "Body" and patched.json()["version"] == 2
    assert patched.json()["importance"] == 4  # untouched fields stay
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_a_stale_version_answers_409_with_the_current_version(api):
    area = _create(api, name="Health").json()
    url = f"/api/v1/areas/{area['uuid']}"
    api.patch(url, {"version": 1, "importance": 5}, content_type="application/json")
    response = api.patch(url, {"version": 1, "name": "Body"}, content_type="application/json")
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "conflict" and error["current_version"] == 2
    assert api.get(url).json()["name"] == "Health"


def test_invalid_input_uses_the_error_envelope_with_fields(api):
    response = _create(api, name="", importance=9, colour="plaid")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert {"name", "importance", "colour"} <= set(error["fields"])


def test_a_duplicate_name_is_a_field_error(api):
    _create(api, name="Health")
    error = _create(api, name="HEALTH").json()["error"]
    assert error["fields"] == {"name": ["You already have an area with this name."]}


def test_list_is_paginated_and_filtered(api):
    for i in range(5):
        _create(api, name=f"Area {i}", is_active=i % 2 == 0)
    page = api.get("/api/v1/areas?limit=2&offset=0").json()
    assert page["count"] == 5 and len(page["items"]) == 2
    assert api.get("/api/v1/areas?active=false").json()["count"] == 2


def test_another_workspaces_area_is_a_404(api, client, charlie, personas):
    area = _create(api, name="Health").json()
    _, secret = token_create(user=charlie, name="tests")
    response = client.get(
        f"/api/v1/areas/{area['uuid']}", headers={"Authorization": f"Bearer {secret}"}
    )
    assert response.status_code == 404


def test_the_list_endpoint_makes_the_same_number_of_queries_for_3_or_30_areas(
    api, django_assert_max_num_queries, django_assert_num_queries
):
    url = "/api/v1/areas?limit=100"
    for i in range(3):
        _create(api, name=f"Area {i}")
    with django_assert_max_num_queries(15) as measured:
        assert api.get(url).status_code == 200
    few = len(measured)  # read now: the next request empties the query log it counts from
    for i in range(3, 30):
        _create(api, name=f"Area {i}")
    with django_assert_num_queries(few):
        assert api.get(url).status_code == 200


def test_writes_with_a_browser_session_need_the_csrf_token(alice):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    response = browser.post("/api/v1/areas", {"name": "X"}, content_type="application/json")
    assert response.status_code in {401, 403}


def test_an_area_can_be_marked_as_work(api):
    created = _create(api, name="Office").json()
    assert created["is_work"] is False
    url = f"/api/v1/areas/{created['uuid']}"
    patched = api.patch(url, {"version": 1, "is_work": True}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["is_work"] is True
