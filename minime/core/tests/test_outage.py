"""A database outage anywhere in a request is a 503 with Retry-After, never a 500; /healthz
reports the database and the data directory for itself. Every outage here is real (see
minime.core.tests.outage); the full disk is a tiny tmpfs filled to the last byte."""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core.middleware import RETRY_AFTER_SECONDS
from minime.core.tests.outage import Outage

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def outage() -> Iterator[Outage]:
    down = Outage()
    try:
        yield down
    finally:
        down.end()


@pytest.fixture
def web() -> Client:
    """A client that answers as the server would, instead of raising what handler500 met."""
    return Client(raise_request_exception=False)


def test_healthz_is_ok_when_the_database_answers_and_the_disk_takes_writes(web):
    response = web.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "storage": "ok"}


def _closed_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


def test_healthz_answers_503_when_the_database_is_unreachable(web, tmp_path):
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "postgresql":
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    else:
        settings_dict["NAME"] = str(tmp_path / "a-file" / "minime.sqlite3")
        (tmp_path / "a-file").write_text("not a folder")
    try:
        response = web.get("/healthz")
    finally:
        connection.close()
        settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "error", "storage": "ok"}


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KB tmpfs with every byte taken: a file can be created, not written."""
    mount = tmp_path / "full"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], check=True)
    try:
        with (mount / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:  # until the disk is full
                filler.write(b"\0" * 4096)
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_healthz_answers_503_when_the_data_directory_is_full(web, settings, full_disk):
    settings.VAR_DIR = full_disk
    response = web.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "storage": "error"}
    assert sorted(p.name for p in full_disk.iterdir()) == ["filler"]  # no probe left behind


def _assert_page_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    assert "Back in a moment" in response.content.decode()


def _assert_api_503(response) -> None:
    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    error = response.json()["error"]
    assert error["code"] == "unavailable"
    assert error["request_id"] == response["X-Request-ID"]


def test_a_page_write_during_an_outage_is_a_503_page_logged_once(web, alice, outage, caplog):
    web.force_login(alice)
    outage.start()
    with caplog.at_level(logging.WARNING, logger="minime.request"):
        response = web.post(
            "/tasks/", {"title": "Lost in the outage"}, HTTP_X_REQUEST_ID="outage-1234"
        )
    _assert_page_503(response)
    lines = [r for r in caplog.records if r.getMessage() == "database unavailable"]
    assert [line.request_id for line in lines] == ["outage-1234"]


def test_an_api_write_during_an_outage_is_a_503_in_the_envelope(web, alice, outage):
    schema = web.get("/api/v1/openapi.json").json()
    assert "503" in schema["paths"]["/api/v1/tasks"]["post"]["responses"]
    _token, secret = token_create(user=alice, name="outage")
    outage.start()
    response = web.post(
        "/api/v1/tasks",
        {"title": "Lost in the outage"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    _assert_api_503(response)


def test_a_view_outside_the_request_transaction_meets_the_outage_as_a_503(web, alice, outage):
    _token, secret = token_create(user=alice, name="outage")
    web.force_login(alice)
    outage.start()
    page = web.post("/ai/smart-add/", {"text": "buy milk", "back": "capture"})
    _assert_page_503(page)
    api = web.post(
        "/api/v1/smart-add/preview",
        {"text": "buy milk"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    _assert_api_503(api)
