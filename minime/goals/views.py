from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.goals import selectors, services
from minime.goals.forms import GoalCreateForm, GoalForm, MilestoneForm
from minime.goals.models import Goal, GoalStatus, Milestone
from minime.tasks.selectors import goal_projects, goal_tasks

STATUS_DONE = {
    GoalStatus.ACTIVE: "{} is active again.",
    GoalStatus.PAUSED: "Paused {}.",
    GoalStatus.ACHIEVED: "Achieved {}. Well done.",
    GoalStatus.DROPPED: "Dropped {}. It stays in the list under Dropped.",
}


# --- Goals ---------------------------------------------------------------------------------------
def _index_page(request: AuthedRequest, form: GoalCreateForm, status: int = 200) -> HttpResponse:
    groups = selectors.goal_board(request.workspace, timezone.localdate())
    return render(request, "goals/goal_list.html", {"groups": groups, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def goal_index(request: AuthedRequest) -> HttpResponse:
    """Goals grouped by status, with the form to add one (POST here creates)."""
    if request.method == "GET":
        return _index_page(request, GoalCreateForm(workspace=request.workspace))
    form = GoalCreateForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            goal = services.goal_create(workspace=request.workspace, **form.changes())
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added {goal.title}.")
            return redirect("goals:detail", uuid=goal.uuid)
    return _index_page(request, form, status=422)


def _detail_page(
    request: AuthedRequest,
    goal: Goal,
    form: GoalForm,
    milestone_form: MilestoneForm | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    goal = selectors.goal_with_counts(goal)
    context = {
        "goal": goal,
        "form": form,
        "progress": selectors.goal_progress(goal),
        "has_no_work": selectors.goal_has_no_work(goal, timezone.localdate()),
        "milestones": selectors.goal_milestones(goal),
        "milestone_form": milestone_form or MilestoneForm(prefix="milestone"),
        "projects": goal_projects(goal),
        "tasks": goal_tasks(goal),
        **extra,
    }
    return render(request, "goals/goal_detail.html", context, status=status)


def _counted_goal(request: AuthedRequest, uuid: UUID) -> Goal:
    """The goal with the counts progress needs (one query); another workspace's is a 404."""
    return get_object_or_404(selectors.goal_list(request.workspace), uuid=uuid)


@login_required
@require_http_methods(["GET", "POST"])
def goal_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The goal with its edit form, status actions, milestones and linked work (POST edits)."""
    goal = _counted_goal(request, uuid)
    if request.method == "GET":
        return _detail_page(request, goal, GoalForm(instance=goal, workspace=request.workspace))
    form = GoalForm(request.POST, instance=goal, workspace=request.workspace)
    if form.is_valid():
        try:
            services.goal_update(
                goal=goal, expected_version=form.cleaned_data["version"], **form.changes()
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {goal.title}.")
            return redirect("goals:detail", uuid=goal.uuid)
    # The form changed `goal` as it validated: show the stored goal beside what was typed.
    return _detail_page(request, _counted_goal(request, uuid), form, status=422)


@login_required
@require_POST
def goal_status(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    try:
        services.goal_set_status(goal=goal, status=request.POST.get("status", ""))
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, STATUS_DONE[GoalStatus(goal.status)].format(goal.title))
    return redirect("goals:detail", uuid=goal.uuid)


@login_required
@require_POST
def goal_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    services.goal_delete(goal=goal)
    messages.success(request, f"Deleted {goal.title}. Its projects and tasks stay, without a goal.")
    return redirect("goals:index")


@login_required
@require_POST
def goal_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Move up or down within its status group; htmx gets the groups back, a form a redirect."""
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    services.goal_move(goal=goal, offset=-1 if request.POST.get("direction") == "up" else 1)
    if request.htmx:
        groups = selectors.goal_board(request.workspace, timezone.localdate())
        return render(request, "goals/_goal_groups.html", {"groups": groups, "moved": goal.uuid})
    return redirect("goals:index")


# --- Milestones ----------------------------------------------------------------------------------
def _milestones_partial(
    request: AuthedRequest, goal: Goal, form: MilestoneForm | None = None, **extra: Any
) -> HttpResponse:
    """The milestones section (list and add form) plus the goal's progress, swapped out of band."""
    if form is None:
        form = MilestoneForm(prefix="milestone")
    if "added" in extra or form.errors:  # keep the keyboard in the add field
        form.fields["title"].widget.attrs["autofocus"] = True
    context = {
        "goal": goal,
        "milestones": selectors.goal_milestones(goal),
        "milestone_form": form,
        "progress": selectors.goal_progress(goal),
        "oob": True,
        **extra,
    }
    return render(request, "goals/_milestones.html", context)


@login_required
@require_POST
def milestone_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    goal = get_scoped_or_404(Goal, request.workspace, uuid=uuid)
    form = MilestoneForm(request.POST, prefix="milestone")
    if form.is_valid():
        try:
            milestone = services.milestone_create(
                goal=goal,
                title=form.cleaned_data["title"],
                target_date=form.cleaned_data["target_date"],
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            if request.htmx:
                return _milestones_partial(request, goal, added=milestone.uuid)
            messages.success(request, f"Added the milestone {milestone.title}.")
            return redirect("goals:detail", uuid=goal.uuid)
    if request.htmx:  # htmx swaps 2xx answers only: the form comes back with its errors
        return _milestones_partial(request, goal, form)
    edit_form = GoalForm(instance=goal, workspace=request.workspace)
    return _detail_page(request, goal, edit_form, milestone_form=form, status=422)


def _milestone(request: AuthedRequest, uuid: UUID) -> Milestone:
    return get_scoped_or_404(Milestone, request.workspace, uuid=uuid)


def _milestone_done(request: AuthedRequest, milestone: Milestone) -> HttpResponse:
    """htmx: the row, and the goal's progress out of band. Without JS: back to the goal."""
    if request.htmx:
        goal = milestone.goal
        context = {
            "goal": goal,
            "milestone": milestone,
            "progress": selectors.goal_progress(goal),
            "oob": True,
        }
        return render(request, "goals/_milestone_row.html", context)
    return redirect("goals:detail", uuid=milestone.goal.uuid)


@login_required
@require_POST
def milestone_complete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    milestone = services.milestone_complete(milestone=_milestone(request, uuid))
    return _milestone_done(request, milestone)


@login_required
@require_POST
def milestone_reopen(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    milestone = services.milestone_reopen(milestone=_milestone(request, uuid))
    return _milestone_done(request, milestone)


@login_required
@require_POST
def milestone_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Rename or re-date a milestone. A stale version or bad input is explained and what was
    typed comes back in the row's form."""
    milestone = _milestone(request, uuid)
    goal = milestone.goal
    form = MilestoneForm(request.POST, instance=milestone)
    error = None
    if form.is_valid():
        try:
            services.milestone_update(
                milestone=milestone,
                expected_version=form.cleaned_data["version"],
                title=form.cleaned_data["title"],
                target_date=form.cleaned_data["target_date"],
            )
        except (Conflict, Invalid) as exc:
            error = exc.message
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if error is None:
        if request.htmx:
            return render(
                request, "goals/_milestone_row.html", {"goal": goal, "milestone": milestone}
            )
        messages.success(request, f"Saved the milestone {milestone.title}.")
        return redirect("goals:detail", uuid=goal.uuid)
    failed = {
        "uuid": milestone.uuid,
        "error": error,
        "title": request.POST.get("title", ""),
        "target_date": request.POST.get("target_date", ""),
    }
    if request.htmx:  # htmx swaps 2xx answers only
        milestone.refresh_from_db()
        context = {"goal": goal, "milestone": milestone, "failed": failed}
        return render(request, "goals/_milestone_row.html", context)
    edit_form = GoalForm(instance=goal, workspace=request.workspace)
    return _detail_page(request, goal, edit_form, status=422, failed=failed)


@login_required
@require_POST
def milestone_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    milestone = _milestone(request, uuid)
    goal = milestone.goal
    services.milestone_delete(milestone=milestone)
    if request.htmx:
        return _milestones_partial(request, goal)
    messages.success(request, f"Deleted the milestone {milestone.title}.")
    return redirect("goals:detail", uuid=goal.uuid)


@login_required
@require_POST
def milestone_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    milestone = _milestone(request, uuid)
    offset = -1 if request.POST.get("direction") == "up" else 1
    services.milestone_move(milestone=milestone, offset=offset)
    if request.htmx:
        return _milestones_partial(request, milestone.goal, moved=milestone.uuid)
    return redirect("goals:detail", uuid=milestone.goal.uuid)
