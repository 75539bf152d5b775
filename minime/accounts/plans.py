"""Plans, what each feature is and whether this build has it, and the one function that answers
"may this user use feature X".

Home and the public landing page describe the plans from `FEATURES_BY_PLAN` and `FEATURE_INFO`,
so what they promise cannot drift from what the gates allow.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from minime.accounts.models import User


class Plan(models.TextChoices):
    FREE = "free", "Free"
    PRO = "pro", "Pro"
    MAX = "max", "Max"


class Feature(StrEnum):
    """Capabilities that differ by plan. Everything not listed here is on every plan."""

    VOICE_SERVER_FALLBACK = "voice_server_fallback"
    SHARED_WORKSPACES = "shared_workspaces"
    CALENDAR = "calendar"
    EMAIL = "email"


@dataclass(frozen=True, slots=True)
class FeatureInfo:
    """How a plan feature is named to people, and whether this build has its code.

    `available` is False for a feature the plans already include but whose code does not exist
    yet (no page, no service): Home does not tick it and the landing page does not promise it.
    Its gate (`may_use`) still answers by plan, so turning `available` on is the only change the
    pages need when the feature lands.
    """

    label: str
    available: bool


FEATURE_INFO: dict[Feature, FeatureInfo] = {
    Feature.VOICE_SERVER_FALLBACK: FeatureInfo(
        "Voice to text through the server, for browsers without their own dictation",
        available=True,  # minime.ai.services.transcribe
    ),
    Feature.SHARED_WORKSPACES: FeatureInfo("Shared workspaces", available=True),  # workspaces
    Feature.CALENDAR: FeatureInfo("Calendar (read-only iCal)", available=True),  # calendars
    Feature.EMAIL: FeatureInfo("Email (read-only Gmail)", available=True),  # gmail
}

# The features this build has, in Feature's order.
AVAILABLE_FEATURES: tuple[Feature, ...] = tuple(f for f in Feature if FEATURE_INFO[f].available)


FEATURES_BY_PLAN: dict[str, frozenset[Feature]] = {
    Plan.FREE: frozenset(),
    Plan.PRO: frozenset(
        {Feature.VOICE_SERVER_FALLBACK, Feature.SHARED_WORKSPACES, Feature.CALENDAR}
    ),
    Plan.MAX: frozenset(Feature),
}

# The cheapest plan that includes each feature, for "available on Pro" style messages.
LOWEST_PLAN_FOR: dict[Feature, Plan] = {
    feature: next(p for p in Plan if feature in FEATURES_BY_PLAN[p]) for feature in Feature
}


def may_use(user: User, feature: Feature) -> bool:
    """True when `user`'s plan includes `feature`. Every plan gate goes through here."""
    if not user.is_authenticated or not user.is_active:
        return False
    return feature in FEATURES_BY_PLAN.get(user.plan, frozenset())
