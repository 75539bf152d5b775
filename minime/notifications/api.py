"""/api/v1/notifications and /api/v1/push-devices — the caller's notifications (list, mark read)
and the devices their pushes go to (subscribe, list, rename, delete).

Both belong to the account, not to a workspace: `X-Workspace` changes nothing here. Another
user's notification or device is a 404.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime
from typing import Any
from uuid import UUID

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, Paging
from minime.core.types import AuthedRequest
from minime.notifications import selectors, services
from minime.notifications.models import Notification, PushDevice

router = Router(tags=["Notifications"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    uuid: UUID
    kind: str = Field(description='What sent it: "recap", "test", "automation"…')
    title: str
    body: str
    url: str = Field(description="The page of this site it opens.")
    tag: str
    created_at: datetime
    read_at: datetime | None = Field(description="When it was read; null: unread.")


class NotificationReadOut(Schema):
    marked: int = Field(description="How many were unread and are read now.")


class PushDeviceOut(Schema):
    uuid: UUID
    name: str
    endpoint: str = Field(description="The push service address the browser gave.")
    created_at: datetime
    last_success_at: datetime | None = Field(description="When a push last reached it.")
    last_failure: str = Field(description="Why the last failed push failed, if it did.")
    failures: int = Field(description="Failed pushes since the last one that arrived.")


class PushDeviceKeysIn(InputSchema):
    p256dh: str = Field(max_length=100, description="The browser's P-256 public key, base64url.")
    auth: str = Field(max_length=40, description="The browser's 16-byte auth secret, base64url.")


class PushDeviceSubscribeIn(InputSchema):
    endpoint: str = Field(
        max_length=limits.PUSH_ENDPOINT_MAX,
        description="PushSubscription.endpoint: an https address on a browser's push service.",
    )
    keys: PushDeviceKeysIn
    name: str | None = Field(
        None,
        max_length=limits.PUSH_DEVICE_NAME_MAX,
        description="A name for the device; null or left out: the browser and system.",
    )


class PushDeviceRenameIn(InputSchema):
    name: str = Field(max_length=limits.PUSH_DEVICE_NAME_MAX)


@router.get("/notifications", response=list[NotificationOut], url_name="notifications_list")
@paginate(Paging)
def notification_list(request: AuthedRequest, unread: bool = False) -> Any:
    """Your notifications, newest first; `unread=true`: only the unread ones."""
    rows = selectors.notifications(request.user)
    return rows.filter(read_at__isnull=True) if unread else rows


@router.post(
    "/notifications/read",
    response={200: NotificationReadOut, **ERRORS},
    url_name="notifications_mark_all_read",
)
def notification_mark_all_read(request: AuthedRequest) -> Any:
    """Mark every unread notification read."""
    return {"marked": services.mark_all_read(user=request.user)}


@router.post(
    "/notifications/{uuid}/read",
    response={200: NotificationOut, **ERRORS},
    url_name="notifications_mark_read",
)
def notification_mark_read(request: AuthedRequest, uuid: UUID) -> Any:
    """Mark one notification read."""
    notification = get_object_or_404(Notification, user=request.user, uuid=uuid)
    return services.mark_read(user=request.user, notification=notification)


@router.get("/push-devices", response=list[PushDeviceOut], url_name="notifications_devices")
@paginate(Paging)
def device_list(request: AuthedRequest) -> Any:
    """The devices your notifications are pushed to, oldest first."""
    return selectors.devices(request.user)


@router.post(
    "/push-devices",
    response={200: PushDeviceOut, 201: PushDeviceOut, **ERRORS},
    url_name="notifications_device_subscribe",
)
def device_subscribe(request: AuthedRequest, payload: PushDeviceSubscribeIn) -> Any:
    """Turn push on for a browser: send its PushSubscription (`endpoint`, `keys`). The same
    endpoint again updates that device (200); a new one is 201. An endpoint that is another
    account's device is a 422 with the code `endpoint_taken`: make a new subscription."""
    existed = PushDevice.objects.filter(user=request.user, endpoint=payload.endpoint).exists()
    device = services.device_subscribe(
        user=request.user,
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        user_agent=request.headers.get("User-Agent", ""),
    )
    if payload.name and not existed:
        device = services.device_rename(user=request.user, device=device, name=payload.name)
    return Status(200 if existed else 201, device)


@router.get(
    "/push-devices/{uuid}", response={200: PushDeviceOut, **ERRORS}, url_name="notifications_device"
)
def device_get(request: AuthedRequest, uuid: UUID) -> Any:
    return get_object_or_404(PushDevice, user=request.user, uuid=uuid)


@router.patch(
    "/push-devices/{uuid}",
    response={200: PushDeviceOut, **ERRORS},
    url_name="notifications_device_rename",
)
def device_rename(request: AuthedRequest, uuid: UUID, payload: PushDeviceRenameIn) -> Any:
    """Rename a device."""
    device = get_object_or_404(PushDevice, user=request.user, uuid=uuid)
    return services.device_rename(user=request.user, device=device, name=payload.name)


@router.delete(
    "/push-devices/{uuid}", response={204: None, **ERRORS}, url_name="notifications_device_delete"
)
def device_delete(request: AuthedRequest, uuid: UUID) -> Any:
    """Forget a device: nothing more is pushed to it."""
    device = get_object_or_404(PushDevice, user=request.user, uuid=uuid)
    services.device_remove(user=request.user, device=device)
    return Status(204, None)
