"""What connecting a calendar reads and keeps, in words, from the constants the code runs on."""

from __future__ import annotations

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, Plan
from minime.calendars.services import DAYS, KEEP_STALE, STALE_AFTER
from minime.core import limits
from minime.core.integrations import Integration


def _plans() -> str:
    plans = list(Plan)
    first = plans.index(LOWEST_PLAN_FOR[Feature.CALENDAR])
    return " and ".join(str(p.label) for p in plans[first:])


CALENDAR = Integration(
    key="calendar",
    label="Calendar (iCal)",
    plans=_plans(),
    reads=(
        "The private iCal address you paste: the server downloads it (a plain read, at most "
        f"{limits.CALENDAR_FEED_MAX_BYTES // 1_000_000} MB) when you connect or press Sync, when "
        f"Today opens and it was last read over {int(STALE_AFTER.total_seconds() // 60)} minutes "
        "ago, and once an hour.",
    ),
    keeps=(
        "The address, encrypted; only its host and last characters are ever shown.",
        f"The events of the next {DAYS} days: title, start, end and whether they last all day, "
        "replaced on every read. Descriptions, places and attendees are not kept.",
        f"When a read fails, the last events read, for up to {KEEP_STALE.days} days.",
    ),
    never=("Adds, changes or deletes anything in your calendar.",),
    removed="Disconnecting a calendar deletes its address and every event read from it.",
)
