"""Plans and the one function that answers "may this user use feature X"."""

from __future__ import annotations

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
