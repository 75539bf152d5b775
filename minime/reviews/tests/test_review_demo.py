"""The demo's reviews: past shutdowns and two finished weekly reviews with snapshots."""

from __future__ import annotations

from datetime import date

from minime.core.db import as_user
from minime.goals.services import goal_create
from minime.reviews.demo import SHUTDOWNS, populate
from minime.reviews.models import Review, ReviewKind
from minime.tasks.services import task_create

TODAY = date(2026, 11, 27)


def test_the_demo_has_shutdowns_and_two_finished_weekly_reviews(personas):
    alice = personas.alice
    ws = personas.personal(alice)
    with as_user(alice.pk):
        for n in range(6):
            task_create(workspace=ws, title=f"Task {n}", priority=n % 4)
        goal_create(workspace=ws, title="Run a 10k")

    populate(user=alice, workspace=ws, today=TODAY)
    populate(user=alice, workspace=ws, today=TODAY)  # twice: still one per period

    with as_user(alice.pk):
        reviews = list(Review.objects.filter(workspace=ws))
    daily = [r for r in reviews if r.kind == ReviewKind.DAILY]
    weekly = sorted(
        (r for r in reviews if r.kind == ReviewKind.WEEKLY), key=lambda r: r.period_start
    )
    assert len(daily) == len(SHUTDOWNS) and all(r.completed_at and r.mood for r in daily)
    assert len(weekly) == 2 and all(r.completed_at and r.step == "" for r in weekly)
    assert all(r.period_end < TODAY for r in weekly)
    assert all("numbers" in r.snapshot and r.answers["wins"]["wins"] for r in weekly)
    assert len(weekly[0].answers["priorities"]["picked"]) == 4
    # The second week looks back on the first one's priorities.
    assert [p["title"] for p in weekly[1].snapshot["planned"]] == [
        p["title"] for p in weekly[0].answers["priorities"]["picked"]
    ]
    assert {r.created_by_id for r in reviews} == {alice.pk}
