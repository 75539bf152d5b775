"""Writes: notify (record and push), push devices, read marks, quiet hours.

Every function here acts on one user's own rows (`binds_user`): from that user's request, or from
background work with no user bound yet.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from minime.core import limits
from minime.core.db import SERVICE_DB, binds_user
from minime.core.errors import Invalid
from minime.core.shortcuts import is_local_path
from minime.notifications import devices
from minime.notifications.models import Delivery, Notification, PushDevice, QuietHours

if TYPE_CHECKING:
    from minime.accounts.models import User

_KIND = re.compile(r"[a-z][a-z0-9_-]*")
KEEP = dt.timedelta(days=90)  # a notification (and its deliveries) is deleted this long after


class EndpointTaken(Invalid):
    """The browser's subscription is another account's device. The browser can make a new
    subscription (a new endpoint) and send that: push.js does so once."""

    code = "endpoint_taken"


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split()) if "\n" not in text else text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@binds_user
def notify(
    *, user: User, kind: str, title: str, body: str, url: str, tag: str = "", key: str = ""
) -> Notification | None:
    """Record a notification for `user` (it shows in their in-app list) and, on commit, queue
    its delivery to each of their push devices. `key` (optional, e.g. "recap:2026-12-07") makes
    it exactly once: if (user, key) exists already nothing happens and None is returned — a
    unique constraint holds it across processes and transactions (use the database, not a
    check-then-insert). Titles/bodies are cut to limits; `url` must be a path on this site.

    Raises Invalid for a `kind` that is not a short lower-case word, a `url` that is not a path
    on this site, an empty title, or a tag or key over its limit.
    """
    errors: dict[str, list[str]] = {}
    if not _KIND.fullmatch(kind) or len(kind) > limits.NOTIFICATION_KIND_MAX:
        errors["kind"] = [f"A lower-case word of at most {limits.NOTIFICATION_KIND_MAX} letters."]
    if not is_local_path(url) or len(url) > limits.NOTIFICATION_URL_MAX:
        errors["url"] = ["A path on this site, such as /today/."]
    if not title.strip():
        errors["title"] = ["A notification needs a title."]
    if len(tag) > limits.NOTIFICATION_TAG_MAX:
        errors["tag"] = [f"At most {limits.NOTIFICATION_TAG_MAX} characters."]
    if len(key) > limits.NOTIFICATION_KEY_MAX:
        errors["key"] = [f"At most {limits.NOTIFICATION_KEY_MAX} characters."]
    if errors:
        raise Invalid("The notification cannot be sent as it is.", fields=errors)
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                user=user,
                kind=kind,
                title=_cut(title, limits.NOTIFICATION_TITLE_MAX),
                body=_cut(body, limits.NOTIFICATION_BODY_MAX),
                url=url,
                tag=tag,
                key=key or None,
            )
    except IntegrityError:
        if not key:
            raise
        return None  # this key's notification exists already (maybe made by another process)
    _queue_deliveries(user, notification, list(PushDevice.objects.filter(user=user)))
    return notification


def _queue_deliveries(
    user: User, notification: Notification, targets: Sequence[PushDevice]
) -> list[Delivery]:
    """One pending delivery per device, each sent by its own job once the transaction commits,
    and not before the end of the user's quiet hours."""
    if not targets:
        return []
    wait_until = quiet_until(user, timezone.now())
    deliveries = Delivery.objects.bulk_create(
        [
            Delivery(user=user, notification=notification, device=device, not_before=wait_until)
            for device in targets
        ]
    )
    ids = [d.pk for d in deliveries]

    def enqueue() -> None:
        from minime.notifications.jobs import enqueue_delivery

        for delivery_id in ids:
            enqueue_delivery(delivery_id=delivery_id, user_id=user.pk, at=wait_until)

    transaction.on_commit(enqueue)
    return deliveries


# --- Quiet hours ----------------------------------------------------------------------------------
def quiet_until(user: User, now: dt.datetime) -> dt.datetime | None:
    """When the user's quiet hours end if `now` falls in them (in their time zone), else None."""
    quiet = QuietHours.objects.filter(user=user).first()
    if quiet is None:
        return None
    return quiet_end(quiet.start, quiet.end, now.astimezone(user.tz))


def quiet_end(start: dt.time, end: dt.time, local_now: dt.datetime) -> dt.datetime | None:
    """The end of the quiet window `start`–`end` (across midnight when `end` is earlier) that
    `local_now` (aware, in the user's zone) is in, or None when it is in none. Equal times: no
    quiet hours."""
    t = local_now.time().replace(tzinfo=None)
    if start == end:
        return None
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    zone = local_now.tzinfo
    day = local_now.date() if t < end else local_now.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, end, tzinfo=zone)


@binds_user
def quiet_hours_set(*, user: User, start: dt.time | None, end: dt.time | None) -> None:
    """Set the user's quiet hours, or turn them off with both None. Raises Invalid when only
    one is given or both are the same."""
    if start is None and end is None:
        QuietHours.objects.filter(user=user).delete()
        return
    if start is None or end is None:
        missing = "start" if start is None else "end"
        raise Invalid(
            "Give both times, or neither to turn quiet hours off.",
            fields={missing: ["Give both times, or neither to turn quiet hours off."]},
        )
    if start == end:
        raise Invalid(
            "Quiet hours need different start and end times.",
            fields={"end": ["Quiet hours need different start and end times."]},
        )
    QuietHours.objects.update_or_create(user=user, defaults={"start": start, "end": end})


# --- Devices --------------------------------------------------------------------------------------
@binds_user
def device_subscribe(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> PushDevice:
    """Store a browser's push subscription as one of `user`'s devices. The same endpoint again
    updates that device (new keys); its name is kept. Raises Invalid for an endpoint that is not
    on a push service (see `devices.endpoint_error`), malformed keys or too many devices, and
    EndpointTaken when the endpoint is another account's device."""
    errors = devices.key_errors(p256dh, auth)
    problem = devices.endpoint_error(
        endpoint,
        allowed_hosts=settings.PUSH_SERVICE_HOSTS,
        allow_local=settings.PUSH_ALLOW_LOCAL_ENDPOINTS,
    )
    if problem:
        errors["endpoint"] = [problem]
    if errors:
        raise Invalid(
            next(iter(errors.values()))[0]
            if len(errors) == 1
            else "This subscription cannot be used.",
            fields=errors,
        )
    existing = PushDevice.objects.filter(user=user, endpoint=endpoint).first()
    if existing is not None:
        existing.p256dh, existing.auth = p256dh, auth
        existing.save(update_fields=["p256dh", "auth"])
        return existing
    if PushDevice.objects.filter(user=user).count() >= limits.PUSH_DEVICES_MAX:
        raise Invalid(
            limits.too_many("devices", limits.PUSH_DEVICES_MAX) + " Remove one first.",
            fields={"endpoint": [limits.too_many("devices", limits.PUSH_DEVICES_MAX)]},
        )
    try:
        with transaction.atomic():
            return PushDevice.objects.create(
                user=user,
                endpoint=endpoint,
                p256dh=p256dh,
                auth=auth,
                name=devices.device_name(user_agent)[: limits.PUSH_DEVICE_NAME_MAX],
            )
    except IntegrityError:
        message = "This browser's subscription belongs to another account here."
        raise EndpointTaken(message, fields={"endpoint": [message]}) from None


@binds_user
def device_rename(*, user: User, device: PushDevice, name: str) -> PushDevice:
    """Rename one of `user`'s devices. Raises Invalid for an empty or too long name."""
    name = " ".join(name.split())
    if not name:
        raise Invalid("Give the device a name.", fields={"name": ["Give the device a name."]})
    if len(name) > limits.PUSH_DEVICE_NAME_MAX:
        message = f"At most {limits.PUSH_DEVICE_NAME_MAX} characters."
        raise Invalid(message, fields={"name": [message]})
    device.name = name
    device.save(update_fields=["name"])
    return device


@binds_user
def device_remove(*, user: User, device: PushDevice) -> None:
    """Forget a device: no more pushes go to it. Its past deliveries stay, without it."""
    PushDevice.objects.filter(user=user, pk=device.pk).delete()


@binds_user
def send_test(*, user: User) -> Notification:
    """A test notification to every device of `user` (and their list)."""
    notification = notify(
        user=user,
        kind="test",
        title="Test notification",
        body="Notifications reach this device.",
        url="/notifications/",
        tag="test",
    )
    assert notification is not None  # no key: never a duplicate
    return notification


# --- Read marks -----------------------------------------------------------------------------------
@binds_user
def mark_read(*, user: User, notification: Notification) -> Notification:
    """Mark one notification read (again: nothing changes)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@binds_user
def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of `user` read; return how many were."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete every user's notifications made more than ``KEEP`` ago, with their deliveries;
    return how many notifications went. A daily job runs it (through the service connection)."""
    cutoff = (now or timezone.now()) - KEEP
    _, by_model = Notification.objects.using(SERVICE_DB).filter(created_at__lt=cutoff).delete()
    return by_model.get(Notification._meta.label, 0)
