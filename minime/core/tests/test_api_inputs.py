"""Every API input is bounded, stated in the OpenAPI schema, and refused past its bound with a 422
in the error envelope: bodies are JSON objects, lists and texts have a maximum, list paging has
one, dates stay in the supported range and local times carry no zone.

These tests read the operations from the API's own OpenAPI schema, so an endpoint added later is
held to the same rules without being listed here."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.areas.models import LifeArea
from minime.core import limits
from minime.goals.models import Goal, Milestone
from minime.preferences.models import OnboardingAnswers
from minime.routines.models import Routine, RoutineOccurrence, RoutineStep
from minime.tasks.models import Label, Project, Task

JSON = "application/json"
SOME_UUID = "5f0c7a5e-8a4e-4c39-9c55-000000000001"


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.fixture
def openapi(api) -> dict[str, Any]:
    return api.get("/api/v1/openapi.json").json()


def _operations(openapi: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method, path, operation)
        for path, item in openapi["paths"].items()
        for method, operation in item.items()
    ]


def _url(path: str) -> str:
    """The path with every parameter filled: a uuid, or a date for {date}."""
    path = path.replace("{date}", "2026-05-04")
    return re.sub(r"\{[^}]+\}", SOME_UUID, path)


def _resolve(openapi: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _parts(openapi: dict[str, Any], schema: dict[str, Any], where: str) -> list[tuple[str, dict]]:
    """`schema` and every schema inside it (followed through refs, unions, properties and
    items), each with where it is."""
    schema = _resolve(openapi, schema)
    found = [(where, schema)]
    for key in ("anyOf", "allOf", "oneOf"):
        for i, option in enumerate(schema.get(key, [])):
            found += _parts(openapi, option, f"{where}[{i}]")
    for name, prop in schema.get("properties", {}).items():
        found += _parts(openapi, prop, f"{where}.{name}")
    if "items" in schema:
        found += _parts(openapi, schema["items"], f"{where}[]")
    return found


def _inputs(openapi: dict[str, Any]) -> list[tuple[str, dict]]:
    """Every schema a request can send: bodies, query and path parameters."""
    found = []
    for method, path, operation in _operations(openapi):
        where = f"{method.upper()} {path}"
        body = operation.get("requestBody", {}).get("content", {}).get(JSON)
        if body is not None:
            found += _parts(openapi, body["schema"], where)
        for parameter in operation.get("parameters", []):
            found += _parts(openapi, parameter["schema"], f"{where} {parameter['name']}")
    return found


def _unbounded(where: str, schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if kind == "array" and "maxItems" not in schema:
        return f"{where}: no maxItems"
    if kind == "string" and not {"maxLength", "enum", "const", "pattern", "format"} & set(schema):
        return f"{where}: no maxLength"
    if kind in {"integer", "number"} and not {"maximum", "enum", "const"} & set(schema):
        return f"{where}: no maximum"
    return None


# --- Limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("limit", "model", "field"),
    [
        (limits.TASK_TITLE_MAX, Task, "title"),
        (limits.TITLE_MAX, Project, "title"),
        (limits.TITLE_MAX, Goal, "title"),
        (limits.TITLE_MAX, Milestone, "title"),
        (limits.TITLE_MAX, Routine, "title"),
        (limits.TITLE_MAX, RoutineStep, "title"),
        (limits.LABEL_NAME_MAX, Label, "name"),
        (limits.AREA_NAME_MAX, LifeArea, "name"),
        (limits.MEASURE_UNIT_MAX, Goal, "measure_unit"),
        (limits.RECURRENCE_MAX, Task, "recurrence"),
        (limits.RECURRENCE_MAX, Routine, "recurrence"),
        (limits.CHECK_IN_NOTE_MAX, RoutineOccurrence, "note"),
    ],
)
def test_a_text_limit_is_the_length_its_column_holds(limit, model, field):
    assert model._meta.get_field(field).max_length == limit


def test_an_onboarding_need_fits_the_code_limit():
    assert all(len(need) <= limits.CODE_MAX for need in OnboardingAnswers.NEEDS)
    assert len(OnboardingAnswers.NEEDS) <= limits.ONBOARDING_NEEDS_MAX


# --- The schema states every bound --------------------------------------------------------------


def test_every_request_body_is_an_object(openapi):
    for method, path, operation in _operations(openapi):
        body = operation.get("requestBody", {}).get("content", {}).get(JSON)
        if body is None:
            continue
        # An optional body (one an operation can do without) may also be null.
        options = body["schema"].get("anyOf", [body["schema"]])
        kinds = {_resolve(openapi, option).get("type") for option in options}
        assert kinds in ({"object"}, {"object", "null"}), (method, path)


def test_every_input_list_text_and_number_has_an_upper_bound(openapi):
    inputs = _inputs(openapi)
    assert len(inputs) > 100
    problems = [found for where, schema in inputs if (found := _unbounded(where, schema))]
    assert problems == []


def test_no_schema_claims_format_time(openapi):
    """RFC 3339's time needs an offset, and the API's local times have none."""
    text = str(openapi)
    assert "'format': 'time'" not in text


# --- Bodies must be objects ---------------------------------------------------------------------


@pytest.mark.parametrize("body", ['"buy milk"', "[null, null]", "7", "true"])
def test_every_operation_with_a_body_refuses_one_that_is_not_an_object(api, openapi, body):
    answers = {}
    for method, path, operation in _operations(openapi):
        if JSON not in operation.get("requestBody", {}).get("content", {}):
            continue
        send = getattr(api, method)
        answer = send(_url(path), body, content_type=JSON)
        answers[f"{method.upper()} {path}"] = answer.status_code
        if answer.status_code == 422:
            assert answer.json()["error"]["code"] == "invalid"
    assert answers and set(answers.values()) == {422}, answers


def test_a_bare_string_makes_no_task_and_no_goal(api, alice):
    for url in ("/api/v1/tasks", "/api/v1/goals"):
        answer = api.post(url, '"buy milk"', content_type=JSON)
        assert answer.status_code == 422
        assert answer.json()["error"]["fields"] == {
            "__all__": ["Send a JSON object with the fields named."]
        }
    assert api.get("/api/v1/tasks").json()["count"] == 0
    assert api.get("/api/v1/goals").json()["count"] == 0


def test_a_list_is_not_rule_settings(api):
    before = api.get("/api/v1/me/rules").json()
    assert api.put("/api/v1/me/rules", "[null,null]", content_type=JSON).status_code == 422
    assert api.get("/api/v1/me/rules").json() == before


# --- Paging -------------------------------------------------------------------------------------


def _paged(openapi: dict[str, Any]) -> list[str]:
    return [
        _url(path)
        for method, path, operation in _operations(openapi)
        if method == "get" and any(p["name"] == "offset" for p in operation.get("parameters", []))
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"offset": "99999999999999999999"}, "offset"),
        ({"offset": limits.PAGE_OFFSET_MAX + 1}, "offset"),
        ({"offset": -1}, "offset"),
        ({"limit": "99999999999999999999"}, "limit"),
        ({"limit": limits.PAGE_LIMIT_MAX + 1}, "limit"),
        ({"limit": 0}, "limit"),
    ],
)
def test_every_list_refuses_paging_past_its_bounds(api, openapi, query, field):
    lists = _paged(openapi)
    assert len(lists) >= 10  # tasks, projects, labels, goals, milestones, routines, …
    for url in lists:
        answer = api.get(url, query)
        assert answer.status_code == 422, (url, answer.status_code)
        assert field in answer.json()["error"]["fields"], url


def test_every_list_pages_within_its_bounds(api, openapi):
    for url in _paged(openapi):
        answer = api.get(url, {"limit": limits.PAGE_LIMIT_MAX, "offset": limits.PAGE_OFFSET_MAX})
        # 404 for a list under a parent that isn't there (a uuid made up for the test).
        assert answer.status_code in {200, 404}, (url, answer.status_code)


def test_the_schema_states_the_paging_bounds(openapi):
    for _method, path, operation in _operations(openapi):
        parameters = {p["name"]: p for p in operation.get("parameters", [])}
        if "offset" not in parameters:
            continue
        limit, offset = parameters["limit"]["schema"], parameters["offset"]["schema"]
        assert (limit["minimum"], limit["maximum"]) == (1, limits.PAGE_LIMIT_MAX), path
        assert limit["default"] == limits.PAGE_LIMIT_DEFAULT, path
        assert (offset["minimum"], offset["maximum"]) == (0, limits.PAGE_OFFSET_MAX), path


# --- Dates and times ----------------------------------------------------------------------------


def test_the_schema_states_the_range_of_every_input_date(openapi):
    dates = [(w, s) for w, s in _inputs(openapi) if s.get("format") == "date"]
    assert len(dates) > 10
    for where, schema in dates:
        assert schema.get("x-minimum") == limits.DATE_MIN.isoformat(), where
        assert schema.get("x-maximum") == limits.DATE_MAX.isoformat(), where


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/routines", {"title": "Run", "cadence": {"kind": "daily"}}),
        ("post", "/api/v1/tasks", {"title": "Call", "due_date": "2026-05-04"}),
        ("put", "/api/v1/me/rules", {}),
    ],
)
@pytest.mark.parametrize("value", ["08:00:00Z", "08:00+02:00", "07:00:00-05:00"])
def test_a_time_with_a_zone_is_refused_with_a_clear_message(api, method, url, body, value):
    field = {"/api/v1/routines": "exact_time", "/api/v1/tasks": "due_time"}.get(
        url, "workday_start"
    )
    answer = getattr(api, method)(url, {**body, field: value}, content_type=JSON)
    assert answer.status_code == 422, answer.content
    assert answer.json()["error"]["fields"] == {
        field: ["Give a local time without a zone, like 08:30."]
    }
