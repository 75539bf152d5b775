"""The morning recap: at each user's recap time on their work days, in their zone, one
notification saying what Today starts with.

* **What it says** (``compose``): the title is "Start with: <task>" (the engine's Start with),
  the body counts the planned tasks, today's meetings (the timed calendar events Today has for
  the day; all-day ones take no time) and what needs attention, as Today's "Needs attention"
  list shows it: "3 tasks planned · 1 meeting · 2 need attention". It opens /today/. It reads
  the plan of the user's personal workspace, exactly as the Today page plans it.
* **When** (``due_day``): the recap is due from ``recap_time`` until ``LATE_CUTOFF`` after it,
  in local wall-clock time computed with zoneinfo from UTC now, on a work day, when enabled.
  A recap time that does not exist on a spring-forward day is due at the first local time
  after it; one that occurs twice on a fall-back day is due at the first, once (the key below).
  A recap later than ``LATE_CUTOFF`` (no scheduler or worker ran meanwhile) is not sent: a
  morning summary hours late is noise.
* **Exactly once** per user per local day, whatever number of schedulers and workers run: the
  notification's key is ``recap:<local date>`` (``minime.notifications.services.notify`` keeps
  one per user and key in the database). A user who moves their recap time after today's was
  sent gets no second one.
* **Nothing planned**: a day without a Start with, planned tasks or anything needing attention
  gets no recap unless the user asked for one (``recap_when_empty``).
* **Finding who is due** (``due_recaps``): two queries whatever the number of users: the time
  zones in use, then the users whose recap time has come in their zone's current wall-clock
  time and who are not marked for that day yet (``RecapMark``). ``mark_queued`` marks them once
  their jobs are queued, so a user is looked at once a day, not every minute; the job
  (``send_recap``) takes the mark back when the user moved their recap time to later meanwhile.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce

from minime.accounts.models import User
from minime.core.db import SERVICE_DB, as_user
from minime.notifications.models import Notification
from minime.notifications.services import notify
from minime.preferences.models import RuleSettings, default_work_days
from minime.preferences.rules import rules_for
from minime.today import engine
from minime.today.engine import texts
from minime.today.models import RecapMark
from minime.today.selectors import plan_for
from minime.workspaces.models import Membership, Workspace

KIND = "recap"
TAG = "recap"
URL = "/today/"
# The recap is not sent later than this after the recap time (local wall-clock time).
LATE_CUTOFF = timedelta(hours=3)
# A Start with title longer than this is cut (the notification keeps only a line or so).
TITLE_TASK_CHARS = 80
EMPTY_TITLE = "A clear day"
NO_START_TITLE = "Your day at a glance"
EMPTY_BODY = "Nothing planned and nothing needs attention."

_DEFAULT_TIME: time = RuleSettings._meta.get_field("recap_time").get_default()
_DEFAULT_ENABLED: bool = RuleSettings._meta.get_field("recap_enabled").get_default()


def recap_key(day: date) -> str:
    """The notification key of the recap of local ``day``: one per user and day."""
    return f"recap:{day.isoformat()}"


# --- What it says -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Recap:
    """The recap of one plan: its counts, title and body."""

    start_with: str | None
    planned: int
    meetings: int
    attention: int
    title: str
    body: str

    @property
    def is_empty(self) -> bool:
        """Nothing to start with, nothing planned, nothing needing attention."""
        return self.start_with is None and not self.planned and not self.attention


def _cut(text: str, limit: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def meetings_of(snapshot: engine.Snapshot) -> int:
    """Today's meetings: the timed calendar events Today has for the day (all-day events, a
    birthday or a holiday, take no time and are not meetings)."""
    return sum(1 for event in snapshot.events if not event.all_day)


def compose(snapshot: engine.Snapshot, plan: engine.TodayPlan) -> Recap:
    """The recap of ``plan``: "Start with: <task>" and "3 tasks planned · 1 meeting · 2 need
    attention" (meetings and attention only when there are some)."""
    start = _cut(plan.start_with.scored.task.title, TITLE_TASK_CHARS) if plan.start_with else None
    planned, meetings, attention = len(plan.planned), meetings_of(snapshot), len(plan.attention)
    parts = [texts.count(planned, "task", "tasks") + " planned" if planned else "No tasks planned"]
    if meetings:
        parts.append(texts.count(meetings, "meeting", "meetings"))
    if attention:
        parts.append(f"{attention} {'needs' if attention == 1 else 'need'} attention")
    empty = start is None and not planned and not attention
    title = f"Start with: {start}" if start else (EMPTY_TITLE if empty else NO_START_TITLE)
    body = EMPTY_BODY if empty and not meetings else " · ".join(parts)
    return Recap(start, planned, meetings, attention, title, body)


# --- When ---------------------------------------------------------------------------------------
def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def in_window(recap_time: time, wall: time) -> bool:
    """Whether local wall-clock ``wall`` is at or after ``recap_time`` and before the cut-off
    (never past midnight: the recap belongs to its day)."""
    start = _seconds(recap_time)
    return start <= _seconds(wall) < start + LATE_CUTOFF.total_seconds()


def due_day(
    *, enabled: bool, recap_time: time, work_days: Iterable[int], zone: ZoneInfo, now: datetime
) -> date | None:
    """The local date whose recap is due at ``now`` (UTC or any aware time), or None."""
    local = now.astimezone(zone)
    if not enabled or local.weekday() not in set(work_days):
        return None
    return local.date() if in_window(recap_time, local.time()) else None


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


# --- Who is due ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Due:
    """A recap to queue: the user, their local day and their personal workspace."""

    user_id: int
    day: date
    workspace_id: int


def due_recaps(now: datetime) -> list[Due]:
    """The users whose recap is due at ``now`` and not yet taken care of for their local day, in
    two queries (the service connection: this looks at every account)."""
    users = User.objects.using(SERVICE_DB).filter(is_active=True).order_by()
    zones = users.values_list("time_zone", flat=True).distinct()
    # Zones showing the same wall-clock time now share one condition.
    groups: dict[datetime, list[str]] = defaultdict(list)
    for name in zones:
        zone = _zone(name)
        if zone is not None:
            wall = now.astimezone(zone).replace(tzinfo=None, microsecond=0)
            groups[wall].append(name)
    if not groups:
        return []
    condition = Q()
    for wall, names in groups.items():
        clause = Q(time_zone__in=names, at__lte=wall.time())
        earliest = datetime.combine(wall.date(), time.min)
        if wall - LATE_CUTOFF >= earliest:
            clause &= Q(at__gt=(wall - LATE_CUTOFF).time())
        clause &= Q(marked__isnull=True) | Q(marked__lt=wall.date())
        condition |= clause
    rows = (
        users.annotate(
            at=Coalesce("rules__recap_time", Value(_DEFAULT_TIME), output_field=models.TimeField()),
            enabled=Coalesce(
                "rules__recap_enabled", Value(_DEFAULT_ENABLED), output_field=models.BooleanField()
            ),
            marked=Subquery(
                RecapMark.objects.using(SERVICE_DB)
                .filter(user=OuterRef("pk"))
                .order_by("-day")
                .values("day")[:1]
            ),
            personal=Subquery(
                Membership.objects.using(SERVICE_DB)
                .filter(user=OuterRef("pk"), workspace__is_personal=True)
                .order_by("workspace_id")
                .values("workspace_id")[:1]
            ),
        )
        .filter(condition, enabled=True, personal__isnull=False)
        .values_list("pk", "time_zone", "at", "rules__work_days", "personal")
        .order_by("pk")
    )
    due = []
    for pk, name, at, work_days, personal in rows:
        zone = _zone(name)
        days = default_work_days() if work_days is None else work_days
        day = zone and due_day(enabled=True, recap_time=at, work_days=days, zone=zone, now=now)
        if day:
            due.append(Due(pk, day, personal))
    return due


def mark_queued(due: Iterable[Due]) -> None:
    """Mark each user's day as taken care of (their job is queued), in one statement."""
    marks = [RecapMark(workspace_id=d.workspace_id, user_id=d.user_id, day=d.day) for d in due]
    if marks:
        RecapMark.objects.using(SERVICE_DB).bulk_create(
            marks, update_conflicts=True, unique_fields=["workspace", "user"], update_fields=["day"]
        )


# --- Sending ------------------------------------------------------------------------------------
def personal_workspace(user: User) -> Workspace | None:
    """The user's personal workspace (as that user, for row-level security)."""
    with as_user(user.pk):
        return Workspace.objects.filter(is_personal=True, memberships__user=user).first()


def send_recap(*, user_id: int, day: date, now: datetime) -> Notification | None:
    """Send ``user_id``'s recap of local ``day`` if it is still due at ``now`` and was not sent
    yet; None when nothing was sent. Safe to run any number of times (the key)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    zone = _zone(user.time_zone) if user else None
    if user is None or zone is None:
        return None
    workspace = personal_workspace(user)
    if workspace is None:
        return None
    with as_user(user.pk):
        rules = rules_for(user)
        due = due_day(
            enabled=rules.recap_enabled,
            recap_time=rules.recap_time,
            work_days=rules.work_days,
            zone=zone,
            now=now,
        )
        if due != day:
            local = now.astimezone(zone)
            if local.date() == day and local.time() < rules.recap_time:
                # Moved to later since it was queued: the finder takes it up at the new time.
                RecapMark.objects.in_workspace(workspace).filter(user=user, day=day).delete()
            return None
        key = recap_key(day)
        if Notification.objects.filter(user=user, key=key).exists():
            return None  # sent already: spare the plan
        snapshot, plan = plan_for(user=user, workspace=workspace, now=now)
        recap = compose(snapshot, plan)
        if recap.is_empty and not rules.recap_when_empty:
            return None
        return notify(
            user=user, kind=KIND, title=recap.title, body=recap.body, url=URL, tag=TAG, key=key
        )
