"""Matching the outbox's events against rules and running what fires: each rule once per event.

How an event is handled (``process_workspace``, run by the ``process_events`` job):

1. **Claim** it with a conditional update on the service connection (waiting → claimed; a claim
   older than ``stale_claim()``, a worker that died, may be taken over). Events are taken oldest
   first, so a workspace's events are answered in the order they happened.
2. **Per owner** of an enabled rule of the event's kind (still a member of the workspace), in one
   transaction bound to that person (``as_user``): build their rules with the engine, match the
   event in their time zone, and for each firing insert the ``Run`` first (unique per rule and
   event: a second worker's insert fails and it moves on), then run the actions, each in its own
   savepoint so one failing action does not undo the others, and record what each did.
3. **Mark** the event done.

A worker killed during 2 rolls the person's transaction back (no run, no action, no push: a
notification's push is queued only on commit), and the event is claimed again later; killed
between 2 and 3, the runs exist and the retry skips them. So a rule fires once per event, and
never for a change that was rolled back (that change's event was never committed).

Changes made by actions happen inside ``outbox.caused_by(depth)``: their own events are one level
deeper, and the engine matches nothing at ``MAX_DEPTH``. A rule whose runs fail ``PAUSE_AFTER``
times in a row is turned off with the reason, and its owner is told in their notifications.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from minime.accounts.models import User
from minime.areas.models import LifeArea
from minime.automations import convert, engine
from minime.automations.models import Rule, Run, RunOutcome
from minime.capture.models import CaptureSource
from minime.capture.services import capture_add
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import ServiceError
from minime.notifications.services import notify
from minime.outbox.events import caused_by
from minime.outbox.models import Event, EventState
from minime.tasks import services as task_services
from minime.tasks.models import Project, Source, Task, TaskStatus
from minime.today.services import task_do_instead
from minime.workspaces.models import Membership, Workspace

logger = logging.getLogger(__name__)

MAX_EVENT_ATTEMPTS = 5  # an event that crashed its worker this often is given up
PAUSE_AFTER = 3  # failed runs in a row
BATCH = 200  # events claimed per look at the workspace
NOTIFICATION_KIND = "automation"

PRIORITY_WORDS = {0: "none", 1: "low", 2: "medium", 3: "high"}
HAPPENED: dict[str, str] = {
    "schedule": "The schedule reached {date}",
    "task_created": "Task “{task}” was created",
    "task_completed": "Task “{task}” was completed",
    "task_overdue": "Task “{task}” became overdue",
    "capture_added": "Something was added to the inbox ({count} waiting)",
    "capture_backlog": "The inbox reached {count} items",
    "focus_finished": "A focus session of {minutes} min ended",
    "routine_missed": "Routine “{routine}” was missed",
    "milestone_reached": "Goal “{goal}” reached “{milestone}”",
}


class ActionFailed(Exception):
    """An action could not be done; the message says why, in the person's words."""


# --- Events --------------------------------------------------------------------------------------
_SUBJECT_FIELDS = (
    "item_id",
    "title",
    "text",
    "project_id",
    "project_name",
    "area_id",
    "area_name",
    "priority",
    "goal",
    "milestone",
    "routine",
    "count",
    "previous_count",
    "minutes",
)


def engine_event(event: Event, zone: str) -> engine.Event:
    """The engine's view of an outbox event, in the person's time zone."""
    subject = event.subject or {}
    values = {name: subject[name] for name in _SUBJECT_FIELDS if subject.get(name) is not None}
    return engine.Event(
        kind=event.kind,  # type: ignore[arg-type]
        occurred_at=event.occurred_at,
        zone=zone,
        depth=event.depth,
        labels=tuple(subject.get("labels") or ()),
        **values,
    )


def happened(event: engine.Event) -> str:
    """What happened, in words, for the run history."""
    values = engine.placeholder_values(event)
    if event.kind == "schedule":
        local = event.local()
        values["date"] = f"{values['weekday']} {values['date']}, {local:%H:%M}"
    return engine.cut(HAPPENED[event.kind].format_map(_Blank(values)), 300)


class _Blank(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return ""


# --- Claiming ------------------------------------------------------------------------------------
def stale_claim() -> timedelta:
    """How old a claim must be before another worker may take the event over: twice a job's
    lease, so a worker that is alive (its heartbeat renews the lease) never loses its events."""
    return timedelta(seconds=2 * settings.JOB_LEASE_SECONDS)


def _claimable(now: datetime) -> Q:
    return Q(state=EventState.PENDING) | Q(
        state=EventState.CLAIMED, claimed_at__lt=now - stale_claim()
    )


def claim(event_id: int, now: datetime) -> Event | None:
    """Take one event for this worker, or None when another has it (or it is done)."""
    events = Event.objects.using(SERVICE_DB)
    taken = (
        events.filter(pk=event_id)
        .filter(_claimable(now))
        .update(state=EventState.CLAIMED, claimed_at=now, attempts=F("attempts") + 1)
    )
    return events.filter(pk=event_id).first() if taken else None


def process_workspace(workspace_id: int, *, now: datetime | None = None) -> int:
    """Answer the workspace's waiting events, oldest first; return how many were handled."""
    handled = 0
    while True:
        moment = now or timezone.now()
        ids = list(
            Event.objects.using(SERVICE_DB)
            .filter(workspace_id=workspace_id)
            .filter(_claimable(moment))
            .order_by("id")
            .values_list("id", flat=True)[:BATCH]
        )
        if not ids:
            return handled
        for event_id in ids:
            event = claim(event_id, moment)
            if event is not None:
                process_event(event)
                handled += 1
        if len(ids) < BATCH:
            return handled


def process_event(event: Event) -> None:
    """Run every rule that fires for a claimed event, then mark it done."""
    if event.attempts <= MAX_EVENT_ATTEMPTS:
        members = Membership.objects.using(SERVICE_DB).filter(
            workspace_id=event.workspace_id, user_id=OuterRef("owner_id")
        )
        owners = (
            Rule.objects.using(SERVICE_DB)
            .filter(workspace_id=event.workspace_id, enabled=True, trigger_kind=event.kind)
            .filter(Exists(members))
            .values_list("owner_id", flat=True)
            .distinct()
        )
        for owner_id in sorted(set(owners)):
            _answer_for(event, owner_id)
    else:
        logger.error("Giving up outbox event %s after %s attempts", event.pk, event.attempts - 1)
    Event.objects.using(SERVICE_DB).filter(pk=event.pk).update(state=EventState.DONE)


def _answer_for(event: Event, owner_id: int) -> None:
    with as_user(owner_id):
        owner = User.objects.get(pk=owner_id)
        rules = Rule.objects.filter(
            workspace_id=event.workspace_id,
            owner_id=owner_id,
            enabled=True,
            trigger_kind=event.kind,
        )
        if event.kind == "schedule":
            rules = rules.filter(uuid=(event.subject or {}).get("rule"))
        by_id = {rule.pk: rule for rule in rules}
        if not by_id:
            return
        already = set(
            Run.objects.filter(rule_id__in=list(by_id), event=event.uuid).values_list(
                "rule_id", flat=True
            )
        )
        parsed = []
        for rule in by_id.values():
            checked, problems = convert.parse(rule.definition, rule_id=rule.pk)
            if checked is None or problems:  # stored before a rule of the engine changed
                _pause(rule, owner, "Its definition is no longer valid: edit it and turn it on.")
                continue
            parsed.append(checked)
        seen = engine_event(event, owner.time_zone)
        workspace = Workspace.objects.get(pk=event.workspace_id)
        for firing in engine.RuleSet.build(parsed).match(seen):
            if firing.rule_id not in already:
                _fire(by_id[firing.rule_id], owner, workspace, event, seen, firing)


# --- Running -------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Context:
    rule: Rule
    run: Run
    owner: User
    workspace: Workspace
    event: engine.Event
    index: int


def _fire(
    rule: Rule,
    owner: User,
    workspace: Workspace,
    event: Event,
    seen: engine.Event,
    firing: engine.Firing,
) -> None:
    try:
        with transaction.atomic():
            run = Run.objects.create(
                workspace=workspace,
                owner=owner,
                rule=rule,
                event=event.uuid,
                trigger=happened(seen),
                occurred_at=event.occurred_at,
                depth=event.depth,
                outcome=RunOutcome.DONE,
            )
    except IntegrityError:
        return  # another worker answered this event for this rule
    results: list[dict[str, Any]] = []
    with caused_by(event.depth):
        for index, action in enumerate(firing.actions):
            context = _Context(rule, run, owner, workspace, seen, index)
            results.append(_do(action, context))
    failed = [r for r in results if not r["ok"]]
    run.outcome = (
        RunOutcome.DONE
        if not failed
        else RunOutcome.FAILED
        if len(failed) == len(results)
        else RunOutcome.PARTLY
    )
    run.actions = results
    run.save(update_fields=["outcome", "actions"])
    now = timezone.now()
    if failed:
        rule.failures += 1
        Rule.objects.filter(pk=rule.pk).update(failures=F("failures") + 1, last_run_at=now)
        if rule.failures >= PAUSE_AFTER:
            _pause(
                rule,
                owner,
                f"{rule.failures} failed runs in a row. The last: {failed[-1]['detail']}",
            )
    else:
        Rule.objects.filter(pk=rule.pk).update(failures=0, last_run_at=now)


def _do(action: engine.RenderedAction, context: _Context) -> dict[str, Any]:
    result: dict[str, Any] = {"kind": action.kind, "ok": True, "detail": "", "url": ""}
    try:
        with transaction.atomic():
            detail, url = ACTIONS[action.kind](action, context)
        result.update(detail=detail, url=url)
    except (ActionFailed, ServiceError) as error:
        message = error.message if isinstance(error, ServiceError) else str(error)
        result.update(ok=False, detail=message)
    except Exception:  # a bug must not stop the other actions, nor the other rules
        logger.exception("Automation %s: action %s failed", context.rule.uuid, action.kind)
        result.update(ok=False, detail="Something went wrong on our side while doing this.")
    return result


def _pause(rule: Rule, owner: User, reason: str) -> None:
    reason = engine.cut(reason, 300)
    Rule.objects.filter(pk=rule.pk).update(
        enabled=False, paused_reason=reason, version=F("version") + 1, updated_at=timezone.now()
    )
    title = f"Paused: {rule.name}" if rule.name else "An automation was paused"
    notify(
        user=owner,
        kind=NOTIFICATION_KIND,
        title=title,
        body=reason,
        url=reverse("automations:detail", args=[rule.uuid]),
        key=f"paused:{rule.uuid}:{rule.version}",
    )


def _task(action: engine.RenderedAction, context: _Context) -> Task:
    task = (
        Task.objects.in_workspace(context.workspace)
        .select_related("project", "area")
        .filter(uuid=action.task_id)
        .first()
    )
    if task is None:
        raise ActionFailed("The task no longer exists.")
    if task.status != TaskStatus.OPEN:
        raise ActionFailed(f"“{task.title}” is no longer open.")
    return task


def _named(
    model: type[Project] | type[LifeArea], context: _Context, uuid: object, what: str
) -> Any:
    if uuid is None:
        return None
    found = model.objects.in_workspace(context.workspace).filter(uuid=str(uuid)).first()
    if found is None:
        raise ActionFailed(f"The {what} this rule names no longer exists: edit the rule.")
    return found


def _push(action: engine.RenderedAction, context: _Context) -> tuple[str, str]:
    event = context.event
    if event.item_id is not None and event.kind in engine.TASK_TRIGGERS:
        url = reverse("tasks:detail", args=[event.item_id])
    else:
        url = reverse("automations:detail", args=[context.rule.uuid])
    notification = notify(
        user=context.owner,
        kind=NOTIFICATION_KIND,
        title=action.title,
        body=action.body,
        url=url,
        key=f"run:{context.run.uuid}:{context.index}",
    )
    devices = notification.deliveries.count() if notification is not None else 0
    where = (
        f"pushed to {devices} device{'s' if devices != 1 else ''}"
        if devices
        else "no device has push turned on"
    )
    return f"Sent “{action.title}” ({where}).", reverse("notifications:index")


def _create_task(action: engine.RenderedAction, context: _Context) -> tuple[str, str]:
    task = task_services.task_create(
        workspace=context.workspace,
        title=action.title,
        created_by=context.owner,
        source=Source.AUTOMATION,
        priority=action.priority or 0,
        project=_named(Project, context, action.project, "project"),
        area=_named(LifeArea, context, action.area, "life area"),
        do_on=action.do_on,
    )
    return f"Created the task “{task.title}”.", reverse("tasks:detail", args=[task.uuid])


def _set_field(action: engine.RenderedAction, context: _Context) -> tuple[str, str]:
    task = _task(action, context)
    field: str = action.field or "priority"
    value: Any
    if field == "priority":
        value, words = action.priority, PRIORITY_WORDS.get(action.priority or 0, "")
    elif field == "project":
        value = _named(Project, context, action.project, "project")
        words = value.title
    elif field == "area":
        value = _named(LifeArea, context, action.area, "life area")
        words = value.name
    else:
        value, words = action.do_on, _day(action.do_on)
    task_services.task_update(task=task, expected_version=None, **{field: value})
    label = {
        "priority": "priority",
        "project": "project",
        "area": "life area",
        "do_on": "“do on” day",
    }
    return (
        f"Set the {label[field or 'priority']} of “{task.title}” to {words}.",
        reverse("tasks:detail", args=[task.uuid]),
    )


def _add_to_today(action: engine.RenderedAction, context: _Context) -> tuple[str, str]:
    task = _task(action, context)
    today = timezone.now().astimezone(context.owner.tz).date()
    task_do_instead(task=task, today=today)
    return f"Added “{task.title}” to Today.", reverse("today:index")


def _create_capture(action: engine.RenderedAction, context: _Context) -> tuple[str, str]:
    capture_add(
        workspace=context.workspace,
        text=action.text,
        created_by=context.owner,
        source=CaptureSource.AUTOMATION,
    )
    return f"Added “{engine.cut(action.text, 80)}” to the inbox.", reverse("capture:inbox")


def _day(value: date | None) -> str:
    return "no day" if value is None else f"{value.day} {value:%B %Y}"


ACTIONS: dict[str, Callable[[engine.RenderedAction, _Context], tuple[str, str]]] = {
    "push": _push,
    "create_task": _create_task,
    "set_field": _set_field,
    "add_to_today": _add_to_today,
    "create_capture": _create_capture,
}
