"""/api/v1/me/rules and /api/v1/me/onboarding — the signed-in user's rules and wizard answers."""

from datetime import datetime
from typing import Annotated, Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from ninja import Field, Router, Schema

from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, LocalTime, LocalTimeIn
from minime.core.types import AuthedRequest
from minime.core.vocabulary import Energy
from minime.preferences import onboarding, rules
from minime.preferences.models import OnboardingAnswers, RuleSettings

router = Router(tags=["Account"])
ERRORS: dict[int, type] = {401: ErrorOut, 422: ErrorOut}


class RulesOut(Schema):
    priorities_per_day: int
    workday_start: LocalTime
    workday_end: LocalTime
    work_days: list[int] = Field(description="0 = Monday … 6 = Sunday")
    week_start: int = Field(description="0 = Monday … 6 = Sunday")
    quick_win_minutes: int
    deep_work_minutes: int = Field(
        description="A task longer than this is planned in one unbroken block."
    )
    focus_minutes: int
    break_minutes: int
    recap_enabled: bool
    recap_time: LocalTime
    recap_when_empty: bool = Field(
        description="Also send the recap on a work day with nothing planned and nothing "
        "needing attention."
    )
    stuck_project_days: int
    capture_backlog_items: int
    capture_backlog_days: int
    updated_at: datetime | None = Field(description="Null while the rules are the defaults.")


def _in_range(name: str, description: str = "") -> Any:
    """An optional integer bounded as the RuleSettings column `name` is (its validators, which
    include the column type's own range), so the schema and the model state one range."""
    field = RuleSettings._meta.get_field(name)
    assert isinstance(field, models.Field)
    validators = field.validators
    low = max(v.limit_value for v in validators if isinstance(v, MinValueValidator))
    high = min(v.limit_value for v in validators if isinstance(v, MaxValueValidator))
    return Field(None, ge=low, le=high, description=description or f"{low} to {high}")


Weekday = Annotated[int, Field(ge=0, le=6)]


class RulesIn(InputSchema):
    """Fields left out keep their value."""

    priorities_per_day: int | None = _in_range("priorities_per_day")
    workday_start: LocalTimeIn | None = None
    workday_end: LocalTimeIn | None = Field(None, description="After workday_start.")
    work_days: list[Weekday] | None = Field(
        None, max_length=7, description="At least one; 0 = Monday … 6 = Sunday"
    )
    week_start: int | None = _in_range("week_start", "0 = Monday … 6 = Sunday")
    quick_win_minutes: int | None = _in_range("quick_win_minutes")
    deep_work_minutes: int | None = _in_range("deep_work_minutes")
    focus_minutes: int | None = _in_range("focus_minutes")
    break_minutes: int | None = _in_range("break_minutes")
    recap_enabled: bool | None = None
    recap_time: LocalTimeIn | None = None
    recap_when_empty: bool | None = None
    stuck_project_days: int | None = _in_range("stuck_project_days")
    capture_backlog_items: int | None = _in_range("capture_backlog_items")
    capture_backlog_days: int | None = _in_range("capture_backlog_days")


class OnboardingOut(Schema):
    primary_needs: list[str] = Field(description=f"Any of: {', '.join(OnboardingAnswers.NEEDS)}")
    guidance: OnboardingAnswers.Guidance
    available_time: OnboardingAnswers.AvailableTime
    default_energy: Energy
    planning_style: OnboardingAnswers.PlanningStyle
    completed_at: datetime | None
    needs_onboarding: bool
    proposed_areas: list[str] = Field(
        description="Starter life areas the active workspace does not have yet."
    )


# One of OnboardingAnswers.NEEDS (the schema lists them; the service refuses any other).
NEED_CODES = list(OnboardingAnswers.NEEDS)
Need = Annotated[str, Field(max_length=limits.CODE_MAX, json_schema_extra={"enum": NEED_CODES})]


class OnboardingIn(InputSchema):
    """Answers left out keep their value. `finish` (or any `areas`) creates the areas in the
    active workspace — names it already has are skipped — and marks onboarding done."""

    primary_needs: list[Need] | None = Field(
        None,
        max_length=limits.ONBOARDING_NEEDS_MAX,
        description=f"Any of: {', '.join(OnboardingAnswers.NEEDS)}",
    )
    guidance: OnboardingAnswers.Guidance | None = None
    available_time: OnboardingAnswers.AvailableTime | None = None
    default_energy: Energy | None = None
    planning_style: OnboardingAnswers.PlanningStyle | None = None
    areas: list[Annotated[str, Field(max_length=limits.AREA_NAME_MAX)]] = Field(
        default_factory=list,
        max_length=limits.ONBOARDING_AREAS_MAX,
        description="Names of the life areas to create.",
    )
    finish: bool = False


def _onboarding_out(request: AuthedRequest) -> OnboardingOut:
    answers = onboarding.answers_for(request.user)
    return OnboardingOut(
        **{name: getattr(answers, name) for name in onboarding.ANSWERS},
        completed_at=answers.completed_at,
        needs_onboarding=answers.completed_at is None,
        proposed_areas=onboarding.proposed_areas(request.workspace),
    )


@router.get("/me/rules", response={200: RulesOut, **ERRORS}, summary="My rule settings")
def get_rules(request: AuthedRequest) -> RuleSettings:
    return rules.rules_for(request.user)


@router.put("/me/rules", response={200: RulesOut, **ERRORS}, summary="Change my rule settings")
def put_rules(request: AuthedRequest, payload: RulesIn) -> RuleSettings:
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    return rules.rules_update(user=request.user, **changes)


@router.get(
    "/me/onboarding", response={200: OnboardingOut, **ERRORS}, summary="My onboarding answers"
)
def get_onboarding(request: AuthedRequest) -> OnboardingOut:
    return _onboarding_out(request)


@router.put(
    "/me/onboarding",
    response={200: OnboardingOut, **ERRORS},
    summary="Change my onboarding answers, or finish onboarding",
)
def put_onboarding(request: AuthedRequest, payload: OnboardingIn) -> OnboardingOut:
    answers = payload.dict(exclude_unset=True, exclude={"areas", "finish"})
    answers = {k: v for k, v in answers.items() if v is not None}
    onboarding.onboarding_save(user=request.user, **answers)
    if payload.finish or payload.areas:
        onboarding.onboarding_finish(
            user=request.user, workspace=request.workspace, areas=payload.areas
        )
    return _onboarding_out(request)
