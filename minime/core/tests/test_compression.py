"""Answers are gzipped for clients that accept it: JSON and pages alike (static files are
compressed ahead of time by WhiteNoise)."""

from __future__ import annotations

import gzip
import json

import pytest


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def test_api_json_is_gzipped_when_the_client_accepts_it(signed_in):
    plain = signed_in.get("/api/v1/today")
    packed = signed_in.get("/api/v1/today", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert len(packed.content) < len(plain.content)
    assert json.loads(gzip.decompress(packed.content))["date"] == plain.json()["date"]


def test_pages_are_gzipped_too(signed_in):
    packed = signed_in.get("/today/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed.status_code == 200
    assert packed["Content-Encoding"] == "gzip"
    assert b"<h1>Today</h1>" in gzip.decompress(packed.content)


def test_errors_stay_json_under_compression(client, db):
    packed = client.get("/api/v1/no-such-thing", HTTP_ACCEPT_ENCODING="gzip")
    assert packed.status_code == 404
    body = gzip.decompress(packed.content) if packed.get("Content-Encoding") else packed.content
    assert json.loads(body)["error"]["code"]
