"""The request log, security headers, local secrets (the health check: test_outage)."""

from __future__ import annotations

import json
import logging
import stat

import pytest

from config.local_secrets import load_or_create_local_secrets


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "minime.request"]


def test_each_request_logs_one_structured_line(client, alice, caplog):
    client.force_login(alice)
    with caplog.at_level(logging.INFO, logger="minime.request"):
        response = client.get("/home/?secret=should-not-appear", HTTP_X_REQUEST_ID="req-12345678")
    (line,) = _request_lines(caplog)
    assert line.method == "GET"
    assert line.path == "/home/"
    assert line.status == 200
    assert line.user_id == alice.pk
    assert line.request_id == "req-12345678"
    assert isinstance(line.duration_ms, float)
    assert response["X-Request-ID"] == "req-12345678"


def test_the_request_log_never_holds_passwords_tokens_or_cookies(client, alice, caplog):
    from minime.core.logs import JsonFormatter

    with caplog.at_level(logging.INFO, logger="minime.request"):
        client.post(
            "/accounts/sign-in/", {"email": "alice@example.com", "password": "hunter2-secret"}
        )
        client.get("/accounts/password/reset/MQ/abc-secrettoken123/")
        client.get("/accounts/sign-up/confirm/confirm-secret-token/")
    text = "\n".join(JsonFormatter().format(r) for r in _request_lines(caplog))
    assert len(_request_lines(caplog)) == 3
    for secret in (
        "hunter2-secret",
        "secrettoken123",
        "confirm-secret-token",
        "sessionid",
        "csrftoken",
    ):
        assert secret not in text
    assert "[redacted]" in text
    for line in text.splitlines():
        assert {"method", "path", "status", "duration_ms", "user_id", "request_id"} <= json.loads(
            line
        ).keys()


def test_a_malformed_request_id_is_replaced(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="minime.request"):
        response = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")
    assert response["X-Request-ID"] != "bad id\nwith newline"
    assert len(response["X-Request-ID"]) == 32


def test_pages_carry_a_strict_content_security_policy(client, db):
    csp = client.get("/accounts/sign-in/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in csp
    assert "http" not in csp  # no other origin anywhere


def test_pages_refuse_framing_and_sniffing(client, db):
    response = client.get("/accounts/sign-in/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_development_outbox_is_hidden_without_debug(client, db, settings):
    settings.DEBUG = False
    assert client.get("/dev/outbox/").status_code == 404


def test_the_development_outbox_lists_mail_written_by_the_file_backend(
    client, db, settings, tmp_path
):
    from django.core.mail import get_connection, send_mail

    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    send_mail(
        "Hello there",
        "Body with https://example.com/link",
        None,
        ["a@example.com"],
        connection=get_connection(file_path=str(tmp_path)),
    )
    page = client.get("/dev/outbox/").content.decode()
    assert "Hello there" in page and "a@example.com" in page


def test_local_secrets_are_generated_once_and_private(tmp_path):
    path = tmp_path / "local-secrets.json"
    first = load_or_create_local_secrets(path)
    assert load_or_create_local_secrets(path) == first
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(first["secret_key"]) >= 50


@pytest.mark.parametrize("path", ["/healthz", "/accounts/sign-in/"])
def test_responses_carry_a_request_id(client, db, path):
    assert len(client.get(path)["X-Request-ID"]) == 32


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_the_suite_cannot_reach_the_network():
    import socket

    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)
