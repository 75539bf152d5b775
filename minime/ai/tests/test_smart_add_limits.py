"""Smart Add and Break into steps hold the same bounds as typing a task: at most
LABELS_PER_TASK labels of at most LABEL_NAME_MAX characters on an item, at most
SMART_ADD_ITEMS_MAX items and STEPS_MAX steps at once, local times without a zone."""

from __future__ import annotations

import pytest

from minime.ai import services
from minime.core import limits
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.tasks.models import Label, Task

JSON = "application/json"
TOO_MANY_LABELS = [f"label {i}" for i in range(limits.LABELS_PER_TASK + 1)]


@pytest.fixture
def api(client, alice):
    client.force_login(alice)
    return client


def _nothing_made(alice):
    with as_user(alice.pk):
        return not Task.objects.exists() and not Label.objects.exists()


@pytest.mark.parametrize(
    ("item", "field"),
    [
        ({"labels": TOO_MANY_LABELS}, "items.0.labels"),
        ({"labels": ["l" * (limits.LABEL_NAME_MAX + 1)]}, "items.0.labels.0"),
        ({"project": "p" * (limits.TITLE_MAX + 1)}, "items.0.project"),
        ({"area": "a" * (limits.AREA_NAME_MAX + 1)}, "items.0.area"),
        ({"due_time": "09:00Z"}, "items.0.due_time"),
        ({"due_date": "0999-01-01"}, "items.0.due_date"),
    ],
)
def test_the_api_refuses_an_item_past_its_bounds(api, alice, item, field):
    body = {"items": [{"kind": "task", "title": "Sort", **item}]}
    answer = api.post("/api/v1/smart-add", body, content_type=JSON)
    assert answer.status_code == 422, answer.content
    assert field in answer.json()["error"]["fields"]
    assert _nothing_made(alice)


def test_the_api_refuses_more_text_than_smart_add_reads(api):
    text = "t" * (limits.SMART_ADD_TEXT_MAX + 1)
    answer = api.post("/api/v1/smart-add/preview", {"text": text}, content_type=JSON)
    assert answer.status_code == 422
    assert "text" in answer.json()["error"]["fields"]


def test_the_preview_form_refuses_too_many_labels(api, alice):
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "back": "today",
        "form-0-kind": "task",
        "form-0-title": "Sort",
        "form-0-labels": ", ".join(TOO_MANY_LABELS),
    }
    answer = api.post("/ai/smart-add/create/", data)
    assert answer.status_code == 422
    assert f"At most {limits.LABELS_PER_TASK} labels on a task." in answer.content.decode()
    assert _nothing_made(alice)


def test_steps_are_saved_at_most_steps_max_at_once(personas, alice):
    workspace = personas.personal(alice)
    with as_user(alice.pk):
        task = Task.objects.create(workspace=workspace, title="Move house")
        titles = [f"Step {i}" for i in range(limits.STEPS_MAX + 1)]
        with pytest.raises(Invalid):
            services.steps_create(workspace=workspace, user=alice, into=task, titles=titles)
        assert task.subtasks.count() == 0
        made = services.steps_create(workspace=workspace, user=alice, into=task, titles=titles[1:])
        assert len(made) == limits.STEPS_MAX
