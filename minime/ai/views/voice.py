"""Voice → text: the server fallback for browsers without on-device speech recognition.

The microphone button (``ai/_voice_button.html`` + ``ai/voice.js``) dictates with the browser's
own recognition where it can. Only where it cannot, and only for plans that include the server
fallback, it records a short clip and posts it here. The answer is JSON for the script:
``{"text": "..."}`` or ``{"error": "<a sentence for the user>"}`` with a 4xx status, never a page
and never a 500 for anything the user can cause.
"""

from __future__ import annotations

import logging
import math

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from minime.ai import services
from minime.core.errors import Invalid, NotAllowed
from minime.core.outside import outside_request_transaction

logger = logging.getLogger(__name__)

AUDIO_FIELD = "audio"


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _seconds(raw: str | None) -> float | None:
    """The clip's length as the browser measured it, or None when not given.

    Raises Invalid for anything that is not a finite, non-negative number."""
    if raw is None or not raw.strip():
        return None
    try:
        value = float(raw)
    except ValueError:
        raise Invalid("The recording's length is not a number.") from None
    if not math.isfinite(value) or value < 0:
        raise Invalid("The recording's length is not a number.")
    return value


@outside_request_transaction  # the provider may take its time; the service's writes are short
@require_POST
def transcribe(request: HttpRequest) -> JsonResponse:
    """POST a clip (multipart: ``audio`` file, optional ``seconds``) → ``{"text": ...}``.

    400 for a clip that is missing, empty, too big, too long, not audio, or that the provider
    could not transcribe; 401 when signed out; 429 when the quota is used up; 403 when the plan
    or the server's configuration does not allow it."""
    if not request.user.is_authenticated:
        return _error("Sign in to use voice.", 401)
    upload = request.FILES.get(AUDIO_FIELD)
    if upload is None:
        return _error("No recording arrived. Try again.", 400)
    try:
        seconds = _seconds(request.POST.get("seconds"))
        limit = settings.VOICE_MAX_BYTES
        if upload.size is not None and upload.size > limit:
            # Refused before reading: a huge upload is never loaded into memory.
            raise Invalid(
                f"The recording is too big ({upload.size // 1024} KB; at most"
                f" {limit // 1024} KB). Try a shorter one."
            )
        text = services.transcribe(
            request.user,  # authenticated above
            audio=upload.read(),
            mime_type=upload.content_type or "",
            seconds=seconds,
        )
    except NotAllowed as exc:  # the plan or no provider (403), the quota (429)
        return _error(exc.message, exc.status)
    except Invalid as exc:
        return _error(exc.message, 400)
    except ValueError:
        # The feature's own check refused the clip (an odd audio type the browser made up).
        logger.info("voice clip refused by the transcribe payload check", exc_info=True)
        return _error("That file is not an audio clip this server can read.", 400)
    return JsonResponse({"text": text})
