"""The API always answers JSON in its error envelope; pages keep their HTML error pages."""

from __future__ import annotations

from typing import get_args

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from pydantic import BaseModel

from minime.accounts.services import plan_set
from minime.accounts.tokens import token_create
from minime.tasks import services as task_services

JSON = "application/json"
TEN_MB = 10 * 1024 * 1024


class Boom(RuntimeError):
    pass


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    """Every error answer is checked with DEBUG off and on: it must not change the API's."""
    settings.DEBUG = request.param
    return request.param


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")


def _error(answer) -> dict:
    assert answer["Content-Type"] == JSON
    return answer.json()["error"]


def test_it_refuses_a_body_over_the_limit_with_a_json_413(api, debug):
    answer = api.post("/api/v1/tasks", b"x" * TEN_MB, content_type=JSON)

    assert answer.status_code == 413
    error = _error(answer)
    assert error["code"] == "too_large"
    assert "1024 KB" in error["message"]


def test_it_refuses_an_oversized_body_before_authentication(debug, db):
    answer = Client().post("/api/v1/tasks", b"x" * TEN_MB, content_type=JSON)

    assert answer.status_code == 413
    assert _error(answer)["code"] == "too_large"


def test_a_body_within_the_limit_is_read(api):
    answer = api.post("/api/v1/tasks", {"title": "x" * 200}, content_type=JSON)

    assert answer.status_code == 201


def test_a_voice_clip_bigger_than_the_json_limit_still_reaches_the_voice_view(client, alice):
    # Uploaded files do not count against the body limit; the clip's own limit is VOICE_MAX_BYTES.
    plan_set(user=alice, plan="pro")
    client.force_login(alice)
    clip = SimpleUploadedFile("clip.webm", b"\x1aE\xdf\xa3" + b"a" * 1_500_000, "audio/webm")

    answer = client.post("/ai/voice/transcribe/", {"audio": clip, "seconds": "4"})

    # Refused only for what the view checks after the size: no provider is configured in tests.
    assert answer.status_code == 403
    assert "no speech-to-text provider configured" in answer.json()["error"]


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v2/tasks", "/api/"])
def test_an_unknown_api_path_is_a_json_404(api, debug, path):
    answer = api.get(path)

    assert answer.status_code == 404
    assert _error(answer)["code"] == "not_found"


def test_a_method_an_endpoint_does_not_take_is_a_json_405_that_names_the_allowed_ones(api, debug):
    answer = api.put("/api/v1/tasks", {}, content_type=JSON)

    assert answer.status_code == 405
    assert _error(answer)["code"] == "method_not_allowed"
    assert set(answer["Allow"].replace(" ", "").split(",")) == {"GET", "POST"}


def test_a_server_error_is_a_json_500_with_the_request_id_and_no_traceback(api, debug, monkeypatch):
    def fail(**kwargs):
        raise Boom("secret detail of the failure")

    monkeypatch.setattr(task_services, "task_create", fail)

    answer = api.post(
        "/api/v1/tasks", {"title": "Call"}, content_type=JSON, HTTP_X_REQUEST_ID="req-abcdef12"
    )

    assert answer.status_code == 500
    error = _error(answer)
    assert error["code"] == "server_error"
    assert error["request_id"] == "req-abcdef12" == answer["X-Request-ID"]
    for leak in ("Traceback", "Boom", "secret detail"):
        assert leak not in answer.content.decode()


def test_a_server_error_below_the_api_views_is_a_json_500_too(api, debug, monkeypatch):
    def fail(secret):
        raise Boom("the token table is gone")

    monkeypatch.setattr("config.api.user_for_token", fail)  # authentication, before any view

    answer = api.get("/api/v1/me")

    assert answer.status_code == 500
    error = _error(answer)
    assert error["code"] == "server_error"
    assert error["request_id"] == answer["X-Request-ID"]
    assert "Traceback" not in answer.content.decode()


def test_pages_keep_their_html_404(client, db):
    answer = client.get("/no-such-page/")

    assert answer.status_code == 404
    assert answer["Content-Type"].startswith("text/html")


def test_pages_keep_their_html_500(alice, monkeypatch):
    from minime.routines import services

    def fail(**kwargs):
        raise Boom("after the write")

    monkeypatch.setattr(services, "routine_create", fail)
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)

    answer = browser.post(
        "/routines/",
        {"title": "Stretch", "kind": "daily", "starts_on": "2026-03-01", "time_of_day": "anytime"},
    )

    assert answer.status_code == 500
    assert answer["Content-Type"].startswith("text/html")


def test_every_operation_documents_each_error_it_can_answer(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    missing = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            params = operation.get("parameters", [])
            body = "requestBody" in operation
            expected = {"401", "404", "413", "500"}
            if params or body:
                expected.add("422")
            if body:
                expected.add("400")
            for code in sorted(expected):
                answer = operation["responses"].get(code, {})
                ref = answer.get("content", {}).get(JSON, {}).get("schema", {}).get("$ref", "")
                if not ref.endswith("/ErrorOut"):
                    missing.append(f"{method.upper()} {path}: {code}")
    assert missing == []


def _models_in(annotation, found: set[type[BaseModel]]) -> None:
    """Every pydantic model inside a type annotation (lists, unions, nested fields)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, found)
        return
    for arg in get_args(annotation):
        _models_in(arg, found)


def test_no_two_api_schemas_share_a_name():
    # The OpenAPI keeps one component per class name: a second class of the same name would
    # silently describe the first one's answers (and schemathesis would check them against it).
    from config.api import api

    found: set[type[BaseModel]] = set()
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                # ninja's own wrappers (the `response` field, the parameter groups) are
                # flattened away; the models they hold are the ones named in the schema.
                wrappers = [
                    m for m in operation.response_models.values() if hasattr(m, "model_fields")
                ]
                for wrapper in [*wrappers, *operation.models]:
                    for field in wrapper.model_fields.values():
                        _models_in(field.annotation, found)
    names: dict[str, set[str]] = {}
    for model in found:
        names.setdefault(model.__name__, set()).add(f"{model.__module__}.{model.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_a_smart_add_preview_over_the_monthly_quota_is_a_documented_429(api, client, settings):
    # Only requests sent to a provider count; the quota refuses before any call is made.
    settings.AI_PROVIDER = "openai-compatible"
    settings.AI_BASE_URL = "http://127.0.0.1:9/v1"
    settings.AI_MODEL = "test-model"
    settings.AI_API_KEY = "test-key"
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}

    answer = api.post("/api/v1/smart-add/preview", {"text": "Call mum"}, content_type=JSON)

    assert answer.status_code == 429
    schema = client.get("/api/v1/openapi.json").json()
    documented = schema["paths"]["/api/v1/smart-add/preview"]["post"]["responses"]
    assert documented["429"]["content"][JSON]["schema"]["$ref"].endswith("/ErrorOut")
