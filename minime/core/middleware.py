"""The request log: one structured line per request.

Logged: method, path (with secret URL parts such as reset tokens redacted), route, status,
duration, user id, request id. Never logged: query strings, bodies, headers, cookies.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

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


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = request.resolver_match
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": _safe_path(request),
                "route": match.route if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
                "request_id": request_id,
            },
        )
        response["X-Request-ID"] = request_id
        return response
