"""Today's stored state: the calendar events it reads (filled by the calendar integration) and
each user's one-tap energy for a day. The plan itself is computed (minime.today.engine)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from minime.core.models import WorkspaceOwned
from minime.core.vocabulary import Energy


class DayState(WorkspaceOwned):
    """One user's state for one day in one workspace: today's energy, chosen in one tap."""

    private_to = "user"  # personal: see WorkspaceOwned
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    date = models.DateField()
    energy = models.CharField(max_length=6, choices=Energy.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "user", "date"], name="today_daystate_unique_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.energy}"


class RecapMark(WorkspaceOwned):
    """The last day your morning recap was taken care of (sent, or left out on an empty day)."""

    # The recap's finder skips users marked for their current local day, so it looks at each
    # user once a day, not every minute; the notification's key, not this mark, is what makes
    # the recap exactly once (minime.today.recap). It lives in the user's personal workspace,
    # whose plan the recap reads.
    private_to = "user"  # personal: see WorkspaceOwned
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(help_text="The local day of the last recap taken care of.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["workspace", "user"], name="today_recapmark_one")
        ]

    def __str__(self) -> str:
        return f"recap of {self.day}"
