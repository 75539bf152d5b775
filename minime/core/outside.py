"""The mark of a view that runs outside the request's transaction.

The request middleware (minime.workspaces.middleware) opens one transaction per request and binds
the row-level-security user in it. A view that waits on something slow outside the database (an
AI provider), or must see the database fail for itself (/healthz), wears
`@outside_request_transaction`: the middleware then opens no transaction for it, and the view does
its database work in short transactions of its own (`request_transaction(request)` in the
middleware's module). The mark lives here, in the lowest layer, so that any app can wear it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

V = TypeVar("V", bound=Callable[..., Any])

# The mark on a view, and on a request whose view wears it.
OUTSIDE = "outside_request_transaction"


def outside_request_transaction(view: V) -> V:
    """Run `view` outside the request transaction: its database work goes in
    `request_transaction(request)` blocks. For a django-ninja operation, put it under the
    router's decorator and give the operation a `url_name`."""
    setattr(view, OUTSIDE, True)
    return view


def runs_outside(view: Callable[..., Any]) -> bool:
    """Whether `view` wears the mark."""
    return bool(getattr(view, OUTSIDE, False))
