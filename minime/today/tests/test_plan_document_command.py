"""manage.py plan_document: a user's day as the document `minime plan` reads, planning exactly as
Today does."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command

from minime.core.db import as_user
from minime.tasks.services import task_create
from minime.today.engine import plan_to_json, plan_today, snapshot_from_json
from minime.today.selectors import plan_for

AT = datetime(2026, 3, 10, 18, 30, tzinfo=ZoneInfo("Europe/Berlin"))


def _document(*args: str) -> dict:
    out = io.StringIO()
    call_command("plan_document", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_document_plans_as_today_does(alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        task_create(workspace=ws, title="Send the invoice", priority=3, due_date=date(2026, 3, 10))
        task_create(workspace=ws, title="Book the dentist", estimate_minutes=10)
    document = _document(alice.email.upper(), "--at", AT.isoformat())
    with as_user(alice.pk):
        _, expected = plan_for(user=alice, workspace=ws, now=AT)
    planned = plan_today(snapshot_from_json(document))
    assert plan_to_json(planned) == plan_to_json(expected)
    assert planned.start_with is not None
    assert planned.start_with.scored.task.title == "Send the invoice"


def test_a_shared_workspace_by_uuid_and_refusals(alice, bob, personas):
    shared = personas.shared
    with as_user(alice.pk):
        task_create(workspace=shared, title="Plan the offsite")
    document = _document(alice.email, "--workspace", str(shared.uuid), "--at", AT.isoformat())
    assert [t["title"] for t in document["tasks"]] == ["Plan the offsite"]
    with pytest.raises(CommandError, match="No account"):
        _document("nobody@example.com")
    with pytest.raises(CommandError, match="needs an offset"):
        _document(alice.email, "--at", "2026-03-10T18:30")
    with pytest.raises(CommandError, match="not a member"):
        _document(bob.email, "--workspace", str(personas.personal(alice).uuid))
