"""Pages of reviews: the history, the daily shutdown, the weekly review step by step, and one
review's page. Every action is a form post that works without JavaScript (a redirect, or the
page again with 422 and the message by the field); with htmx a shutdown row or an inbox row
comes back in place."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minime.capture.models import CaptureItem
from minime.core import limits
from minime.core.errors import Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.reviews import charts, selectors, services
from minime.reviews.forms import ShutdownForm
from minime.reviews.models import STEPS, Review, ReviewKind, WeeklyStep
from minime.tasks.models import Task
from minime.today import services as today_services

PAGE_SIZE = 20
STEP_TITLES = dict(WeeklyStep.choices)
STEP_LEADS = {
    "inbox": "Sort everything you captured: make it a task, file it as a note, or let it go.",
    "projects": "Look at each active project. Stuck ones come first. Write one next step where "
    "it helps: it becomes a task in the project.",
    "goals": "Where each active goal stands.",
    "routines": "How your routines went this week.",
    "balance": "Time and completions in each life area, against its weekly target.",
    "decisions": "Decisions past their deadline or due for a look back.",
    "priorities": f"Pick up to {limits.REVIEW_PRIORITIES_MAX} things that matter most next week.",
    "wins": "What went well, and what you would do differently.",
}


# --- History -------------------------------------------------------------------------------------
@login_required
@require_GET
def review_index(request: AuthedRequest) -> HttpResponse:
    """Start or resume this week's review, the shutdown, and the user's reviews, newest first."""
    workspace, user = request.workspace, request.user
    today = timezone.localdate()
    week_start, _ = selectors.week_for(user, today)
    page = Paginator(selectors.review_list(workspace, user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    this_week = selectors.review_for(workspace, user, ReviewKind.WEEKLY, week_start)
    return render(
        request,
        "reviews/index.html",
        {"page": page, "this_week": this_week, "week_start": week_start},
    )


# --- The daily shutdown --------------------------------------------------------------------------
def _shutdown_page(
    request: AuthedRequest,
    *,
    form: ShutdownForm | None = None,
    status: int = 200,
    row_errors: dict[str, str] | None = None,
    saved: bool = False,
) -> HttpResponse:
    workspace, user = request.workspace, request.user
    today = timezone.localdate()
    review = selectors.review_for(workspace, user, ReviewKind.DAILY, today)
    if form is None:
        initial = {}
        if review is not None:
            initial = {
                "energy": review.energy and str(review.energy),
                "mood": review.mood and str(review.mood),
                "notes": review.notes,
            }
        form = ShutdownForm(initial=initial)
    open_tasks = list(selectors.on_today(workspace, today))
    for task in open_tasks:
        task.row_error = (row_errors or {}).get(str(task.uuid), "")  # type: ignore[attr-defined]
    context = {
        "today": today,
        "done": selectors.done_on(workspace, today, user),
        "open": open_tasks,
        "moved": (review.answers.get("moved") or []) if review else [],
        "review": review,
        "form": form,
        "saved": saved,
        "min_day": _tomorrow(today),
    }
    return render(request, "reviews/shutdown.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def shutdown(request: AuthedRequest) -> HttpResponse:
    """The daily shutdown: what got done, what is still open (each with one-tap moves), energy,
    mood and a line of notes. Saving again updates today's."""
    if request.method == "GET":
        return _shutdown_page(request, saved=request.GET.get("saved") == "1")
    form = ShutdownForm(request.POST)
    if form.is_valid():
        try:
            services.shutdown_save(
                workspace=request.workspace,
                user=request.user,
                day=timezone.localdate(),
                energy=form.cleaned_data["energy"],
                mood=form.cleaned_data["mood"],
                notes=form.cleaned_data["notes"],
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return redirect(reverse("reviews:shutdown") + "?saved=1#shutdown-saved")
    return _shutdown_page(request, form=form, status=422)


@login_required
@require_POST
def shutdown_task(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """One row's move: `action` tomorrow, day (with `to`), not_now or drop. htmx gets the row
    back saying what happened; a plain post comes back to the page."""
    task = get_scoped_or_404(Task, request.workspace, uuid=uuid)
    action = request.POST.get("action", "")
    today = timezone.localdate()
    try:
        to = today_services.parse_day(request.POST.get("to", "")) if action == "day" else None
        happened = services.shutdown_move(
            workspace=request.workspace,
            user=request.user,
            task=task,
            action=action,
            today=today,
            to=to,
        )
    except Invalid as exc:
        message = next(iter(exc.fields.values()))[0] if exc.fields else exc.message
        if request.htmx:
            context = {"task": task, "error": message, "min_day": _tomorrow(today), "today": today}
            return render(request, "reviews/_shutdown_row.html", context, status=422)
        return _shutdown_page(request, status=422, row_errors={str(task.uuid): message})
    if request.htmx:
        return render(request, "reviews/_shutdown_row.html", {"task": task, "happened": happened})
    messages.success(request, f"{task.title}: {happened.lower()}.")
    return redirect("reviews:shutdown")


def _tomorrow(today: date) -> str:
    return date.fromordinal(today.toordinal() + 1).isoformat()


# --- The weekly review ---------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def weekly(request: AuthedRequest) -> HttpResponse:
    """GET: this week's review where the user left it (its page once finished), or the page to
    start it. POST: start it (or resume it) and go to its step."""
    workspace, user = request.workspace, request.user
    today = timezone.localdate()
    if request.method == "POST":
        review, _ = services.weekly_start(workspace=workspace, user=user, today=today)
        return _resume(review)
    start, end = selectors.week_for(user, today)
    found = selectors.review_for(workspace, user, ReviewKind.WEEKLY, start)
    if found is not None:
        return _resume(found)
    return render(request, "reviews/weekly_start.html", {"start": start, "end": end})


def _resume(review: Review) -> HttpResponse:
    if review.is_done:
        return redirect("reviews:detail", uuid=review.uuid)
    return redirect("reviews:step", uuid=review.uuid, step=review.step or STEPS[0])


def _review(request: AuthedRequest, uuid: UUID) -> Review:
    """One of the user's own reviews in the workspace; anyone else's is a 404."""
    return get_scoped_or_404(Review, request.workspace, uuid=uuid, created_by=request.user)


def _weekly_in_progress(request: AuthedRequest, uuid: UUID, step: str) -> Review:
    review = _review(request, uuid)
    if review.kind != ReviewKind.WEEKLY or step not in STEPS:
        raise Http404("No such step.")
    return review


@login_required
@require_http_methods(["GET", "POST"])
def weekly_step(request: AuthedRequest, uuid: UUID, step: str) -> HttpResponse:
    """One step of a weekly review. POST keeps what was typed and goes by `go`: next, back,
    leave (to the history, to continue later) or finish (the last step)."""
    review = _weekly_in_progress(request, uuid, step)
    if review.is_done:
        messages.info(request, "This review is finished. Here is what it holds.")
        return redirect("reviews:detail", uuid=review.uuid)
    if request.method == "GET":
        return _step_page(request, review, step)
    go = request.POST.get("go", "next")
    index = STEPS.index(step)
    target = {
        "next": STEPS[min(index + 1, len(STEPS) - 1)],
        "back": STEPS[max(index - 1, 0)],
        "leave": step,
        "finish": step,
    }.get(go, step)
    try:
        services.weekly_save_step(
            review=review,
            user=request.user,
            step=step,
            data=_step_data(request, step),
            go_to=target,
        )
        if go == "finish":
            services.weekly_finish(review=review, user=request.user)
    except Invalid as exc:
        errors = exc.fields or {"general": [exc.message]}
        return _step_page(request, review, step, errors=errors, posted=request.POST, status=422)
    if go == "finish":
        messages.success(request, "Weekly review finished. Have a good week.")
        return redirect("reviews:detail", uuid=review.uuid)
    if go == "leave":
        messages.success(request, "Saved. Pick up where you left off from Reviews.")
        return redirect("reviews:index")
    return redirect("reviews:step", uuid=review.uuid, step=target)


def _step_data(request: AuthedRequest, step: str) -> dict[str, Any]:
    """What a step's form posted, in the shape `weekly_save_step` takes."""
    post = request.POST
    if step == WeeklyStep.PROJECTS:
        prefix = "next_step-"
        return {
            "next_steps": {k[len(prefix) :]: v for k, v in post.items() if k.startswith(prefix)}
        }
    if step == WeeklyStep.PRIORITIES:
        return {"picked": post.getlist("picked")}
    if step == WeeklyStep.WINS:
        return {"wins": post.get("wins", ""), "lessons": post.get("lessons", "")}
    return {"note": post.get("note", "")}


def _step_page(
    request: AuthedRequest,
    review: Review,
    step: str,
    *,
    errors: dict[str, list[str]] | None = None,
    posted: Any = None,
    status: int = 200,
) -> HttpResponse:
    workspace, user = request.workspace, request.user
    today = timezone.localdate()
    saved = review.answers.get(step) or {}
    index = STEPS.index(step)
    context: dict[str, Any] = {
        "review": review,
        "step": step,
        "title": STEP_TITLES[step],
        "lead": STEP_LEADS[step],
        "number": index + 1,
        "total": len(STEPS),
        "is_first": index == 0,
        "is_last": index == len(STEPS) - 1,
        "errors": errors or {},
        "note": posted.get("note", "") if posted is not None else saved.get("note", ""),
    }
    if step == WeeklyStep.INBOX:
        context["items"], context["inbox_count"] = selectors.inbox_items(workspace)
        context["processed"] = saved.get("processed") or {}
    elif step == WeeklyStep.PROJECTS:
        typed = saved.get("next_steps") or {}
        made = saved.get("tasks") or {}
        rows = []
        for project in selectors.projects_to_review(workspace, user, today):
            key = str(project.uuid)
            value = posted.get(f"next_step-{key}", "") if posted is not None else typed.get(key, "")
            rows.append({"project": project, "value": value, "made": made.get(key)})
        context["projects"] = rows
    elif step == WeeklyStep.GOALS:
        context["goals"] = selectors.goals_to_review(workspace)
    elif step in (WeeklyStep.ROUTINES, WeeklyStep.BALANCE):
        numbers = selectors.numbers(workspace, user, review.period_start, review.period_end)
        context["numbers"] = stored = numbers.as_json()
        draw = charts.routines if step == WeeklyStep.ROUTINES else charts.areas
        context["chart"] = draw(stored)
    elif step == WeeklyStep.DECISIONS:
        context["decisions"] = selectors.decisions_to_review(workspace, today)
    elif step == WeeklyStep.PRIORITIES:
        picked = saved.get("picked") or []
        chosen = (
            set(posted.getlist("picked"))
            if posted is not None
            else {f"{p['kind']}:{p['uuid']}" for p in picked}
        )
        context["candidates"] = selectors.priority_candidates(workspace, review.period_end, picked)
        context["chosen"] = chosen
    elif step == WeeklyStep.WINS:
        source = posted if posted is not None else saved
        context["wins"] = source.get("wins", "")
        context["lessons"] = source.get("lessons", "")
    return render(request, "reviews/step.html", context, status=status)


@login_required
@require_POST
def weekly_inbox(request: AuthedRequest, uuid: UUID, item: UUID) -> HttpResponse:
    """Process one inbox item on the first step (`action`: task, note or delete). htmx gets the
    row back saying what happened; a plain post comes back to the step."""
    review = _weekly_in_progress(request, uuid, WeeklyStep.INBOX)
    captured = get_scoped_or_404(CaptureItem, request.workspace, uuid=item)
    try:
        happened = services.weekly_inbox_process(
            review=review, user=request.user, item=captured, action=request.POST.get("action", "")
        )
    except Invalid as exc:
        if request.htmx:
            context = {"review": review, "item": captured, "error": exc.message}
            return render(request, "reviews/_inbox_row.html", context, status=422)
        messages.error(request, exc.message)
        return redirect("reviews:step", uuid=review.uuid, step=WeeklyStep.INBOX)
    if request.htmx:
        context = {"review": review, "item": captured, "happened": happened}
        return render(request, "reviews/_inbox_row.html", context)
    messages.success(request, happened + ".")
    return redirect("reviews:step", uuid=review.uuid, step=WeeklyStep.INBOX)


# --- One review ----------------------------------------------------------------------------------
@login_required
@require_GET
def review_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """What the review holds: the answers and the stored snapshot (a finished review reads the
    same after the data changes); for a weekly one, last week's priorities against what
    happened."""
    review = _review(request, uuid)
    snapshot = review.snapshot or {}
    planned = snapshot.get("planned")
    if review.is_weekly and not review.is_done:
        planned = selectors.planned_vs_happened(request.workspace, request.user, review)
    numbers = snapshot.get("numbers")
    drawn = (
        [charts.routines(numbers), charts.areas(numbers)] if numbers and review.is_weekly else []
    )
    context = {
        "charts": drawn,
        "review": review,
        "numbers": numbers,
        "planned": planned or [],
        "answers": review.answers,
        "steps": [(s, STEP_TITLES[s]) for s in STEPS],
        "step_number": selectors.step_number(review.step) if review.step else None,
        "total": len(STEPS),
    }
    return render(request, "reviews/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """GET asks to confirm; POST deletes the review (the data it looked at stays)."""
    review = _review(request, uuid)
    if request.method == "GET":
        return render(request, "reviews/delete.html", {"review": review})
    services.review_delete(review=review)
    messages.success(request, f"{review.get_kind_display()} deleted.")
    return redirect("reviews:index")
