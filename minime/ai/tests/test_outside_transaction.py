"""An AI provider is never asked inside a transaction: a slow one holds neither SQLite's write lock
(other users' writes go on) nor a PostgreSQL connection idle in transaction; and a press the
provider fails to answer is given back to the quota."""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import resolve

from minime.accounts.services import plan_set
from minime.accounts.tokens import token_create
from minime.ai import services
from minime.core.outside import runs_outside

ANSWER: dict[str, Any] = {
    "items": [
        {
            "kind": "task",
            "title": "Call mom",
            "when": "tomorrow",
            "recurrence": None,
            "priority": None,
            "estimate_minutes": None,
            "energy": None,
            "project": None,
            "area": None,
            "labels": [],
        }
    ]
}
SLOW_SECONDS = 3.0
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _post(url: str, secret: str, body: dict[str, Any]) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with _OPENER.open(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _idle_in_transaction() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND state LIKE 'idle in transaction%%'"
        )
        return int(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_a_slow_provider_holds_no_lock_and_no_transaction(
    live_server, personas, provider, settings
):
    settings.AI_TIMEOUT_SECONDS = SLOW_SECONDS * 3
    provider.reply_slow(SLOW_SECONDS, ANSWER)
    _token, alice_secret = token_create(user=personas.alice, name="ai")
    _token, bob_secret = token_create(user=personas.bob, name="tasks")
    answers: list[tuple[int, Any]] = []
    asking = threading.Thread(
        target=lambda: answers.append(
            _post(f"{live_server.url}/api/v1/smart-add/preview", alice_secret, {"text": "x"})
        )
    )
    asking.start()
    try:
        deadline = time.monotonic() + SLOW_SECONDS
        while not provider.requests and time.monotonic() < deadline:
            time.sleep(0.01)
        assert provider.requests, "the provider was never asked"
        idle = _idle_in_transaction() if connection.vendor == "postgresql" else 0
        started = time.monotonic()
        status, task = _post(f"{live_server.url}/api/v1/tasks", bob_secret, {"title": "Plain"})
        took = time.monotonic() - started
        in_flight = asking.is_alive()
    finally:
        asking.join()
    assert (status, task["title"]) == (201, "Plain")
    assert took < 1.0, f"bob's task create waited {took:.1f} s for alice's AI call"
    assert in_flight, "the AI call ended before the task create: make it slower"
    assert idle == 0, "a connection sat idle in transaction during the provider call"
    assert answers[0][0] == 200
    assert answers[0][1]["source"] == "provider"
    assert services.usage_this_month(personas.alice) == 1


def test_a_failed_provider_call_gives_the_press_back(signed_in, alice, provider):
    provider.reply_status(500)
    response = signed_in.post("/ai/smart-add/", {"text": "call mom tomorrow", "back": "today"})
    assert response.status_code == 200
    assert services.FALLBACK_NOTE in response.content.decode()
    assert services.usage_this_month(alice) == 0

    provider.reply_raw("not json at all")
    signed_in.post("/ai/smart-add/", {"text": "call mom tomorrow", "back": "today"})
    assert services.usage_this_month(alice) == 0

    provider.reply_json(ANSWER)
    response = signed_in.post("/ai/smart-add/", {"text": "call mom tomorrow", "back": "today"})
    assert "Call mom" in response.content.decode()
    assert services.usage_this_month(alice) == 1


def test_a_failed_provider_call_at_the_last_press_leaves_it_free(
    signed_in, alice, provider, settings
):
    settings.AI_MONTHLY_QUOTA = {"free": 1, "pro": 1, "max": 1}
    provider.reply_status(503)
    for _ in range(3):  # each failure is given back, so the one press stays free
        response = signed_in.post("/ai/smart-add/", {"text": "call mom", "back": "today"})
        assert response.status_code == 200
    provider.reply_json(ANSWER)
    assert signed_in.post("/ai/smart-add/", {"text": "call mom"}).status_code == 200
    assert signed_in.post("/ai/smart-add/", {"text": "call mom"}).status_code == 429
    assert services.usage_this_month(alice) == 1


# What may wait on a provider, and /healthz, runs outside the request transaction; what saves
# keeps it (all or nothing).
OUTSIDE_PATHS = [
    "/ai/smart-add/",
    "/ai/tasks/00000000-0000-0000-0000-000000000000/steps/",
    "/ai/projects/00000000-0000-0000-0000-000000000000/steps/",
    "/ai/assistant/explain/",
    "/ai/voice/transcribe/",
    "/api/v1/smart-add/preview",
    "/healthz",
]
INSIDE_PATHS = [
    "/ai/smart-add/create/",
    "/ai/tasks/00000000-0000-0000-0000-000000000000/steps/add/",
    "/api/v1/smart-add",
    "/api/v1/tasks",
]


def test_the_views_that_may_wait_on_a_provider_run_outside_the_request_transaction():
    marked = {path: runs_outside(resolve(path).func) for path in OUTSIDE_PATHS}
    marked |= {path: runs_outside(resolve(path).func) for path in INSIDE_PATHS}
    assert marked == {**dict.fromkeys(OUTSIDE_PATHS, True), **dict.fromkeys(INSIDE_PATHS, False)}


def test_a_failed_transcription_gives_the_press_back(client, alice, provider):
    plan_set(user=alice, plan="pro")
    client.force_login(alice)
    clip = SimpleUploadedFile("clip.webm", b"\x1aE\xdf\xa3" + bytes(256), content_type="audio/webm")
    provider.reply_status(500)
    assert client.post("/ai/voice/transcribe/", {"audio": clip}).status_code == 400
    assert services.usage_this_month(alice) == 0
    provider.reply_text("Call the dentist")
    clip.seek(0)
    assert client.post("/ai/voice/transcribe/", {"audio": clip}).json() == {
        "text": "Call the dentist"
    }
    assert services.usage_this_month(alice) == 1
