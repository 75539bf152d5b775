"""Quick add, from anywhere (the sidebar's and the tab bar's Add, or the key q).

As the user types, the line is read by Smart Add's local engine (never a provider: nothing
leaves the server, nothing is counted) and what it understood is shown under the line as chips.
Enter saves a line that reads as one item at once; a paragraph, or a line that reads as several
items, goes on to the Smart Add preview (a 307 redirect: the browser posts the same form there).
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from minime.ai import services
from minime.ai.smartadd import Item, parse
from minime.core import limits, recurrence
from minime.core.errors import Invalid
from minime.core.forms import add_service_errors
from minime.core.types import AuthedRequest
from minime.today.engine.texts import duration


class QuickAddForm(forms.Form):
    """Quick add: one line in Smart Add's syntax (a paragraph goes to the preview). ``next``:
    where to go back to, a path on this site."""

    text = forms.CharField(
        label="Add a task",
        max_length=limits.SMART_ADD_TEXT_MAX,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 1, "placeholder": "Call the bank friday 10am !high"}),
        error_messages={"required": "Type a task first, like “Call the bank friday 10am”."},
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _next(request: AuthedRequest, value: str | None) -> str:
    """Where to go back to: a path on this site, else Today."""
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return reverse("today:index")


def _reading(request: AuthedRequest, text: str) -> list[Item]:
    now = timezone.now().astimezone(ZoneInfo(request.user.time_zone))
    return parse(text, now) if text.strip() else []


def _one_line(text: str) -> bool:
    return "\n" not in text.strip()


def chips(item: Item) -> list[dict[str, str]]:
    """What the engine understood of one item, as the chips under the line show it."""
    found: list[dict[str, str]] = []

    def add(kind: str, text: str) -> None:
        found.append({"kind": kind, "text": text})

    if item.kind != "task":
        add("kind", item.kind.capitalize())
    if item.due_date:
        add("date", item.due_date.strftime("%a %-d %b"))
    if item.due_time:
        add("time", item.due_time.strftime("%H:%M"))
    if item.recurrence:
        add("repeat", recurrence.describe(item.recurrence))
    if item.priority:
        add("priority", f"{item.priority.capitalize()} priority")
    if item.project:
        add("project", f"#{item.project}")
    for label in item.labels:
        add("label", f"@{label}")
    if item.estimate_minutes:
        add("estimate", duration(item.estimate_minutes))
    if item.energy:
        add("energy", f"{item.energy.capitalize()} energy")
    if item.area:
        add("area", item.area)
    return found


def _context(request: AuthedRequest, form: QuickAddForm, **extra: Any) -> dict[str, Any]:
    return {"quick_form": form, **extra}


@login_required
@require_http_methods(["GET", "POST"])
def quick_add(request: AuthedRequest) -> HttpResponse:
    """GET: the quick-add page (the Add tab without JavaScript). POST: save one item, or pass a
    paragraph on to the Smart Add preview."""
    if request.method == "GET":
        form = QuickAddForm(
            auto_id="quick-add-%s",
            initial={"text": request.GET.get("text", ""), "next": request.GET.get("next", "")},
        )
        return render(request, "ai/quick_add.html", _context(request, form))
    form = QuickAddForm(request.POST, auto_id="quick-add-%s")
    template = "ai/_quick_add_form.html" if request.htmx else "ai/quick_add.html"
    if not form.is_valid():
        return render(request, template, _context(request, form), status=422)
    text = form.cleaned_data["text"]
    items = _reading(request, text)
    if not items:
        form.add_error("text", "Type a task first, like “Call the bank friday 10am”.")
        return render(request, template, _context(request, form), status=422)
    if len(items) > 1 or not _one_line(text):
        if request.htmx:  # the dialog keeps the text; Preview posts it as a page
            several = f"This reads as {len(items)} items: press Preview to check them first."
            return render(request, template, _context(request, form, several=several))
        # The preview reads the same form (its text field is "text"); 307 keeps the POST.
        return HttpResponseRedirect(reverse("ai:smart_add"), status=307)
    today = timezone.now().astimezone(ZoneInfo(request.user.time_zone)).date()
    try:
        (created,) = services.smart_add_create(
            workspace=request.workspace, user=request.user, items=items, today=today
        )
    except Invalid as exc:
        add_service_errors(form, exc)
        return render(request, template, _context(request, form), status=422)
    said = ", ".join(c["text"] for c in chips(items[0]))
    done = f"Added “{created.title}”" + (f" ({said})." if said else ".")
    if request.htmx:
        fresh = QuickAddForm(
            auto_id="quick-add-%s", initial={"next": form.cleaned_data.get("next")}
        )
        return render(request, template, _context(request, fresh, added=done))
    messages.success(request, done)
    return redirect(_next(request, form.cleaned_data.get("next")))


@login_required
@require_POST
def quick_add_read(request: AuthedRequest) -> HttpResponse:
    """What the local engine reads in the text so far, as chips (htmx, as the user types)."""
    text = request.POST.get("text", "")[: limits.SMART_ADD_TEXT_MAX]
    items = _reading(request, text)
    context = {
        "items": [{"item": i, "chips": chips(i)} for i in items],
        "preview": len(items) > 1 or (bool(items) and not _one_line(text)),
    }
    return render(request, "ai/_quick_add_chips.html", context)
