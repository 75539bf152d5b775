"""The request log: one structured line per request; and under it, the API's last word on errors.

Logged: method, path (with secret URL parts such as reset tokens redacted), route, status,
duration, user id, request id. Never logged: query strings, bodies, headers, cookies.

Under /api/ every answer is JSON. A body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before anything
reads it; any other error answer that is not JSON already (Django's 404 for an unknown path, a 405,
a 500 built by Django or django-ninja from an exception, with or without DEBUG) becomes the API's
error envelope, and a 500 carries the request id so a report can be matched to the log. Pages keep
their HTML error pages.

The database unreachable (django.db's OperationalError or InterfaceError: a server restarting, a
connection cut, SQLite's write lock held past its timeout) is a 503 with Retry-After, never a 500:
`unavailable` answers it, whichever layer meets the error: a view (`process_exception` here),
django-ninja's handlers (minime.core.api) or a middleware (handler500, minime.core.views). Under
/api/ it is the envelope with code "unavailable"; a page gets a short HTML page rendered without
the database. One warning line per such request names its request id.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

logger = logging.getLogger("minime.request")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_SECRET_KWARGS = ("token", "uidb64", "key", "secret")


def _safe_path(request: HttpRequest) -> str:
    match = request.resolver_match
    path = request.path
    if match is None:
        return path
    for name, value in match.kwargs.items():
        if any(word in name for word in _SECRET_KWARGS) and str(value):
            path = path.replace(str(value), "[redacted]")
    return path


API_PREFIX = "/api/"
# The envelope's code for each error status the API can answer outside its own handlers.
_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    500: "server_error",
    503: "unavailable",
}
_MESSAGES = {
    404: "No such API endpoint. The endpoints are listed at /api/v1/docs.",
    405: "This endpoint does not take that method; the Allow header lists the ones it takes.",
    500: "Something went wrong on our side. Quote the request id when you report it.",
    503: "The service is briefly unavailable. Nothing was saved; try again in a few seconds.",
}
_BODY_HEADERS = frozenset({"content-type", "content-length", "content-encoding"})


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False  # Django refuses a malformed length itself, as a 400
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase + "."
    except ValueError:
        return "The request could not be answered."


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


def _envelope(request: HttpRequest, status: int, original: HttpResponse | None) -> JsonResponse:
    body: dict[str, Any] = {
        "code": _CODES.get(status, "error"),
        "message": _MESSAGES.get(status) or _phrase(status),
        "fields": {},
    }
    if status == 413:
        limit_kb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
        body["message"] = f"The request body is too large (at most {limit_kb} KB)."
    if status >= 500:
        body["request_id"] = getattr(request, "request_id", "")
    answer = JsonResponse({"error": body}, status=status)
    if original is not None:
        # Keep what the layers below said about the answer (Allow, caching, security headers,
        # cookies); only the body and its description change.
        for name, value in original.items():
            if name.lower() not in _BODY_HEADERS:
                answer[name] = value
        answer.cookies = original.cookies
    return answer


# What a lost or unusable database connection raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def unavailable(request: HttpRequest, exc: BaseException) -> HttpResponse:
    """The 503 for a request that met `exc`, one of DATABASE_UNAVAILABLE. Renders no context
    processor and reads no session, so it works while the database does not."""
    if not getattr(request, "_unavailable_logged", False):
        request._unavailable_logged = True  # type: ignore[attr-defined]
        logger.warning(
            "database unavailable",
            extra={
                "path": request.path,
                "error": type(exc).__name__,
                "request_id": getattr(request, "request_id", ""),
            },
        )
    response: HttpResponse
    if request.path.startswith(API_PREFIX):
        response = _envelope(request, 503, None)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def json_api_errors(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Wrap the rest of the stack so that every error answer under /api/ is the JSON envelope."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return get_response(request)
        if _too_large(request):
            return _envelope(request, 413, None)
        response = get_response(request)
        if response.status_code >= 400 and not _is_json(response):
            return _envelope(request, response.status_code, response)
        return response

    return middleware


def _user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id, None when signed out or when the database could not say."""
    user = getattr(request, "user", None)
    try:
        return user.pk if user is not None and user.is_authenticated else None
    except DATABASE_UNAVAILABLE:
        return None


class RequestLogMiddleware:
    """The outermost layer: the request id, the log line, and (wrapped right under it, so that
    nothing below can answer the API with HTML) the API's error envelope."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = json_api_errors(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        match = request.resolver_match
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": _safe_path(request),
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": _user_id(request),
                "request_id": request_id,
            },
        )
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        """A view that met an unreachable database answers 503 (before Django's 500)."""
        return unavailable(request, exc) if isinstance(exc, DATABASE_UNAVAILABLE) else None
