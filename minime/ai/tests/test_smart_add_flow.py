"""Smart Add on the pages and through the API: text → editable preview → Create or Cancel; the
provider (a fake on 127.0.0.1) receives the typed text and nothing else; failures fall back to
the local engine with a plain message; the month's quota is enforced."""

from __future__ import annotations

import html
import json
import re

import pytest

from minime.ai.models import AIRequest, AIUsage
from minime.areas.models import LifeArea
from minime.areas.services import area_create
from minime.capture.models import CaptureItem
from minime.core.db import as_user
from minime.goals.models import Goal
from minime.routines.models import Routine
from minime.tasks.models import Project, Task

PARAGRAPH = (
    "Call mom tomorrow at 5pm. Gym every Mon, Wed and Fri at 7am\nnote: the wifi code is 4471"
)


# One item as a provider answers it: every field, None where nothing was said.
ITEM: dict[str, object] = {
    "kind": "task",
    "title": "Buy milk",
    "when": None,
    "recurrence": None,
    "priority": None,
    "estimate_minutes": None,
    "energy": None,
    "project": None,
    "area": None,
    "labels": [],
}


def _line(i: int, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "kind": "task",
        "title": "",
        "due_date": "",
        "due_time": "",
        "recurrence": "",
        "priority": "",
        "estimate_minutes": "",
        "energy": "",
        "project": "",
        "area": "",
        "labels": "",
    }
    base.update(fields)
    return {f"form-{i}-{k}": v for k, v in base.items()}


def _formset(*lines: dict[str, object], back: str = "today") -> dict[str, object]:
    data: dict[str, object] = {
        "form-TOTAL_FORMS": str(len(lines)),
        "form-INITIAL_FORMS": str(len(lines)),
        "back": back,
    }
    for i, line in enumerate(lines):
        data.update(_line(i, **line))
    return data


def _title(title: str) -> str:
    """A preview line's title as the page shows it (a textarea, so it wraps)."""
    return f">\n{title}</textarea>"


def _rows(user):
    with as_user(user.pk):
        return {
            "tasks": sorted(Task.objects.values_list("title", flat=True)),
            "routines": sorted(Routine.objects.values_list("title", flat=True)),
            "notes": sorted(CaptureItem.objects.values_list("text", flat=True)),
            "projects": sorted(Project.objects.values_list("title", flat=True)),
            "goals": sorted(Goal.objects.values_list("title", flat=True)),
        }


def test_the_preview_shows_one_editable_line_per_item_and_saves_nothing(signed_in, alice):
    before = _rows(alice)
    response = signed_in.post("/ai/smart-add/", {"text": PARAGRAPH, "back": "today"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="preview-line card"') == 3
    assert _title("Call mom") in page and 'value="17:00"' in page
    assert "FREQ=WEEKLY" in page and "BYDAY=MO,WE,FR" in page
    assert "Every week on Mon, Wed and Fri at 07:00" in page  # the rule in plain words
    assert "built-in engine" in page
    assert _rows(alice) == before
    with as_user(alice.pk):
        (logged,) = AIRequest.objects.filter(user=alice)
    assert (logged.provider, logged.outcome, logged.sent) == ("local", "local", None)


def test_create_makes_every_line_as_edited_in_one_go(signed_in, alice, personas):
    with as_user(alice.pk):
        area_create(workspace=personas.personal(alice), name="Health")
    data = _formset(
        {"title": "Call mum", "due_date": "2026-12-01", "due_time": "17:00", "priority": "high"},
        {
            "kind": "routine",
            "title": "Gym",
            "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE,FR",
            "due_time": "07:00",
            "area": "health",
        },
        {"kind": "note", "title": "The wifi code is 4471"},
        {"title": "Plan the trip", "project": "Holiday", "labels": "family, travel"},
        {"title": "Left out", "leave_out": "on"},
    )
    response = signed_in.post("/ai/smart-add/create/", data)
    assert response.status_code == 302 and response["Location"] == "/today/"
    rows = _rows(alice)
    assert rows["tasks"] == ["Call mum", "Plan the trip"]
    assert rows["routines"] == ["Gym"] and rows["notes"] == ["The wifi code is 4471"]
    assert rows["projects"] == ["Holiday"]
    with as_user(alice.pk):
        call = Task.objects.get(title="Call mum")
        assert (str(call.due_date), call.priority, call.source) == ("2026-12-01", 3, "smart_add")
        trip = Task.objects.get(title="Plan the trip")
        assert sorted(trip.labels.values_list("name", flat=True)) == ["family", "travel"]
        assert Routine.objects.get().area == LifeArea.objects.get(name="Health")


def test_one_bad_line_creates_nothing_and_keeps_every_edit(signed_in, alice):
    data = _formset(
        {"title": "Fine task"},
        {"title": "Run", "area": "Nowhere"},
    )
    response = signed_in.post("/ai/smart-add/create/", data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Line 2" in page and "no life area called “Nowhere”" in page
    assert _title("Fine task") in page
    assert _rows(alice)["tasks"] == []
    bad_rule = _formset({"title": "Water plants", "recurrence": "EVERY TUESDAY"})
    response = signed_in.post("/ai/smart-add/create/", bad_rule)
    assert response.status_code == 422
    assert "repeat rule isn't valid" in html.unescape(response.content.decode())
    assert _rows(alice)["tasks"] == []


def test_cancel_is_a_link_back_and_creates_nothing(signed_in, alice):
    page = signed_in.post("/ai/smart-add/", {"text": "Buy milk", "back": "capture"})
    assert re.search(
        r'<a class="btn" href="/capture/" data-smart-add-cancel>Cancel</a>', page.content.decode()
    )
    assert _rows(alice)["tasks"] == []


def test_empty_text_is_explained_on_the_page(signed_in):
    response = signed_in.post("/ai/smart-add/", {"text": "   ", "back": "today"})
    assert response.status_code == 422
    assert "Type something first" in response.content.decode()


def test_plain_add_never_calls_the_provider(signed_in, alice, provider):
    response = signed_in.post("/capture/", {"text": "Call mom tomorrow", "back": "today"})
    assert response.status_code == 302 and response["Location"] == "/today/"
    assert provider.requests == []
    with as_user(alice.pk):
        assert not AIRequest.objects.exists()
    assert _rows(alice)["notes"] == ["Call mom tomorrow"]


def test_the_provider_gets_the_typed_text_and_nothing_else(signed_in, alice, provider):
    provider.reply_json(
        {
            "items": [
                {
                    "kind": "task",
                    "title": "Call mom",
                    "when": "tomorrow at 5pm",
                    "recurrence": None,
                    "priority": "high",
                    "estimate_minutes": 15,
                    "energy": None,
                    "project": None,
                    "area": None,
                    "labels": ["family"],
                }
            ]
        }
    )
    text = "call mom tomorrow at 5pm, it's important"
    response = signed_in.post("/ai/smart-add/", {"text": text, "back": "today"})
    page = response.content.decode()
    assert response.status_code == 200 and "Read by your AI provider" in page
    assert 'value="17:00"' in page and 'value="family"' in page
    (request,) = provider.requests
    body = request.json
    assert body["model"] == "test-model"
    user_message = [m for m in body["messages"] if m["role"] == "user"]
    assert [json.loads(m["content"]) for m in user_message] == [{"text": text}]
    assert alice.email not in request.body.decode()
    with as_user(alice.pk):
        (logged,) = AIRequest.objects.all()
    assert (logged.outcome, logged.sent, logged.model) == ("ok", {"text": text}, "test-model")
    assert logged.answer_bytes > 0


@pytest.mark.parametrize(
    ("script", "message"),
    [
        (lambda fake: fake.reply_status(500), "not available right now"),
        (lambda fake: fake.reply_status(429), "busy"),
        (lambda fake: fake.reply_raw("{not json"), "could not be used"),
        (lambda fake: fake.reply_json({"items": [{"kind": "spaceship"}]}), "could not be used"),
        (lambda fake: fake.reply_slow(3), "took too long"),
    ],
)
def test_a_failing_provider_gives_a_message_and_the_local_result(
    signed_in, alice, provider, script, message
):
    script(provider)
    response = signed_in.post("/ai/smart-add/", {"text": "Call mom tomorrow at 5pm"})
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page and "built-in engine instead" in page
    assert _title("Call mom") in page and 'value="17:00"' in page
    with as_user(alice.pk):
        (logged,) = AIRequest.objects.all()
    assert logged.outcome == "fallback" and message in logged.error


def test_the_monthly_quota_is_enforced_with_a_clear_message(signed_in, alice, settings, provider):
    settings.AI_MONTHLY_QUOTA = {"free": 2, "pro": 10, "max": 10}
    provider.reply_json({"items": [ITEM]})
    for _ in range(2):
        assert signed_in.post("/ai/smart-add/", {"text": "Buy milk"}).status_code == 200
    response = signed_in.post("/ai/smart-add/", {"text": "Buy bread"})
    assert response.status_code == 429
    page = html.unescape(response.content.decode())
    assert "this month's 2 AI requests" in page and "Buy bread" in page
    with as_user(alice.pk):
        assert AIUsage.objects.get(user=alice).count == 2


def test_the_api_previews_then_creates(client, alice):
    client.force_login(alice)
    preview = client.post(
        "/api/v1/smart-add/preview",
        {"text": "Finish the report by Friday p1 2h #Work"},
        content_type="application/json",
    )
    assert preview.status_code == 200
    body = preview.json()
    assert body["source"] == "local" and body["notice"] == ""
    (item,) = body["items"]
    assert (item["title"], item["priority"], item["estimate_minutes"], item["project"]) == (
        "Finish the report",
        "high",
        120,
        "Work",
    )
    assert _rows(alice)["tasks"] == []
    created = client.post(
        "/api/v1/smart-add", {"items": body["items"]}, content_type="application/json"
    )
    assert created.status_code == 201
    assert [c["kind"] for c in created.json()] == ["task"]
    assert _rows(alice)["tasks"] == ["Finish the report"]
    assert _rows(alice)["projects"] == ["Work"]
    refused = client.post(
        "/api/v1/smart-add",
        {"items": [{"kind": "task", "title": "x", "area": "Nowhere"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "Nowhere" in refused.json()["error"]["message"]


def test_a_provider_configured_wrongly_stops_the_app_at_start(settings):
    from minime.ai.checks import check_ai_provider

    assert check_ai_provider() == []
    settings.AI_PROVIDER = "openai-compatible"
    settings.AI_MODEL = "llama3.1"
    settings.AI_BASE_URL = ""
    (error,) = check_ai_provider()
    assert error.id == "minime.ai.E001" and "base_url" in error.msg
