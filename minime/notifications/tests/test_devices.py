"""Subscribing a browser: the endpoint and keys are checked, the same endpoint is the same
device, and the device gets a readable name."""

from __future__ import annotations

import pytest

from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.notifications import devices, services
from minime.notifications.models import PushDevice
from minime.notifications.tests.conftest import subscribe

P256DH = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
AUTH = "tBHItJI5svbpez7KI4CCXg"


@pytest.mark.parametrize(
    ("agent", "name"),
    [
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36",
            "Chrome on Windows",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
            "Safari on iPhone",
        ),
        (
            "Mozilla/5.0 (Android 15; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0",
            "Firefox on Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/18.1 Safari/605.1.15",
            "Safari on macOS",
        ),
        ("", "This browser"),
        ("curl/8.5.0", "This browser"),
    ],
)
def test_a_device_is_named_after_its_browser_and_system(agent, name):
    assert devices.device_name(agent) == name


def test_the_same_endpoint_again_is_the_same_device(alice, fake):
    device = subscribe(alice, fake)
    services.device_rename(user=alice, device=device, name="Work laptop")
    again = services.device_subscribe(
        user=alice, endpoint=device.endpoint, p256dh=P256DH, auth=AUTH, user_agent=""
    )
    assert again.pk == device.pk and again.name == "Work laptop" and again.p256dh == P256DH
    with as_user(alice.pk):
        assert PushDevice.objects.filter(user=alice).count() == 1


def test_another_accounts_endpoint_is_refused_with_its_own_code(alice, bob, fake):
    device = subscribe(alice, fake)
    with pytest.raises(services.EndpointTaken) as exc:
        services.device_subscribe(user=bob, endpoint=device.endpoint, p256dh=P256DH, auth=AUTH)
    assert exc.value.code == "endpoint_taken"


ALLOWED = ["fcm.googleapis.com", "push.services.mozilla.com", "push.apple.com"]


@pytest.mark.parametrize(
    ("endpoint", "local", "problem"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", False, None),
        ("https://updates.push.services.mozilla.com/wpush/v2/x", False, None),
        ("https://web.push.apple.com/QO", False, None),
        ("http://fcm.googleapis.com/fcm/send/abc", False, "must use https"),
        ("https://evil.example/push", False, "not on a known push service"),
        ("https://fcm.googleapis.com.evil.example/x", False, "not on a known push service"),
        ("https://user:pw@fcm.googleapis.com/x", False, "not a web address"),
        ("ftp://fcm.googleapis.com/x", False, "not a web address"),
        ("not a url", False, "not a web address"),
        ("http://127.0.0.1:8123/push/x", False, "must use https"),
        ("http://127.0.0.1:8123/push/x", True, None),
        ("http://localhost:8123/push/x", True, None),
        ("http://10.0.0.5/push/x", True, "must use https"),
        ("https://192.168.1.1/push/x", True, "not on a known push service"),
        ("https://fcm.googleapis.com/" + "x" * limits.PUSH_ENDPOINT_MAX, False, "longer than"),
        ("", False, "no endpoint"),
    ],
)
def test_only_push_services_are_endpoints(endpoint, local, problem):
    found = devices.endpoint_error(endpoint, allowed_hosts=ALLOWED, allow_local=local)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("p256dh", "auth", "field"),
    [
        ("not-base64!", AUTH, "p256dh"),
        (P256DH[:-4], AUTH, "p256dh"),  # too short
        ("A" + P256DH[1:], AUTH, "p256dh"),  # not an uncompressed point (0x00...)
        (P256DH, "short", "auth"),
        (P256DH, AUTH + "AAAA", "auth"),
    ],
)
def test_malformed_keys_are_refused(alice, p256dh, auth, field):
    with pytest.raises(Invalid) as exc:
        services.device_subscribe(
            user=alice, endpoint="https://fcm.googleapis.com/fcm/send/x", p256dh=p256dh, auth=auth
        )
    assert list(exc.value.fields) == [field]


def test_a_user_has_at_most_so_many_devices(alice, settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = False
    for n in range(limits.PUSH_DEVICES_MAX):
        services.device_subscribe(
            user=alice,
            endpoint=f"https://fcm.googleapis.com/fcm/send/{n}",
            p256dh=P256DH,
            auth=AUTH,
        )
    with pytest.raises(Invalid, match="At most 20 devices"):
        services.device_subscribe(
            user=alice,
            endpoint="https://fcm.googleapis.com/fcm/send/more",
            p256dh=P256DH,
            auth=AUTH,
        )


def test_a_device_name_has_limits(alice, fake):
    device = subscribe(alice, fake)
    with pytest.raises(Invalid):
        services.device_rename(user=alice, device=device, name="   ")
    with pytest.raises(Invalid):
        services.device_rename(user=alice, device=device, name="x" * 61)
    assert services.device_rename(user=alice, device=device, name=" My  phone ").name == "My phone"
