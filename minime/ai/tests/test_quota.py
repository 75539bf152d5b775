"""The monthly AI quota holds under concurrent presses: the count moves only while it is under
the quota, in one conditional UPDATE, so simultaneous requests never overshoot."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connections

from minime.ai import services
from minime.ai.models import AIUsage
from minime.core.db import as_user

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def press(user, now):
    """One press of an AI button (Break a project down, answered by the built-in engine)."""
    return services.run(
        user,
        "break_project",
        {"title": "Plan the move", "description": ""},
        local_answer=lambda: ["Book the van"],
        read=lambda data: data,
        now=now,
    )


@pytest.mark.django_db(transaction=True)
def test_concurrent_presses_never_overshoot_the_quota(personas, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 5, "pro": 5, "max": 5}
    alice = personas.alice
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(12)

    def one_press() -> None:
        try:
            start.wait()
            try:
                press(alice, NOW)
                result = "ok"
            except services.QuotaReached:
                result = "refused"
            with lock:
                outcomes.append(result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one_press) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] * 5 + ["refused"] * 7
    with as_user(alice.pk):
        assert AIUsage.objects.get(user=alice, month=NOW.date().replace(day=1)).count == 5


def test_the_quota_counts_calendar_months_in_utc(personas, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 1, "pro": 1, "max": 1}
    alice = personas.alice
    press(alice, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    with pytest.raises(services.QuotaReached, match="this month's 1 AI requests"):
        press(alice, datetime(2026, 11, 1, 0, 0, tzinfo=UTC))
    press(alice, datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # a new month
    assert services.usage_this_month(alice, datetime(2026, 12, 5, tzinfo=UTC)) == 1
