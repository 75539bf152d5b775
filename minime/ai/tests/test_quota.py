"""The monthly AI quota counts calls to a provider only, and holds under concurrent presses: the
count moves only while it is under the quota, in one conditional UPDATE, so simultaneous
requests never overshoot. The built-in engine sends nothing and counts nothing, but is logged."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from django.db import connections

from minime.ai import services
from minime.ai.models import AIRequest, AIUsage
from minime.core.db import as_user

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
STEPS = {
    "steps": ["Book the van", "Pack the kitchen", "Tell the bank", "Change the address", "Clean up"]
}


def press(user, now):
    """One press of an AI button (Break a project down)."""
    return services.run(
        user,
        "break_project",
        {"title": "Plan the move", "description": ""},
        local_answer=lambda: ["Book the van"],
        read=lambda data: data,
        now=now,
    )


def logged(user) -> list[tuple[str, str]]:
    with as_user(user.pk):
        return list(AIRequest.objects.filter(user=user).values_list("provider", "outcome"))


def test_a_local_run_counts_nothing_and_is_logged(personas, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 5, "pro": 5, "max": 5}
    alice = personas.alice
    result = press(alice, NOW)
    assert (result.value, result.source) == (["Book the van"], "local")
    assert services.usage_this_month(alice, NOW) == 0
    assert logged(alice) == [("local", "local")]


def test_a_local_run_works_when_the_quota_is_used_up(personas, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}
    alice = personas.alice
    assert press(alice, NOW).source == "local"
    assert services.usage_this_month(alice, NOW) == 0
    assert logged(alice) == [("local", "local")]


def test_a_provider_run_counts_once(personas, settings, provider):
    settings.AI_MONTHLY_QUOTA = {"free": 5, "pro": 5, "max": 5}
    provider.reply_json(STEPS)
    alice = personas.alice
    assert press(alice, NOW).source == "provider"
    assert services.usage_this_month(alice, NOW) == 1
    assert logged(alice) == [("openai-compatible", "ok")]


def test_a_provider_run_over_the_quota_is_refused_and_sends_nothing(personas, settings, provider):
    settings.AI_MONTHLY_QUOTA = {"free": 1, "pro": 1, "max": 1}
    provider.reply_json(STEPS)
    alice = personas.alice
    press(alice, NOW)
    with pytest.raises(services.QuotaReached, match="this month's 1 AI requests"):
        press(alice, NOW)
    assert len(provider.requests) == 1
    assert services.usage_this_month(alice, NOW) == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_presses_never_overshoot_the_quota(personas, settings, provider):
    settings.AI_MONTHLY_QUOTA = {"free": 5, "pro": 5, "max": 5}
    provider.reply_json(STEPS)
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


def test_the_quota_counts_calendar_months_in_utc(personas, settings, provider):
    settings.AI_MONTHLY_QUOTA = {"free": 1, "pro": 1, "max": 1}
    provider.reply_json(STEPS)
    alice = personas.alice
    press(alice, datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    with pytest.raises(services.QuotaReached, match="this month's 1 AI requests"):
        press(alice, datetime(2026, 11, 1, 0, 0, tzinfo=UTC))
    press(alice, datetime(2026, 12, 1, 0, 0, tzinfo=UTC))  # a new month
    assert services.usage_this_month(alice, datetime(2026, 12, 5, tzinfo=UTC)) == 1
