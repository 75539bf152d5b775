"""notify() and the delivery job against the local push service: real encryption, real VAPID
signatures, real HTTP."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.notifications import jobs, services
from minime.notifications.models import Delivery, DeliveryState, Notification, PushDevice
from minime.notifications.tests.conftest import subscribe


def _notify(user, capture, **overrides):
    kwargs = {
        "kind": "recap",
        "title": "Good morning",
        "body": "Start with: write the report. 4 tasks planned.",
        "url": "/today/",
        "tag": "recap",
    } | overrides
    with capture(execute=True):
        return services.notify(user=user, **kwargs)


def _deliveries(user):
    with as_user(user.pk):
        return list(Delivery.objects.filter(user=user).order_by("id"))


def test_a_notification_is_listed_and_pushed_encrypted_to_every_device(
    alice, fake, django_capture_on_commit_callbacks
):
    laptop = subscribe(alice, fake, "laptop")
    phone = subscribe(alice, fake, "phone")
    notification = _notify(alice, django_capture_on_commit_callbacks)

    assert notification is not None and notification.read_at is None
    assert [r.error for r in fake.received] == ["", ""]
    expected = {
        "title": "Good morning",
        "body": "Start with: write the report. 4 tasks planned.",
        "url": "/today/",
        "tag": "recap",
        "icon": "/static/icons/icon-192.png",
    }
    assert fake.payloads() == [expected, expected]
    assert {r.path for r in fake.received} == {
        laptop.endpoint.removeprefix(fake.origin),
        phone.endpoint.removeprefix(fake.origin),
    }
    first = fake.received[0]
    assert first.headers["ttl"] == str(12 * 3600)
    assert first.headers["urgency"] == "normal"
    assert first.headers["topic"] == "recap"
    assert first.vapid_key == settings.VAPID_PUBLIC_KEY
    assert first.claims["sub"].startswith("mailto:")
    assert [d.state for d in _deliveries(alice)] == ["sent", "sent"]
    with as_user(alice.pk):
        laptop.refresh_from_db()
    assert laptop.last_success_at is not None and laptop.failures == 0


def test_a_test_push_is_urgent(alice, fake, django_capture_on_commit_callbacks):
    subscribe(alice, fake)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_test(user=alice)
    assert fake.received[0].headers["urgency"] == "high"
    assert fake.payloads()[0]["title"] == "Test notification"


def test_the_same_key_notifies_once(alice, fake, django_capture_on_commit_callbacks):
    subscribe(alice, fake)
    first = _notify(alice, django_capture_on_commit_callbacks, key="recap:2026-12-07")
    again = _notify(alice, django_capture_on_commit_callbacks, key="recap:2026-12-07")
    assert first is not None and again is None
    assert len(fake.payloads()) == 1
    with as_user(alice.pk):
        assert Notification.objects.filter(user=alice).count() == 1


def test_keys_are_per_user(alice, bob, django_capture_on_commit_callbacks):
    assert _notify(alice, django_capture_on_commit_callbacks, key="recap:2026-12-07")
    assert _notify(bob, django_capture_on_commit_callbacks, key="recap:2026-12-07")


def test_without_devices_it_is_only_listed(alice, fake, django_capture_on_commit_callbacks):
    assert _notify(alice, django_capture_on_commit_callbacks) is not None
    assert fake.received == [] and _deliveries(alice) == []


def test_a_gone_device_is_removed(alice, fake, django_capture_on_commit_callbacks):
    subscribe(alice, fake)
    fake.answer(410)
    _notify(alice, django_capture_on_commit_callbacks)
    with as_user(alice.pk):
        assert not PushDevice.objects.filter(user=alice).exists()
    (delivery,) = _deliveries(alice)
    assert delivery.state == DeliveryState.GONE and delivery.device is None
    assert delivery.last_status == 410


def test_a_404_also_means_gone(alice, fake, django_capture_on_commit_callbacks):
    subscribe(alice, fake)
    fake.answer(404)
    _notify(alice, django_capture_on_commit_callbacks)
    with as_user(alice.pk):
        assert not PushDevice.objects.filter(user=alice).exists()


@pytest.mark.parametrize("status", [429, 500, 503])
def test_a_busy_push_service_is_tried_again(
    alice, fake, django_capture_on_commit_callbacks, status
):
    device = subscribe(alice, fake)
    fake.answer(status, status)
    _notify(alice, django_capture_on_commit_callbacks)
    (delivery,) = _deliveries(alice)
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 3
    assert [r.status for r in fake.received] == [status, status, 201]
    assert len(fake.payloads()) == 1
    with as_user(alice.pk):
        device.refresh_from_db()
    assert device.failures == 0 and device.last_failure == ""


def test_no_answer_is_a_timeout_and_tried_again(alice, fake, django_capture_on_commit_callbacks):
    subscribe(alice, fake)
    fake.answer("hang")
    _notify(alice, django_capture_on_commit_callbacks)
    (delivery,) = _deliveries(alice)
    assert delivery.state == DeliveryState.SENT and delivery.attempts == 2
    assert len(fake.payloads()) == 1


def test_it_gives_up_after_the_last_attempt(alice, fake, django_capture_on_commit_callbacks):
    device = subscribe(alice, fake)
    fake.answer(*[500] * jobs.MAX_ATTEMPTS)
    _notify(alice, django_capture_on_commit_callbacks)
    (delivery,) = _deliveries(alice)
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == jobs.MAX_ATTEMPTS and delivery.last_status == 500
    with as_user(alice.pk):
        device.refresh_from_db()
    assert device.failures == jobs.MAX_ATTEMPTS and device.last_failure.startswith("500")


@pytest.mark.parametrize("status", [400, 403, 413])
def test_a_refused_push_fails_at_once_and_spares_other_devices(
    alice, fake, django_capture_on_commit_callbacks, status
):
    subscribe(alice, fake, "broken")
    subscribe(alice, fake, "fine")
    fake.answer(status)
    _notify(alice, django_capture_on_commit_callbacks)
    states = [(d.state, d.attempts) for d in _deliveries(alice)]
    assert states == [("failed", 1), ("sent", 1)]
    with as_user(alice.pk):
        assert PushDevice.objects.filter(user=alice).count() == 2


def test_a_delivery_is_sent_once_whatever_runs_its_job_again(
    alice, fake, django_capture_on_commit_callbacks
):
    subscribe(alice, fake)
    _notify(alice, django_capture_on_commit_callbacks)
    (delivery,) = _deliveries(alice)
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk) == "sent"
    assert len(fake.received) == 1


def test_a_claimed_delivery_is_not_sent_by_another_job(alice, fake):
    device = subscribe(alice, fake)
    with as_user(alice.pk):
        notification = Notification.objects.create(user=alice, kind="x", title="t", url="/")
        delivery = Delivery.objects.create(
            user=alice, notification=notification, device=device,
            state=DeliveryState.SENDING, claimed_at=timezone.now(), attempts=1,
        )  # fmt: skip
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk) == "taken"
    with as_user(alice.pk):  # a claim whose worker died long ago is taken over
        Delivery.objects.filter(pk=delivery.pk).update(
            claimed_at=timezone.now() - jobs.STALE_CLAIM - dt.timedelta(seconds=1)
        )
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk) == "sent"
    assert len(fake.payloads()) == 1


def test_the_payload_stays_small_by_cutting_the_body_first():
    from minime.core import limits
    from minime.notifications import push

    raw = push.payload(title="T" * 100, body="é" * 3000, url="/today/", tag="recap", icon="/i")
    assert len(raw) <= limits.PUSH_PAYLOAD_MAX
    import json

    data = json.loads(raw)
    assert data["title"] == "T" * 100 and data["body"].endswith("…")


def test_the_backoff_doubles_and_honours_retry_after():
    assert jobs.backoff(1, None) == dt.timedelta(seconds=30)
    assert jobs.backoff(3, None) == dt.timedelta(seconds=120)
    assert jobs.backoff(1, 600) == dt.timedelta(seconds=600)
    assert jobs.backoff(30, None) == dt.timedelta(seconds=jobs.BACKOFF_MAX_SECONDS)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "Recap!"}, "kind"),
        ({"url": "https://evil.example/"}, "url"),
        ({"url": "//evil.example/"}, "url"),
        ({"title": "  "}, "title"),
        ({"tag": "t" * 33}, "tag"),
        ({"key": "k" * 101}, "key"),
    ],
)
def test_notify_refuses_what_it_cannot_send(alice, kwargs, field):
    base = {"kind": "recap", "title": "Hi", "body": "", "url": "/today/"}
    with pytest.raises(Invalid) as exc:
        services.notify(user=alice, **(base | kwargs))
    assert field in exc.value.fields


def test_long_titles_and_bodies_are_cut(alice):
    n = services.notify(user=alice, kind="recap", title="T" * 500, body="B" * 5000, url="/today/")
    assert n is not None
    assert len(n.title) == 100 and n.title.endswith("…")
    assert len(n.body) == 500
