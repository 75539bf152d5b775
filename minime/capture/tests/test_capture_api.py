from __future__ import annotations

from minime.accounts.tokens import token_create


def _create(api, **body):
    return api.post("/api/v1/capture", body, content_type="application/json")


def _texts(response):
    return [item["text"] for item in response.json()["items"]]


def test_create_read_update_delete(api):
    created = _create(api, text="  Call mum\nabout Sunday ")
    assert created.status_code == 201
    item = created.json()
    assert item["text"] == "Call mum\nabout Sunday"
    assert item["kind"] == "inbox" and item["processed_at"] is None and item["version"] == 1
    url = f"/api/v1/capture/{item['uuid']}"
    assert api.get(url).json()["text"] == "Call mum\nabout Sunday"
    patched = api.patch(url, {"version": 1, "text": "Call mum"}, content_type="application/json")
    assert patched.status_code == 200
    assert patched.json()["text"] == "Call mum" and patched.json()["version"] == 2
    assert api.delete(url).status_code == 204
    assert api.get(url).status_code == 404


def test_patching_the_kind_files_and_restores(api):
    item = _create(api, text="idea").json()
    url = f"/api/v1/capture/{item['uuid']}"
    filed = api.patch(url, {"version": 1, "kind": "note"}, content_type="application/json").json()
    assert filed["kind"] == "note" and filed["processed_at"] is not None
    back = api.patch(url, {"version": 2, "kind": "inbox"}, content_type="application/json").json()
    assert back["kind"] == "inbox" and back["processed_at"] is None


def test_a_stale_version_answers_409(api):
    item = _create(api, text="draft", kind="note").json()
    url = f"/api/v1/capture/{item['uuid']}"
    api.patch(url, {"version": 1, "text": "phone"}, content_type="application/json")
    response = api.patch(url, {"version": 1, "text": "laptop"}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["error"]["current_version"] == 2
    assert api.get(url).json()["text"] == "phone"


def test_empty_text_and_an_unknown_kind_are_field_errors(api):
    error = _create(api, text="   ").json()["error"]
    assert error["code"] == "invalid" and error["fields"] == {"text": ["Write something first."]}
    response = _create(api, text="x", kind="memo")
    assert response.status_code == 422 and "kind" in response.json()["error"]["fields"]


def test_the_list_is_the_inbox_by_default_with_filters(api):
    for text in ("one", "two paprika", "three"):
        _create(api, text=text)
    _create(api, text="a paprika note", kind="note")
    two = api.get("/api/v1/capture").json()["items"][1]
    api.post(f"/api/v1/capture/{two['uuid']}/note")
    assert _texts(api.get("/api/v1/capture")) == ["one", "three"]
    assert _texts(api.get("/api/v1/capture?kind=note")) == ["two paprika", "a paprika note"]
    assert _texts(api.get("/api/v1/capture?kind=note&q=paprika+note")) == ["a paprika note"]
    assert _texts(api.get("/api/v1/capture?processed=false&q=thr")) == ["three"]
    page = api.get("/api/v1/capture?limit=1&offset=1").json()
    assert page["count"] == 2 and [i["text"] for i in page["items"]] == ["three"]


def test_making_a_task(api):
    item = _create(api, text="Renew passport\nphotos first").json()
    response = api.generic("POST", f"/api/v1/capture/{item['uuid']}/task")  # no body at all
    assert response.status_code == 201
    task_uuid = response.json()["task_uuid"]
    assert task_uuid
    assert _texts(api.get("/api/v1/capture")) == []
    assert _texts(api.get("/api/v1/capture?processed=true")) == ["Renew passport\nphotos first"]
    again = api.post(f"/api/v1/capture/{item['uuid']}/task", content_type="application/json")
    assert again.status_code == 422


def test_making_a_task_with_a_title(api, alice):
    from minime.core.db import as_user
    from minime.tasks.models import Task

    item = _create(api, text="the boiler thing").json()
    response = api.post(
        f"/api/v1/capture/{item['uuid']}/task",
        {"title": "Call the plumber"},
        content_type="application/json",
    )
    assert response.status_code == 201
    with as_user(alice.pk):
        task = Task.objects.get(uuid=response.json()["task_uuid"])
    assert task.title == "Call the plumber" and task.notes == "the boiler thing"


def test_filing_as_a_note(api):
    item = _create(api, text="keep this").json()
    response = api.post(f"/api/v1/capture/{item['uuid']}/note")
    assert response.status_code == 200
    assert response.json()["kind"] == "note" and response.json()["processed_at"]


def test_another_workspaces_item_is_a_404(api, client, charlie):
    item = _create(api, text="secret").json()
    _, secret = token_create(user=charlie, name="tests")
    headers = {"Authorization": f"Bearer {secret}"}
    url = f"/api/v1/capture/{item['uuid']}"
    assert client.get(url, headers=headers).status_code == 404
    assert client.delete(url, headers=headers).status_code == 404
    assert client.generic("POST", f"{url}/task", headers=headers).status_code == 404
    assert client.post(f"{url}/note", headers=headers).status_code == 404
    patch = client.patch(
        url, {"version": 1, "text": "x"}, content_type="application/json", headers=headers
    )
    assert patch.status_code == 404
    assert client.get("/api/v1/capture", headers=headers).json()["count"] == 0
    assert api.get(url).json()["text"] == "secret"


def test_the_list_endpoint_makes_the_same_number_of_queries_for_3_or_30_items(
    api, django_assert_max_num_queries, django_assert_num_queries
):
    url = "/api/v1/capture?limit=100"
    for i in range(3):
        _create(api, text=f"item {i}")
    with django_assert_max_num_queries(15) as measured:
        assert api.get(url).status_code == 200
    few = len(measured)  # read now: the next request empties the query log it counts from
    for i in range(3, 30):
        _create(api, text=f"item {i}")
    with django_assert_num_queries(few):
        assert api.get(url).status_code == 200


def test_anonymous_requests_are_refused(client, db):
    assert client.get("/api/v1/capture").status_code == 401
