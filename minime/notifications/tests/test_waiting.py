"""Waiting for later: quiet hours and retries go back to the queue with `run_after`, which the
database backend stores and the worker honours."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minime.core.db import as_user
from minime.notifications import jobs, services
from minime.notifications.models import Delivery, DeliveryState, Notification, QuietHours
from minime.notifications.tests.conftest import subscribe

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def _quiet_all_day_but_a_minute(user):
    """Quiet hours that hold now, ending in about 23 hours (in the user's zone)."""
    now = timezone.now().astimezone(user.tz)
    start = (now - dt.timedelta(minutes=30)).time().replace(second=0, microsecond=0)
    end = (now - dt.timedelta(minutes=31)).time().replace(second=0, microsecond=0)
    services.quiet_hours_set(user=user, start=start, end=end)
    return end


def test_quiet_hours_hold_pushes_until_they_end_but_not_the_list(
    alice, fake, db_tasks, django_capture_on_commit_callbacks
):
    subscribe(alice, fake)
    end = _quiet_all_day_but_a_minute(alice)
    with django_capture_on_commit_callbacks(execute=True):
        notification = services.notify(
            user=alice, kind="recap", title="Morning", body="", url="/today/"
        )
    with as_user(alice.pk):
        assert Notification.objects.filter(user=alice).get() == notification  # listed at once
        (delivery,) = Delivery.objects.filter(user=alice)
    assert delivery.state == DeliveryState.PENDING and fake.received == []
    (job,) = DBTaskResult.objects.filter(task_path="minime.notifications.jobs.deliver_push")
    assert job.run_after == delivery.not_before
    assert job.run_after.astimezone(alice.tz).time() == end
    assert dt.timedelta(hours=23) <= job.run_after - timezone.now() <= dt.timedelta(hours=24)

    # Run early (a re-run), the job sends nothing: it queues itself for the end again.
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk) == "waiting"
    assert fake.received == []
    # Once the quiet hours are over it is sent.
    with as_user(alice.pk):
        Delivery.objects.filter(pk=delivery.pk).update(not_before=timezone.now())
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk) == "sent"
    assert len(fake.payloads()) == 1


def test_a_retry_is_queued_with_its_backoff(alice, fake, db_tasks):
    subscribe(alice, fake)
    fake.answer(503)
    with as_user(alice.pk):
        services.notify(user=alice, kind="recap", title="Morning", body="", url="/today/")
        (delivery,) = Delivery.objects.filter(user=alice)
    before = timezone.now()
    assert jobs.deliver_push.call(delivery_id=delivery.pk, user_id=alice.pk).startswith("retry")
    with as_user(alice.pk):
        delivery.refresh_from_db()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    assert delivery.last_status == 503
    retry = DBTaskResult.objects.filter(task_path="minime.notifications.jobs.deliver_push").latest(
        "enqueued_at"
    )
    wait = retry.run_after - before
    assert dt.timedelta(seconds=jobs.BACKOFF_SECONDS) <= wait < dt.timedelta(seconds=60)
    assert DBTaskResult.objects.ready().filter(pk=retry.pk).count() == 0  # not yet


@pytest.mark.parametrize(
    ("start", "end", "now", "until"),
    [
        ("22:00", "07:00", "2026-12-07 23:30", "2026-12-08 07:00"),
        ("22:00", "07:00", "2026-12-08 06:59", "2026-12-08 07:00"),
        ("22:00", "07:00", "2026-12-08 07:00", None),
        ("22:00", "07:00", "2026-12-07 21:59", None),
        ("12:00", "13:30", "2026-12-07 12:10", "2026-12-07 13:30"),
        ("12:00", "13:30", "2026-12-07 13:31", None),
        ("08:00", "08:00", "2026-12-07 08:00", None),
    ],
)
def test_the_end_of_quiet_hours(start, end, now, until):
    local_now = dt.datetime.fromisoformat(now).replace(tzinfo=BERLIN)
    found = services.quiet_end(dt.time.fromisoformat(start), dt.time.fromisoformat(end), local_now)
    expected = dt.datetime.fromisoformat(until).replace(tzinfo=BERLIN) if until else None
    assert found == expected


def test_quiet_hours_need_both_times_and_can_be_turned_off(alice):
    from minime.core.errors import Invalid

    with pytest.raises(Invalid):
        services.quiet_hours_set(user=alice, start=dt.time(22), end=None)
    with pytest.raises(Invalid):
        services.quiet_hours_set(user=alice, start=dt.time(22), end=dt.time(22))
    services.quiet_hours_set(user=alice, start=dt.time(22), end=dt.time(7))
    services.quiet_hours_set(user=alice, start=None, end=None)
    with as_user(alice.pk):
        assert not QuietHours.objects.exists()
