"""Break into steps (task editor) and Break a project into tasks (project view).

The flow is the same for both: the button posts to ``…/steps/`` and gets a preview (a page, or
the ``ai/steps_form.html`` fragment for htmx) of the proposed steps, each ticked and editable;
that form posts to ``…/steps/add/``, which creates exactly the ticked steps, with the titles as
edited, in one transaction ("Cancel" creates nothing). Only ``services.break_task`` /
``services.break_project`` run the feature, so only the fields the AI disclosure names leave
the server. The preview runs outside the request transaction: the task or project is read in a
short one, the provider asked after it, the page rendered in another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from minime.ai import services
from minime.ai.features import BREAK_PROJECT_STEPS, BREAK_TASK_STEPS, MAX_TEXT_CHARS
from minime.core.errors import Invalid, NotAllowed
from minime.core.outside import outside_request_transaction
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.tasks.models import Project, Task
from minime.workspaces.middleware import request_transaction

PROVIDER_LABELS = {"gemini": "Gemini", "openai-compatible": "OpenAI-compatible endpoint"}
# A step's title, as a task's title can hold it.
MAX_STEP_TITLE = Task._meta.get_field("title").max_length or 300


def engine_label(result: services.Result[Any]) -> str:
    """Which engine answered: "Built-in engine", or the provider and its model."""
    if result.source != "provider":
        return "Built-in engine"
    config = services.provider_config()
    name = PROVIDER_LABELS.get(config.provider, config.provider)
    return f"{name} ({config.model})" if config.model else name


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Target:
    """What is being broken down: a task (steps become its subtasks) or a project (steps
    become its top-level tasks)."""

    kind: str  # "task" or "project"
    obj: Task | Project
    title: str
    back: str  # the page the flow returns to
    add_url: str
    bounds: tuple[int, int]

    @property
    def noun(self) -> str:
        return "subtask" if self.kind == "task" else "task"


def _task_target(request: AuthedRequest, uuid: UUID) -> Target:
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    return Target(
        "task",
        task,
        task.title,
        reverse("tasks:detail", kwargs={"uuid": task.uuid}),
        reverse("ai:task_steps_add", kwargs={"uuid": task.uuid}),
        BREAK_TASK_STEPS,
    )


def _project_target(request: AuthedRequest, uuid: UUID) -> Target:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    return Target(
        "project",
        project,
        project.title,
        reverse("tasks:project", kwargs={"uuid": project.uuid}),
        reverse("ai:project_steps_add", kwargs={"uuid": project.uuid}),
        BREAK_PROJECT_STEPS,
    )


def _render(
    request: AuthedRequest,
    target: Target,
    rows: list[dict[str, Any]],
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    context = {"target": target, "rows": rows, **extra}
    template = "ai/steps_form.html" if request.htmx else "ai/steps_preview.html"
    with request_transaction(request):
        return render(request, template, context, status=status)


def _refuse(request: AuthedRequest, target: Target, message: str, status: int) -> HttpResponse:
    """Back to the task or project with ``message``; htmx gets a 4xx that redirects there."""
    messages.error(request, message)
    if request.htmx:
        response = HttpResponse(status=status)
        response["HX-Redirect"] = target.back
        return response
    return redirect(target.back)


def _propose(request: AuthedRequest, target: Target) -> HttpResponse:
    """Run the feature for ``target`` and show its steps, all ticked."""
    feature: Callable[..., services.Result[list[str]]]
    values: dict[str, Any]
    try:
        with request_transaction(request):
            if isinstance(target.obj, Task):
                task = target.obj
                if task.parent_id is not None:
                    raise Invalid("Subtasks can't have subtasks of their own.")
                feature = services.break_task
                values = {
                    "title": _one_line(task.title),
                    "description": task.notes[:MAX_TEXT_CHARS],
                    "project": _one_line(task.project.title) if task.project else None,
                }
            else:
                project = target.obj
                feature = services.break_project
                values = {
                    "title": _one_line(project.title),
                    "description": project.description[:MAX_TEXT_CHARS],
                }
        result = feature(request.user, **values)
    except services.QuotaReached as exc:
        return _refuse(request, target, exc.message, 429)
    except (Invalid, NotAllowed) as exc:
        return _refuse(request, target, exc.message, exc.status)
    rows = [{"title": step, "keep": True} for step in result.value]
    return _render(request, target, rows, engine=engine_label(result), notice=result.notice)


def _posted_rows(request: AuthedRequest, target: Target) -> list[dict[str, Any]]:
    """The rows as the user left them: every title as typed, and whether it is ticked."""
    titles = request.POST.getlist("title")[: target.bounds[1]]
    kept = set(request.POST.getlist("keep"))
    return [{"title": t, "keep": str(i) in kept} for i, t in enumerate(titles)]


def _add(request: AuthedRequest, target: Target) -> HttpResponse:
    """Create the ticked rows (or nothing, on Cancel) and go back to the task or project."""
    if request.POST.get("action") == "cancel":
        messages.info(request, "Nothing was added.")
        return redirect(target.back)
    rows = _posted_rows(request, target)
    chosen = [(i, _one_line(r["title"])) for i, r in enumerate(rows) if r["keep"]]
    error = ""
    if not chosen:
        error = "Tick at least one step to add, or press Cancel."
    for i, title in chosen:
        if not title:
            error = f"Step {i + 1} needs a title, or untick it."
        elif len(title) > MAX_STEP_TITLE:
            error = f"Step {i + 1} is too long (at most {MAX_STEP_TITLE} characters)."
        if error:
            break
    if not error:
        try:
            services.steps_create(
                workspace=request.workspace,
                user=request.user,
                into=target.obj,
                titles=[title for _i, title in chosen],
            )
        except Invalid as exc:
            error = exc.message
    if error:
        return _render(request, target, rows, status=422, error=error, edited=True)
    count = len(chosen)
    noun = target.noun if count == 1 else f"{target.noun}s"
    messages.success(request, f"Added {count} {noun} to “{target.title}”.")
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target.back
        return response
    return redirect(target.back)


@outside_request_transaction
@login_required
@require_POST
def task_steps(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    with request_transaction(request):
        target = _task_target(request, uuid)
    return _propose(request, target)


@login_required
@require_POST
def task_steps_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _add(request, _task_target(request, uuid))


@outside_request_transaction
@login_required
@require_POST
def project_steps(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    with request_transaction(request):
        target = _project_target(request, uuid)
    return _propose(request, target)


@login_required
@require_POST
def project_steps_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    return _add(request, _project_target(request, uuid))
