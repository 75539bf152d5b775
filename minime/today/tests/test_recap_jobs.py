"""The recap's jobs: exactly once per user and local day, whatever runs twice or at once."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.db import connections
from django.utils import timezone

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.core.db import SERVICE_DB, as_user
from minime.jobs.schedule import SCHEDULE
from minime.notifications.models import Notification
from minime.preferences.rules import rules_update
from minime.today import recap
from minime.today.jobs import send_due_recaps
from minime.today.models import RecapMark
from minime.today.tests.conftest import add_task

MONDAY = date(2026, 3, 9)
AT_0745 = datetime(2026, 3, 9, 7, 45, tzinfo=UTC)
SERVICE = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


def make_user(name: str, tz: str = "UTC", tasks: int = 1, **rules) -> User:
    user = user_create(email=f"{name}@example.com", password="a long password 123")
    User.objects.filter(pk=user.pk).update(time_zone=tz)
    user.refresh_from_db()
    if rules:
        rules_update(user=user, **rules)
    with as_user(user.pk):
        from minime.workspaces.models import Workspace

        workspace = Workspace.objects.get(created_by=user, is_personal=True)
    for n in range(tasks):
        add_task(user, workspace, f"Task {n} of {name}", estimate_minutes=30)
    return user


def recaps(user: User) -> list[Notification]:
    with as_user(user.pk):
        return list(Notification.objects.filter(user=user, kind="recap"))


def run_finder(monkeypatch: pytest.MonkeyPatch, now: datetime) -> int:
    monkeypatch.setattr(timezone, "now", lambda: now)
    return send_due_recaps.call()


def test_the_recap_job_is_in_the_schedule_every_minute():
    (job,) = [j for j in SCHEDULE if j.name == "send-due-recaps"]
    assert job.task is send_due_recaps and job.every == timedelta(minutes=1)
    assert {"prune-sign-in-records", "prune-job-history"} <= {j.name for j in SCHEDULE}


@SERVICE
def test_the_finder_sends_each_due_user_one_recap_however_often_it_runs(monkeypatch):
    ann = make_user("ann", tasks=3)
    bob = make_user("bob", recap_time=time(9, 0))
    assert run_finder(monkeypatch, AT_0745) == 1
    assert run_finder(monkeypatch, AT_0745 + timedelta(minutes=1)) == 0  # marked: not looked at
    (sent,) = recaps(ann)
    assert sent.title.startswith("Start with: Task ")
    assert sent.body == "3 tasks planned"
    assert (sent.url, sent.tag, sent.key) == ("/today/", "recap", "recap:2026-03-09")
    assert recaps(bob) == []
    # Even with the mark gone (as after a crash between queueing and marking), the key holds.
    RecapMark.objects.using(SERVICE_DB).all().delete()
    assert run_finder(monkeypatch, AT_0745 + timedelta(minutes=2)) == 1
    assert len(recaps(ann)) == 1
    # The next work day brings the next recap.
    run_finder(monkeypatch, AT_0745 + timedelta(days=1))
    assert [n.key for n in recaps(ann)] == ["recap:2026-03-10", "recap:2026-03-09"]


@SERVICE
def test_moving_the_recap_time_after_it_was_sent_does_not_send_a_second_one(monkeypatch):
    ann = make_user("ann")
    run_finder(monkeypatch, AT_0745)
    rules_update(user=ann, recap_time=time(9, 0))
    run_finder(monkeypatch, datetime(2026, 3, 9, 9, 1, tzinfo=UTC))
    RecapMark.objects.using(SERVICE_DB).all().delete()  # nor without the mark: the key is the date
    run_finder(monkeypatch, datetime(2026, 3, 9, 9, 2, tzinfo=UTC))
    assert len(recaps(ann)) == 1


@SERVICE
def test_a_recap_moved_to_later_after_it_was_queued_comes_at_the_new_time():
    ann = make_user("ann")
    found = recap.due_recaps(AT_0745)
    recap.mark_queued(found)  # queued at 07:45 ...
    rules_update(user=ann, recap_time=time(8, 30))  # ... moved to 08:30 before the job ran
    assert recap.send_recap(user_id=ann.pk, day=MONDAY, now=AT_0745) is None
    assert not RecapMark.objects.using(SERVICE_DB).exists()  # the mark is taken back
    assert recap.due_recaps(AT_0745 + timedelta(minutes=10)) == []
    later = datetime(2026, 3, 9, 8, 31, tzinfo=UTC)
    assert [d.user_id for d in recap.due_recaps(later)] == [ann.pk]
    assert recap.send_recap(user_id=ann.pk, day=MONDAY, now=later) is not None


@SERVICE
def test_the_fall_back_day_sends_the_repeated_recap_time_once(monkeypatch):
    ann = make_user("ann", "Europe/London", recap_time=time(1, 30), work_days=list(range(7)))
    run_finder(monkeypatch, datetime(2026, 10, 25, 0, 30, tzinfo=UTC))  # 01:30 BST
    RecapMark.objects.using(SERVICE_DB).all().delete()
    run_finder(monkeypatch, datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # 01:30 GMT, again
    assert [n.key for n in recaps(ann)] == ["recap:2026-10-25"]


@SERVICE
def test_an_empty_day_gets_no_recap_unless_the_user_asked_for_one(monkeypatch):
    quiet = make_user("quiet", tasks=0)
    keen = make_user("keen", tasks=0, recap_when_empty=True)
    assert run_finder(monkeypatch, AT_0745) == 2  # both queued; the job decides
    assert recaps(quiet) == []
    (sent,) = recaps(keen)
    assert (sent.title, sent.body) == (recap.EMPTY_TITLE, recap.EMPTY_BODY)
    # The quiet day is looked at once, not every minute until the cut-off.
    assert recap.due_recaps(AT_0745 + timedelta(minutes=5)) == []


@SERVICE
def test_a_job_that_runs_too_late_or_on_a_day_off_sends_nothing():
    ann = make_user("ann")
    assert recap.send_recap(user_id=ann.pk, day=MONDAY, now=AT_0745 + timedelta(hours=4)) is None
    saturday = datetime(2026, 3, 14, 7, 45, tzinfo=UTC)
    assert recap.send_recap(user_id=ann.pk, day=saturday.date(), now=saturday) is None
    rules_update(user=ann, recap_enabled=False)
    assert recap.send_recap(user_id=ann.pk, day=MONDAY, now=AT_0745) is None
    assert recap.send_recap(user_id=10**9, day=MONDAY, now=AT_0745) is None  # gone
    assert recaps(ann) == []


@pytest.mark.postgres
@SERVICE
def test_two_jobs_for_the_same_recap_at_the_same_moment_send_one():
    users = [make_user(f"user{n}") for n in range(6)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for user in users:
                barrier.wait(timeout=20)
                recap.send_recap(user_id=user.pk, day=MONDAY, now=AT_0745)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert [len(recaps(user)) for user in users] == [1] * len(users)
