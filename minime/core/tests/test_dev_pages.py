"""The /dev/ pages (the outbox shows password-reset links) answer only under DEBUG and only to a
client on this machine; proxy headers never open them."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver


def _dev_paths() -> list[str]:
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and route.startswith("dev/"):
                found.append("/" + route)

    walk(get_resolver().url_patterns, "")
    return found


DEV_PATHS = _dev_paths()


@pytest.fixture
def file_mail(settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    return settings


def test_the_dev_pages_are_found():
    assert "/dev/outbox/" in DEV_PATHS


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_the_outbox_answers_a_client_on_this_machine_under_debug(client, db, file_mail, address):
    response = client.get("/dev/outbox/", REMOTE_ADDR=address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]  # reset links must not linger in a cache


@pytest.mark.parametrize("path", DEV_PATHS)
@pytest.mark.parametrize(
    "request_meta",
    [
        {"REMOTE_ADDR": "203.0.113.7"},
        {"REMOTE_ADDR": "192.168.1.20"},
        {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "127.0.0.1"},
        # A proxy on this machine connects from loopback on behalf of anyone.
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.7"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_FORWARDED": "for=203.0.113.7"},
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_REAL_IP": "203.0.113.7"},
    ],
    ids=["remote", "lan", "remote-claiming-loopback", "local-proxy", "forwarded", "real-ip"],
)
def test_dev_pages_refuse_any_client_not_on_this_machine_even_under_debug(
    client, db, file_mail, path, request_meta
):
    assert client.get(path, **request_meta).status_code == 404


@pytest.mark.parametrize("path", DEV_PATHS)
def test_dev_pages_refuse_everyone_behind_a_proxy(client, db, file_mail, path):
    file_mail.BEHIND_PROXY = True
    assert client.get(path, REMOTE_ADDR="127.0.0.1").status_code == 404


@pytest.mark.parametrize("path", DEV_PATHS)
def test_dev_pages_refuse_even_this_machine_without_debug(client, db, file_mail, path):
    file_mail.DEBUG = False
    assert client.get(path, REMOTE_ADDR="127.0.0.1").status_code == 404
