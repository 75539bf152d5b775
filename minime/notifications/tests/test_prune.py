"""Old notifications go: each is deleted, with its deliveries, once older than ``KEEP``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from minime.core.db import SERVICE_DB
from minime.notifications import services
from minime.notifications.jobs import prune_notifications
from minime.notifications.models import Delivery, Notification, PushDevice

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


def test_notifications_older_than_the_limit_go_with_their_deliveries(alice, bob):
    rows = Notification.objects.using(SERVICE_DB)
    device = PushDevice.objects.using(SERVICE_DB).create(
        user_id=alice.pk, endpoint="https://push.example.com/a", p256dh="k", auth="a", name="Phone"
    )
    old = rows.create(user_id=alice.pk, kind="recap", title="Old", url="/today/")
    Delivery.objects.using(SERVICE_DB).create(
        user_id=alice.pk, notification_id=old.pk, device_id=device.pk
    )
    recent = rows.create(user_id=bob.pk, kind="recap", title="Recent", url="/today/")
    rows.filter(pk=old.pk).update(created_at=timezone.now() - services.KEEP - dt.timedelta(hours=1))
    rows.filter(pk=recent.pk).update(
        created_at=timezone.now() - services.KEEP + dt.timedelta(hours=1)
    )
    assert prune_notifications.call() == 1
    assert list(rows.values_list("title", flat=True)) == ["Recent"]
    assert not Delivery.objects.using(SERVICE_DB).exists()
    assert PushDevice.objects.using(SERVICE_DB).filter(pk=device.pk).exists()  # devices stay
    assert services.prune() == 0
