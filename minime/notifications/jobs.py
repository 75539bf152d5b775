"""The push delivery job: one run sends one notification to one device.

Idempotent (docs/jobs.md): the job claims its delivery with a conditional update before it
sends, so a second run of the same job, or a second job for the same delivery, sends nothing.
A run whose worker died after the claim leaves the delivery `sending`; once that claim is older
than `STALE_CLAIM` a new run may claim it again (the push may then arrive twice: its tag makes
the second replace the first on the device).

What the push service answers decides what happens:
- 2xx: sent; the device's last success is now.
- 404, 410: the device is gone (the browser dropped the subscription): it is deleted.
- 429, 5xx, a timeout or a network error: tried again later (exponential backoff from
  `BACKOFF_SECONDS`, at least the service's Retry-After), up to `MAX_ATTEMPTS` tries, then failed.
- anything else (400, 403, 413…): failed at once, with the reason.
One delivery's failure never touches another's.

Waiting (quiet hours, a retry) uses the task backend's `run_after`: the database backend and the
worker honour it. A backend that cannot defer (the tests' inline one) runs the job at once, and
the job then sends at once too.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, Q
from django.templatetags.static import static
from django.utils import timezone
from django_tasks import task

from minime.core.db import as_user
from minime.notifications import push, services
from minime.notifications.models import Delivery, DeliveryState, PushDevice

MAX_ATTEMPTS = 5
BACKOFF_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
STALE_CLAIM = dt.timedelta(minutes=5)
# How long a push service keeps a push for a device that is offline, by kind.
TTL_SECONDS = {"recap": 12 * 3600, "test": 10 * 60}
TTL_DEFAULT = 24 * 3600
URGENCY = {"test": "high"}
URGENCY_DEFAULT = "normal"


def enqueue_delivery(*, delivery_id: int, user_id: int, at: dt.datetime | None = None) -> None:
    """Queue the job for one delivery, to run at `at` (or now)."""
    job = deliver_push
    if at is not None and at > timezone.now() and job.get_backend().supports_defer:
        job = job.using(run_after=at)
    job.enqueue(delivery_id=delivery_id, user_id=user_id)


def backoff(attempts: int, retry_after: int | None) -> dt.timedelta:
    """The wait before the next try, after `attempts` tries."""
    seconds = min(BACKOFF_SECONDS * 2 ** max(0, attempts - 1), BACKOFF_MAX_SECONDS)
    return dt.timedelta(seconds=max(seconds, retry_after or 0))


@task()
def deliver_push(*, delivery_id: int, user_id: int) -> str:
    """Send one delivery; return what became of it (for the job's record)."""
    now = timezone.now()
    with as_user(user_id):
        delivery = (
            Delivery.objects.select_related("notification", "device")
            .filter(pk=delivery_id, user_id=user_id)
            .first()
        )
        if delivery is None or delivery.device is None:
            return "no device"
        if delivery.state in {DeliveryState.SENT, DeliveryState.GONE, DeliveryState.FAILED}:
            return str(delivery.state)
        waiting = delivery.not_before is not None and delivery.not_before > now
        if waiting and deliver_push.get_backend().supports_defer:
            # Run early (a re-run, another job): the job queued for the right time sends it.
            enqueue_delivery(delivery_id=delivery_id, user_id=user_id, at=delivery.not_before)
            return "waiting"
        claimed = (
            Delivery.objects.filter(pk=delivery_id)
            .filter(
                Q(state=DeliveryState.PENDING)
                | Q(state=DeliveryState.SENDING, claimed_at__lt=now - STALE_CLAIM)
            )
            .update(state=DeliveryState.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        )
        if not claimed:
            return "taken"
        device, notification = delivery.device, delivery.notification
        attempts = delivery.attempts + 1

    data = push.payload(
        title=notification.title,
        body=notification.body,
        url=notification.url,
        tag=notification.tag,
        icon=static("icons/icon-192.png"),
    )
    outcome = push.send(
        push.Subscription(device.endpoint, device.p256dh, device.auth),
        data,
        ttl=TTL_SECONDS.get(notification.kind, TTL_DEFAULT),
        urgency=URGENCY.get(notification.kind, URGENCY_DEFAULT),
        topic=push.topic_for(notification.tag),
    )
    return _record(delivery_id, device.pk, user_id, attempts, outcome)


def _record(
    delivery_id: int, device_id: int, user_id: int, attempts: int, outcome: push.Outcome
) -> str:
    now = timezone.now()
    retry_at = None
    with as_user(user_id):
        deliveries = Delivery.objects.filter(pk=delivery_id)
        devices = PushDevice.objects.filter(pk=device_id)
        if outcome.sent:
            deliveries.update(
                state=DeliveryState.SENT, sent_at=now, last_status=outcome.status, last_error=""
            )
            devices.update(last_success_at=now, failures=0, last_failure="")
            return "sent"
        if outcome.gone:
            deliveries.update(
                state=DeliveryState.GONE, last_status=outcome.status, last_error=outcome.error
            )
            devices.delete()
            return "device gone"
        devices.update(failures=F("failures") + 1, last_failure=outcome.error)
        if outcome.retryable and attempts < MAX_ATTEMPTS:
            retry_at = now + backoff(attempts, outcome.retry_after)
            deliveries.update(
                state=DeliveryState.PENDING,
                not_before=retry_at,
                last_status=outcome.status,
                last_error=outcome.error,
            )
        else:
            deliveries.update(
                state=DeliveryState.FAILED, last_status=outcome.status, last_error=outcome.error
            )
            return "failed"
    enqueue_delivery(delivery_id=delivery_id, user_id=user_id, at=retry_at)
    return f"retry at {retry_at:%H:%M:%S}"


@task()
def prune_notifications() -> int:
    """Delete notifications older than ``services.KEEP``; return how many."""
    return services.prune()


def connect() -> None:
    """Add the daily clean-up to the scheduler (from ``ready()``)."""
    from minime.jobs.schedule import PeriodicJob, register

    register(PeriodicJob("prune-notifications", dt.timedelta(days=1), prune_notifications, {}))
