"""Account emails run as jobs, at least once: a job run again (its worker died before recording
the end) mails again, and the link of the first email still works. Deleting the account deletes
its email jobs and their leases."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from minime.accounts.models import User
from minime.accounts.tests.test_password import (
    NEW_PASSWORD,
    request_reset,
    reset_link_path,
    set_password_via,
)
from minime.accounts.tests.test_sign_in_link import TODAY, ask_for_link
from minime.accounts.tests.test_sign_in_link import link_path as sign_in_link_path
from minime.accounts.tests.test_sign_up import link_path as sign_up_link_path
from minime.accounts.tests.test_sign_up import sign_up
from minime.jobs.models import JobLease
from minime.jobs.tests.test_leases import DB_TASKS, LEASE, worker
from minime.yourdata.data import account_delete


@pytest.fixture(autouse=True)
def db_tasks(settings):
    settings.TASKS = DB_TASKS


def run_twice_as_after_a_crash() -> None:
    """Run the queued job; then, as if its worker had died before recording the end, let a
    worker find the lease expired and run it again. (Transactional tests: workers commit.)"""
    worker("first").run()
    long_ago = timezone.now() - LEASE - timedelta(seconds=1)
    DBTaskResult.objects.update(status="RUNNING", started_at=long_ago, finished_at=None)
    JobLease.objects.update(expires_at=long_ago)
    worker("second").run()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert set(JobLease.objects.values_list("attempts", flat=True)) == {2}


@pytest.mark.django_db(transaction=True)
def test_a_rerun_sign_up_job_mails_the_same_link_and_it_still_confirms(mailoutbox):
    sign_up(Client())
    run_twice_as_after_a_crash()

    first, second = (sign_up_link_path(message) for message in mailoutbox)
    assert first == second
    assert Client().post(first).status_code == 302
    assert User.objects.filter(email="dora@example.com").exists()


@pytest.mark.django_db(transaction=True)
def test_after_a_rerun_reset_job_the_first_link_still_sets_a_password(alice, mailoutbox):
    request_reset(Client(), "alice@example.com")
    run_twice_as_after_a_crash()

    assert len(mailoutbox) == 2
    response = set_password_via(Client(), reset_link_path(mailoutbox[0]))
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_after_a_rerun_sign_in_link_job_the_first_link_still_signs_in(alice, mailoutbox):
    ask_for_link(Client(), "alice@example.com")
    run_twice_as_after_a_crash()

    assert len(mailoutbox) == 2
    response = Client().post(sign_in_link_path(mailoutbox[0]))
    assert response.status_code == 302
    assert response["Location"] == TODAY


@pytest.mark.django_db(transaction=True)
def test_deleting_the_account_counts_its_run_emails_not_their_leases(alice):
    ask_for_link(Client(), "alice@example.com")
    worker("first").run()
    assert JobLease.objects.count() == 1

    counts = account_delete(user=alice)

    assert counts["queued emails"] == 1
    assert not JobLease.objects.exists()
