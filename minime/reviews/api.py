"""/api/v1/reviews — daily shutdowns and weekly reviews: list, get, delete, save today's
shutdown, start or resume this week's review, save a step's answers, finish.

A review is personal: every endpoint answers the caller's own reviews in the workspace, and
another person's review (or another workspace's) is a 404.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import date, datetime
from typing import Any
from uuid import UUID

from django.utils import timezone
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, Paging
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.reviews import selectors, services
from minime.reviews.models import Review, ReviewKind, WeeklyStep

router = Router(tags=["Reviews"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class ReviewOut(Schema):
    uuid: UUID
    kind: ReviewKind
    period_start: date = Field(description="The first day reviewed, in your time zone.")
    period_end: date = Field(description="The last day reviewed (inclusive).")
    step: WeeklyStep | None = Field(
        description="The weekly step you are on; null once finished and for a daily shutdown."
    )
    completed_at: datetime | None = Field(description="When it was finished; null: in progress.")
    energy: int | None
    mood: int | None
    notes: str
    answers: dict[str, Any] = Field(description="What you wrote, per step.")
    snapshot: dict[str, Any] = Field(
        description="The period's numbers as they were when it was finished (empty until then)."
    )
    version: int
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_step(obj: Review) -> str | None:
        return obj.step or None


class ReviewShutdownIn(InputSchema):
    energy: int | None = Field(None, ge=1, le=5, description="1 (drained) to 5; null: not given.")
    mood: int | None = Field(None, ge=1, le=5, description="1 (low) to 5; null: not given.")
    notes: str = Field("", max_length=limits.REVIEW_NOTE_MAX, description="One line about the day.")


class ReviewAnswersIn(InputSchema):
    step: WeeklyStep = Field(description="The step these answers belong to.")
    answers: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "inbox, goals, routines, balance, decisions: {note}; projects: {next_steps: "
            "{project uuid: text}} (each new text becomes a task in the project); priorities: "
            f'{{picked: ["task:<uuid>" | "goal:<uuid>"]}}, at most '
            f"{limits.REVIEW_PRIORITIES_MAX}; wins: {{wins, lessons}}."
        ),
    )
    go_to: WeeklyStep | None = Field(
        None, description="The step to be on afterwards; null: stay on the current one."
    )


# The fixed paths (/reviews/shutdown, /reviews/weekly) come before /reviews/{uuid}: Django tries
# the patterns in order, and "{uuid}" would take them.


def _review(request: AuthedRequest, uuid: UUID) -> Review:
    return get_scoped_or_404(Review, request.workspace, uuid=uuid, created_by=request.user)


@router.get("/reviews", response=list[ReviewOut], summary="List reviews")
@paginate(Paging)
def list_reviews(request: AuthedRequest, kind: ReviewKind | None = None) -> list[Review]:
    """Your reviews in this workspace, the newest period first. Filter by `kind`."""
    return selectors.review_list(request.workspace, request.user, kind=kind)  # type: ignore[return-value]


@router.post(
    "/reviews/shutdown", response={200: ReviewOut, **ERRORS}, summary="Save today's shutdown"
)
def save_shutdown(request: AuthedRequest, payload: ReviewShutdownIn) -> Review:
    """Saves today's daily shutdown (today in your time zone) with the day's numbers; saving
    again updates it."""
    return services.shutdown_save(
        workspace=request.workspace,
        user=request.user,
        day=timezone.localdate(),
        energy=payload.energy,
        mood=payload.mood,
        notes=payload.notes,
    )


@router.post(
    "/reviews/weekly",
    response={200: ReviewOut, 201: ReviewOut, **ERRORS},
    summary="Start or resume this week's review",
)
def start_weekly(request: AuthedRequest) -> Status[Review]:
    """This week's review (your week start rule): 201 with a new one on its first step, or 200
    with the one already there (in progress, or finished)."""
    review, created = services.weekly_start(
        workspace=request.workspace, user=request.user, today=timezone.localdate()
    )
    return Status(201 if created else 200, review)


@router.get("/reviews/{uuid}", response={200: ReviewOut, **ERRORS}, summary="Get a review")
def get_review(request: AuthedRequest, uuid: UUID) -> Review:
    return _review(request, uuid)


@router.delete("/reviews/{uuid}", response={204: None, **ERRORS}, summary="Delete a review")
def delete_review(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes the review; nothing it looked at changes."""
    services.review_delete(review=_review(request, uuid))
    return Status(204, None)


@router.patch(
    "/reviews/{uuid}/answers",
    response={200: ReviewOut, **ERRORS},
    summary="Save a weekly step's answers",
)
def save_answers(request: AuthedRequest, uuid: UUID, payload: ReviewAnswersIn) -> Review:
    """Keeps the answers of one step (they replace that step's earlier ones) and moves to
    `go_to`. 422 for a finished or daily review, a value over its limit, a project or priority
    not of this workspace."""
    return services.weekly_save_step(
        review=_review(request, uuid),
        user=request.user,
        step=payload.step,
        data=payload.answers,
        go_to=payload.go_to,
    )


@router.post(
    "/reviews/{uuid}/finish", response={200: ReviewOut, **ERRORS}, summary="Finish a review"
)
def finish_review(request: AuthedRequest, uuid: UUID) -> Review:
    """Finishes a weekly review: its snapshot (the week's numbers, and last review's priorities
    against what happened) is stored. 422 once finished, and for a daily shutdown."""
    return services.weekly_finish(review=_review(request, uuid), user=request.user)
