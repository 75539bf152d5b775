from __future__ import annotations

from datetime import date

from minime.routines import services

BERLIN = "Europe/Berlin"
UTC = "UTC"


def make_routine(workspace, *, title="Stretch", rule="FREQ=DAILY", starts_on=None, **fields):
    """A routine through the service (defaults: daily from 1 March 2026)."""
    return services.routine_create(
        workspace=workspace,
        title=title,
        recurrence=rule,
        starts_on=starts_on or date(2026, 3, 1),
        **fields,
    )
