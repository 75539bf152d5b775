"""Automation pages: the person's rules, the builder (new and edit), a rule with its runs.

Rules are their owner's alone: every rule is looked up in the active workspace *and* by owner, so
another person's rule, even in a shared workspace, is a 404.

Every form works as a plain post (a redirect on success, the page again with a 422 and the
messages by their fields when refused) and through htmx:

* the builder's form posts to its page and, with htmx, gets the builder back (``_builder.html``)
  or a redirect; its buttons "Update", "Add another action" and "Remove" redraw it without
  saving. As things are picked, ``preview`` redraws it (a new trigger or action kind) or only
  its sentence (anything else), and never saves;
* the on/off switch answers with its row (the list) or the rule's state card (its page).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from minime.automations import selectors, services
from minime.automations.forms import Builder, Choices, example_initial, initial_of
from minime.automations.models import Rule, Run
from minime.core import limits
from minime.core.errors import Conflict, Invalid
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest

RUNS_PER_PAGE = 25
FROM_LIST = "list"  # the switch's `next`: back to the list, not the rule's page
ACTION_NAMES = {
    "push": "Push",
    "create_task": "New task",
    "set_field": "Change the task",
    "add_to_today": "Add to Today",
    "create_capture": "Inbox note",
}


def _rule(request: AuthedRequest, uuid: UUID) -> Rule:
    """The person's own rule in the active workspace, or a 404."""
    return get_scoped_or_404(Rule, request.workspace, uuid=uuid, owner=request.user)


def _view(request: AuthedRequest, rule: Rule) -> selectors.RuleView:
    return selectors.described(request.workspace, [rule])[0]


def _detail_url(rule: Rule) -> str:
    return reverse("automations:detail", kwargs={"uuid": rule.uuid})


# --- The list ------------------------------------------------------------------------------------
@login_required
@require_GET
def rule_index(request: AuthedRequest) -> HttpResponse:
    """The person's rules here, with their sentences, and the examples to start from."""
    rows = list(selectors.rules(request.workspace, request.user))
    context = {
        "rules": selectors.described(request.workspace, rows),
        "examples": [(rule.id, sentence) for rule, sentence, _ in selectors.examples()],
        "at_limit": len(rows) >= limits.AUTOMATION_RULES_MAX,
        "rules_max": limits.AUTOMATION_RULES_MAX,
    }
    return render(request, "automations/rule_list.html", context)


# --- The builder ---------------------------------------------------------------------------------
def _builder_page(
    request: AuthedRequest, builder: Builder, *, rule: Rule | None = None, status: int = 200
) -> HttpResponse:
    """The builder's page, or for htmx the builder alone (``#rule-builder``)."""
    context: dict[str, Any] = {
        "builder": builder,
        "rule": rule,
        "action_url": reverse("automations:edit", kwargs={"uuid": rule.uuid})
        if rule
        else reverse("automations:new"),
    }
    template = "automations/_builder.html" if request.htmx else "automations/rule_form.html"
    return render(request, template, context, status=status)


def _saved(request: AuthedRequest, rule: Rule, message: str) -> HttpResponse:
    messages.success(request, message)
    url = _detail_url(rule)
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_http_methods(["GET", "POST"])
def rule_new(request: AuthedRequest) -> HttpResponse:
    """GET: the builder, from one of the examples with ``?example=<id>``. POST: save the rule
    (or, for the builder's own buttons, draw it again)."""
    choices = Choices.of(request.workspace)
    if request.method == "GET":
        initial = example_initial(request.GET.get("example", "")[:100])
        return _builder_page(request, Builder(choices=choices, initial=initial))
    builder = Builder(request.POST, choices=choices)
    if builder.changing:
        builder.apply_changes()
        return _builder_page(request, builder)
    if builder.is_valid():
        try:
            rule = services.rule_create(
                workspace=request.workspace,
                owner=request.user,
                definition=builder.definition(),
                name=builder.name,
            )
        except Invalid as exc:
            builder.place(exc)
        else:
            return _saved(request, rule, "Saved the rule: it runs from now on.")
    else:
        builder.refuse(services.NOT_VALID)
    return _builder_page(request, builder, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The builder for a stored rule; POST saves it (a stale version is a conflict)."""
    rule = _rule(request, uuid)
    choices = Choices.of(request.workspace)
    if request.method == "GET":
        initial = initial_of(rule.definition, name=rule.name, version=rule.version)
        return _builder_page(request, Builder(choices=choices, initial=initial), rule=rule)
    builder = Builder(request.POST, choices=choices)
    if builder.changing:
        builder.apply_changes()
        return _builder_page(request, builder, rule=rule)
    if builder.is_valid():
        try:
            services.rule_update(
                rule=rule,
                expected_version=builder.version,
                definition=builder.definition(),
                name=builder.name,
            )
        except Conflict as exc:
            builder.refuse(exc.message)
        except Invalid as exc:
            builder.place(exc)
        else:
            return _saved(request, rule, "Saved the rule.")
    else:
        builder.refuse(services.NOT_VALID)
    # The service may have changed `rule` as it checked: show the stored one beside the typed.
    return _builder_page(request, builder, rule=_rule(request, uuid), status=422)


@login_required
@require_POST
def rule_preview(request: AuthedRequest) -> HttpResponse:
    """The builder drawn again for what is picked so far, with its sentence. Never saves."""
    builder = Builder(request.POST, choices=Choices.of(request.workspace))
    return render(request, "automations/_builder.html", {"builder": builder})


# --- One rule ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ActionDone:
    """What one action of a run did, as the history shows it."""

    name: str
    ok: bool
    detail: str
    url: str


@dataclass(frozen=True, slots=True)
class RunRow:
    run: Run
    actions: list[ActionDone]


def _local_url(value: object) -> str:
    """A link within the site, or "" (a run's links are the app's own pages)."""
    url = str(value or "")
    return url if url.startswith("/") and not url.startswith("//") else ""


def _run_row(run: Run) -> RunRow:
    done = []
    for action in run.actions if isinstance(run.actions, list) else []:
        if not isinstance(action, dict):
            continue
        kind = str(action.get("kind", ""))
        done.append(
            ActionDone(
                name=ACTION_NAMES.get(kind, kind),
                ok=bool(action.get("ok")),
                detail=str(action.get("detail") or ""),
                url=_local_url(action.get("url")),
            )
        )
    return RunRow(run, done)


def _state(request: AuthedRequest, rule: Rule, *, status: int = 200) -> HttpResponse:
    return render(request, "automations/_state.html", {"view": _view(request, rule)}, status=status)


@login_required
@require_GET
def rule_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The rule as a sentence, whether it is on, and its runs, newest first."""
    rule = _rule(request, uuid)
    page = Paginator(selectors.runs(rule), RUNS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "view": _view(request, rule),
        "page": page,
        "runs": [_run_row(run) for run in page.object_list],
    }
    return render(request, "automations/rule_detail.html", context)


@login_required
@require_POST
def rule_toggle(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Turn the rule on (``enabled=on``, which also clears a pause) or off (``enabled=off``)."""
    rule = _rule(request, uuid)
    enabled = request.POST.get("enabled")
    if enabled not in ("on", "off"):
        return HttpResponseBadRequest("Say on or off.")
    services.rule_set_enabled(rule=rule, enabled=enabled == "on")
    if request.htmx:
        if request.htmx.target == f"rule-{rule.uuid}":
            context = {"view": _view(request, rule)}
            return render(request, "automations/_rule_row.html", context)
        return _state(request, rule)
    label = f"“{rule.name}”" if rule.name else "The rule"
    messages.success(request, f"{label} is {'on' if rule.enabled else 'off'}.")
    if request.POST.get("next") == FROM_LIST:
        return redirect("automations:index")
    return redirect(_detail_url(rule))


@login_required
@require_http_methods(["GET", "POST"])
def rule_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """GET asks to confirm; POST deletes the rule and its run history."""
    rule = _rule(request, uuid)
    if request.method == "GET":
        return render(request, "automations/rule_delete.html", {"view": _view(request, rule)})
    services.rule_delete(rule=rule)
    messages.success(request, f"Deleted “{rule.name}”." if rule.name else "Deleted the rule.")
    url = reverse("automations:index")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
