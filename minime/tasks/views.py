"""Pages for tasks, projects and labels. Small actions answer htmx with a partial
(`_task_row.html`, `_task_rows.html`, `_subtask_row.html`, `_subtasks.html`) and plain form posts
with a redirect, so every page works without JavaScript."""

from __future__ import annotations

from typing import Any, Literal
from urllib.parse import urlsplit
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import return_path
from minime.core.types import AuthedRequest
from minime.tasks import services
from minime.tasks.forms import (
    LabelForm,
    ProjectForm,
    QuickAddForm,
    SubtaskForm,
    TaskFilterForm,
    TaskForm,
)
from minime.tasks.models import Label, Project, ProjectStatus, Task
from minime.tasks.selectors import (
    TaskFilters,
    label_list,
    project_list,
    stuck_days_for,
    task_detail,
    task_list,
    with_stuck,
)

# ---------------------------------------------------------------------------------------------
# Helpers


def _task_or_404(request: AuthedRequest, uuid: UUID) -> Task:
    try:
        return task_detail(request.workspace, uuid)
    except Task.DoesNotExist as exc:
        raise Http404("No task here.") from exc


def _project_or_404(request: AuthedRequest, uuid: UUID) -> Project:
    try:
        return project_list(request.workspace).get(uuid=uuid)
    except Project.DoesNotExist as exc:
        raise Http404("No project here.") from exc


def _day(value: Any) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _row_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "back": return_path(request, reverse("tasks:index")),
        "row_list": request.POST.get("list", "index"),
        **extra,
    }


def _rows_after_action(request: AuthedRequest, tasks: list[tuple[Task, str]]) -> HttpResponse:
    """htmx: the rows of `tasks` (each with a note), in the partial the posting row came from."""
    template = "tasks/_subtask_row.html" if request.POST.get("row") == "subtask" else None
    parts = []
    for task, note in tasks:
        context = _row_context(request, task=task, next_note=note, movable=True)
        parts.append(render_to_string(template or "tasks/_task_row.html", context, request))
    return HttpResponse("".join(parts))


def _listed_filters(request: AuthedRequest, task: Task) -> tuple[TaskFilters, Project | None]:
    """The list a move was made in: a project's page, or the index with its filters."""
    if request.POST.get("list") == "project" and task.project_id is not None:
        project = task.project
        assert project is not None
        return TaskFilters(project=project.uuid), project
    query = QueryDict(urlsplit(return_path(request, "")).query)
    return TaskFilterForm(query, workspace=request.workspace).filters(), None


# ---------------------------------------------------------------------------------------------
# Tasks


PAGE_SIZE = 50


def _index_page(request: AuthedRequest, add_form: QuickAddForm, status: int = 200) -> HttpResponse:
    filter_form = TaskFilterForm(request.GET, workspace=request.workspace)
    filters = filter_form.filters()
    # A page at a time: a long list is slow to render and to read.
    page = Paginator(task_list(request.workspace, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "tasks": page.object_list,
        "page": page,
        "page_query": query.urlencode(),
        "filter_form": filter_form,
        "filtered": not filters.is_default,
        "add_form": add_form,
        "today": timezone.localdate(),
        "back": request.get_full_path(),
        "row_list": "index",
        "movable": filters.status == "open",
    }
    return render(request, "tasks/task_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def task_index(request: AuthedRequest) -> HttpResponse:
    """The list with its filter bar; POST here is the quick add."""
    if request.method == "GET":
        return _index_page(request, QuickAddForm())
    form = QuickAddForm(request.POST)
    if form.is_valid():
        try:
            task = services.task_create(
                workspace=request.workspace, created_by=request.user, **form.values()
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added “{task.title}”.")
            return redirect(request.get_full_path())
    return _index_page(request, form, status=422)


def _detail_page(
    request: AuthedRequest, task: Task, form: TaskForm, status: int = 200
) -> HttpResponse:
    context = {
        "task": task,
        "form": form,
        "subtask_form": SubtaskForm(),
        "today": timezone.localdate(),
        "back": request.get_full_path(),
    }
    return render(request, "tasks/task_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The task's page: every field, its subtasks and its actions. POST saves the form."""
    task = _task_or_404(request, uuid)
    if request.method == "GET":
        return _detail_page(request, task, TaskForm(workspace=request.workspace, task=task))
    form = TaskForm(request.POST, workspace=request.workspace, task=task)
    if form.is_valid():
        try:
            services.task_update(
                task=task, expected_version=form.cleaned_data["version"], **form.values()
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved “{task.title}”.")
            return redirect("tasks:detail", uuid=task.uuid)
    return _detail_page(request, _task_or_404(request, uuid), form, status=422)


@login_required
@require_POST
def task_rename(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Inline edit of a row's title. htmx gets the row back; a stale version or an empty title is
    explained in the row, keeping what was typed."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    title = request.POST.get("title", "").strip()
    try:
        version = int(request.POST["version"])
        if not title:
            raise Invalid("Give the task a title.")
        services.task_update(task=task, expected_version=version, title=title)
        error = ""
    except (KeyError, ValueError):
        error = "This form is out of date. Reload the page and try again."
    except (Conflict, Invalid) as exc:
        error = exc.message
    if request.htmx:
        row = _task_or_404(request, uuid)
        context = _row_context(request, task=row, movable=True, rename_error=error, typed=title)
        template = "tasks/_subtask_row.html" if request.POST.get("row") == "subtask" else None
        return render(request, template or "tasks/_task_row.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Renamed to “{title}”.")
    return redirect(return_path(request, reverse("tasks:index")))


@login_required
@require_POST
def task_finish(
    request: AuthedRequest, uuid: UUID, how: Literal["complete", "skip"]
) -> HttpResponse:
    """Complete or skip (``how``, from the URL) a task; a repeating one answers with its next
    occurrence too."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    finish = services.task_complete if how == "complete" else services.task_skip
    try:
        nxt = finish(task=task, user=request.user)
    except Invalid as exc:
        messages.error(request, exc.message)
        return redirect(return_path(request, reverse("tasks:detail", kwargs={"uuid": uuid})))
    note = f"Next: {_day(nxt.due_date)}" if nxt is not None and nxt.due_date else ""
    if request.htmx:
        rows = [(_task_or_404(request, uuid), "")]
        if nxt is not None:
            rows.append((_task_or_404(request, nxt.uuid), note))
        return _rows_after_action(request, rows)
    done = f"Done: “{task.title}”." if how == "complete" else f"Skipped “{task.title}”."
    messages.success(request, done + (f" {note}." if note else ""))
    return redirect(return_path(request, reverse("tasks:index")))


@login_required
@require_POST
def task_reopen(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = services.task_reopen(task=get_scoped_or_404(Task, request.workspace, uuid=uuid))
    if request.htmx:
        return _rows_after_action(request, [(_task_or_404(request, uuid), "")])
    messages.success(request, f"Reopened “{task.title}”.")
    return redirect(return_path(request, reverse("tasks:detail", kwargs={"uuid": uuid})))


@login_required
@require_POST
def task_drop(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = services.task_drop(task=get_scoped_or_404(Task, request.workspace, uuid=uuid))
    if request.htmx:
        return _rows_after_action(request, [(_task_or_404(request, uuid), "")])
    messages.success(request, f"Dropped “{task.title}”.")
    return redirect(return_path(request, reverse("tasks:detail", kwargs={"uuid": uuid})))


@login_required
@require_POST
def task_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    parent = task.parent
    services.task_delete(task=task)
    messages.success(request, f"Deleted “{task.title}”.")
    default = reverse("tasks:detail", kwargs={"uuid": parent.uuid}) if parent else None
    return redirect(return_path(request, default or reverse("tasks:index")))


@login_required
@require_POST
def task_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Move up or down; htmx gets the list's rows back, a plain form post a redirect."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    filters, project = _listed_filters(request, task)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.task_move(task=task, offset=offset, project=project)
    if request.htmx:
        context = _row_context(
            request, tasks=task_list(request.workspace, filters=filters), movable=True
        )
        return render(request, "tasks/_task_rows.html", context)
    return redirect(return_path(request, reverse("tasks:index")))


@login_required
@require_POST
def subtask_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = _task_or_404(request, uuid)
    form = SubtaskForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.task_create(
                workspace=request.workspace,
                title=form.cleaned_data["title"],
                parent=task,
                created_by=request.user,
            )
        except Invalid as exc:
            add_service_errors(form, exc)
            status = 422
        else:
            form = SubtaskForm()
    else:
        status = 422
    if request.htmx:
        context = _row_context(request, task=_task_or_404(request, uuid), subtask_form=form)
        return render(request, "tasks/_subtasks.html", context, status=status)
    if status != 200:
        messages.error(request, "A subtask needs a title.")
    return redirect("tasks:detail", uuid=task.uuid)


# ---------------------------------------------------------------------------------------------
# Projects


def _projects_page(request: AuthedRequest, form: ProjectForm, status: int = 200) -> HttpResponse:
    today = timezone.localdate()
    projects = with_stuck(project_list(request.workspace), today, stuck_days_for(request.user))
    groups = [
        (label, [p for p in projects if p.status == value])
        for value, label in ProjectStatus.choices
    ]
    context = {
        "groups": [(label, rows) for label, rows in groups if rows],
        "has_projects": bool(projects),
        "form": form,
    }
    return render(request, "tasks/project_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_index(request: AuthedRequest) -> HttpResponse:
    """Projects grouped by status; POST here creates one."""
    if request.method == "GET":
        return _projects_page(request, ProjectForm(workspace=request.workspace))
    form = ProjectForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            project = services.project_create(workspace=request.workspace, **form.values())
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added the project “{project.title}”.")
            return redirect("tasks:project", uuid=project.uuid)
    return _projects_page(request, form, status=422)


def _project_page(
    request: AuthedRequest,
    project: Project,
    *,
    form: ProjectForm | None = None,
    add_form: QuickAddForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    (project,) = with_stuck([project], today, stuck_days_for(request.user))
    context = {
        "project": project,
        "form": form or ProjectForm(workspace=request.workspace, project=project),
        "add_form": add_form or QuickAddForm(),
        "tasks": task_list(request.workspace, filters=TaskFilters(project=project.uuid)),
        "statuses": [(v, label) for v, label in ProjectStatus.choices if v != project.status],
        "today": today,
        "back": request.get_full_path(),
        "row_list": "project",
        "movable": True,
    }
    return render(request, "tasks/project_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The project's page: its ordered open tasks, the form to add one, and its details."""
    project = _project_or_404(request, uuid)
    if request.method == "GET":
        return _project_page(request, project)
    form = ProjectForm(request.POST, workspace=request.workspace, project=project)
    if form.is_valid():
        try:
            services.project_update(
                project=project, expected_version=form.cleaned_data["version"], **form.values()
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved “{project.title}”.")
            return redirect("tasks:project", uuid=project.uuid)
    return _project_page(request, _project_or_404(request, uuid), form=form, status=422)


@login_required
@require_POST
def project_add_task(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    project = _project_or_404(request, uuid)
    form = QuickAddForm(request.POST)
    if form.is_valid():
        try:
            task = services.task_create(
                workspace=request.workspace,
                created_by=request.user,
                project=project,
                **form.values(),
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added “{task.title}”.")
            return redirect("tasks:project", uuid=project.uuid)
    return _project_page(request, project, add_form=form, status=422)


@login_required
@require_POST
def project_status(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    try:
        services.project_set_status(project=project, status=request.POST.get("status", ""))
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{project.title}” is now {project.get_status_display()}.")
    return redirect("tasks:project", uuid=project.uuid)


@login_required
@require_POST
def project_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    services.project_delete(project=project)
    messages.success(request, f"Deleted “{project.title}”. Its tasks stay, without a project.")
    return redirect("tasks:projects")


@login_required
@require_POST
def project_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    services.project_move(
        project=project, offset=-1 if request.POST.get("direction") == "up" else 1
    )
    return redirect(reverse("tasks:projects") + f"#project-{project.uuid}")


# ---------------------------------------------------------------------------------------------
# Labels


def _labels_page(request: AuthedRequest, form: LabelForm, status: int = 200) -> HttpResponse:
    context = {"labels": label_list(request.workspace), "form": form}
    return render(request, "tasks/label_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def label_index(request: AuthedRequest) -> HttpResponse:
    if request.method == "GET":
        return _labels_page(request, LabelForm())
    form = LabelForm(request.POST)
    if form.is_valid():
        try:
            label = services.label_ensure(
                workspace=request.workspace, name=form.cleaned_data["name"]
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Label “{label.name}” is ready.")
            return redirect("tasks:labels")
    return _labels_page(request, form, status=422)


@login_required
@require_POST
def label_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    label = get_scoped_or_404(Label, request.workspace, uuid=uuid)
    services.label_delete(label=label)
    messages.success(request, f"Deleted the label “{label.name}”. Its tasks stay.")
    return redirect("tasks:labels")
