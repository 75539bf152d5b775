"""Every input of the tasks, projects and labels API is bounded, and a value past a bound is a
422 in the error envelope before anything is written. The pages and the services hold the same
bounds (minime.core.limits), so no way in bypasses them."""

from __future__ import annotations

import pytest

from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.tasks import services
from minime.tasks.models import Label, Task

TOO_MANY_LABELS = [f"label {i}" for i in range(limits.LABELS_PER_TASK + 1)]


def _post(api, url, body):
    return api.post(url, body, content_type="application/json")


def _patch(api, url, body):
    return api.patch(url, body, content_type="application/json")


def _invalid(response, field):
    assert response.status_code == 422, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid" and field in error["fields"], error
    return error["fields"][field]


def _nothing_written(alice):
    with as_user(alice.pk):
        return not Task.objects.exists() and not Label.objects.exists()


# --- Labels and notes ---------------------------------------------------------------------------


def test_it_refuses_more_labels_than_a_task_may_have(api, alice):
    _invalid(_post(api, "/api/v1/tasks", {"title": "Sort", "labels": TOO_MANY_LABELS}), "labels")
    assert _nothing_written(alice)


def test_it_accepts_as_many_labels_as_a_task_may_have(api):
    names = TOO_MANY_LABELS[: limits.LABELS_PER_TASK]
    created = _post(api, "/api/v1/tasks", {"title": "Sort", "labels": names})
    assert created.status_code == 201 and len(created.json()["labels"]) == limits.LABELS_PER_TASK


def test_it_refuses_a_label_name_longer_than_a_label_holds(api, alice):
    name = "x" * (limits.LABEL_NAME_MAX + 1)
    _invalid(_post(api, "/api/v1/tasks", {"title": "Sort", "labels": [name]}), "labels.0")
    assert _nothing_written(alice)


def test_it_refuses_too_many_labels_in_a_change(api, alice):
    task = _post(api, "/api/v1/tasks", {"title": "Sort"}).json()
    url = f"/api/v1/tasks/{task['uuid']}"
    _invalid(_patch(api, url, {"version": 1, "labels": TOO_MANY_LABELS}), "labels")
    with as_user(alice.pk):
        assert not Label.objects.exists()


def test_it_refuses_notes_longer_than_the_limit(api, alice):
    notes = "n" * (limits.NOTES_MAX + 1)
    _invalid(_post(api, "/api/v1/tasks", {"title": "Read", "notes": notes}), "notes")
    assert _nothing_written(alice)
    task = _post(api, "/api/v1/tasks", {"title": "Read", "notes": notes[:-1]})
    assert task.status_code == 201
    url = f"/api/v1/tasks/{task.json()['uuid']}"
    _invalid(_patch(api, url, {"version": 1, "notes": notes}), "notes")


def test_it_refuses_a_project_description_longer_than_the_limit(api):
    text = "d" * (limits.NOTES_MAX + 1)
    _invalid(_post(api, "/api/v1/projects", {"title": "Home", "description": text}), "description")


def test_it_refuses_a_reorder_longer_than_the_limit(api):
    order = ["5f0c7a5e-8a4e-4c39-9c55-000000000000"] * (limits.REORDER_MAX + 1)
    _invalid(_post(api, "/api/v1/tasks/reorder", {"order": order}), "order")


def test_the_service_refuses_too_many_labels_whichever_caller(ws):
    with pytest.raises(Invalid) as caught:
        services.task_create(workspace=ws, title="Sort", labels=TOO_MANY_LABELS)
    assert "labels" in caught.value.fields
    assert not Label.objects.in_workspace(ws).exists()
    # The same names in other cases are one label each, so they stay within the limit.
    names = TOO_MANY_LABELS[: limits.LABELS_PER_TASK]
    task = services.task_create(
        workspace=ws, title="Sort", labels=names + [n.upper() for n in names]
    )
    assert task.labels.count() == limits.LABELS_PER_TASK


def test_the_task_page_refuses_too_many_labels_and_long_notes(signed_in, alice, home):
    with as_user(alice.pk):
        task = services.task_create(workspace=home, title="Write")
    form = {
        "title": "Write",
        "priority": "0",
        "repeat_from": "due",
        "version": str(task.version),
        "labels": ", ".join(TOO_MANY_LABELS),
        "notes": "n" * (limits.NOTES_MAX + 1),
    }
    response = signed_in.post(f"/tasks/{task.uuid}/", form)
    assert response.status_code == 422
    page = response.content.decode()
    assert f"At most {limits.LABELS_PER_TASK} labels on a task." in page
    assert f"at most {limits.NOTES_MAX:,}".replace(",", "") in page.replace(",", "")
    with as_user(alice.pk):
        assert not Label.objects.exists()


# --- Query strings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"q": "x" * (limits.SEARCH_MAX + 1)}, "q"),
        ({"label": "x" * (limits.LABEL_NAME_MAX + 1)}, "label"),
        ({"fits_in": limits.FITS_IN_MAX + 1}, "fits_in"),
        ({"due_before": "0001-01-01"}, "due_before"),
        ({"due_after": "9999-12-31"}, "due_after"),
    ],
)
def test_it_refuses_a_list_filter_past_its_bound(api, query, field):
    _invalid(api.get("/api/v1/tasks", query), field)


# --- Dates and times ----------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["due_date", "do_on"])
def test_it_refuses_a_date_outside_the_supported_range(api, field):
    body = {"title": "Plan", field: "1899-12-31"}
    assert _invalid(_post(api, "/api/v1/tasks", body), field) == [limits.DATE_RANGE_MESSAGE]


@pytest.mark.parametrize("value", ["08:00:00Z", "08:00+02:00", "08:00:00.250", "8:00", "24:00"])
def test_it_refuses_a_due_time_that_is_not_a_plain_local_time(api, alice, value):
    body = {"title": "Call", "due_date": "2026-05-04", "due_time": value}
    message = _invalid(_post(api, "/api/v1/tasks", body), "due_time")
    assert message == ["Give a local time without a zone, like 08:30."]
    assert _nothing_written(alice)


def test_a_due_time_is_answered_as_it_is_documented(api):
    body = {"title": "Call", "due_date": "2026-05-04", "due_time": "08:30"}
    assert _post(api, "/api/v1/tasks", body).json()["due_time"] == "08:30:00"
    schema = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name in ("TaskIn", "TaskOut"):
        options = schema[name]["properties"]["due_time"]["anyOf"]
        as_text = next(o for o in options if o.get("type") == "string")
        assert "format" not in as_text
        assert as_text["pattern"] == r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$"


# --- Bodies -------------------------------------------------------------------------------------


@pytest.mark.parametrize("body", ['"buy milk"', "[null, null]", "42", "null"])
@pytest.mark.parametrize("url", ["/api/v1/tasks", "/api/v1/projects", "/api/v1/labels"])
def test_it_refuses_a_body_that_is_not_an_object(api, alice, url, body):
    response = api.post(url, body, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["error"]["code"] == "invalid"
    assert _nothing_written(alice)


# --- The schema states the bounds -----------------------------------------------------------------


def test_the_openapi_schema_states_the_bounds(api):
    schemas = api.get("/api/v1/openapi.json").json()["components"]["schemas"]
    task_in = schemas["TaskIn"]["properties"]
    assert task_in["labels"]["maxItems"] == limits.LABELS_PER_TASK
    assert task_in["labels"]["items"]["maxLength"] == limits.LABEL_NAME_MAX
    assert task_in["notes"]["maxLength"] == limits.NOTES_MAX
    due = next(o for o in task_in["due_date"]["anyOf"] if o.get("type") == "string")
    assert (due["x-minimum"], due["x-maximum"]) == (
        limits.DATE_MIN.isoformat(),
        limits.DATE_MAX.isoformat(),
    )
    assert schemas["TaskPatch"]["properties"]["version"]["maximum"] == limits.VERSION_MAX
