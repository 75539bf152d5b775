"""Pages for tasks, projects and labels. Small actions answer htmx with a partial
(`_task_row.html`, `_task_rows.html`, `_subtask_row.html`, `_subtasks.html`) and plain form posts
with a redirect, so every page works without JavaScript."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.shortcuts import is_local_path, return_path
from minime.core.types import AuthedRequest
from minime.tasks import services
from minime.tasks.forms import (
    LabelForm,
    MoveForm,
    ProjectForm,
    QuickAddForm,
    SubtaskForm,
    TaskFilterForm,
    TaskForm,
    TaskViewForm,
)
from minime.tasks.models import Label, Project, ProjectStatus, Task, TaskStatus
from minime.tasks.selectors import (
    GROUPINGS,
    SORTS,
    TaskFilters,
    TaskView,
    day_title,
    group_tasks,
    label_list,
    project_has_done_tasks,
    project_list,
    stuck_days_for,
    task_detail,
    task_group_counts,
    task_group_members,
    task_list,
    when_of,
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
        project = project_list(request.workspace).get(uuid=uuid)
    except Project.DoesNotExist as exc:
        raise Http404("No project here.") from exc
    project.workspace = request.workspace
    return project


def _day(value: Any) -> str:
    return f"{value:%a} {value.day} {value:%b}"


def _list_query(path: str) -> QueryDict:
    return QueryDict(urlsplit(path).query)


def _is_movable(query: QueryDict) -> bool:
    """True when the list at a path with this query can be ordered by hand: open tasks in my
    order (without reading the workspace's projects and labels, as the filter form would)."""
    return query.get("status", "open") in ("", "open") and TaskViewForm(query).view().is_manual


def _row_context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    """What a row rendered on its own needs. The list it is in is the posted `next` (for a GET
    from htmx, the page it was asked from)."""
    current = request.htmx.current_url_abs_path if request.htmx else None
    default = current if current and is_local_path(current) else reverse("tasks:index")
    back = return_path(request, default)
    row_list = request.POST.get("list") or request.GET.get("list") or "index"
    movable = row_list == "project" or _is_movable(_list_query(back))
    task = extra.get("task")
    return {
        "today": timezone.localdate(),
        "back": back,
        "row_list": row_list,
        "movable": movable,
        "task_url": reverse("tasks:detail", kwargs={"uuid": task.uuid}) if task else "",
        **extra,
    }


def _rows_after_action(request: AuthedRequest, tasks: list[tuple[Task, str]]) -> HttpResponse:
    """htmx: the rows of `tasks` (each with a note), in the partial the posting row came from."""
    template = "tasks/_subtask_row.html" if request.POST.get("row") == "subtask" else None
    parts = []
    for task, note in tasks:
        context = _row_context(request, task=task, next_note=note)
        parts.append(render_to_string(template or "tasks/_task_row.html", context, request))
    return HttpResponse("".join(parts))


def _back_to_row(request: AuthedRequest, task: Task) -> HttpResponse:
    """A plain form post from a row goes back to its list, scrolled to the row."""
    return redirect(return_path(request, reverse("tasks:index")) + f"#task-{task.uuid}")


def _with_query(query: QueryDict, **changes: str | None) -> str:
    """`query` with some keys set (None or "" removes one) and the page left out, as "?…"."""
    query = query.copy()
    query.pop("page", None)
    for key, value in changes.items():
        if value:
            query[key] = value
        else:
            query.pop(key, None)
    text = query.urlencode()
    return f"?{text}" if text else reverse("tasks:index")


def _view_links(query: QueryDict, view: TaskView) -> dict[str, list[dict[str, Any]]]:
    """The list's layout choices as links that keep the filters (the default leaves the key out
    of the address)."""
    return {
        "group": [
            {
                "label": label,
                "url": _with_query(query, group=value if value != "when" else None),
                "current": value == view.group,
            }
            for value, label in GROUPINGS.items()
        ],
        "sort": [
            {
                "label": label,
                "url": _with_query(query, sort=value if value != "manual" else None),
                "current": value == view.sort,
            }
            for value, label in SORTS.items()
        ],
    }


# ---------------------------------------------------------------------------------------------
# Tasks


PAGE_SIZE = 50


def _index_page(request: AuthedRequest) -> HttpResponse:
    filter_form = TaskFilterForm(request.GET, workspace=request.workspace, user_id=request.user.pk)
    filters = filter_form.filters()
    view = TaskViewForm(request.GET).view()
    today = timezone.localdate()
    tasks = task_list(request.workspace, filters=filters, today=today, view=view)
    counts = task_group_counts(tasks, view)
    # A page at a time: a long list is slow to render and to read. The groups' counts add up to
    # the list's length, so the paginator needn't count it again.
    paginator = Paginator(tasks, PAGE_SIZE)
    paginator.count = sum(counts.values())
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    groups = group_tasks(
        rows,
        view=view,
        counts=counts,
        today=today,
        open_only=filters.status == "open",
        first_page=not page.has_previous(),
        last_page=not page.has_next(),
    )
    filtered = not filters.is_default
    query = request.GET.copy()
    query.pop("page", None)
    # The layout chosen, as the query keeps it (defaults are left out): clearing the filters
    # keeps it, and the filter form sends it along.
    kept = {
        key: value
        for key, value, default in (("group", view.group, "when"), ("sort", view.sort, "manual"))
        if value != default
    }
    context = {
        "groups": groups,
        "has_tasks": bool(rows),
        "page": page,
        "page_query": query.urlencode(),
        "filter_form": filter_form,
        "filtered": filtered,
        "focus_add": not rows and not filtered,  # an empty list: adding is the next step
        "today": today,
        "back": request.get_full_path(),
        "row_list": "index",
        "view": view,
        "view_links": _view_links(query, view),
        "sort_label": SORTS[view.sort],
        "group_label": GROUPINGS[view.group],
        "manual_url": _with_query(query, sort=None),
        "kept_view": kept,
        "clear_url": _with_query(QueryDict(mutable=True), **kept),
        "open_list": filters.status == "open",
        "movable": filters.status == "open" and view.is_manual,
    }
    return render(request, "tasks/task_list.html", context)


@login_required
@require_safe
def task_index(request: AuthedRequest) -> HttpResponse:
    """The list with its filter bar. Its add box is quick add's (Smart Add syntax, read by the
    AI app's local engine), which posts there and comes back here."""
    return _index_page(request)


def _order_places(request: AuthedRequest, task: Task, today: date) -> list[dict[str, Any]]:
    """Where the task stands in the lists that are ordered by hand: its group of the Tasks list
    (grouped by when), and its project's list. Each with its position, count and form fields;
    a list it is alone in is left out."""
    if task.status != TaskStatus.OPEN or task.parent_id is not None:
        return []
    lists: list[tuple[str, str, str, list[Task]]] = []
    members = task_group_members(request.workspace, task, group="when", today=today)
    if members:
        when = when_of(task)
        name = "Someday" if when is None else "Overdue" if when < today else day_title(when, today)
        label = f"Position in {name} (Tasks list)"
        lists.append((label, "index", reverse("tasks:index"), members))
    if task.project is not None:
        project_filter = TaskFilters(project=task.project.uuid)
        members = task_group_members(request.workspace, task, filters=project_filter, today=today)
        url = reverse("tasks:project", kwargs={"uuid": task.project.uuid})
        lists.append((f"Position in the project {task.project.title}", "project", url, members))
    places = []
    for label, name, url, tasks in lists:
        pks = [t.pk for t in tasks]
        if len(pks) > 1:
            position = pks.index(task.pk) + 1
            places.append(
                {"label": label, "list": name, "next": url, "position": position, "count": len(pks)}
            )
    return places


def _detail_page(
    request: AuthedRequest,
    task: Task,
    form: TaskForm,
    status: int = 200,
    subtask_form: SubtaskForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "task": task,
        "form": form,
        "subtask_form": subtask_form or SubtaskForm(),
        "today": today,
        "back": request.get_full_path(),
        "places": _order_places(request, task, today),
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
                task=task,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form.values(),
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
@require_http_methods(["GET", "POST"])
def task_rename(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Inline edit of a row's title. GET (htmx, a click on the title) answers the title's form;
    POST saves it: htmx gets the row back, and a stale version or an empty title is explained
    in the row with a 422, keeping what was typed. Without JavaScript the title is a link to the
    task's page, where it is renamed."""
    if request.method == "GET":
        task = _task_or_404(request, uuid)
        if not request.htmx:
            return redirect("tasks:detail", uuid=task.uuid)
        context = _row_context(request, task=task, typed=task.title)
        return render(request, "tasks/_task_rename.html", context)
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    title = request.POST.get("title", "").strip()
    try:
        version = int(request.POST["version"])
        if not title:
            raise Invalid("Give the task a title.")
        services.task_update(task=task, expected_version=version, by=request.user, title=title)
        error = ""
    except (KeyError, ValueError):
        error = "This form is out of date. Reload the page and try again."
    except (Conflict, Invalid) as exc:
        error = exc.message
    if request.htmx:
        row = _task_or_404(request, uuid)
        context = _row_context(
            request, task=row, rename_error=error, typed=title, focus_title=not error
        )
        template = "tasks/_subtask_row.html" if request.POST.get("row") == "subtask" else None
        return render(
            request, template or "tasks/_task_row.html", context, status=422 if error else 200
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"Renamed to “{title}”.")
    return redirect(return_path(request, reverse("tasks:index")))


@login_required
@require_http_methods(["GET"])
def task_title(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The row's title (htmx: what Cancel puts back in place of the rename form); otherwise the
    task's page."""
    task = _task_or_404(request, uuid)
    if not request.htmx:
        return redirect("tasks:detail", uuid=task.uuid)
    return render(
        request, "tasks/_task_title.html", _row_context(request, task=task, focus_title=True)
    )


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
    task = services.task_reopen(
        task=get_scoped_or_404(Task, request.workspace, uuid=uuid), by=request.user
    )
    if request.htmx:
        return _rows_after_action(request, [(_task_or_404(request, uuid), "")])
    messages.success(request, f"Reopened “{task.title}”.")
    return redirect(return_path(request, reverse("tasks:detail", kwargs={"uuid": uuid})))


@login_required
@require_POST
def task_drop(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = services.task_drop(
        task=get_scoped_or_404(Task, request.workspace, uuid=uuid), by=request.user
    )
    if request.htmx:
        return _rows_after_action(request, [(_task_or_404(request, uuid), "")])
    messages.success(request, f"Dropped “{task.title}”.")
    return redirect(return_path(request, reverse("tasks:detail", kwargs={"uuid": uuid})))


@login_required
@require_POST
def task_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    parent = task.parent
    services.task_delete(task=task, by=request.user)
    messages.success(request, f"Deleted “{task.title}”.")
    default = reverse("tasks:detail", kwargs={"uuid": parent.uuid}) if parent else None
    return redirect(return_path(request, default or reverse("tasks:index")))


BAD_MOVE = "Say where to move it: a position of 1 or more (1 is the first place)."
NOT_IN_LIST = "This task isn't in that list any more. Reload the page to see it as it is."


def _move_list(request: AuthedRequest, task: Task) -> list[Task]:
    """The list a task is moved in, in order: its project's open tasks (`list=project`), else
    its group of the Tasks list as the posted `next` lays it out (filters, grouping)."""
    if request.POST.get("list") == "project" and task.project is not None:
        filters = TaskFilters(project=task.project.uuid)
        return task_group_members(request.workspace, task, filters=filters)
    query = _list_query(return_path(request, ""))
    filters = TaskFilterForm(query, workspace=request.workspace, user_id=request.user.pk).filters()
    group = TaskViewForm(query).view().group
    return task_group_members(request.workspace, task, filters=filters, group=group)


@login_required
@require_POST
def task_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Move a task within the list it is shown in (see `_move_list`; a `MoveForm` says where).
    The row's script asks for JSON and gets {"position", "count", "title"} (409 with a message
    when the list changed meanwhile, 422 when the post says nowhere); a form post goes back to
    `next` with a message."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    form = MoveForm(request.POST)
    if not form.is_valid():
        if wants_json:
            error = {"code": "invalid", "message": BAD_MOVE, "fields": form.errors}
            return JsonResponse({"error": error}, status=422)
        messages.error(request, BAD_MOVE)
        return _back_to_row(request, task)
    try:
        among = _move_list(request, task)
        target = form.target(task, among)
        if target is None:
            raise Invalid(NOT_IN_LIST)
        position, count = services.task_move_to(task=task, position=target, among=among)
    except Invalid as exc:
        if wants_json:
            error = {"code": "conflict", "message": exc.message}
            return JsonResponse({"error": error}, status=409)
        messages.error(request, exc.message)
        return _back_to_row(request, task)
    if wants_json:
        return JsonResponse({"position": position, "count": count, "title": task.title})
    messages.success(request, f"Moved “{task.title}” to position {position} of {count}.")
    return _back_to_row(request, task)


def _plan_days(today: date) -> dict[str, tuple[date | None, str]]:
    """The days a row's menu offers to plan a task for, by their form value."""
    monday = today + timedelta(days=7 - today.weekday())
    return {
        "today": (today, "today"),
        "tomorrow": (today + timedelta(days=1), "tomorrow"),
        "next_week": (monday, f"{monday:%A} {monday.day} {monday:%B}"),
        "none": (None, ""),
    }


@login_required
@require_POST
def task_plan(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Plan the task for a day (its do-on date: `on` is today, tomorrow, next_week, or none to
    clear it). Its due date is left as it is: a task due before the planned day stays in the due
    day's group, and the message says so."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    today = timezone.localdate()
    choice = _plan_days(today).get(request.POST.get("on", ""))
    if choice is None:
        messages.error(request, "Choose a day to plan it for.")
        return _back_to_row(request, task)
    day, label = choice
    services.task_update(task=task, expected_version=None, do_on=day)
    if day is None:
        messages.success(request, f"“{task.title}” is no longer planned for a day.")
    else:
        note = ""
        if task.due_date is not None and task.due_date < day:
            note = f" It is due {_day(task.due_date)}, so it stays listed under that day."
        messages.success(request, f"Planned “{task.title}” for {label}.{note}")
    return _back_to_row(request, task)


@login_required
@require_POST
def subtask_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Add a subtask. A refused one (no title) is explained next to the field with a 422: in the
    swapped-in list for htmx, on the task's page for a plain post."""
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
    if status != 200:
        form.fields["title"].widget.attrs["autofocus"] = True
    if request.htmx:
        context = _row_context(request, task=_task_or_404(request, uuid), subtask_form=form)
        return render(request, "tasks/_subtasks.html", context, status=status)
    if status != 200:
        edit = TaskForm(workspace=request.workspace, task=task)
        return _detail_page(request, task, edit, status=status, subtask_form=form)
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
            project = services.project_create(
                workspace=request.workspace, by=request.user, **form.values()
            )
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
    add_form = add_form or QuickAddForm()
    tasks = list(task_list(request.workspace, filters=TaskFilters(project=project.uuid)))
    if not tasks:  # a new (or emptied) project: its first task is what it needs
        add_form.fields["title"].widget.attrs["autofocus"] = True
    # Done, prominently, only once there is something done and nothing left open.
    all_done = (
        not tasks
        and project.status not in (ProjectStatus.DONE, ProjectStatus.DROPPED)
        and project_has_done_tasks(project)
    )
    context = {
        "project": project,
        "form": form or ProjectForm(workspace=request.workspace, project=project),
        "add_form": add_form,
        "tasks": tasks,
        "statuses": [(v, label) for v, label in ProjectStatus.choices if v != project.status],
        "all_done": all_done,
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
                project=project,
                expected_version=form.cleaned_data["version"],
                by=request.user,
                **form.values(),
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
        services.project_set_status(
            project=project, status=request.POST.get("status", ""), by=request.user
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"“{project.title}” is now {project.get_status_display()}.")
    return redirect("tasks:project", uuid=project.uuid)


@login_required
@require_POST
def project_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    project = get_scoped_or_404(Project, request.workspace, uuid=uuid)
    services.project_delete(project=project, by=request.user)
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
