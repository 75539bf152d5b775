"""/api/v1/notifications and /api/v1/push-devices."""

from __future__ import annotations

import pytest

from minime.notifications import services
from minime.notifications.tests.conftest import subscribe
from minime.notifications.tests.test_devices import AUTH, P256DH


def _sub(endpoint="https://fcm.googleapis.com/fcm/send/abc", p256dh=P256DH, auth=AUTH):
    return {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}}


def test_subscribe_then_again_is_one_device(api):
    headers = {"User-Agent": "Mozilla/5.0 (Android 15; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"}
    first = api.post(
        "/api/v1/push-devices", _sub(), content_type="application/json", headers=headers
    )
    assert first.status_code == 201, first.content
    device = first.json()
    assert (
        device["name"] == "Firefox on Android" and "p256dh" not in device and "auth" not in device
    )
    again = api.post("/api/v1/push-devices", _sub(), content_type="application/json")
    assert again.status_code == 200 and again.json()["uuid"] == device["uuid"]
    listed = api.get("/api/v1/push-devices").json()
    assert [d["uuid"] for d in listed["items"]] == [device["uuid"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (_sub(endpoint="https://evil.example/push"), "endpoint"),
        (_sub(endpoint="http://fcm.googleapis.com/fcm/send/abc"), "endpoint"),
        (_sub(endpoint="nonsense"), "endpoint"),
        (_sub(p256dh="AAAA"), "p256dh"),
        (_sub(auth="!!"), "auth"),
    ],
)
def test_a_bad_subscription_is_a_422_with_a_message(api, settings, body, field):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False
    response = api.post("/api/v1/push-devices", body, content_type="application/json")
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["message"] and field in error["fields"]


def test_an_endpoint_of_another_account_says_so(api, bob):
    services.device_subscribe(
        user=bob, endpoint="https://fcm.googleapis.com/fcm/send/abc", p256dh=P256DH, auth=AUTH
    )
    response = api.post("/api/v1/push-devices", _sub(), content_type="application/json")
    assert response.status_code == 422 and response.json()["error"]["code"] == "endpoint_taken"


def test_rename_and_delete_a_device(api):
    uuid = api.post("/api/v1/push-devices", _sub(), content_type="application/json").json()["uuid"]
    response = api.patch(
        f"/api/v1/push-devices/{uuid}", {"name": "Phone"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["name"] == "Phone"
    response = api.patch(
        f"/api/v1/push-devices/{uuid}", {"name": " "}, content_type="application/json"
    )
    assert response.status_code == 422
    assert api.delete(f"/api/v1/push-devices/{uuid}").status_code == 204
    assert api.get(f"/api/v1/push-devices/{uuid}").status_code == 404


def test_another_users_device_and_notification_are_404(api, bob, fake):
    device = subscribe(bob, fake)
    theirs = services.notify(user=bob, kind="test", title="Bob's", body="", url="/today/")
    assert theirs is not None
    assert api.get(f"/api/v1/push-devices/{device.uuid}").status_code == 404
    assert api.delete(f"/api/v1/push-devices/{device.uuid}").status_code == 404
    assert api.post(f"/api/v1/notifications/{theirs.uuid}/read").status_code == 404
    assert api.get("/api/v1/notifications").json()["items"] == []


def test_list_and_mark_read(api, alice):
    one = services.notify(user=alice, kind="test", title="One", body="", url="/today/")
    assert one is not None
    services.notify(user=alice, kind="recap", title="Two", body="b", url="/today/", tag="recap")
    items = api.get("/api/v1/notifications").json()["items"]
    assert [n["title"] for n in items] == ["Two", "One"] and items[0]["read_at"] is None
    response = api.post(f"/api/v1/notifications/{one.uuid}/read")
    assert response.status_code == 200 and response.json()["read_at"]
    unread = api.get("/api/v1/notifications?unread=true").json()["items"]
    assert [n["title"] for n in unread] == ["Two"]
    assert api.post("/api/v1/notifications/read").json() == {"marked": 1}
    assert api.get("/api/v1/notifications?unread=true").json()["items"] == []
