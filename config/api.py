"""The JSON API root: /api/v1/. Docs at /api/v1/docs, the schema at /api/v1/openapi.json.

Every router is mounted here; every endpoint needs a signed-in session or a personal access token.
Each operation's OpenAPI lists every status code it can answer: the errors common to all are added
by `document_error_responses` once the routers are in.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.security import HttpBearer, SessionAuth

from minime.accounts.tokens import user_for_token
from minime.activity.api import router as activity_router
from minime.ai.api import router as ai_router
from minime.areas.api import router as areas_router
from minime.automations.api import router as automations_router
from minime.calendars.api import router as calendars_router
from minime.capture.api import router as capture_router
from minime.core.api import ApiParser, document_error_responses, install_error_envelope
from minime.decisions.api import router as decisions_router
from minime.focus.api import router as focus_router
from minime.gmail.api import router as gmail_router
from minime.goals.api import router as goals_router
from minime.insights.api import router as insights_router
from minime.notifications.api import router as notifications_router
from minime.preferences.api import router as preferences_router
from minime.reviews.api import router as reviews_router
from minime.routines.api import router as routines_router
from minime.tasks.api import router as tasks_router
from minime.today.api import router as today_router
from minime.workspaces.api import router as workspaces_router
from minime.workspaces.middleware import bind_user
from minime.yourdata.api import router as yourdata_router


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


api = NinjaAPI(
    title="Mini Me OS API",
    version="1",
    description=(
        "Your Mini Me OS workspace as JSON. Authenticate with a personal access token "
        "(Settings → API tokens) as `Authorization: Bearer <token>`, or a browser session. "
        "Send `X-Workspace: <uuid>` to work in a shared workspace. Errors always look like "
        '`{"error": {"code", "message", "fields"}}`.'
    ),
    urls_namespace="api",
    auth=[TokenAuth(), BrowserSession()],
    parser=ApiParser(),
)
install_error_envelope(api)
api.add_router("/", workspaces_router)
api.add_router("/", preferences_router)
api.add_router("/", yourdata_router)
api.add_router("/", areas_router)
api.add_router("/", notifications_router)
api.add_router("/", goals_router)
api.add_router("/", tasks_router)
api.add_router("/", activity_router)
api.add_router("/", routines_router)
api.add_router("/", capture_router)
api.add_router("/", decisions_router)
api.add_router("/", focus_router)
api.add_router("/", today_router)
api.add_router("/", insights_router)
api.add_router("/", reviews_router)
api.add_router("/", ai_router)
api.add_router("/", automations_router)
api.add_router("/", calendars_router)
api.add_router("/", gmail_router)
document_error_responses(api)
