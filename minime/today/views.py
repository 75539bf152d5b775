"""The Today page and its one-tap actions. Each action answers htmx with the re-ranked Today
region (``today/_today.html``) and a plain form post with a redirect back to the page."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minime.calendars.services import refresh_stale
from minime.capture.forms import CaptureForm
from minime.core.errors import Invalid
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.core.vocabulary import Energy
from minime.routines import services as routine_services
from minime.routines.models import Routine
from minime.tasks.models import Task
from minime.today import services
from minime.today.engine import TodayPlan, texts
from minime.today.selectors import plan_for
from minime.today.templatetags.today_tags import ANY_ID

VIEWS = ("plan", "timeline")
# "If there's time" can hold hundreds of tasks on a big list: Today shows the first ones.
IF_TIME_SHOWN = 20


def today_plan(request: AuthedRequest) -> TodayPlan:
    """The plan for the signed-in user in the active workspace, now."""
    _, plan = plan_for(user=request.user, workspace=request.workspace, now=timezone.now())
    return plan


def _context(request: AuthedRequest, **extra: Any) -> dict[str, Any]:
    view = request.GET.get("view") or request.POST.get("view") or "plan"
    plan = today_plan(request)
    start = plan.start_with
    # Calendars not read for a while are read again in the background: the page never waits.
    calendars = refresh_stale(user=request.user)
    return {
        "plan": plan,
        "calendar_problems": [c for c in calendars if c.error],
        "view": view if view in VIEWS else "plan",
        "start_id": start.scored.task.id if start else None,
        "if_time": plan.if_time[:IF_TIME_SHOWN],
        "if_time_more": max(0, len(plan.if_time) - IF_TIME_SHOWN),
        "energies": Energy.choices,
        # Reversed once, made each row's with the ``with_id`` filter.
        "row_urls": {
            "done": reverse("today:done", kwargs={"uuid": ANY_ID}),
            "edit": reverse("tasks:detail", kwargs={"uuid": ANY_ID}),
            "not_now": reverse("today:not_now", kwargs={"uuid": ANY_ID}),
            "move": reverse("today:move", kwargs={"uuid": ANY_ID}),
            "do_instead": reverse("today:do_instead"),
            "check_in": reverse("today:routine_done", kwargs={"uuid": ANY_ID}),
            "routine": reverse("routines:detail", kwargs={"uuid": ANY_ID}),
        },
        **extra,
    }


def _page(request: AuthedRequest, status: int = 200, **extra: Any) -> HttpResponse:
    if request.htmx:
        return render(request, "today/_today.html", _context(request, **extra), status=status)
    add_form = CaptureForm(initial={"back": "today"})
    return render(
        request, "today/today.html", _context(request, add_form=add_form, **extra), status=status
    )


def _after(request: AuthedRequest, message: str) -> HttpResponse:
    if request.htmx:
        return _page(request, notice=message)
    messages.success(request, message)
    view = request.POST.get("view")
    return redirect(f"/today/?view={view}" if view in VIEWS and view != "plan" else "/today/")


@login_required
@require_GET
def today_index(request: AuthedRequest) -> HttpResponse:
    return _page(request)


def _open_task(request: AuthedRequest, uuid: UUID | str) -> Task:
    return get_scoped_or_404(Task, request.workspace, uuid=uuid)


def _refused(request: AuthedRequest, exc: Invalid) -> HttpResponse:
    if request.htmx:
        return _page(request, status=422, error=exc.message)
    messages.error(request, exc.message)
    return redirect("today:index")


@login_required
@require_POST
def not_now(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = _open_task(request, uuid)
    try:
        services.task_not_now(task=task, today=timezone.localdate())
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, f"“{task.title}” is off Today until tomorrow.")


@login_required
@require_POST
def move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Plan the task for another day (``to``, an ISO date after today)."""
    task = _open_task(request, uuid)
    today = timezone.localdate()
    try:
        to = services.parse_day(request.POST.get("to", ""))
        services.task_move(task=task, to=to, today=today)
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, f"“{task.title}” is planned for {texts.day(to, today)}.")


@login_required
@require_POST
def do_instead(request: AuthedRequest) -> HttpResponse:
    """Pin the chosen task (``task``) to today in place of the current one (``replacing``)."""
    chosen = request.POST.get("task", "")
    if not chosen:
        return _refused(request, Invalid("Pick the task to do instead."))
    task = _open_task(request, chosen)
    replacing_uuid = request.POST.get("replacing")
    replacing = _open_task(request, replacing_uuid) if replacing_uuid else None
    try:
        services.task_do_instead(task=task, today=timezone.localdate(), replacing=replacing)
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, f"Doing “{task.title}” instead.")


@login_required
@require_POST
def routine_done(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Check a routine due today in as done, where Today shows it."""
    routine = get_scoped_or_404(Routine, request.workspace, uuid=uuid)
    try:
        routine_services.check_in(routine=routine, day=timezone.localdate(), status="done")
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, f"“{routine.title}” is done for today.")


@login_required
@require_POST
def done(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    task = _open_task(request, uuid)
    try:
        services.task_done(task=task, user=request.user)
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, f"Done: “{task.title}”.")


@login_required
@require_POST
def energy(request: AuthedRequest) -> HttpResponse:
    try:
        services.energy_set(
            user=request.user,
            workspace=request.workspace,
            day=timezone.localdate(),
            energy=request.POST.get("energy", ""),
        )
    except Invalid as exc:
        return _refused(request, exc)
    return _after(request, "Today's energy is set; the plan follows it.")


@login_required
@require_http_methods(["GET", "POST"])
def simplify(request: AuthedRequest) -> HttpResponse:
    """GET: the proposed moves with their reasons. POST: apply the moves that were shown."""
    if request.method == "GET":
        _, plan = plan_for(user=request.user, workspace=request.workspace, now=timezone.now())
        context = {"proposal": plan.simplify, "overloaded": plan.overload is not None}
        return render(request, "today/simplify.html", context)
    moved = services.simplify_apply(
        user=request.user,
        workspace=request.workspace,
        now=timezone.now(),
        only=set(request.POST.getlist("move")),
    )
    count = len(moved)
    return _after(request, f"Moved {count} task{'s' if count != 1 else ''} to another day.")
