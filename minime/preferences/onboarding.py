"""The onboarding wizard's answers, and the starter life areas it proposes.

Today reads the answers (guidance, available time, default energy); the recap and review prompts
read the planning style. `completed_at` says the wizard was finished once; the user can change the
answers later in Settings → Preferences.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from minime.accounts.models import User
from minime.core.db import binds_user
from minime.core.errors import Invalid
from minime.preferences.models import OnboardingAnswers

if TYPE_CHECKING:
    from minime.areas.models import LifeArea
    from minime.workspaces.models import Workspace

ANSWERS = ("primary_needs", "guidance", "available_time", "default_energy", "planning_style")
# The proposed areas, each with the icon it gets when kept under its own name.
STARTER_AREAS: dict[str, str] = {
    "Health": "heart",
    "Work": "briefcase",
    "Relationships": "people",
    "Growth": "sprout",
    "Money": "coin",
    "Home": "home",
    "Fun": "star",
}
ICONS = {name.lower(): icon for name, icon in STARTER_AREAS.items()}
# A starter area made under this name is a work area (Today leaves it out on days off).
WORK_AREAS = {"work"}
AREA_NAME_MAX = 60
BAD_NEED = "Pick needs from the list."


@binds_user
def answers_for(user: User) -> OnboardingAnswers:
    """The user's answers: the stored ones, else the defaults (not saved)."""
    found = OnboardingAnswers.objects.filter(user=user).first()
    return found or OnboardingAnswers(user=user)


@binds_user
def needs_onboarding(user: User) -> bool:
    """True until the user has finished the wizard once."""
    return not OnboardingAnswers.objects.filter(user=user, completed_at__isnull=False).exists()


def _clean_needs(value: Any) -> list[str]:
    if not isinstance(value, list | tuple | set) or any(
        not isinstance(need, str) or need not in OnboardingAnswers.NEEDS for need in value
    ):
        raise Invalid(BAD_NEED, fields={"primary_needs": [BAD_NEED]})
    return [need for need in OnboardingAnswers.NEEDS if need in value]  # the list's order


@binds_user
def onboarding_save(*, user: User, **answers: Any) -> OnboardingAnswers:
    """Store some of ANSWERS (the others keep their value). Raises Invalid per field."""
    unknown = set(answers) - set(ANSWERS)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    if "primary_needs" in answers:
        answers["primary_needs"] = _clean_needs(answers["primary_needs"])
    stored = answers_for(user)
    for field, value in answers.items():
        setattr(stored, field, value)
    try:
        stored.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        raise Invalid("Some fields need another look.", fields=exc.message_dict) from exc
    stored.save()
    return stored


def proposed_areas(workspace: Workspace) -> list[str]:
    """The starter areas the workspace does not have yet (names compared in any case)."""
    from minime.areas.models import LifeArea

    have = {
        name.lower()
        for name in LifeArea.objects.in_workspace(workspace).values_list("name", flat=True)
    }
    return [name for name in STARTER_AREAS if name.lower() not in have]


@binds_user
def onboarding_finish(*, user: User, workspace: Workspace, areas: list[str]) -> list[LifeArea]:
    """Create the kept areas in `workspace` and mark the wizard finished (the first time).

    Blank names are ignored; a name the workspace already has (in any case), or that comes twice,
    is skipped. Raises Invalid (field `areas`) for a name over 60 characters, creating nothing.
    Returns the areas created.
    """
    from minime.areas.models import LifeArea
    from minime.areas.services import area_create

    names = [name.strip() for name in areas if name and name.strip()]
    too_long = [name for name in names if len(name) > AREA_NAME_MAX]
    if too_long:
        message = f"Keep area names to {AREA_NAME_MAX} characters: “{too_long[0][:20]}…” is longer."
        raise Invalid(message, fields={"areas": [message]})
    seen = {
        n.lower() for n in LifeArea.objects.in_workspace(workspace).values_list("name", flat=True)
    }
    created = []
    with transaction.atomic():
        for name in names:
            if name.lower() in seen:
                continue
            seen.add(name.lower())
            icon = ICONS.get(name.lower(), "star")
            is_work = name.lower() in WORK_AREAS
            created.append(area_create(workspace=workspace, name=name, icon=icon, is_work=is_work))
        stored, _ = OnboardingAnswers.objects.get_or_create(user=user)
        if stored.completed_at is None:
            stored.completed_at = timezone.now()
            stored.save(update_fields=["completed_at", "updated_at"])
    return created
