"""Today's background jobs: the morning recap.

``send_due_recaps`` runs every minute (registered with the scheduler in ``TodayConfig.ready``):
it finds the users whose recap is due and queues one ``send_recap`` per user. Both are safe to
run more than once: the recap's notification key makes it exactly once per user and local day
(see minime.today.recap).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from minime.today import recap

# How often the finder runs; a minute missed (no scheduler running) is caught up by the next run,
# up to recap.LATE_CUTOFF after the recap time.
RECAP_EVERY = timedelta(minutes=1)


@task()
def send_due_recaps() -> int:
    """Queue the recap of every user whose recap is due now; return how many were queued."""
    due = recap.due_recaps(timezone.now())
    with transaction.atomic():  # one commit for the lot
        for item in due:
            send_recap.enqueue(user_id=item.user_id, day=item.day.isoformat())
    # After the jobs are queued: a crash in between queues them again next minute (harmless,
    # the key holds), never leaves a user marked without a job.
    recap.mark_queued(due)
    return len(due)


@task()
def send_recap(*, user_id: int, day: str) -> bool:
    """Send one user's recap of local ``day`` (ISO date) if still due; True when it was sent."""
    return (
        recap.send_recap(user_id=user_id, day=date.fromisoformat(day), now=timezone.now())
        is not None
    )
