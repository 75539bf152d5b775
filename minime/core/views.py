from __future__ import annotations

import email
import ipaddress
import logging
import os
import sys
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from minime.core.middleware import DATABASE_UNAVAILABLE, unavailable
from minime.core.outside import outside_request_transaction

logger = logging.getLogger(__name__)


# The probe /healthz writes, syncs and deletes in VAR_DIR.
_PROBE_NAME = ".healthz-probe-{pid}-{thread}"


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return False
    return True


def _storage_writable() -> bool:
    """VAR_DIR (the SQLite file, mail, secrets) takes a small file to the disk: a full or
    read-only disk fails here even when the database still answers reads."""
    probe = Path(settings.VAR_DIR) / _PROBE_NAME.format(
        pid=os.getpid(), thread=threading.get_ident()
    )
    try:
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                os.write(fd, b"ok\n")
                os.fsync(fd)
            finally:
                os.close(fd)
        finally:
            probe.unlink(missing_ok=True)
    except OSError:
        logger.exception("health check: data directory not writable")
        return False
    return True


@outside_request_transaction
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers and the data directory takes writes; 503 naming the check
    that failed otherwise. No details leak. Runs outside the request transaction, so that an
    unreachable database is this view's to report."""
    checks = {
        "database": "ok" if _database_answers() else "error",
        "storage": "ok" if _storage_writable() else "error",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an exception no view handled, often raised in a middleware (the session, the
    user, the request's transaction). An unreachable database is a 503, anything else the 500."""
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE):
        return unavailable(request, exc)
    return defaults.server_error(request)


# A request that came through a proxy, whatever REMOTE_ADDR says (a proxy on this machine
# connects from loopback on behalf of the whole internet).
_PROXY_HEADERS = ("Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP")


def is_local_debug_request(request: HttpRequest) -> bool:
    """True only under DEBUG, for a client on this machine: REMOTE_ADDR is loopback, the request
    names no proxy hop and BEHIND_PROXY is off. Forwarded-for headers are never trusted to grant
    access, only taken as a reason to refuse it."""
    if not settings.DEBUG or settings.BEHIND_PROXY:
        return False
    if any(header in request.headers for header in _PROXY_HEADERS):
        return False
    try:
        return ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")).is_loopback
    except ValueError:
        return False


def local_debug_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Every /dev/ page wears this: a 404 unless `is_local_debug_request`."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_local_debug_request(request):
            raise Http404
        return view(request, *args, **kwargs)

    return guarded


@local_debug_only
@require_safe
@never_cache
def dev_outbox(request: HttpRequest) -> HttpResponse:
    """The emails the file backend wrote, newest first."""
    if settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend":
        raise Http404
    folder = Path(getattr(settings, "EMAIL_FILE_PATH", ""))
    messages = []
    for path in sorted(folder.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True)[:50]:
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if not chunk.strip():
                continue
            msg = email.message_from_string(chunk.strip())
            body = msg.get_payload(decode=True)
            messages.append(
                {
                    "to": msg["To"],
                    "subject": msg["Subject"],
                    "date": msg["Date"],
                    "body": body.decode(errors="replace") if isinstance(body, bytes) else str(body),
                }
            )
    return render(request, "core/dev_outbox.html", {"messages_sent": messages})
