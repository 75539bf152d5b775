"""Decisions: a question, its options (pros and cons), optional weighted criteria with a score per
option, the choice with its reasoning, and what happened when it was revisited."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models

from minime.core import limits
from minime.core.models import WorkspaceOwned

WEIGHT_MIN, WEIGHT_MAX, WEIGHT_DEFAULT = 1, 5, 3
SCORE_MIN, SCORE_MAX = 0, 10


def _long_text(verbose_name: str, help_text: str) -> models.TextField:
    """Free text held to NOTES_MAX by the model's own validation (a TextField has no length of
    its own in the database)."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=limits.NOTES_MAX,
        validators=[MaxLengthValidator(limits.NOTES_MAX)],
        help_text=help_text,
    )


class DecisionStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"
    REVISITED = "revisited", "Revisited"


class Outcome(models.TextChoices):
    """How what happened compares with what was expected, recorded at the revisit."""

    BETTER = "better", "Better than expected"
    AS_EXPECTED = "as_expected", "As expected"
    WORSE = "worse", "Worse than expected"


class Decision(WorkspaceOwned):
    """A decision: the question, its context, the choice made and how it turned out.

    Open while it is weighed, decided once an option is chosen, revisited once what happened is
    recorded."""

    question = models.CharField(max_length=limits.TITLE_MAX, help_text="what is to be decided")
    context = _long_text("context", "what the decision is about, what constrains it")
    area = models.ForeignKey(
        "areas.LifeArea",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="decisions",
        help_text="the life area it belongs to",
    )
    deadline = models.DateField(null=True, blank=True, help_text="decide by this day")
    status = models.CharField(
        max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    # The choice. Always one of this decision's own options (the services check it).
    chosen_option = models.ForeignKey(
        "DecisionOption",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="the option chosen",
    )
    reasoning = _long_text("reasoning", "why this option was chosen")
    expected_outcome = _long_text("expected outcome", "what the choice is expected to bring")
    revisit_on = models.DateField(
        null=True, blank=True, help_text="when to look back at how it turned out"
    )
    decided_at = models.DateTimeField(null=True, blank=True, help_text="when the choice was made")
    # The revisit.
    actual_outcome = _long_text("actual outcome", "what actually happened")
    outcome = models.CharField(
        max_length=12,
        choices=Outcome.choices,
        blank=True,
        help_text="how it compares with what was expected",
    )
    revisited_at = models.DateTimeField(null=True, blank=True, help_text="when it was revisited")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["workspace", "status"], name="decisions_ws_status")]

    def __str__(self) -> str:
        return self.question


class DecisionOption(WorkspaceOwned):
    """One of the ways a decision can go, with its pros and cons."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    title = models.CharField(max_length=limits.TITLE_MAX)
    pros = _long_text("pros", "what speaks for it")
    cons = _long_text("cons", "what speaks against it")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]

    def __str__(self) -> str:
        return self.title


class DecisionCriterion(WorkspaceOwned):
    """What matters in a decision ("cost", "time with family"), weighted 1 to 5."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(max_length=limits.TITLE_MAX)
    weight = models.PositiveSmallIntegerField(
        default=WEIGHT_DEFAULT,
        validators=[MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)],
        help_text=f"how much it matters, {WEIGHT_MIN} to {WEIGHT_MAX}",
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "created_at"]
        verbose_name_plural = "decision criteria"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=WEIGHT_MIN, weight__lte=WEIGHT_MAX),
                name="decisions_criterion_weight_range",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DecisionScore(WorkspaceOwned):
    """How well one option does on one criterion, from 0 to 10.

    An option's weighted total is the sum of weight × score over the criteria it has a score
    for."""

    option = models.ForeignKey(DecisionOption, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        DecisionCriterion, on_delete=models.CASCADE, related_name="scores"
    )
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=f"{SCORE_MIN} (poor) to {SCORE_MAX} (excellent)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["option", "criterion"], name="decisions_one_score_per_cell"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="decisions_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option} × {self.criterion}: {self.score}"


def score_field(option: DecisionOption, criterion: DecisionCriterion) -> str:
    """The name of one cell of the score matrix, in forms and in error messages."""
    return f"score-{option.uuid}-{criterion.uuid}"


def weight_field(criterion: DecisionCriterion) -> str:
    """The name of a criterion's weight in the score matrix's form."""
    return f"weight-{criterion.uuid}"
