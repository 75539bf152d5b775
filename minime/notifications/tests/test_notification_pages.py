"""Settings → Notifications and the notifications list, with and without htmx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from minime.core.db import as_user
from minime.notifications import services
from minime.notifications.models import Notification, PushDevice, QuietHours
from minime.notifications.tests.conftest import subscribe

HTMX_SETTINGS = {"HX-Request": "true", "HX-Target": "notification-settings"}
HTMX_LIST = {"HX-Request": "true", "HX-Target": "notification-list"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_the_settings_page_offers_push_and_explains_it_needs_javascript(signed_in, alice, fake):
    device = subscribe(alice, fake)
    page = signed_in.get("/accounts/settings/notifications/").content.decode()
    assert "Turn on for this device" in page and "needs JavaScript" in page
    assert f'data-vapid-key="{settings.VAPID_PUBLIC_KEY}"' in page
    assert 'data-subscribe-url="/api/v1/push-devices"' in page
    assert "Firefox on Linux" in page and f'data-device="{device.uuid}"' in page
    assert 'aria-current="page">Notifications<' in page
    assert "<script>" not in page and "notifications/push.js" in page


def test_a_device_is_renamed_and_removed_by_plain_posts(signed_in, alice, fake):
    device = subscribe(alice, fake)
    base = f"/accounts/settings/notifications/devices/{device.uuid}"
    response = signed_in.post(f"{base}/rename/", {"name": "Kitchen tablet"}, follow=True)
    assert "Renamed to “Kitchen tablet”." in response.content.decode()
    response = signed_in.post(f"{base}/rename/", {"name": ""})
    assert response.status_code == 422 and "Give the device a name." in response.content.decode()
    response = signed_in.post(f"{base}/remove/")
    assert response.status_code == 302
    with as_user(alice.pk):
        assert not PushDevice.objects.exists()


def test_with_htmx_the_settings_come_back_in_place(signed_in, alice, fake):
    device = subscribe(alice, fake)
    response = signed_in.post(
        f"/accounts/settings/notifications/devices/{device.uuid}/rename/",
        {"name": "x" * 61},
        headers=HTMX_SETTINGS,
    )
    body = response.content.decode()
    assert response.status_code == 422
    assert 'id="notification-settings"' in body
    assert "<html" not in body and "At most 60 characters." in body
    response = signed_in.post("/accounts/settings/notifications/test/", headers=HTMX_SETTINGS)
    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_another_users_device_is_a_404(signed_in, bob, fake):
    device = subscribe(bob, fake)
    base = f"/accounts/settings/notifications/devices/{device.uuid}"
    assert signed_in.post(f"{base}/rename/", {"name": "Mine"}).status_code == 404
    assert signed_in.post(f"{base}/remove/").status_code == 404
    with as_user(bob.pk):
        assert PushDevice.objects.get().name == "Firefox on Linux"


def test_send_a_test_reaches_the_devices_and_the_list(
    signed_in, alice, fake, django_capture_on_commit_callbacks
):
    subscribe(alice, fake)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post("/accounts/settings/notifications/test/", follow=True)
    assert "Test sent to 1 device." in response.content.decode()
    assert fake.payloads()[0]["title"] == "Test notification"
    listed = signed_in.get("/notifications/").content.decode()
    assert "Test notification" in listed and "notification--unread" in listed


def test_without_devices_a_test_says_it_is_only_in_the_list(signed_in):
    response = signed_in.post("/accounts/settings/notifications/test/", follow=True)
    assert "only in your list" in response.content.decode()


def test_quiet_hours_are_saved_and_checked(signed_in, alice):
    url = "/accounts/settings/notifications/quiet/"
    response = signed_in.post(url, {"start": "22:00", "end": "07:00"}, follow=True)
    assert "Quiet from 22:00 to 07:00." in response.content.decode()
    with as_user(alice.pk):
        quiet = QuietHours.objects.get(user=alice)
    assert (quiet.start, quiet.end) == (dt.time(22), dt.time(7))
    response = signed_in.post(url, {"start": "25:99", "end": "07:00"})
    assert response.status_code == 422 and "A time such as 22:00." in response.content.decode()
    assert 'value="25:99"' in response.content.decode()  # what was typed stays
    response = signed_in.post(url, {"start": "22:00", "end": ""})
    assert response.status_code == 422 and "Give both times" in response.content.decode()
    response = signed_in.post(url, {"start": "", "end": ""}, follow=True)
    assert "Quiet hours are off." in response.content.decode()


def test_the_list_is_newest_first_and_opening_one_marks_it_read(signed_in, alice, bob):
    first = services.notify(user=alice, kind="test", title="First", body="", url="/today/")
    assert first is not None
    services.notify(user=alice, kind="test", title="Second", body="Hello\nthere", url="/tasks/")
    services.notify(user=bob, kind="test", title="Bob's own", body="", url="/today/")
    page = signed_in.get("/notifications/").content.decode()
    assert page.index("Second") < page.index("First") and "Bob's own" not in page
    assert page.count("notification--unread") == 2 and "Hello<br>there" in page
    response = signed_in.post(f"/notifications/{first.uuid}/open/")
    assert response.status_code == 302 and response["Location"] == "/today/"
    with as_user(alice.pk):
        first.refresh_from_db()
    assert first.read_at is not None


def test_mark_all_read_with_and_without_htmx(signed_in, alice):
    for n in range(3):
        services.notify(user=alice, kind="test", title=f"N{n}", body="", url="/today/")
    response = signed_in.post("/notifications/read/", headers=HTMX_LIST)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "notification--unread" not in body and "Mark all read" not in body
    services.notify(user=alice, kind="test", title="Later", body="", url="/today/")
    response = signed_in.post("/notifications/read/", follow=True)
    assert "Marked 1 read." in response.content.decode()
    with as_user(alice.pk):
        assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_users_notification_is_a_404(signed_in, bob):
    theirs = services.notify(user=bob, kind="test", title="Bob's", body="", url="/today/")
    assert theirs is not None
    assert signed_in.post(f"/notifications/{theirs.uuid}/open/").status_code == 404


def test_pages_make_the_same_number_of_queries_for_few_or_many(
    signed_in, alice, fake, django_assert_max_num_queries, django_assert_num_queries
):
    def fill(count):
        for n in range(count):
            services.notify(user=alice, kind="test", title=f"N{n}", body="", url="/today/")
            subscribe(alice, fake, f"d{n}")

    fill(2)
    with django_assert_max_num_queries(25) as list_few:
        assert signed_in.get("/notifications/").status_code == 200
    with django_assert_max_num_queries(25) as settings_few:
        assert signed_in.get("/accounts/settings/notifications/").status_code == 200
    fill(10)
    with django_assert_num_queries(len(list_few)):
        signed_in.get("/notifications/")
    with django_assert_num_queries(len(settings_few)):
        signed_in.get("/accounts/settings/notifications/")


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get("/notifications/").status_code == 302
    assert client.get("/accounts/settings/notifications/").status_code == 302
