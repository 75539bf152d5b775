"""What every API router shares: authentication, the error envelope, the version header.

Errors always have one shape:

    {"error": {"code": "invalid", "message": "Some fields need another look.",
               "fields": {"title": ["This field cannot be blank."]}}}
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, ConfigError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer, SessionAuth

from minime.accounts.tokens import user_for_token
from minime.core.errors import Conflict, ServiceError
from minime.workspaces.middleware import bind_user


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    request_id: str | None = Field(
        None, description="On a server error: the request's id, to quote when reporting it."
    )


class ErrorOut(Schema):
    error: ErrorBody


def _bind(request: HttpRequest, user: Any) -> None:
    """Bind the user; an explicit X-Workspace the user is not a member of is a 404."""
    wanted = request.headers.get("X-Workspace")
    bind_user(request, user, wanted)
    if wanted and str(request.membership.workspace.uuid) != wanted.strip():  # type: ignore[attr-defined]
        raise Http404("No such workspace.")


class TokenAuth(HttpBearer):
    """`Authorization: Bearer mm_…` — a personal access token made in Settings → API tokens.
    `X-Workspace: <uuid>` picks one of the user's workspaces (default: the personal one)."""

    openapi_description = "A personal access token from Settings → API tokens."

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        _bind(request, user)
        return user


class BrowserSession(SessionAuth):
    """The signed-in browser's session (CSRF token required for writes)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is not None and request.headers.get("X-Workspace"):
            _bind(request, user)
        return user


def _error(
    api: NinjaAPI,
    request: HttpRequest,
    status: int,
    code: str,
    message: str,
    fields: dict[str, list[str]] | None = None,
    **extra: Any,
) -> HttpResponse:
    body: dict[str, Any] = {"code": code, "message": message, "fields": fields or {}, **extra}
    return api.create_response(request, {"error": body}, status=status)


def _location(loc: list[Any]) -> str:
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "payload", "data"}]
    return ".".join(parts) or "__all__"


# The errors any operation can answer, whatever it does: 404 for an X-Workspace the user is not a
# member of, 413 for a body over the size limit (minime.core.middleware), 500 for a server error.
ALWAYS_ANSWERED = (404, 413, 500)
UNAUTHENTICATED = 401  # any operation that needs a token or a session
INVALID_INPUT = 422  # any operation that takes a parameter or a body
UNREADABLE_BODY = 400  # any operation that takes a body: one that is not JSON


def document_error_responses(api: NinjaAPI) -> None:
    """Give every operation of `api` the error answers it can give, each as `ErrorOut`, so the
    OpenAPI lists every status code the API answers. A router states only the errors particular
    to its operations (403, 409, 429); the common ones are added here. Call it once every router
    is added."""
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            for operation in path_view.operations:
                sources = {model.__ninja_param_source__ for model in operation.models}
                codes = list(ALWAYS_ANSWERED)
                if operation.auth_callbacks:
                    codes.append(UNAUTHENTICATED)
                if sources:
                    codes.append(INVALID_INPUT)
                if sources & {"body", "form", "file"}:
                    codes.append(UNREADABLE_BODY)
                if len(operation.response_models) == 1 and 200 not in operation.response_models:
                    # A lone success code is also the implicit status; more codes would end that.
                    name = operation.view_func.__name__
                    raise ConfigError(f"{name}: state its success code in a response dict")
                for code in codes:
                    operation.response_models.setdefault(
                        code, operation._create_response_model(ErrorOut)
                    )


def install_error_envelope(api: NinjaAPI) -> None:
    @api.exception_handler(NinjaValidationError)
    def invalid_input(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for err in exc.errors:
            fields.setdefault(_location(list(err.get("loc", []))), []).append(err["msg"])
        return _error(api, request, 422, "invalid", "Some fields need another look.", fields)

    @api.exception_handler(DjangoValidationError)
    def invalid_model(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return _error(api, request, 422, "invalid", "Some fields need another look.", fields)

    @api.exception_handler(Conflict)
    def conflict(request: HttpRequest, exc: Conflict) -> HttpResponse:
        return _error(api, request, 409, exc.code, exc.message, current_version=exc.current_version)

    @api.exception_handler(ServiceError)
    def service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
        return _error(api, request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _error(api, request, 404, "not_found", "Nothing here, or not in your workspace.")

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _error(
            api,
            request,
            401,
            "unauthenticated",
            "Sign in, or send a personal access token: Authorization: Bearer <token>.",
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _error(api, request, exc.status_code, "error", str(exc))
