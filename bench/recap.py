"""The morning recap at scale: 10,000 users whose recap times are spread over one hour, each with
a personal workspace, rule settings, a few tasks and one push device (a local fake push service
that checks the VAPID signature and decrypts every push, as a browser's would).

    .venv/bin/python bench/recap.py [--db sqlite|postgres]      prints JSON

Measured: the finder (``recap.due_recaps``) on a quiet minute (everyone taken care of), on a
busy minute (one minute's share of users due, 1/60) and all at once (a missed hour caught up);
then the per-user jobs and the pushes they queue, run by one in-process worker exactly as
``run_worker --batch`` runs them (claim, lease, run, record). All users are due at the start
(recap times in the hour before now, in a zone where it is midday), so the worker's figures are
the whole hour's work done back to back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from _setup import configure

USERS = 10_000
TASKS_EACH = 3
BATCH = 2_000


def _midday_zone(now: datetime) -> str:
    for offset in range(-12, 15):
        name = f"Etc/GMT{'+' if offset <= 0 else '-'}{abs(offset)}"  # Etc signs are reversed
        if 9 <= now.astimezone(ZoneInfo(name)).hour < 15:
            return name
    raise RuntimeError("no zone at midday")


def build(fake: Any) -> tuple[str, float]:
    from django.contrib.auth.hashers import make_password

    from minime.accounts.models import User
    from minime.core.db import SERVICE_DB
    from minime.notifications.models import PushDevice
    from minime.preferences.models import RuleSettings
    from minime.tasks.models import Task
    from minime.workspaces.models import Membership, Role, Workspace

    started = time.perf_counter()
    db = SERVICE_DB  # bypasses row-level security: the rows of 10,000 accounts in bulk
    now = datetime.now(UTC)
    zone = _midday_zone(now)
    local = now.astimezone(ZoneInfo(zone))
    first = local - timedelta(hours=1)
    password = make_password(None)  # unusable: nobody signs in
    users = User.objects.using(db).bulk_create(
        [
            User(email=f"recap{n}@example.com", password=password, time_zone=zone)
            for n in range(USERS)
        ],
        batch_size=BATCH,
    )
    spaces = Workspace.objects.using(db).bulk_create(
        [Workspace(name=f"W{u.pk}", is_personal=True, created_by=u) for u in users],
        batch_size=BATCH,
    )
    Membership.objects.using(db).bulk_create(
        [
            Membership(workspace=w, user=u, role=Role.OWNER)
            for u, w in zip(users, spaces, strict=True)
        ],
        batch_size=BATCH,
    )
    RuleSettings.objects.using(db).bulk_create(
        [
            RuleSettings(
                user=u,
                recap_time=(first + timedelta(seconds=3600 * n / USERS))
                .time()
                .replace(microsecond=0),
                work_days=list(range(7)),
            )
            for n, u in enumerate(users)
        ],
        batch_size=BATCH,
    )
    Task.objects.using(db).bulk_create(
        [
            Task(
                workspace=w,
                title=f"Task {i} of {w.name}",
                estimate_minutes=15 * (i + 1),
                priority=i,
            )
            for w in spaces
            for i in range(TASKS_EACH)
        ],
        batch_size=BATCH,
    )
    devices = []
    for u in users:
        sub = fake.subscription(f"u{u.pk}")
        devices.append(
            PushDevice(
                user=u,
                endpoint=sub["endpoint"],
                p256dh=sub["keys"]["p256dh"],
                auth=sub["keys"]["auth"],
                name="Firefox on Linux",
            )
        )
    PushDevice.objects.using(db).bulk_create(devices, batch_size=BATCH)
    return zone, time.perf_counter() - started


T = TypeVar("T")


def _timed(func: Callable[[], T]) -> tuple[T, float]:
    started = time.perf_counter()
    value = func()
    return value, time.perf_counter() - started


def main() -> None:
    args = configure(__doc__ or "")
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from minime.core.db import SERVICE_DB
    from minime.notifications.models import Delivery, Notification
    from minime.notifications.tests import fake_push
    from minime.today import recap
    from minime.today.jobs import send_due_recaps
    from minime.today.models import RecapMark

    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    fake = fake_push.start()
    zone, build_seconds = build(fake)

    _, all_due_finder = _timed(lambda: recap.due_recaps(timezone.now()))
    queued, queue_seconds = _timed(send_due_recaps.call)  # the finder job: find, queue, mark
    _, quiet_finder = _timed(lambda: recap.due_recaps(timezone.now()))

    started = time.perf_counter()
    call_command("run_worker", "--batch", "--no-reload", "--no-startup-delay", verbosity=0)
    worker_seconds = time.perf_counter() - started

    # A busy minute: one minute's share of users not yet taken care of.
    share = list(RecapMark.objects.using(SERVICE_DB).values_list("pk", flat=True)[: USERS // 60])
    RecapMark.objects.using(SERVICE_DB).filter(pk__in=share).delete()
    busy, busy_finder = _timed(lambda: recap.due_recaps(timezone.now()))

    notifications = Notification.objects.using(SERVICE_DB).filter(kind="recap").count()
    sent = Delivery.objects.using(SERVICE_DB).filter(state="sent").count()
    jobs = DBTaskResult.objects.using(SERVICE_DB).values_list("status", flat=True)
    failed = sum(1 for s in jobs if s != "SUCCESSFUL")
    total = queue_seconds + worker_seconds
    print(
        json.dumps(
            {
                "db": args.db,
                "users": USERS,
                "zone": zone,
                "build_seconds": round(build_seconds, 1),
                "finder_ms_quiet_minute": round(quiet_finder * 1000, 1),
                "finder_ms_busy_minute": round(busy_finder * 1000, 1),
                "busy_minute_due": len(busy),
                "finder_ms_all_due": round(all_due_finder * 1000, 1),
                "finder_job_seconds_all_due": round(queue_seconds, 2),
                "queued": queued,
                "worker_seconds": round(worker_seconds, 1),
                "recaps_recorded": notifications,
                "pushes_sent": sent,
                "pushes_decrypted_by_fake": len(fake.payloads()),
                "jobs_not_successful": failed,
                "recaps_per_second": round(notifications / total, 1),
                "fits_in_the_hour": total < 3600,
                "share_of_the_hour": round(total / 3600, 3),
            }
        )
    )
    fake.close()


if __name__ == "__main__":
    main()
