"""The Assistant page: Explain today's plan (local and through a fake provider) and the local
presets, all answered from the signed-in user's own Today."""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from typing import Any

import pytest

from minime.ai.features import FEATURES, word_count
from minime.ai.models import AIRequest
from minime.core.db import as_user
from minime.goals import services as goal_services
from minime.preferences.rules import rules_update
from minime.tasks import services as task_services
from minime.tasks.models import Task

pytestmark = pytest.mark.django_db

SUMMARY = (
    "You have three tasks on today's plan and one is overdue. Start with Finish the product "
    "page, because it is high priority and its deadline is today. The smaller tasks can wait "
    "until the afternoon, and nothing else needs your attention right now. Your plan fits the "
    "time you have, with room to spare for a break or two before the evening. Take it one "
    "step at a time."
)


@pytest.fixture
def signed_in(signed_in: Any, now: datetime) -> Any:
    """Signed in, with the clock frozen (``now``)."""
    return signed_in


def _task(user: Any, workspace: Any, title: str, **fields: Any) -> Task:
    with as_user(user.pk):
        return task_services.task_create(
            workspace=workspace, title=title, created_by=user, **fields
        )


def _day(user: Any, personas: Any, now: datetime) -> dict[str, Any]:
    """A day: a top task due today, an overdue one, a quick one, a stuck project and a goal
    with no work."""
    ws = personas.personal(user)
    today = now.date()
    top = _task(
        user, ws, "Finish the product page", priority=3, due_date=today, estimate_minutes=60
    )
    late = _task(
        user, ws, "Renew the passport", due_date=today - timedelta(days=3), estimate_minutes=30
    )
    quick = _task(user, ws, "Water the plants", estimate_minutes=10)
    with as_user(user.pk):
        stuck = task_services.project_create(workspace=ws, title="Garden shed")
        goal = goal_services.goal_create(workspace=ws, title="Run a marathon")
    return {"ws": ws, "top": top, "late": late, "quick": quick, "stuck": stuck, "goal": goal}


# --- The page --------------------------------------------------------------------------------
def test_the_page_lists_the_presets_and_the_nav_links_to_it(signed_in):
    response = signed_in.get("/ai/assistant/")
    assert response.status_code == 200
    page = response.content.decode()
    for question in (
        "Explain today&#x27;s plan",
        "What&#x27;s overdue?",
        "Which projects are stuck?",
        "Which goals have no work?",
        "What fits in 15 minutes?",
    ):
        assert question in page
    assert re.search(
        r'href="/ai/assistant/" aria-current="page"[^>]*>.*?Assistant</span>', page, re.S
    )
    assert "ai/assistant" in page and ".js" in page  # the static script, no inline code
    assert "<script>" not in page


def test_the_assistant_needs_a_sign_in(client):
    response = client.get("/ai/assistant/")
    assert response.status_code == 302 and "/ai/assistant/" in response["Location"]


# --- Explain today's plan --------------------------------------------------------------------
def test_the_local_summary_is_60_to_120_words_and_names_the_top_task(
    signed_in, alice, personas, now
):
    day = _day(alice, personas, now)
    response = signed_in.post("/ai/assistant/explain/")
    assert response.status_code == 200
    explain = response.context["explain"]
    summary = explain["summary"]
    assert 60 <= word_count(summary) <= 120, summary
    assert "Finish the product page" in summary
    page = response.content.decode()
    assert "Built-in engine" in page
    assert f'href="/tasks/{day["top"].uuid}/" data-start-task>Finish the product page</a>' in page
    assert f'href="/tasks/projects/{day["stuck"].uuid}/"' in page
    assert f'href="/goals/{day["goal"].uuid}/"' in page
    with as_user(alice.pk):
        assert AIRequest.objects.get().sent is None  # the built-in engine: nothing left the server


def test_with_htmx_the_summary_is_a_fragment(signed_in, alice, personas, now):
    _day(alice, personas, now)
    response = signed_in.post("/ai/assistant/explain/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'data-answer="explain"' in page
    assert "Finish the product page" in page


def test_the_explain_payload_has_exactly_the_features_keys_and_no_ids(
    signed_in, alice, personas, now, provider
):
    day = _day(alice, personas, now)
    provider.reply_json({"summary": SUMMARY})
    response = signed_in.post("/ai/assistant/explain/")
    assert response.status_code == 200
    assert response.context["explain"]["summary"] == SUMMARY
    assert "OpenAI-compatible endpoint (test-model)" in response.content.decode()
    (request,) = provider.requests
    sent = json.loads(request.json["messages"][-1]["content"])
    assert tuple(sent) == FEATURES["explain_today"].keys
    assert sent["top_task"] == "Finish the product page"
    assert sent["top_reasons"] and all(isinstance(r, str) for r in sent["top_reasons"])
    assert sent["tasks_today"] == 3
    assert sent["overdue"] == 1
    assert sent["workload"].startswith("fits: ")
    assert any("Garden shed" in line for line in sent["attention"])
    body = request.body.decode()
    secrets = [alice.email, str(day["ws"].uuid), str(day["stuck"].uuid), str(day["goal"].uuid)]
    secrets += [str(day[k].uuid) for k in ("top", "late", "quick")]
    for secret in secrets:
        assert secret not in body
    assert "@" not in json.dumps(sent)
    with as_user(alice.pk):
        assert AIRequest.objects.get().sent == sent


def test_a_failing_provider_shows_the_notice_and_the_local_summary(
    signed_in, alice, personas, now, provider
):
    _day(alice, personas, now)
    provider.reply_status(500)
    response = signed_in.post("/ai/assistant/explain/")
    assert response.status_code == 200
    explain = response.context["explain"]
    assert explain["notice"].endswith("These suggestions come from the built-in engine instead.")
    assert 60 <= word_count(explain["summary"]) <= 120
    assert "Finish the product page" in explain["summary"]


def test_quota_reached_shows_the_message(signed_in, alice, personas, now, provider, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}
    _day(alice, personas, now)
    response = signed_in.post("/ai/assistant/explain/", HTTP_HX_REQUEST="true")
    assert response.status_code == 429
    assert "this month&#x27;s 0 AI requests" in response.content.decode()
    response = signed_in.post("/ai/assistant/explain/", follow=True)
    assert response.status_code == 200
    assert "this month&#x27;s 0 AI requests" in response.content.decode()
    assert provider.requests == []


def test_an_empty_day_still_explains_itself(signed_in):
    response = signed_in.post("/ai/assistant/explain/")
    assert response.status_code == 200
    summary = response.context["explain"]["summary"]
    assert 60 <= word_count(summary) <= 120


def test_the_summary_uses_only_the_active_workspace(signed_in, alice, bob, personas, now):
    _task(bob, personas.personal(bob), "Bob's secret task", priority=3, due_date=now.date())
    _task(alice, personas.shared, "Shared chores", priority=3, due_date=now.date())
    _task(alice, personas.personal(alice), "Alice's own task", priority=1)
    response = signed_in.post("/ai/assistant/explain/")
    page = response.content.decode()
    assert "Alice&#x27;s own task" in page
    assert "Bob&#x27;s secret task" not in page and "Shared chores" not in page


# --- The local presets -----------------------------------------------------------------------
def test_whats_overdue_links_the_overdue_tasks(signed_in, alice, personas, now):
    day = _day(alice, personas, now)
    response = signed_in.get("/ai/assistant/?ask=overdue")
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 task is overdue" in page
    assert f'href="/tasks/{day["late"].uuid}/">Renew the passport</a>' in page
    assert "Water the plants" not in page
    with as_user(alice.pk):
        assert AIRequest.objects.count() == 0  # local: no AI request, no quota


def test_which_projects_are_stuck(signed_in, alice, personas, now):
    day = _day(alice, personas, now)
    response = signed_in.get("/ai/assistant/?ask=stuck", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert f'href="/tasks/projects/{day["stuck"].uuid}/">Garden shed</a>' in page


def test_which_goals_have_no_work(signed_in, alice, personas, now):
    day = _day(alice, personas, now)
    page = signed_in.get("/ai/assistant/?ask=goals").content.decode()
    assert f'href="/goals/{day["goal"].uuid}/">Run a marathon</a>' in page


def test_what_fits_in_15_minutes(signed_in, alice, personas, now):
    day = _day(alice, personas, now)
    answer = signed_in.get("/ai/assistant/?ask=quick").context["answer"]
    assert [item.title for item in answer.items] == ["Water the plants"]
    assert answer.items[0].uuid == str(day["quick"].uuid)


def test_what_fits_follows_the_quick_win_setting_or_less(signed_in, alice, personas, now):
    _day(alice, personas, now)  # "Water the plants" is 10 minutes: more than the setting below
    _task(alice, personas.personal(alice), "Feed the cat", estimate_minutes=5)
    with as_user(alice.pk):
        rules_update(user=alice, quick_win_minutes=5)
    page = signed_in.get("/ai/assistant/")
    assert "What fits in 5 minutes?" in page.content.decode()
    answer = signed_in.get("/ai/assistant/?ask=quick").context["answer"]
    assert answer.question == "What fits in 5 minutes?"
    assert [item.title for item in answer.items] == ["Feed the cat"]  # 5 counts: "or less"
    assert answer.text == "1 task fits in 5 minutes, best first."


def test_nothing_to_report_is_said_plainly(signed_in):
    for ask, text in (
        ("overdue", "Nothing is overdue."),
        ("stuck", "No project is stuck"),
        ("goals", "Every active goal has work"),
        ("quick", "No open task is estimated at 15 minutes or less."),
    ):
        assert text in signed_in.get(f"/ai/assistant/?ask={ask}").content.decode()


def test_an_unknown_question_is_a_400_not_a_500(signed_in):
    response = signed_in.get("/ai/assistant/?ask=nonsense")
    assert response.status_code == 400
    assert "Pick one of the questions below." in response.content.decode()
