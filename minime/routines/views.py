"""Routine pages. Small actions answer htmx with a partial and plain form posts with a redirect."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minime.core.errors import Conflict, Invalid
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.routines import services
from minime.routines.forms import RoutineForm, add_errors
from minime.routines.models import Routine, RoutineStep
from minime.routines.selectors import due_among, history, routine_list, routines_for_day


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


def _offset(request: AuthedRequest) -> int:
    return -1 if request.POST.get("direction") == "up" else 1


# ---------------------------------------------------------------------------------------------
# The list, and creating


def _index_page(request: AuthedRequest, form: RoutineForm, status: int = 200) -> HttpResponse:
    routines = routine_list(request.workspace)
    context = {
        "routines": routines,
        "due": due_among(routines),
        "form": form,
        "day": timezone.localdate(),
    }
    return render(request, "routines/routine_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def routine_index(request: AuthedRequest) -> HttpResponse:
    """Due today first, then every routine, then the form to add one (POST here creates)."""
    if request.method == "GET":
        initial = {"starts_on": timezone.localdate()}
        return _index_page(
            request, RoutineForm(workspace=request.workspace, initial=initial, hotkey=True)
        )
    form = RoutineForm(request.POST, workspace=request.workspace, hotkey=True)
    if form.is_valid():
        try:
            routine = services.routine_create(workspace=request.workspace, **form.routine_fields())
        except Invalid as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Added {routine.title}. Add its steps below.")
            return redirect("routines:detail", uuid=routine.uuid)
    return _index_page(request, form, status=422)


@login_required
@require_POST
def routine_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    services.routine_move(routine=routine, offset=_offset(request))
    if request.htmx:
        routines = routine_list(request.workspace)
        return render(request, "routines/_routine_rows.html", {"routines": routines})
    return redirect("routines:index")


# ---------------------------------------------------------------------------------------------
# One routine


def _detail_page(
    request: AuthedRequest,
    routine: Routine,
    *,
    form: RoutineForm | None = None,
    status: int = 200,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    past = history(routine, today=today)
    chosen = _day(request.GET.get("day")) or today
    selected = chosen if chosen in past.statuses else None
    context = {
        "routine": routine,
        "form": form or RoutineForm(workspace=request.workspace, routine=routine),
        "history": past,
        "selected": selected,
        "selected_status": past.statuses.get(selected) if selected else None,
        **_steps_context(routine),
        **(extra or {}),
    }
    return render(request, "routines/routine_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def routine_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The routine: history and check-in, steps, the edit form (POST here saves), delete."""
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    if request.method == "GET":
        return _detail_page(request, routine)
    form = RoutineForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            services.routine_update(
                routine=routine,
                expected_version=form.cleaned_data["version"],
                **form.routine_fields(),
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_errors(form, exc)
        else:
            messages.success(request, f"Saved {routine.title}.")
            return redirect("routines:detail", uuid=routine.uuid)
    routine.refresh_from_db()  # show the stored routine beside the form that kept the input
    return _detail_page(request, routine, form=form, status=422)


@login_required
@require_POST
def routine_set_active(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    active = request.POST.get("active") == "1"
    services.routine_set_active(routine=routine, active=active)
    messages.success(request, f"{routine.title} is {'back on' if active else 'paused'}.")
    return redirect("routines:detail", uuid=routine.uuid)


@login_required
@require_POST
def routine_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    services.routine_delete(routine=routine)
    messages.success(request, f"Deleted {routine.title} and its history.")
    return redirect("routines:index")


# ---------------------------------------------------------------------------------------------
# Checking in


def _checked(request: AuthedRequest) -> list[UUID] | None:
    """The ticked steps when the form carried the checklist, else None (keep the day's ticks)."""
    if not request.POST.get("checklist"):
        return None
    try:
        return [UUID(value) for value in request.POST.getlist("steps")]
    except ValueError as exc:
        raise Invalid("Tick steps of this routine only.") from exc


@login_required
@require_POST
def routine_check_in(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Record a day: `status` done/partly/skipped/clear, and/or the ticked `steps`. htmx gets
    the routine's Today card back; a plain post goes back where it came from."""
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    day = _day(request.POST.get("day")) or timezone.localdate()
    status = request.POST.get("status") or None
    error = ""
    try:
        if status == "clear":
            services.clear(routine=routine, day=day)
        else:
            services.check_in(
                routine=routine, day=day, status=status, checked_steps=_checked(request)
            )
    except Invalid as exc:
        error = exc.message
    if request.htmx:
        # 200 even for an error: htmx swaps only successful responses, and the card says why.
        fresh = routines_for_day(request.workspace, day).get(pk=routine.pk)
        fresh.due = True
        context = {"routine": fresh, "day": day, "error": error}
        return render(request, "routines/_routine_today.html", context)
    if error:
        messages.error(request, error)
    if request.POST.get("from") == "detail":
        url = reverse("routines:detail", kwargs={"uuid": routine.uuid})
        return redirect(f"{url}?day={day.isoformat()}#history")
    return redirect("routines:index")


# ---------------------------------------------------------------------------------------------
# Steps


def _steps_context(routine: Routine) -> dict[str, Any]:
    return {"routine": routine, "steps": list(routine.steps.order_by("position", "created_at"))}


def _steps_answer(
    request: AuthedRequest,
    routine: Routine,
    *,
    failed: str = "",
    message: str = "",
    typed: str = "",
) -> HttpResponse:
    """After a step action: htmx gets the steps block (errors inside it, status 200 so htmx
    swaps it); a plain post is redirected, or on an error gets the page again (422)."""
    errors: dict[str, Any] = {"failed_step": failed, "step_message": message, "typed_title": typed}
    if request.htmx:
        context = {**_steps_context(routine), **errors}
        return render(request, "routines/_step_rows.html", context)
    if message:
        return _detail_page(request, routine, status=422, extra=errors)
    return redirect(f"{reverse('routines:detail', kwargs={'uuid': routine.uuid})}#steps")


@login_required
@require_POST
def step_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    title = request.POST.get("title", "")
    try:
        services.step_add(routine=routine, title=title)
    except Invalid as exc:
        return _steps_answer(request, routine, failed="new", message=exc.message, typed=title)
    return _steps_answer(request, routine)


@login_required
@require_POST
def step_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    step = get_scoped_or_404(RoutineStep, request.workspace, uuid=uuid)
    title = request.POST.get("title", "")
    version = request.POST.get("version", "")
    try:
        services.step_update(
            step=step, expected_version=int(version) if version.isdigit() else None, title=title
        )
    except (Invalid, Conflict) as exc:
        failed = str(step.uuid)
        return _steps_answer(request, step.routine, failed=failed, message=exc.message, typed=title)
    return _steps_answer(request, step.routine)


@login_required
@require_POST
def step_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    step = get_scoped_or_404(RoutineStep, request.workspace, uuid=uuid)
    services.step_delete(step=step)
    return _steps_answer(request, step.routine)


@login_required
@require_POST
def step_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    step = get_scoped_or_404(RoutineStep, request.workspace, uuid=uuid)
    services.step_move(step=step, offset=_offset(request))
    return _steps_answer(request, step.routine)
