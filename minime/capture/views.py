from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from minime.capture import selectors, services
from minime.capture.forms import CaptureForm, NoteForm, return_to
from minime.capture.models import CaptureItem, CaptureKind
from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.preferences.rules import rules_for

INBOX_SHOWN = 200  # a page beyond this is no help; the backlog notice says how many there are


def _inbox_page(request: AuthedRequest, form: CaptureForm, status: int = 200) -> HttpResponse:
    rules = rules_for(request.user)
    backlog = selectors.backlog(
        request.workspace,
        now=timezone.now(),
        items_threshold=rules.capture_backlog_items,
        days_threshold=rules.capture_backlog_days,
    )
    items = list(selectors.inbox(request.workspace)[:INBOX_SHOWN])
    context = {"form": form, "items": items, "backlog": backlog, "rules": rules}
    return render(request, "capture/inbox.html", context, status=status)


def _inbox_item(request: AuthedRequest, uuid: UUID) -> CaptureItem:
    return get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid, kind=CaptureKind.INBOX)


def _note(request: AuthedRequest, uuid: UUID) -> CaptureItem:
    return get_scoped_or_404(CaptureItem, request.workspace, uuid=uuid, kind=CaptureKind.NOTE)


@login_required
@require_http_methods(["GET", "POST"])
def capture_inbox(request: AuthedRequest) -> HttpResponse:
    """The inbox, oldest first, with the one text box (POST here adds an item)."""
    if request.method == "GET":
        return _inbox_page(request, CaptureForm())
    form = CaptureForm(request.POST)
    if form.is_valid():
        try:
            services.capture_add(
                workspace=request.workspace,
                text=form.cleaned_data["text"],
                created_by=request.user,
            )
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Added to your inbox.")
            return redirect(return_to(form.cleaned_data["back"]))
    return _inbox_page(request, form, status=422)


def _row_done(request: AuthedRequest, item: CaptureItem, done: str) -> HttpResponse:
    """htmx gets the row back, saying what happened; a plain form post goes back to the inbox."""
    if request.htmx:
        return render(request, "capture/_capture_row.html", {"item": item, "done": done})
    messages.success(request, done)
    return redirect("capture:inbox")


@login_required
@require_POST
def capture_make_task(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = _inbox_item(request, uuid)
    try:
        task = services.capture_make_task(item=item, user=request.user)
    except Invalid as exc:
        if request.htmx:
            return render(request, "capture/_capture_row.html", {"item": item, "done": exc.message})
        messages.error(request, exc.message)
        return redirect("capture:inbox")
    return _row_done(request, item, f"Now a task: {task.title}")


@login_required
@require_POST
def capture_file_as_note(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    item = services.capture_file_as_note(item=_inbox_item(request, uuid))
    return _row_done(request, item, "Filed as a note.")


@login_required
@require_POST
def capture_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    services.capture_delete(item=_inbox_item(request, uuid))
    if request.htmx:
        return HttpResponse("")  # the row is swapped for nothing: gone
    messages.success(request, "Deleted.")
    return redirect("capture:inbox")


@login_required
@require_GET
def note_list(request: AuthedRequest) -> HttpResponse:
    """Notes, newest first; `?q=` searches them (htmx gets just the rows)."""
    q = request.GET.get("q", "").strip()
    items = selectors.notes(request.workspace, q=q or None)
    context = {"notes": items, "q": q}
    if request.htmx and request.GET.get("partial") == "rows":
        return render(request, "capture/_note_rows.html", context)
    return render(request, "capture/notes.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    note = _note(request, uuid)
    if request.method == "GET":
        form = NoteForm(initial={"text": note.text, "version": note.version})
        return render(request, "capture/note_form.html", {"note": note, "form": form})
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_update(
                item=note,
                expected_version=form.cleaned_data["version"],
                text=form.cleaned_data["text"],
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Note saved.")
            return redirect("capture:notes")
    return render(request, "capture/note_form.html", {"note": note, "form": form}, status=422)


@login_required
@require_POST
def note_restore(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    services.capture_restore(item=_note(request, uuid))
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Moved back to the inbox.")
    return redirect("capture:notes")


@login_required
@require_POST
def note_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    services.capture_delete(item=_note(request, uuid))
    if request.htmx:
        return HttpResponse("")
    messages.success(request, "Note deleted.")
    return redirect("capture:notes")
