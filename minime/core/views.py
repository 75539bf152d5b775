from __future__ import annotations

import email
import logging
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the app can reach its database, 503 otherwise. No details leak."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unreachable")
        return JsonResponse({"status": "unavailable", "database": "error"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_safe
def dev_outbox(request: HttpRequest) -> HttpResponse:
    """DEBUG only: the emails the file backend wrote, newest first."""
    if (
        not settings.DEBUG
        or settings.EMAIL_BACKEND != "django.core.mail.backends.filebased.EmailBackend"
    ):
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
