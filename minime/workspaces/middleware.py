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

Outside the request transaction: a view that waits on something slow outside the database (an AI
provider) or must see the database fail for itself (/healthz) wears `@outside_request_transaction`
(minime.core.outside).
The middleware resolves the path first; for a marked view it opens no transaction and binds no RLS
user, so the request holds neither SQLite's write lock nor a PostgreSQL connection idle in
transaction while it waits. Such a view does its database work in short transactions of its own,
each through `with request_transaction(request):` (a transaction bound to the request's user;
in an ordinary view the same call is a no-op, the request's transaction being already open), and
its active workspace is loaded in one when first used. A django-ninja operation is marked the same
way (the decorator under the router's) and given a `url_name`: `outside_request_transaction_urls`
marks its URL pattern when the API's URLs are built. Whatever such a view commits stays, 5xx or not.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, URLPattern, resolve
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from ninja import NinjaAPI

from minime.accounts.models import User
from minime.core.db import as_user, set_rls_user, uses_rls
from minime.core.outside import OUTSIDE, runs_outside
from minime.workspaces.selectors import active_membership

SESSION_KEY = "active_workspace"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def _outside(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return runs_outside(match.func)


def request_transaction(request: HttpRequest) -> AbstractContextManager[None]:
    """A block of the request's database work. In a view marked `outside_request_transaction`:
    a short transaction of its own, whose RLS user is the request's user. Elsewhere nothing: the
    request's transaction is open (or, on SQLite, a safe method reads in autocommit)."""
    if not getattr(request, OUTSIDE, False):
        return nullcontext()
    user = request.user
    return as_user(user.pk if user.is_authenticated else None)


def outside_request_transaction_urls(api: NinjaAPI) -> tuple[list[Any], str, str]:
    """`api.urls`, with the URL pattern of every marked operation marked too (ninja routes each
    path through a view of its own). A marked operation needs a `url_name`, and every operation
    on its path must be marked as well: the pattern serves them all."""
    marked: set[str] = set()
    for bound in api._get_bound_routers():
        for path_view in bound.path_operations.values():
            operations = path_view.operations
            flags = {runs_outside(op.view_func) for op in operations}
            if True not in flags:
                continue
            if flags != {True} or not all(op.url_name for op in operations):
                raise ImproperlyConfigured(
                    f"{operations[0].path}: mark every operation on the path, each with a url_name."
                )
            marked.update(op.url_name for op in operations)
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name in marked:
            setattr(pattern.callback, OUTSIDE, True)
    return patterns, app_name, namespace


class WorkspaceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _outside(request):
            setattr(request, OUTSIDE, True)
            try:
                user = request.user
                if user.is_authenticated:
                    bind_user(request, user, request.session.get(SESSION_KEY))
                return self.get_response(request)
            finally:
                timezone.deactivate()
        rls = uses_rls()
        nested = connection.in_atomic_block
        atomic: Any = (
            transaction.atomic() if rls or request.method not in SAFE_METHODS else nullcontext()
        )
        with atomic:
            user = request.user
            if user.is_authenticated:
                bind_user(request, user, request.session.get(SESSION_KEY))
            elif rls and nested:
                # A transaction of its own starts with no user (the setting is
                # transaction-local); a caller's transaction may have bound one.
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
    the user (after the middleware, inside the request's transaction, or outside any for a view
    marked `outside_request_transaction`: then each `request_transaction` binds the user).
    """
    request.user = user
    if uses_rls() and not getattr(request, OUTSIDE, False):
        set_rls_user(user.pk)
    timezone.activate(user.time_zone)

    def load_membership() -> Any:
        with request_transaction(request):
            return active_membership(user, preferred_workspace)

    membership = SimpleLazyObject(load_membership)
    request.membership = membership  # type: ignore[attr-defined]
    request.workspace = SimpleLazyObject(lambda: membership.workspace)  # type: ignore[attr-defined]
