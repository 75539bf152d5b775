"""The demo account gets a believable workspace across every module."""

from __future__ import annotations

from datetime import date

from minime.accounts.models import User
from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.activity.selectors import recent
from minime.core.db import as_user
from minime.preferences.onboarding import needs_onboarding
from minime.tasks.models import Task
from minime.workspaces.models import Membership
from minime.yourdata.data import export_user_data
from minime.yourdata.demo import DEMO_PARTNER_EMAIL, populate_demo, populate_shared


def test_the_demo_workspace_has_something_in_every_module(alice, personas):
    populate_demo(user=alice, workspace=personas.personal(alice), today=date(2026, 11, 27))
    items = export_user_data(alice)["items"]
    for kind in (
        "areas.lifearea",
        "goals.goal",
        "goals.milestone",
        "tasks.project",
        "tasks.label",
        "tasks.task",
        "tasks.tasklabel",
        "routines.routine",
        "routines.routinestep",
        "routines.routineoccurrence",
        "capture.captureitem",
        "focus.focussession",
        "decisions.decision",
        "decisions.decisionoption",
        "decisions.decisioncriterion",
        "decisions.decisionscore",
        "reviews.review",
        "automations.rule",
        "automations.run",
    ):
        assert items[kind], kind
    tasks = items["tasks.task"]
    assert any(t["recurrence"] for t in tasks)
    assert any(t["parent"] for t in tasks)
    # Work done on many days of the last three weeks: Insights and the reviews have a history
    done_days = {t["completed_at"][:10] for t in tasks if t["status"] == "done"}
    assert len(done_days) >= 10 and min(done_days) >= "2026-11-06"
    deep = [t["title"] for t in tasks if t["deep_work"]]
    assert deep == ["Draft the new product page copy"]  # the task labelled "deep work"
    assert any(
        t["due_date"] and t["due_date"] < "2026-11-27" for t in tasks if t["status"] == "open"
    )
    assert len(items["routines.routineoccurrence"]) > 20
    assert {c["kind"] for c in items["capture.captureitem"]} == {"inbox", "note"}
    assert not needs_onboarding(alice)
    # Three rules, one off; the project rule's runs are the project's tasks done that week
    rules = items["automations.rule"]
    assert [r["enabled"] for r in rules] == [True, True, False]
    project = next(p for p in items["tasks.project"] if p["uuid"] in str(rules[0]["definition"]))
    cheered = sorted(r["trigger"] for r in items["automations.run"])
    done_there = sorted(
        f"Task “{t['title']}” was completed"
        for t in tasks
        if t["project"] == project["uuid"]
        and t["status"] == "done"
        and t["completed_at"] >= "2026-11-20"
    )[:5]
    assert cheered and cheered == done_there


def test_the_demo_shares_a_workspace_with_sam(alice, personas):
    plan_set(user=alice, plan=Plan.MAX)
    alice.refresh_from_db()
    home = populate_shared(user=alice, today=date(2026, 11, 27))
    with as_user(alice.pk):
        members = set(Membership.objects.filter(workspace=home).values_list("user__email", "role"))
        tasks = {t.title: t for t in Task.objects.filter(workspace=home).select_related("assignee")}
        lines = [line.text for line in recent(home, viewer_id=alice.pk)]
    assert members == {("alice@example.com", "owner"), (DEMO_PARTNER_EMAIL, "member")}
    assert not User.objects.get(email=DEMO_PARTNER_EMAIL).has_usable_password()
    assert {t.assignee.name if t.assignee else None for t in tasks.values()} == {
        "Alice",
        "Sam",
        None,
    }
    assert lines[0] == "Sam completed “Pick up the new keys”"
    assert "You assigned “Measure the living room” to Sam" in lines
