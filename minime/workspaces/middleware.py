"""Each request's transaction, its row-level-security user and its active workspace.

On PostgreSQL the request runs in one transaction opened here, and the first statement in it sets
`app.user_id` (transaction-local), so RLS admits exactly the signed-in user's workspaces and
nothing survives into the next request on the same connection. Setting it in `process_view` would
not work: that runs before a view's own transaction, in autocommit, and the setting would vanish.

On SQLite there is no RLS; unsafe methods still get the request transaction (all or nothing),
while reads stay in autocommit so they do not queue for SQLite's single write lock (a safe method
must not write).

All or nothing: a request whose answer is a server error (5xx) rolls its transaction back, even
when the exception never reached this middleware because a handler below (Django's for pages,
django-ninja's for the API) had already turned it into a response.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from minime.accounts.models import User
from minime.core.db import set_rls_user, uses_rls
from minime.workspaces.selectors import active_membership

SESSION_KEY = "active_workspace"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WorkspaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rls = uses_rls()
        nested = connection.in_atomic_block
        atomic: Any = (
            transaction.atomic() if rls or request.method not in SAFE_METHODS else nullcontext()
        )
        with atomic:
            user = request.user
            if user.is_authenticated:
                bind_user(request, user, request.session.get(SESSION_KEY))
            elif rls:
                set_rls_user(None)
            try:
                response = self.get_response(request)
                if response.status_code >= 500 and connection.in_atomic_block:
                    # Whichever layer turned an exception into this answer (Django's handler,
                    # the API's), the request failed: none of its writes may stay.
                    transaction.set_rollback(True)
                return response
            finally:
                timezone.deactivate()
                # The commit ends the setting (it is transaction-local). When this transaction
                # is nested (tests, or a caller's own atomic), clear it so it cannot outlive the
                # request.
                if rls and nested and not connection.needs_rollback:
                    set_rls_user(None)


def bind_user(request: HttpRequest, user: User, preferred_workspace: str | None) -> None:
    """Make `user` the request's user: RLS, time zone and (lazily) the active workspace.

    The middleware calls it for session users; API token authentication calls it once it knows
    the user (after the middleware, still inside the request's transaction).
    """
    request.user = user
    if uses_rls():
        set_rls_user(user.pk)
    timezone.activate(user.time_zone)
    membership = SimpleLazyObject(lambda: active_membership(user, preferred_workspace))
    request.membership = membership  # type: ignore[attr-defined]
    request.workspace = SimpleLazyObject(lambda: membership.workspace)  # type: ignore[attr-defined]
