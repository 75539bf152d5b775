"""/api/v1/automation-rules and /api/v1/automation-examples — the caller's own automation rules
(list, add, read, change, turn on or off, delete), each rule's run history, and the ready-made
rules the builder offers.

A rule belongs to the person who made it: only their own exist for them, in the workspace of the
request (`X-Workspace`). Another member's rule in a shared workspace is a 404, as is any rule of
another workspace.

A rule's `definition` is typed here (trigger, conditions, actions) with the engine's bounds, and
the services check the rest: a condition the trigger cannot have, an unknown placeholder, a
project of another workspace … Those come back as a 422 with every problem at once, keyed like the
services' (`trigger.at`, `conditions.project`, `actions[0].title`). Answers carry the definition as
it is stored: canonical, with the parts that are not set left out.

No `from __future__ import annotations` here: ninja's @paginate wrapper resolves the handler's
parameter annotations at runtime, outside this module, so they must be real objects.
"""

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from django.db import transaction
from django.http import Http404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import BeforeValidator, ValidationError
from pydantic_core import PydanticCustomError

from minime.automations import engine, selectors, services
from minime.automations.models import Rule, Run, RunOutcome
from minime.automations.selectors import RuleView
from minime.core import limits
from minime.core.api import ErrorOut, InputSchema, Paging, Version, patch_changes
from minime.core.errors import Conflict
from minime.core.types import AuthedRequest

router = Router(tags=["Automations"])
ERRORS: dict[int, type] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}
CHANGED_ELSEWHERE = (
    "This item was changed somewhere else since you opened it. "
    "Reload to see the latest version, then make your change again."
)
AT_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
PRIORITY_TEXT = "0 none, 1 low, 2 medium, 3 high."
TEMPLATE_TEXT = (
    "A template: placeholders in braces ({task}, {project}, {date} …) as the trigger has them."
)


def _whole_number(value: Any) -> Any:
    """A JSON integer only, as InputSchema takes its int fields: pydantic would also read "3"
    and true as numbers inside a list, which the schema does not admit."""
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


Weekday = Annotated[int, Field(ge=0, le=6), BeforeValidator(_whole_number)]
LabelName = Annotated[str, Field(max_length=engine.LABEL_MAX)]


# --- The definition ------------------------------------------------------------------------------
class AutomationTrigger(InputSchema):
    """What starts the rule. A `schedule` takes `weekdays` and `at`; `capture_backlog` takes
    `threshold`; the other kinds take neither."""

    kind: engine.TriggerKind
    weekdays: list[Weekday] | None = Field(
        None,
        max_length=7,
        description="schedule: the days it runs on, each once, 0 = Monday … 6 = Sunday.",
    )
    at: str | None = Field(
        None,
        pattern=AT_PATTERN,
        description="schedule: the time of day on your clock, HH:MM.",
        examples=["08:00"],
    )
    threshold: int | None = Field(
        None,
        ge=1,
        le=engine.MAX_THRESHOLD,
        description="capture_backlog: the inbox count that, once passed, fires the rule.",
    )


class AutomationConditions(InputSchema):
    """Filters on what happened; every one that is set must hold. Which ones a trigger can have
    depends on it (a schedule has none)."""

    projects: list[UUID] | None = Field(
        None,
        max_length=engine.MAX_CHOICES,
        description="The item is in one of these projects (uuids of this workspace).",
    )
    areas: list[UUID] | None = Field(
        None,
        max_length=engine.MAX_CHOICES,
        description="The item is in one of these life areas (uuids of this workspace).",
    )
    min_priority: int | None = Field(
        None, ge=0, le=3, description=f"The task's priority is at least this: {PRIORITY_TEXT}"
    )
    labels: list[LabelName] | None = Field(
        None,
        max_length=engine.MAX_CHOICES,
        description="The task has one of these labels (any case).",
    )
    text: str | None = Field(
        None,
        max_length=engine.TEXT_CONDITION_MAX,
        description="The item's title or text contains this (any case).",
    )
    weekdays: list[Weekday] | None = Field(
        None,
        max_length=7,
        description="It happened on one of these days, 0 = Monday … 6 = Sunday.",
    )


class AutomationAction(InputSchema):
    """One thing the rule does. `push`: `title` and `body`. `create_task`: `title`, and
    optionally `priority`, `project`, `area`, `do_on_days`. `set_field`: `field` of the task that
    triggered it, and the value under that name. `add_to_today`: nothing more.
    `create_capture`: `text`. `set_field` and `add_to_today` need a task trigger."""

    kind: engine.ActionKind
    title: str | None = Field(
        None,
        max_length=max(engine.PUSH_TITLE_MAX, engine.TASK_TITLE_MAX),
        description=(
            f"push (at most {engine.PUSH_TITLE_MAX} characters) or create_task (at most "
            f"{engine.TASK_TITLE_MAX}). {TEMPLATE_TEXT}"
        ),
    )
    body: str | None = Field(
        None, max_length=engine.PUSH_BODY_MAX, description=f"push. {TEMPLATE_TEXT}"
    )
    text: str | None = Field(
        None, max_length=engine.CAPTURE_TEXT_MAX, description=f"create_capture. {TEMPLATE_TEXT}"
    )
    field: engine.SetField | None = Field(None, description="set_field: the field it sets.")
    priority: int | None = Field(None, ge=0, le=3, description=PRIORITY_TEXT)
    project: UUID | None = Field(None, description="A project of this workspace.")
    area: UUID | None = Field(None, description="A life area of this workspace.")
    do_on_days: int | None = Field(
        None,
        ge=0,
        le=engine.MAX_DO_ON_DAYS,
        description="The “do on” day: this many days after the day it happened.",
    )


class AutomationDefinition(InputSchema):
    """When `trigger` happens and every condition holds, do the actions in order."""

    trigger: AutomationTrigger
    conditions: AutomationConditions | None = None
    actions: list[AutomationAction] = Field(min_length=1, max_length=engine.MAX_ACTIONS)


# --- Answers -------------------------------------------------------------------------------------
class AutomationRuleOut(Schema):
    uuid: UUID
    name: str
    enabled: bool
    paused_reason: str = Field(
        description="Why the rule turned itself off after failing runs; empty otherwise."
    )
    sentence: str = Field(description="The rule in words, as the pages show it.")
    trigger_kind: str = Field(description="The kind of its trigger (definition.trigger.kind).")
    definition: AutomationDefinition | None = Field(
        description="As stored. Null when it no longer passes the checks: send a new one."
    )
    failures: int = Field(description="Failed runs in a row (0 after a run that worked).")
    last_run_at: datetime | None
    created_at: datetime
    updated_at: datetime
    version: int


class AutomationRunActionOut(Schema):
    kind: str = Field(description="The action's kind, as in the definition.")
    ok: bool
    detail: str = Field(description="What it did, or why it failed.")
    url: str = Field("", description="The page of this site it concerns; may be empty.")


class AutomationRunOut(Schema):
    uuid: UUID
    created_at: datetime
    occurred_at: datetime = Field(description="When what triggered it happened.")
    trigger: str = Field(description="What happened, in words.")
    outcome: RunOutcome
    depth: int = Field(description="0: set off by you; 1 or more: by another rule's action.")
    actions: list[AutomationRunActionOut]


class AutomationExampleOut(Schema):
    id: str
    sentence: str
    definition: AutomationDefinition


# --- Inputs --------------------------------------------------------------------------------------
class AutomationRuleIn(InputSchema):
    name: str = Field("", max_length=limits.AUTOMATION_NAME_MAX)
    enabled: bool = True
    definition: AutomationDefinition


class AutomationRulePatch(InputSchema):
    version: Version
    name: str | None = Field(None, max_length=limits.AUTOMATION_NAME_MAX)
    enabled: bool | None = Field(
        None, description="Turning a rule on clears why it was paused, and its failures."
    )
    definition: AutomationDefinition | None = None


# --- Helpers -------------------------------------------------------------------------------------
def _rule(request: AuthedRequest, uuid: UUID, *, lock: bool = False) -> Rule:
    """The caller's own rule in the request's workspace, or a 404."""
    rules = selectors.rules(request.workspace, request.user)
    if lock:
        rules = rules.select_for_update()
    rule = rules.filter(uuid=uuid).first()
    if rule is None:
        raise Http404("No such rule.")
    return rule


def _plain(definition: AutomationDefinition) -> dict[str, Any]:
    """The definition as the services read it: JSON values, parts not sent left out."""
    return definition.model_dump(mode="json", exclude_none=True)


def _stored(view: RuleView) -> AutomationDefinition | None:
    """The stored definition, if it still passes the checks (and so fits the schema)."""
    if view.checked is None:
        return None
    try:
        return AutomationDefinition.model_validate(view.rule.definition)
    except ValidationError:
        return None


def _out(view: RuleView) -> dict[str, Any]:
    rule = view.rule
    return {
        "uuid": rule.uuid,
        "name": rule.name,
        "enabled": rule.enabled,
        "paused_reason": rule.paused_reason,
        "sentence": view.sentence,
        "trigger_kind": rule.trigger_kind,
        "definition": _stored(view),
        "failures": rule.failures,
        "last_run_at": rule.last_run_at,
        "created_at": rule.created_at,
        "updated_at": rule.updated_at,
        "version": rule.version,
    }


def _described(request: AuthedRequest, rule: Rule) -> dict[str, Any]:
    [view] = selectors.described(request.workspace, [rule])
    return _out(view)


# --- Rules ---------------------------------------------------------------------------------------
# Operations that answer definitions leave out what was never set (exclude_unset): a definition is
# answered as stored, not with every optional part as null.
@router.get(
    "/automation-rules",
    response=list[AutomationRuleOut],
    exclude_unset=True,
    summary="List your automation rules",
)
@paginate(Paging)
def list_rules(request: AuthedRequest) -> list[dict[str, Any]]:
    """Your own rules in this workspace, oldest first, each with its sentence."""
    rows = list(selectors.rules(request.workspace, request.user))
    return [_out(view) for view in selectors.described(request.workspace, rows)]


@router.post(
    "/automation-rules",
    response={201: AutomationRuleOut, **ERRORS},
    exclude_unset=True,
    summary="Add an automation rule",
    description=(
        "The rule is checked whole: every problem comes back at once in a 422, keyed like "
        "`trigger.at`, `conditions.project`, `actions[0].title`. At most "
        f"{limits.AUTOMATION_RULES_MAX} rules per person and workspace."
    ),
)
def create_rule(request: AuthedRequest, payload: AutomationRuleIn) -> Status[dict[str, Any]]:
    rule = services.rule_create(
        workspace=request.workspace,
        owner=request.user,
        definition=_plain(payload.definition),
        name=payload.name,
        enabled=payload.enabled,
    )
    return Status(201, _described(request, rule))


@router.get(
    "/automation-rules/{uuid}",
    response={200: AutomationRuleOut, **ERRORS},
    exclude_unset=True,
    summary="Get an automation rule",
)
def get_rule(request: AuthedRequest, uuid: UUID) -> dict[str, Any]:
    return _described(request, _rule(request, uuid))


@router.patch(
    "/automation-rules/{uuid}",
    response={200: AutomationRuleOut, 409: ErrorOut, **ERRORS},
    exclude_unset=True,
    summary="Change an automation rule",
)
def update_rule(request: AuthedRequest, uuid: UUID, payload: AutomationRulePatch) -> dict[str, Any]:
    """Change its name or definition, or turn it on or off (`enabled`). A `version` older than
    the rule's is a 409 and changes nothing, as does any problem with the definition (422)."""
    changes = patch_changes(payload, Rule)
    with transaction.atomic():
        rule = _rule(request, uuid, lock=True)
        if rule.version != payload.version:
            raise Conflict(CHANGED_ELSEWHERE, current_version=rule.version)
        if "name" in changes or "definition" in changes:
            definition = payload.definition
            services.rule_update(
                rule=rule,
                expected_version=payload.version,
                name=changes.get("name"),
                definition=_plain(definition) if definition is not None else None,
            )
        enabled = changes.get("enabled")
        if enabled is not None and enabled != rule.enabled:
            services.rule_set_enabled(rule=rule, enabled=enabled)
    return _described(request, rule)


@router.delete(
    "/automation-rules/{uuid}", response={204: None, **ERRORS}, summary="Delete an automation rule"
)
def delete_rule(request: AuthedRequest, uuid: UUID) -> Status[None]:
    """Deletes its run history too."""
    services.rule_delete(rule=_rule(request, uuid))
    return Status(204, None)


@router.get(
    "/automation-rules/{uuid}/runs",
    response={200: list[AutomationRunOut], **ERRORS},
    summary="List a rule's runs",
)
@paginate(Paging)
def list_runs(request: AuthedRequest, uuid: UUID) -> list[Run]:
    """Each time the rule fired, newest first: what happened, and what each action did."""
    return selectors.runs(_rule(request, uuid))  # type: ignore[return-value]


# --- Examples ------------------------------------------------------------------------------------
@router.get(
    "/automation-examples",
    response=list[AutomationExampleOut],
    exclude_unset=True,
    summary="List example rules",
)
def list_examples(request: AuthedRequest) -> list[dict[str, Any]]:
    """Ready-made rules to start from: send a `definition` as it is to add the rule."""
    return [
        {"id": str(rule.id), "sentence": sentence, "definition": definition}
        for rule, sentence, definition in selectors.examples()
    ]
