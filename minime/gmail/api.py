"""/api/v1/gmail — the caller's Gmail connection (read it, disconnect it), Pull inbox, the
messages the last pull kept, and one of them saved as an inbox item.

Connecting is only done in the browser, in Settings → Email: Google's consent screen must be
seen and answered by the person, and the grant it returns is kept on the server, encrypted,
never handed to a client. There is no endpoint that connects, and no answer ever holds the
token (not even encrypted).

The connection and its messages belong to the person, not to a workspace: `X-Workspace` only
picks where "to inbox" puts the new item, and another person's message is a 404. Pulling is
part of Max (a 403 on the other plans); reading what is kept and disconnecting work on any plan,
so a connection left from an earlier plan can go.

The operations that talk to Google (pull, disconnect) run outside the request transaction: the
database is never held while Google answers, and each write after the call is a short
transaction of the services' own. Reading the connection shares its path with disconnecting,
and a path is marked as a whole, so it runs outside as well (one short read).

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.accounts.plans import Feature, may_use
from minime.core.api import ErrorOut, Paging
from minime.core.errors import NotFound
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.gmail import google, services
from minime.gmail.models import ConnectionState, PulledMessage

router = Router(tags=["Gmail"])
# Each operation states the errors particular to it; 401, 404 (an X-Workspace that is not
# yours), 413, 500, 503 and the 422 of a bad parameter are added to all of them at the root.
NOT_CONNECTED = "Gmail is not connected: connect it in Settings → Email."
NOT_KEPT = "This message is no longer kept: pull the inbox again."
CONNECT_IN_THE_BROWSER = (
    "Connecting is only done in the browser, in Settings → Email, through Google's consent "
    "screen: there is no endpoint for it, and the grant is never answered."
)


class GmailConnectionOut(Schema):
    connected: bool = Field(
        description="Whether a Gmail account is connected, also when it needs connecting again."
    )
    email_address: str | None = Field(description="The connected account; null: none.")
    state: ConnectionState | None = Field(
        description="`connected`, or `reconnect` when Google no longer accepts the access "
        "(connect again in the browser); null: not connected."
    )
    problem: str | None = Field(
        description="Why it needs connecting again; empty when connected, null: not connected."
    )
    connected_at: datetime | None
    pulled_at: datetime | None = Field(description="The last successful pull; null: never.")
    server_configured: bool = Field(
        description="Whether this server has a Gmail client set up (without one, nobody can "
        "connect)."
    )
    plan_allows: bool = Field(description="Whether your plan includes Gmail (Max).")


class GmailMessageOut(Schema):
    uuid: UUID
    sender: str = Field(description="The From header, as text.")
    subject: str
    snippet: str = Field(description="Gmail's short preview of the message's start.")
    received_at: datetime | None = Field(description="When Gmail received it; null: unknown.")
    pulled_at: datetime = Field(
        description=f"When the pull read it; it is deleted "
        f"{int(services.KEEP_PULLED.total_seconds() // 3600)} hours later."
    )


class GmailInboxItemOut(Schema):
    uuid: UUID = Field(description="The new capture item's uuid (see /api/v1/capture).")
    text: str = Field(description="Subject, sender and snippet, one per line.")


class GmailDisconnectedOut(Schema):
    revoked_at_google: bool = Field(
        description="Whether Google confirmed the access was withdrawn. False: it could not be "
        "reached (the connection is deleted here all the same); remove Mini Me OS under "
        "Security → Third-party access in the Google account."
    )


@router.get(
    "/gmail",
    response={200: GmailConnectionOut},
    summary="Get your Gmail connection",
    description=(
        "Whether Gmail is connected, to which account, and whether it needs connecting again; "
        f"never the access Google granted. {CONNECT_IN_THE_BROWSER}"
    ),
    url_name="gmail_connection",
)
@outside_request_transaction  # shares its path with disconnect, which waits on Google
def get_connection(request: AuthedRequest) -> dict[str, Any]:
    user = request.user
    connection = services.connection_of(user)  # a short transaction of its own
    answer: dict[str, Any] = {
        "connected": connection is not None,
        "email_address": None,
        "state": None,
        "problem": None,
        "connected_at": None,
        "pulled_at": None,
        "server_configured": google.configured(),
        "plan_allows": may_use(user, Feature.EMAIL),
    }
    if connection is not None:
        answer.update(
            email_address=connection.email_address,
            state=connection.state,
            problem=connection.problem,
            connected_at=connection.connected_at,
            pulled_at=connection.pulled_at,
        )
    return answer


@router.delete(
    "/gmail",
    response={200: GmailDisconnectedOut, 404: ErrorOut},
    summary="Disconnect Gmail",
    url_name="gmail_disconnect",
)
@outside_request_transaction  # Google is told first
def disconnect(request: AuthedRequest) -> dict[str, bool]:
    """Withdraws the access at Google, then deletes the connection and every pulled message,
    on any plan. A 404 when nothing is connected."""
    if services.connection_of(request.user) is None:
        raise NotFound(NOT_CONNECTED)
    return {"revoked_at_google": services.disconnect(user=request.user)}


@router.post(
    "/gmail/pull",
    response={200: list[GmailMessageOut], 403: ErrorOut, 422: ErrorOut, 503: ErrorOut},
    summary="Pull your Gmail inbox",
    description=(
        f"Reads the latest {google.INBOX_SIZE} INBOX messages (sender, subject and snippet "
        "only) and keeps them in place of the last pull's; answers them, newest first. About a "
        "second. A 403 on a plan without Gmail; a 422 when Gmail is not connected or needs "
        "connecting again (`state` is then `reconnect`); a 503 when Google cannot be reached "
        "or fails (nothing changed: try again)."
    ),
    url_name="gmail_pull",
)
@outside_request_transaction  # the person waits on Google, not the database
def pull(request: AuthedRequest) -> list[PulledMessage]:
    return services.pull(user=request.user)


@router.get(
    "/gmail/messages",
    response={200: list[GmailMessageOut]},
    summary="List the pulled messages",
)
@paginate(Paging)
def list_messages(request: AuthedRequest) -> list[PulledMessage]:
    """The messages of your last pull still kept, newest first (empty when nothing is
    connected). They are deleted a day after the pull, and replaced by the next one."""
    return services.pulled(request.user)


@router.post(
    "/gmail/messages/{uuid}/to-inbox",
    response={201: GmailInboxItemOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Save a pulled message as an inbox item",
)
def to_inbox(request: AuthedRequest, uuid: UUID) -> Status[dict[str, Any]]:
    """Adds its subject, sender and snippet as an inbox item of the workspace (`X-Workspace`
    picks a shared one; source: email). A 404 for a message that is not one of yours still
    kept; a 403 on a plan without Gmail."""
    message = next((m for m in services.pulled(request.user) if m.uuid == uuid), None)
    if message is None:
        raise NotFound(NOT_KEPT)
    item = services.to_inbox(user=request.user, workspace=request.workspace, message=message)
    return Status(201, {"uuid": item.uuid, "text": item.text})
