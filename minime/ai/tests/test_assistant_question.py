"""The Assistant's question box: routing a typed question to a preset (with and without
htmx), "I can answer these" for the rest, limits, and Rewrite in plain words through a fake
provider: exactly what is sent, the quota, a failing provider."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from minime.ai.features import FEATURES
from minime.ai.models import AIRequest, Outcome
from minime.core.db import as_user
from minime.tasks import services as task_services

pytestmark = pytest.mark.django_db

REWORDED = "One task is late: Renew the passport. Do it, move it or drop it."


@pytest.fixture
def late(alice: Any, personas: Any, now: datetime) -> Any:
    """An overdue task and a 10-minute one."""
    ws = personas.personal(alice)
    with as_user(alice.pk):
        task_services.task_create(
            workspace=ws, title="Water the plants", created_by=alice, estimate_minutes=10
        )
        task_services.task_create(
            workspace=ws, title="Stretch", created_by=alice, estimate_minutes=25
        )
        return task_services.task_create(
            workspace=ws,
            title="Renew the passport",
            created_by=alice,
            due_date=now.date() - timedelta(days=3),
        )


def _log(user: Any) -> list[AIRequest]:
    with as_user(user.pk):
        return list(AIRequest.objects.order_by("pk"))


# --- Routing ---------------------------------------------------------------------------------
def test_the_page_has_the_question_box_with_its_limit(signed_in, now):
    page = signed_in.get("/ai/assistant/").content.decode()
    assert "Ask about your plan" in page
    assert 'name="q"' in page and 'maxlength="200"' in page


def test_a_question_without_javascript_gets_the_page_with_the_answer(signed_in, alice, late):
    response = signed_in.get("/ai/assistant/", {"q": "anything overdue?"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and 'data-answer="overdue"' in page
    assert "You asked: “anything overdue?”" in page
    assert 'value="anything overdue?"' in page  # the box keeps the question
    assert f'href="/tasks/{late.uuid}/">Renew the passport</a>' in page
    assert _log(alice) == []  # answered locally: no AI request


def test_a_question_with_htmx_swaps_in_the_answer(signed_in, late):
    response = signed_in.get("/ai/assistant/", {"q": "Whats ovredue??"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and 'data-answer="overdue"' in page


def test_the_minutes_a_question_names_replace_the_setting(signed_in, late):
    answer = signed_in.get("/ai/assistant/", {"q": "I have half an hour"}).context["answer"]
    assert answer.question == "What fits in 30 minutes?"
    assert sorted(i.title for i in answer.items) == ["Stretch", "Water the plants"]
    answer = signed_in.get("/ai/assistant/", {"q": "what can i do in 15 min"}).context["answer"]
    assert [i.title for i in answer.items] == ["Water the plants"]


def test_a_question_about_today_explains_locally_without_an_ai_request(
    signed_in, alice, late, provider
):
    response = signed_in.get("/ai/assistant/", {"q": "explain my day"})
    answer = response.context["answer"]
    assert answer.key == "explain" and answer.question == "Explain today's plan"
    assert "Renew the passport" in response.content.decode()
    assert provider.requests == [] and _log(alice) == []


def test_a_question_about_the_week(signed_in, now):
    answer = signed_in.get("/ai/assistant/", {"q": "how was my weeek"}).context["answer"]
    assert answer.key == "week"


def test_an_unknown_question_lists_what_the_assistant_answers(signed_in, now):
    response = signed_in.get("/ai/assistant/", {"q": "what's the weather"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "I can answer these:" in page
    for key in ("overdue", "stuck", "goals", "quick", "week", "explain"):
        assert f'href="/ai/assistant/?ask={key}"' in page
    assert response.context.get("answer") is None


def test_the_listed_explain_link_answers_locally(signed_in, alice, late, provider):
    response = signed_in.get("/ai/assistant/?ask=explain")
    assert response.context["answer"].key == "explain"
    assert provider.requests == [] and _log(alice) == []


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("   ", "Type a question first"),
        ("x" * 201, "A question can be at most 200 characters; this one has 201."),
    ],
)
def test_an_empty_or_long_question_is_refused_by_the_field(signed_in, now, q, message):
    response = signed_in.get("/ai/assistant/", {"q": q})
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page and 'aria-invalid="true"' in page
    response = signed_in.get("/ai/assistant/", {"q": q}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422 and message in response.content.decode()


# --- Rewrite in plain words ------------------------------------------------------------------
def test_with_the_local_engine_there_is_no_rewrite_button(signed_in, late):
    page = signed_in.get("/ai/assistant/", {"q": "anything overdue?"}).content.decode()
    assert "Rewrite in plain words" not in page


def test_a_preset_button_answer_has_no_rewrite_button(signed_in, late, provider):
    page = signed_in.get("/ai/assistant/?ask=overdue").content.decode()
    assert "Rewrite in plain words" not in page


def test_rewrite_sends_exactly_the_question_and_the_answer_text(signed_in, alice, late, provider):
    page = signed_in.get("/ai/assistant/", {"q": "anything overdue?"}).content.decode()
    assert "Rewrite in plain words" in page and provider.requests == []
    provider.reply_json({"text": REWORDED})
    response = signed_in.post(
        "/ai/assistant/rewrite/", {"q": "anything overdue?"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert REWORDED in page and "Reworded by: OpenAI-compatible endpoint (test-model)" in page
    assert f'href="/tasks/{late.uuid}/">Renew the passport</a>' in page  # the links stay
    (request,) = provider.requests
    sent = json.loads(request.json["messages"][-1]["content"])
    assert tuple(sent) == FEATURES["rewrite_answer"].keys == ("question", "answer")
    assert sent["question"] == "anything overdue?"
    assert sent["answer"].startswith("1 task is overdue")
    assert "- Renew the passport (due " in sent["answer"]
    assert str(late.uuid) not in request.body.decode() and alice.email not in request.body.decode()
    (logged,) = _log(alice)
    assert logged.feature == "rewrite_answer" and logged.outcome == Outcome.OK
    assert logged.sent == sent


def test_rewrite_without_javascript_returns_the_page(signed_in, late, provider):
    provider.reply_json({"text": REWORDED})
    response = signed_in.post("/ai/assistant/rewrite/", {"q": "anything overdue?"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" in page and REWORDED in page


def test_quota_reached_keeps_the_local_answer_with_the_message(
    signed_in, alice, late, provider, settings
):
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}
    response = signed_in.post(
        "/ai/assistant/rewrite/", {"q": "anything overdue?"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 429
    page = response.content.decode()
    assert "this month&#x27;s 0 AI requests" in page
    assert "Renew the passport" in page
    assert provider.requests == []


def test_a_failing_provider_keeps_the_local_answer_with_a_notice(signed_in, alice, late, provider):
    provider.reply_status(500)
    response = signed_in.post("/ai/assistant/rewrite/", {"q": "anything overdue?"})
    assert response.status_code == 200
    page = response.content.decode()
    notice = response.context["rewrite_notice"]
    assert notice.endswith("The answer below is the built-in one, unchanged.")
    assert "1 task is overdue" in page and "Renew the passport" in page
    assert "Reworded by" not in page
    (logged,) = _log(alice)
    assert logged.outcome == Outcome.FALLBACK


def test_a_nonsense_rewrite_keeps_the_local_answer(signed_in, alice, late, provider):
    provider.reply_json({"text": "word " * 400})
    response = signed_in.post("/ai/assistant/rewrite/", {"q": "anything overdue?"})
    assert "The answer below is the built-in one" in response.context["rewrite_notice"]


def test_rewrite_of_an_unknown_question_sends_nothing(signed_in, alice, provider, now):
    response = signed_in.post("/ai/assistant/rewrite/", {"q": "tell me a joke"})
    assert response.status_code == 422
    assert "I can answer these:" in response.content.decode()
    response = signed_in.post("/ai/assistant/rewrite/", {"q": "x" * 300})
    assert response.status_code == 422
    assert provider.requests == [] and _log(alice) == []


def test_rewrite_needs_a_post_and_a_sign_in(client, signed_in):
    assert signed_in.get("/ai/assistant/rewrite/").status_code == 405
    signed_in.logout()
    response = client.post("/ai/assistant/rewrite/", {"q": "anything overdue?"})
    assert response.status_code == 302
