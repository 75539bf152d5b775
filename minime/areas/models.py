"""Life areas: Health, Work, Relationships… Tasks, projects, goals and routines can belong to one.
Importance (1 to 5) and neglect feed Today's scoring; Review shows the balance across them."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower

from minime.core.models import WorkspaceOwned


class Colour(models.TextChoices):
    INDIGO = "indigo", "Indigo"
    TEAL = "teal", "Teal"
    GREEN = "green", "Green"
    AMBER = "amber", "Amber"
    ORANGE = "orange", "Orange"
    ROSE = "rose", "Rose"
    VIOLET = "violet", "Violet"
    SLATE = "slate", "Slate"


class Icon(models.TextChoices):
    """Stored as a name; drawn as an inline SVG icon (``ICON_SVG``: no emoji font needed,
    nothing from other origins)."""

    HEART = "heart", "Heart"
    RUN = "run", "Energy"
    BRIEFCASE = "briefcase", "Briefcase"
    PEOPLE = "people", "People"
    SPROUT = "sprout", "Growth"
    COIN = "coin", "Money"
    HOME = "home", "Home"
    STAR = "star", "Star"
    BOOK = "book", "Book"
    PALETTE = "palette", "Palette"
    LEAF = "leaf", "Nature"
    PLANE = "plane", "Travel"


# Each icon's drawing: a heroicons outline name.
ICON_SVG: dict[str, str] = {
    Icon.HEART: "heart",
    Icon.RUN: "bolt",
    Icon.BRIEFCASE: "briefcase",
    Icon.PEOPLE: "user-group",
    Icon.SPROUT: "arrow-trending-up",
    Icon.COIN: "banknotes",
    Icon.HOME: "home",
    Icon.STAR: "star",
    Icon.BOOK: "book-open",
    Icon.PALETTE: "paint-brush",
    Icon.LEAF: "sun",
    Icon.PLANE: "globe-alt",
}


class LifeArea(WorkspaceOwned):
    name = models.CharField(max_length=60)
    colour = models.CharField(max_length=12, choices=Colour.choices, default=Colour.INDIGO)
    icon = models.CharField(max_length=12, choices=Icon.choices, default=Icon.STAR)
    importance = models.PositiveSmallIntegerField(
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text="1 (nice to have) to 5 (matters most). Today favours important areas.",
    )
    is_active = models.BooleanField(default=True)
    is_work = models.BooleanField(
        default=False,
        help_text="Work: on a day off, Today leaves its tasks out unless due or planned for it.",
    )
    weekly_target_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Optional: time you want to give this area each week."
    )
    position = models.PositiveIntegerField(default=0)
    # The latest completion of a task in it (minime.tasks.services keeps it; None: never). Today
    # reads it instead of aggregating every done task of the workspace on each view.
    last_completed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="areas_unique_name_per_workspace",
                violation_error_message="You already have an area with this name.",
            )
        ]
        indexes = [models.Index(fields=["workspace", "position"], name="areas_ws_position")]

    def __str__(self) -> str:
        return self.name

    @property
    def icon_svg(self) -> str:
        """The heroicons name that draws this area's icon."""
        return ICON_SVG.get(self.icon, "star")
