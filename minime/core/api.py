"""What every API router shares: the error envelope, input parsing and types, paging, the
version header. (Who may call the API is decided at its root, config/api.py.)

Errors always have one shape:

    {"error": {"code": "invalid", "message": "Some fields need another look.",
               "fields": {"title": ["This field cannot be blank."]}}}
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import Annotated, Any

from django.core.exceptions import FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.datastructures import MultiValueDict
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, ConfigError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    ValidationInfo,
    model_validator,
)
from pydantic.functional_validators import ModelWrapValidatorHandler
from pydantic.json_schema import JsonDict, JsonSchemaValue, WithJsonSchema
from pydantic_core import PydanticCustomError

from minime.core import limits
from minime.core.errors import Conflict, ServiceError
from minime.core.middleware import unavailable


class ErrorBody(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}
    request_id: str | None = Field(
        None, description="On a server error: the request's id, to quote when reporting it."
    )


class ErrorOut(Schema):
    error: ErrorBody


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
# member of, 413 for a body over the size limit (minime.core.middleware), 500 for a server error,
# 503 when the database cannot be reached (with Retry-After).
ALWAYS_ANSWERED = (404, 413, 500, 503)
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

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def database_unavailable(request: HttpRequest, exc: Any) -> HttpResponse:
        # One of DATABASE_UNAVAILABLE: a 503 with Retry-After, the request may be sent again.
        return unavailable(request, exc)


# ---------------------------------------------------------------------------------------------
# Inputs: bodies, dates, local times, paging. Every number comes from minime.core.limits, and the
# OpenAPI schema states it, so a client can read what will be refused.


class InputSchema(Schema):
    """A request body: a JSON object, never a bare string, number or list.

    ninja's Schema reads its fields as attributes of whatever it is given (so it can read model
    instances); a bare string would then lend its methods as values (`"buy milk".title()` became
    a task "Buy Milk"), and a list would simply fall back to the defaults. Bodies refuse both."""

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(
        cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo
    ) -> Any:
        # Replaces (by name) the Schema validator that turns anything into an attribute reader:
        # a body is a dict, validated as one.
        if not isinstance(values, dict | cls):
            raise PydanticCustomError("model_type", "Send a JSON object with the fields named.")
        return handler(values)

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        """Numbers and booleans in a body are taken as JSON types, not coerced: pydantic would
        read `false` as 0, 0 as false and "3" as 3, none of which the schema admits. Text with a
        NUL character is refused (PostgreSQL cannot store it, nor compare with it)."""
        super().__pydantic_init_subclass__(**kwargs)
        for field in cls.model_fields.values():
            check = _JSON_TYPE_CHECKS.get(field.annotation)
            if check is not None:
                field.metadata.append(BeforeValidator(check))
            field.metadata.append(BeforeValidator(_no_nul))
        if cls.model_fields:
            cls.model_rebuild(force=True)


NUL_MESSAGE = "Text cannot contain the NUL character (\\u0000)."


class ApiParser(Parser):
    """ninja's parser, but a query string with a NUL character in a value is a 422, as it is in
    a body (see InputSchema): PostgreSQL cannot compare text with it."""

    def parse_querydict(
        self, data: MultiValueDict, list_fields: list[str], request: HttpRequest
    ) -> dict[str, Any]:
        for key, values in data.lists():
            if any("\x00" in value for value in values if isinstance(value, str)):
                error = {"loc": ("query", key), "msg": NUL_MESSAGE, "type": "nul_character"}
                raise NinjaValidationError([error])
        return super().parse_querydict(data, list_fields, request)


def _no_nul(value: Any) -> Any:
    """Refuse NUL in a field's text, or in the text of a list; an object inside is a nested body
    schema, which checks its own fields."""
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("nul_character", NUL_MESSAGE)
    if isinstance(value, list):
        for item in value:
            _no_nul(item)
    return value


def _json_integer(value: Any) -> Any:
    # JSON Schema counts 3.0 as an integer, so a float passes on to pydantic (which takes 3.0
    # and refuses 3.5); a boolean or a string is no number.
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def _json_boolean(value: Any) -> Any:
    if value is not None and not isinstance(value, bool):
        raise PydanticCustomError("bool_type", "Input should be a valid boolean")
    return value


_JSON_TYPE_CHECKS: dict[Any, Any] = {
    int: _json_integer,
    int | None: _json_integer,
    bool: _json_boolean,
    bool | None: _json_boolean,
}


def _date_in_range(value: date) -> date:
    if not limits.date_in_range(value):
        raise PydanticCustomError("date_range", limits.DATE_RANGE_MESSAGE)
    return value


class _SchemaExtra:
    """Adds keys to a type's JSON schema (kept inside `X | None`, unlike a Field's extra)."""

    def __init__(self, **extra: Any) -> None:
        self.extra = extra

    def __get_pydantic_json_schema__(self, core_schema: Any, handler: Any) -> JsonSchemaValue:
        schema: JsonSchemaValue = handler(core_schema)
        schema.update(self.extra)
        return schema


def patch_changes(payload: Schema, model: type[Model]) -> dict[str, Any]:
    """The fields a PATCH body sets, `version` aside. Every field of a patch schema may be null;
    null clears a field that can be empty (a nullable column of `model`, or anything that is not a
    column) and leaves any other field as it is."""
    sent = payload.dict(exclude_unset=True, exclude={"version"})
    return {name: v for name, v in sent.items() if v is not None or _nullable(model, name)}


def _nullable(model: type[Model], name: str) -> bool:
    try:
        return bool(getattr(model._meta.get_field(name), "null", True))
    except FieldDoesNotExist:
        return True


# Text that must say something: at least one character that is not white space (in JSON Schema
# regex, Python's and Rust's alike). The services refuse blank text with their own message; this
# states the rule in the schema.
NOT_BLANK: JsonDict = {"pattern": r"[^\s\x1c-\x1f\x85]"}

DATE_RANGE_TEXT = f"A date from {limits.DATE_MIN.isoformat()} to {limits.DATE_MAX.isoformat()}."
DATE_TEXT_MESSAGE = "Give a date as YYYY-MM-DD."
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _date_pattern() -> str:
    """The range as a pattern, so that clients and generators can read it: JSON Schema has no
    bounds for a `format: date` string. Exact while the range runs from the first day of a
    century to the last day of one (1900-01-01 to 2199-12-31)."""
    first, last = limits.DATE_MIN, limits.DATE_MAX
    assert (first.year % 100, first.month, first.day) == (0, 1, 1), first
    assert (last.year % 100, last.month, last.day) == (99, 12, 31), last
    centuries = "|".join(str(c) for c in range(first.year // 100, last.year // 100 + 1))
    return rf"^({centuries})\d{{2}}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"


def _date_text(value: Any) -> Any:
    """Only YYYY-MM-DD text (or a date) is a date: pydantic would also read a number as seconds
    since 1970, and more shapes of text than the schema states."""
    if isinstance(value, date) or (isinstance(value, str) and _DATE_TEXT.match(value)):
        return value
    raise PydanticCustomError("date_text", DATE_TEXT_MESSAGE)


# A calendar date in an input (body, query or path): YYYY-MM-DD within DATE_MIN..DATE_MAX.
ApiDate = Annotated[
    date,
    BeforeValidator(_date_text),
    AfterValidator(_date_in_range),
    _SchemaExtra(
        description=DATE_RANGE_TEXT,
        pattern=_date_pattern(),
        **{"x-minimum": limits.DATE_MIN.isoformat(), "x-maximum": limits.DATE_MAX.isoformat()},
    ),
]

LOCAL_TIME_MESSAGE = "Give a local time without a zone, like 08:30."
_LOCAL_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$")
# A wall-clock time in the user's time zone. Not OpenAPI's `format: time`, which (RFC 3339)
# requires an offset: these times have none, in and out.
_LOCAL_TIME_SCHEMA = WithJsonSchema(
    {
        "type": "string",
        "pattern": _LOCAL_TIME.pattern,
        "description": "A local time, HH:MM or HH:MM:SS, without a zone.",
        "examples": ["08:30"],
    }
)


def _local_time(value: Any) -> time:
    """HH:MM or HH:MM:SS, naive; anything else (an offset, "Z", fractions) is refused."""
    if isinstance(value, time) and value.tzinfo is None:
        return value
    found = _LOCAL_TIME.match(value) if isinstance(value, str) else None
    if found is not None:
        hour, minute, second = (int(part or 0) for part in found.groups())
        return time(hour, minute, second)
    raise PydanticCustomError("local_time", LOCAL_TIME_MESSAGE)


# In a request: validated, and handed to the code as a naive `time`.
LocalTimeIn = Annotated[time, BeforeValidator(_local_time), _LOCAL_TIME_SCHEMA]
# In an answer: always "HH:MM:SS", matching the same pattern.
LocalTime = Annotated[
    time,
    PlainSerializer(lambda value: value.strftime("%H:%M:%S"), return_type=str),
    _LOCAL_TIME_SCHEMA,
]


# The `version` a client sends back with a change: bounded so that comparing it with the stored
# integer can never overflow the database's integer type.
Version = Annotated[
    int,
    Field(
        ge=0,
        le=limits.VERSION_MAX,
        description="The version you last read; a newer one answers 409.",
    ),
]


class Paging(LimitOffsetPagination):
    """Every API list's `limit` and `offset`, bounded: beyond them is a 422, not a database
    error. Use as `@paginate(Paging)`."""

    class Input(Schema):
        limit: int = Field(
            limits.PAGE_LIMIT_DEFAULT,
            ge=1,
            le=limits.PAGE_LIMIT_MAX,
            description=f"How many items to return (1 to {limits.PAGE_LIMIT_MAX}).",
        )
        offset: int = Field(
            0,
            ge=0,
            le=limits.PAGE_OFFSET_MAX,
            description=f"How many items to skip (0 to {limits.PAGE_OFFSET_MAX:,}).",
        )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=limits.PAGE_LIMIT_MAX, **kwargs)
