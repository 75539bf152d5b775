"""Settings → AI: provider status, this month's usage, and the user's own request log."""

from __future__ import annotations

import html
import json
from datetime import timedelta

import pytest
from django.utils import timezone

from minime.ai.models import AIRequest, AIUsage, Outcome
from minime.ai.services import month_of
from minime.core.db import as_user

URL = "/ai/settings/"


def _log(user, feature="smart_add", *, sent=None, outcome=Outcome.LOCAL, **fields):
    defaults = {"provider": "local", "model": ""} if sent is None else {}
    with as_user(user.pk):
        return AIRequest.objects.create(
            user=user, feature=feature, sent=sent, outcome=outcome, **{**defaults, **fields}
        )


def test_it_shows_the_usage_against_the_plan_quota(signed_in, alice, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 100, "pro": 1000, "max": 5000}
    with as_user(alice.pk):
        AIUsage.objects.create(user=alice, month=month_of(timezone.now()), count=7)
    page = signed_in.get(URL).content.decode()
    assert "7 of 100 requests</strong> (Free plan)" in page


def test_it_shows_only_the_signed_in_users_rows(signed_in, alice, bob):
    _log(
        alice,
        sent={"text": "alice buys milk"},
        provider="gemini",
        model="gemini-2.5-flash",
        outcome=Outcome.OK,
        answer_bytes=2048,
        duration_ms=321,
    )
    _log(
        bob,
        sent={"text": "bob's secret plan"},
        provider="gemini",
        model="gemini-2.5-flash",
        outcome=Outcome.OK,
    )
    response = signed_in.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "alice buys milk" in page
    assert "secret plan" not in page
    assert [row.request.user_id for row in response.context["rows"]] == [alice.pk]
    assert "Smart Add" in page and "gemini · gemini-2.5-flash" in page
    assert "321 ms" in page and "2.0\xa0KB" in page and "Answered" in page


def test_it_shows_exactly_what_was_sent_pretty_printed(signed_in, alice):
    sent = {"title": "Write the report", "description": "", "project": None}
    _log(alice, "break_task", sent=sent, provider="openai-compatible", model="m", outcome="ok")
    _log(alice, "break_project")  # a local run: nothing left the server
    page = signed_in.get(URL).content.decode()
    shown = html.unescape(page.split("<pre><code>", 1)[1].split("</code></pre>", 1)[0])
    # PostgreSQL's jsonb keeps its own key order: compare the JSON, and that it is indented.
    assert json.loads(shown) == sent
    assert '\n  "title": "Write the report"' in shown
    assert "Nothing left this server" in page
    assert "Break into steps" in page and "Break a project into tasks" in page


def test_the_log_is_newest_first_25_a_page(signed_in, alice):
    start = timezone.now() - timedelta(days=1)
    for minute in range(30):
        row = _log(
            alice,
            sent={"text": f"entry {minute:02d}"},
            provider="gemini",
            model="g",
            outcome=Outcome.OK,
        )
        with as_user(alice.pk):
            AIRequest.objects.filter(pk=row.pk).update(created_at=start + timedelta(minutes=minute))
    first = signed_in.get(URL)
    shown = [row.request.sent["text"] for row in first.context["rows"]]
    assert shown == [f"entry {m:02d}" for m in range(29, 4, -1)]
    assert "Page 1 of 2" in first.content.decode()
    second = signed_in.get(URL, {"page": 2})
    assert [r.request.sent["text"] for r in second.context["rows"]] == [
        f"entry {m:02d}" for m in range(4, -1, -1)
    ]


@pytest.mark.parametrize(
    ("config", "words"),
    [
        ({"AI_PROVIDER": "local"}, "Built-in engine"),
        (
            {"AI_PROVIDER": "gemini", "AI_MODEL": "gemini-2.5-flash"},
            "Gemini, model gemini-2.5-flash",
        ),
        (
            {
                "AI_PROVIDER": "openai-compatible",
                "AI_MODEL": "llama3.1",
                "AI_BASE_URL": "http://user:pw@ollama.lan:11434/v1",
            },
            "llama3.1, at ollama.lan:11434",
        ),
    ],
)
def test_the_provider_status_is_plain_and_never_shows_the_key(signed_in, settings, config, words):
    settings.AI_API_KEY = "sk-very-secret-key"
    for name, value in config.items():
        setattr(settings, name, value)
    page = signed_in.get(URL).content.decode()
    assert words in page
    assert "sk-very-secret-key" not in page
    assert "pw@" not in page


def test_it_needs_a_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].endswith(f"?next={URL}")


def test_settings_nav_links_to_it(signed_in):
    page = signed_in.get(URL).content.decode()
    assert f'href="{URL}" aria-current="page">AI</a>' in page


def test_it_says_only_provider_requests_count(signed_in, settings):
    page = html.unescape(signed_in.get(URL).content.decode())
    assert "Only requests sent to an AI provider count" in page
    assert "This server answers with the built-in engine, so your presses here don't count." in page
    settings.AI_PROVIDER = "gemini"
    settings.AI_MODEL = "gemini-2.5-flash"
    page = html.unescape(signed_in.get(URL).content.decode())
    assert "Only requests sent to an AI provider count" in page
    assert "your presses here don't count" not in page
