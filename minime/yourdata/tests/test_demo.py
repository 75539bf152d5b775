"""The demo account gets a believable workspace across every module."""

from __future__ import annotations

from datetime import date

from minime.preferences.onboarding import needs_onboarding
from minime.yourdata.data import export_user_data
from minime.yourdata.demo import populate_demo


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
