"""The database holds the rules: one notification per key even from two transactions at once,
and on PostgreSQL row-level security keeps every user's notifications, devices and deliveries
their own."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import DatabaseError, connections, transaction

from minime.core.db import as_user
from minime.notifications import services
from minime.notifications.models import Delivery, Notification, PushDevice, QuietHours
from minime.notifications.tests.conftest import subscribe


@pytest.mark.django_db(transaction=True)
def test_two_transactions_notifying_the_same_key_at_once_make_one(personas):
    alice = personas.alice
    results: list[object] = []
    lock = threading.Lock()
    start = threading.Barrier(2)

    def one() -> None:
        try:
            start.wait()
            with as_user(alice.pk):  # one transaction each, held open a moment after the insert
                made = services.notify(
                    user=alice, kind="recap", title="Morning", body="", url="/today/",
                    key="recap:2026-12-07",
                )  # fmt: skip
                time.sleep(0.3)
            with lock:
                results.append(made)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(r is None for r in results) == [False, True]
    with as_user(alice.pk):
        assert Notification.objects.filter(user=alice, key="recap:2026-12-07").count() == 1


def _rows(user, fake):
    subscribe(user, fake)
    services.notify(user=user, kind="test", title="Hi", body="", url="/")  # a delivery, pending
    services.quiet_hours_set(user=user, start=dt.time(22), end=dt.time(7))


MODELS = [PushDevice, Notification, Delivery, QuietHours]


@pytest.mark.postgres
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_each_user_sees_and_changes_only_their_own_rows(personas, fake, model):
    alice, bob = personas.alice, personas.bob
    _rows(alice, fake)
    _rows(bob, fake)
    with transaction.atomic():
        assert model.objects.count() == 0  # no user bound: nothing
    with as_user(bob.pk):
        assert list(model.objects.values_list("user_id", flat=True)) == [bob.pk]
        assert model.objects.filter(user=alice).update(user=bob) == 0
        assert model.objects.filter(user=alice).delete()[0] == 0
    with as_user(alice.pk):
        assert model.objects.filter(user=alice).count() == 1


@pytest.mark.postgres
def test_writing_a_row_for_another_user_fails(personas):
    alice, bob = personas.alice, personas.bob
    with pytest.raises(DatabaseError, match="row-level security"), as_user(bob.pk):
        Notification.objects.create(user=alice, kind="test", title="x", url="/")
