"""The AI features as the app runs them: quota, provider or local engine, log.

Every feature goes through ``run``: the request body is built only by the feature's definition
(``Feature.payload``: the named fields and nothing else), the configured provider is asked (or
the local engine, when none is configured), and one ``AIRequest`` row records exactly what was
sent. Only a call to a provider counts against the month's quota (taken atomically before the
call): the local engine runs on this server, sends nothing and is free, though it is logged
too, so the user's log lists every press. A provider that fails, is slow or answers nonsense
never breaks the page: the user gets the local engine's result with a plain sentence saying so,
and the press is given back to the quota. Nothing here saves the user's items: the features
return previews.

The provider is never asked inside a transaction: the quota and the log each take a short one of
their own, so a slow provider holds neither SQLite's write lock nor a PostgreSQL connection. The
views that call these features run outside the request transaction for the same reason
(minime.workspaces.middleware).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, Generic, TypeVar

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from minime.accounts.models import User
from minime.accounts.plans import LOWEST_PLAN_FOR, may_use
from minime.accounts.plans import Feature as PlanFeature
from minime.ai import local
from minime.ai.features import (
    FEATURES,
    MalformedAnswer,
    ProposedItem,
    read_rewrite,
    read_smart_add,
    read_steps,
    read_summary,
)
from minime.ai.features import read_transcript as read_transcript_answer
from minime.ai.models import AIRequest, AIUsage, Outcome
from minime.ai.providers import ProviderConfig, ProviderError, make_provider
from minime.ai.providers.base import MESSAGES, Provider
from minime.ai.smartadd import Item, parse, read_when
from minime.areas.models import LifeArea
from minime.capture.models import CaptureKind
from minime.capture.services import capture_add
from minime.core import limits
from minime.core.db import binds_user
from minime.core.errors import Invalid, NotAllowed
from minime.goals.services import goal_create
from minime.routines.services import routine_create
from minime.tasks.models import Project, Source, Task
from minime.tasks.services import project_create, task_create
from minime.workspaces.models import Workspace

T = TypeVar("T")

FALLBACK_NOTE = "These suggestions come from the built-in engine instead."


@dataclass(frozen=True)
class Result(Generic[T]):
    """A feature's preview. ``source``: "provider" or "local"; ``notice``: a sentence for the
    user when the provider failed and the local engine answered instead (else "")."""

    value: T
    source: str
    notice: str = ""


class QuotaReached(NotAllowed):
    """The month's AI requests are used up (HTTP 429 in the API and on the pages)."""

    status = 429
    code = "quota_reached"


def provider_config() -> ProviderConfig:
    """The instance's provider, from settings (the environment)."""
    return ProviderConfig(
        provider=settings.AI_PROVIDER,
        model=settings.AI_MODEL,
        api_key=settings.AI_API_KEY,
        base_url=settings.AI_BASE_URL,
        timeout_seconds=settings.AI_TIMEOUT_SECONDS,
        transcribe_model=settings.AI_TRANSCRIBE_MODEL,
    )


def _provider() -> Provider | None:
    return make_provider(provider_config())


def sends_to_provider() -> bool:
    """Whether the AI buttons send requests to a provider (counted against the month's quota),
    or run on the built-in engine (nothing leaves the server, nothing is counted)."""
    return _provider() is not None


def month_of(moment: datetime) -> date:
    """The first day of ``moment``'s month in UTC (quotas count calendar months in UTC)."""
    day = moment.astimezone(UTC).date()
    return day.replace(day=1)


def monthly_quota(user: User) -> int:
    return int(settings.AI_MONTHLY_QUOTA.get(user.plan, 0))


@binds_user
def usage_this_month(user: User, now: datetime | None = None) -> int:
    month = month_of(now or timezone.now())
    found = AIUsage.objects.filter(user=user, month=month).values_list("count", flat=True).first()
    return found or 0


@binds_user
@transaction.atomic
def _take_quota(user: User, now: datetime) -> None:
    """Count one provider call against this month's quota, or raise QuotaReached. In a short
    transaction of its own; the count only moves while it is under the quota, so concurrent
    presses never overshoot."""
    quota = monthly_quota(user)
    month = month_of(now)
    if quota > 0:
        try:
            with transaction.atomic():
                AIUsage.objects.get_or_create(user=user, month=month)
        except IntegrityError:  # created by a concurrent press: the row exists now
            pass
        moved = AIUsage.objects.filter(user=user, month=month, count__lt=quota).update(
            count=F("count") + 1
        )
        if moved:
            return
    raise QuotaReached(
        f"You have used this month's {quota} AI requests on the {user.get_plan_display()} plan."
        " They start again on the 1st. Plain Add still works."
    )


@binds_user
def _give_back(user: User, now: datetime) -> None:
    """Return the press `_take_quota(user, now)` counted: the provider did not answer it."""
    AIUsage.objects.filter(user=user, month=month_of(now), count__gt=0).update(count=F("count") - 1)


@binds_user
def _log(
    user: User,
    feature: str,
    *,
    outcome: str,
    provider: Provider | None,
    sent: Mapping[str, object] | None,
    answer_bytes: int = 0,
    started: float | None = None,
    error: str = "",
) -> AIRequest:
    elapsed = 0 if started is None else round((clock.perf_counter() - started) * 1000)
    return AIRequest.objects.create(
        user=user,
        feature=feature,
        provider=provider.name if provider else "local",
        model=provider.model if provider else "",
        sent=dict(sent) if sent is not None else None,
        answer_bytes=answer_bytes,
        duration_ms=elapsed,
        outcome=outcome,
        error=error[:300],
    )


def run(
    user: User,
    feature_name: str,
    values: Mapping[str, object],
    *,
    local_answer: Callable[[], T],
    read: Callable[[object], T],
    now: datetime | None = None,
) -> Result[T]:
    """Run one AI feature for ``user`` on ``values`` (the feature's named fields).

    With no provider configured the local engine answers: logged, never counted. Raises
    QuotaReached when a provider is configured and the month's requests are used up (nothing is
    sent), and whatever ``Feature.payload`` raises for values it refuses (a bug in the
    caller)."""
    feature = FEATURES[feature_name]
    payload = feature.payload(**values)
    provider = _provider()
    if provider is None:
        started = clock.perf_counter()
        value = local_answer()
        _log(user, feature_name, outcome=Outcome.LOCAL, provider=None, sent=None, started=started)
        return Result(value, "local")
    taken = now or timezone.now()
    _take_quota(user, taken)
    sent = feature.describe_payload(payload)
    started = clock.perf_counter()
    try:
        answer = provider.generate(feature, payload)
        value = read(answer.data)
    except (ProviderError, MalformedAnswer) as exc:
        message = exc.message if isinstance(exc, ProviderError) else MESSAGES["malformed"]
        _give_back(user, taken)
        _log(
            user,
            feature_name,
            outcome=Outcome.FALLBACK,
            provider=provider,
            sent=sent,
            started=started,
            error=message,
        )
        return Result(local_answer(), "local", f"{message} {FALLBACK_NOTE}")
    _log(
        user,
        feature_name,
        outcome=Outcome.OK,
        provider=provider,
        sent=sent,
        answer_bytes=answer.size,
        started=started,
    )
    return Result(value, "provider")


# --- The features --------------------------------------------------------------------------


def break_task(
    user: User, *, title: str, description: str, project: str | None
) -> Result[list[str]]:
    """3–6 subtasks for a task (a preview to tick)."""
    return run(
        user,
        "break_task",
        {"title": title, "description": description, "project": project},
        local_answer=lambda: local.break_task(title, description, project),
        read=lambda data: read_steps(data, 3, 6),
    )


def break_project(user: User, *, title: str, description: str) -> Result[list[str]]:
    """5–10 first steps for a project (a preview to tick)."""
    return run(
        user,
        "break_project",
        {"title": title, "description": description},
        local_answer=lambda: local.break_project(title, description),
        read=lambda data: read_steps(data, 5, 10),
    )


def steps_create(
    *, workspace: Workspace, user: User, into: Task | Project, titles: Sequence[str]
) -> list[Task]:
    """Save the ticked steps of a breakdown, all or nothing: subtasks of the task ``into``, or
    top-level tasks of the project ``into``. Raises Invalid for more than STEPS_MAX steps."""
    if len(titles) > limits.STEPS_MAX:
        raise Invalid(limits.too_many("steps at once", limits.STEPS_MAX))
    place: dict[str, Any] = {"parent": into} if isinstance(into, Task) else {"project": into}
    with transaction.atomic():
        return [
            task_create(
                workspace=workspace,
                title=title,
                created_by=user,
                source=Source.SMART_ADD,
                **place,
            )
            for title in titles
        ]


def explain_today(user: User, summary: Mapping[str, object]) -> Result[str]:
    """A 60–120 word summary of today's plan from the compact snapshot ``summary``."""
    payload = dict(summary)
    return run(
        user,
        "explain_today",
        payload,
        local_answer=lambda: local.explain_today(payload),
        read=read_summary,
    )


def rewrite_answer(user: User, *, question: str, answer: str) -> Result[str]:
    """The Assistant's answer ``answer`` (its plain text) to the typed ``question``, reworded
    in plain words by the provider; the built-in engine has nothing to reword, so locally (and
    when the provider fails) the answer comes back as it is."""
    return run(
        user,
        "rewrite_answer",
        {"question": question, "answer": answer},
        local_answer=lambda: answer,
        read=read_rewrite,
    )


def transcribe(user: User, *, audio: bytes, mime_type: str, seconds: float | None) -> str:
    """The transcript of a short voice clip (the server fallback for browsers without
    on-device speech recognition; Pro and Max). Raises NotAllowed (plan, no provider, quota)
    or Invalid (clip too long, too big, empty, not audio); a provider failure is an Invalid
    with the provider's plain message, logged."""
    if not may_use(user, PlanFeature.VOICE_SERVER_FALLBACK):
        plan = LOWEST_PLAN_FOR[PlanFeature.VOICE_SERVER_FALLBACK].label
        raise NotAllowed(
            f"Sending a voice clip to the server is part of {plan} and Max. Your browser's own"
            " dictation works on every plan where the browser offers it."
        )
    if not mime_type.startswith("audio/"):
        raise Invalid("That file is not an audio clip.")
    if not audio:
        raise Invalid("The recording is empty. Hold the button a little longer.")
    if len(audio) > settings.VOICE_MAX_BYTES:
        raise Invalid(
            f"The recording is too big ({len(audio) // 1024} KB; at most"
            f" {settings.VOICE_MAX_BYTES // 1024} KB). Try a shorter one."
        )
    if seconds is not None and seconds > settings.VOICE_MAX_SECONDS:
        raise Invalid(f"Recordings can be at most {settings.VOICE_MAX_SECONDS} seconds long.")
    provider = _provider()
    if provider is None:
        raise NotAllowed(
            "This server has no speech-to-text provider configured, so voice needs your"
            " browser's own dictation. Type instead, or ask the operator to set AI_PROVIDER."
        )
    feature = FEATURES["transcribe"]
    payload = feature.payload(audio=audio, mime_type=mime_type)
    taken = timezone.now()
    _take_quota(user, taken)
    sent = feature.describe_payload(payload)
    started = clock.perf_counter()
    try:
        answer = provider.transcribe(audio, mime_type)
        text = read_transcript_answer(answer.data)
    except (ProviderError, MalformedAnswer) as exc:
        message = exc.message if isinstance(exc, ProviderError) else MESSAGES["malformed"]
        _give_back(user, taken)
        _log(
            user,
            "transcribe",
            outcome=Outcome.FALLBACK,
            provider=provider,
            sent=sent,
            started=started,
            error=message,
        )
        raise Invalid(f"{message} Nothing was transcribed; type instead.") from exc
    _log(
        user,
        "transcribe",
        outcome=Outcome.OK,
        provider=provider,
        sent=sent,
        answer_bytes=answer.size,
        started=started,
    )
    return text


# --- Smart Add -------------------------------------------------------------------------------

MAX_SMART_ADD_CHARS = limits.SMART_ADD_TEXT_MAX


def _resolved(proposed: ProposedItem, now: datetime) -> Item:
    """A provider's item with its ``when`` words read by the local parser (the provider never
    sees today's date)."""
    due_date, due_time = read_when(proposed.when, now) if proposed.when else (None, None)
    return Item(
        kind=proposed.kind,
        title=proposed.title,
        due_date=due_date,
        due_time=due_time,
        recurrence=proposed.recurrence,
        priority=proposed.priority,
        estimate_minutes=proposed.estimate_minutes,
        energy=proposed.energy,
        project=proposed.project,
        area=proposed.area,
        labels=proposed.labels,
    )


def smart_add_preview(user: User, text: str, now: datetime) -> Result[list[Item]]:
    """Proposed items for ``text`` (``now`` in the user's zone): the preview, nothing saved.
    Raises Invalid for empty or overlong text, QuotaReached when a provider is configured and
    the month is used up."""
    text = text.strip()
    if not text:
        raise Invalid("Type something first: a task, a few lines, a whole paragraph.")
    if len(text) > MAX_SMART_ADD_CHARS:
        raise Invalid(
            f"Smart Add reads up to {MAX_SMART_ADD_CHARS} characters at a time;"
            f" this is {len(text)}. Split it in two."
        )
    return run(
        user,
        "smart_add",
        {"text": text},
        local_answer=lambda: parse(text, now),
        read=lambda data: [_resolved(p, now) for p in read_smart_add(data)],
    )


PRIORITY_VALUES = {"high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Created:
    """One saved item: its kind, title and the object. ``existing``: a project item that used
    the workspace's project of that name instead of making a second one."""

    kind: str
    title: str
    obj: object
    existing: bool = False


def _first_day(rule: str, today: date) -> date:
    """The rule's first occurrence on or after ``today`` (a repeating task needs a due date)."""
    start = datetime.combine(today, datetime.min.time())
    found = rrulestr(f"RRULE:{rule}", dtstart=start).after(start, inc=True)
    return found.date() if found else today


def project_key(name: str) -> str:
    """How Smart Add compares project names: case and runs of spaces do not count."""
    return " ".join(name.split()).casefold()


def projects_named(workspace: Workspace, names: Iterable[str]) -> dict[str, Project]:
    """The workspace's projects whose titles match one of ``names`` case-insensitively, by
    ``project_key``; of two with the same name, the first in the project list. One query."""
    wanted = {project_key(n): n.strip() for n in names if n and n.strip()}
    if not wanted:
        return {}
    query = Q()
    for name in wanted.values():
        query |= Q(title__iexact=name)
    found: dict[str, Project] = {}
    for project in Project.objects.in_workspace(workspace).filter(query):
        found.setdefault(project_key(project.title), project)
    return found


def smart_add_create(
    *,
    workspace: Workspace,
    user: User,
    items: Sequence[Item],
    today: date,
    new_projects: Collection[int] = (),
) -> list[Created]:
    """Save the confirmed preview: every item, in one transaction (all or nothing).

    Names match the workspace's existing project, area and labels case-insensitively: a task's
    project that does not exist yet is created, and a project item whose name is already a
    project uses that project (``Created.existing``) rather than making a second one. The
    indices in ``new_projects`` (of ``items``) ask for a new project all the same: a project
    item makes one, a task goes into a new project of its name (shared by the other tasks that
    ask for it). An unknown area is an Invalid naming it. Raises Invalid (with the item's
    number) for an item the services refuse."""
    if not items:
        raise Invalid("Nothing to create: every line was left out.")
    if len(items) > limits.SMART_ADD_ITEMS_MAX:
        raise Invalid(limits.too_many("items at once", limits.SMART_ADD_ITEMS_MAX))
    created: list[Created] = []
    with transaction.atomic():
        projects = _Projects(workspace, user)
        for number, item in enumerate(items, start=1):
            try:
                created.append(
                    _create_one(workspace, user, item, today, projects, number - 1 in new_projects)
                )
            except Invalid as exc:
                raise Invalid(f"Line {number} (“{item.title}”): {exc.message}") from exc
    return created


def _area(workspace: Workspace, name: str | None) -> LifeArea | None:
    if not name:
        return None
    found = LifeArea.objects.in_workspace(workspace).filter(name__iexact=name.strip()).first()
    if found is None:
        raise Invalid(f"There is no life area called “{name}”. Pick one of yours or clear it.")
    return found


class _Projects:
    """The projects one Smart Add save uses, by name: the workspace's own, and those it makes
    (kept apart, so the tasks that asked for a new project share the one made for them)."""

    def __init__(self, workspace: Workspace, user: User) -> None:
        self.workspace, self.user = workspace, user
        self.known: dict[tuple[str, bool], Project | None] = {}

    def existing(self, name: str) -> Project | None:
        key = (project_key(name), False)
        if key not in self.known:
            self.known[key] = projects_named(self.workspace, [name]).get(key[0])
        return self.known[key]

    def remember(self, name: str, project: Project, *, new: bool) -> None:
        self.known[(project_key(name), new)] = project

    def for_task(self, name: str | None, area: LifeArea | None, *, new: bool) -> Project | None:
        if not name:
            return None
        found = self.known.get((project_key(name), True)) if new else self.existing(name)
        if found is None:
            found = project_create(
                workspace=self.workspace, title=name.strip(), area=area, by=self.user
            )
            self.remember(name, found, new=new)
        return found


def _create_one(
    workspace: Workspace,
    user: User,
    item: Item,
    today: date,
    projects: _Projects,
    new_project: bool,
) -> Created:
    area = _area(workspace, item.area)
    if item.kind == "note":
        note = capture_add(
            workspace=workspace, text=item.title, created_by=user, kind=CaptureKind.NOTE
        )
        return Created("note", item.title, note)
    if item.kind == "project":
        existing = None if new_project else projects.existing(item.title)
        if existing is not None:
            return Created("project", existing.title, existing, existing=True)
        project = project_create(
            workspace=workspace, title=item.title, area=area, deadline=item.due_date, by=user
        )
        projects.remember(item.title, project, new=new_project)
        return Created("project", item.title, project)
    if item.kind == "goal":
        goal = goal_create(
            workspace=workspace, title=item.title, area=area, target_date=item.due_date
        )
        return Created("goal", item.title, goal)
    if item.kind == "routine":
        fields: dict[str, Any] = {"area": area, "estimate_minutes": item.estimate_minutes}
        if item.due_time is not None:
            fields["exact_time"] = item.due_time
        routine = routine_create(
            workspace=workspace,
            title=item.title,
            recurrence=item.recurrence or "FREQ=DAILY",
            starts_on=item.due_date or today,
            **fields,
        )
        return Created("routine", item.title, routine)
    recurrence = item.recurrence or ""
    due_date = item.due_date
    if recurrence and due_date is None:
        due_date = _first_day(recurrence, today)
    task = task_create(
        workspace=workspace,
        title=item.title,
        created_by=user,
        source=Source.SMART_ADD,
        priority=PRIORITY_VALUES.get(item.priority or "", 0),
        due_date=due_date,
        due_time=item.due_time,
        estimate_minutes=item.estimate_minutes,
        energy=item.energy or "",
        project=projects.for_task(item.project, area, new=new_project),
        area=area,
        labels=item.labels,
        recurrence=recurrence,
    )
    return Created("task", item.title, task)
