"""Decision pages: the list, and one decision with its options, criteria, score matrix, choice
and revisit.

Every form works as a plain post (a redirect on success, the page again with a 422 and the
message next to the field on bad input) and through htmx: a form on the decision page answers the
decision's body (`_decision.html`, swapped whole so the matrix, the choice and the header agree),
with a 422 when refused — static/js/app.js swaps those too.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest
from minime.decisions import selectors, services
from minime.decisions.forms import (
    ChooseForm,
    CriterionForm,
    DecisionCreateForm,
    DecisionForm,
    MatrixForm,
    OptionForm,
    RevisitForm,
)
from minime.decisions.models import Decision, DecisionCriterion, DecisionOption, weight_field

FROM_LIST = "list"  # a row menu's `next`: answer with the list, not the decision


# --- The list ------------------------------------------------------------------------------------
def _board(request: AuthedRequest) -> selectors.DecisionBoard:
    return selectors.decision_board(request.workspace, timezone.localdate())


def _index_page(
    request: AuthedRequest, form: DecisionCreateForm, status: int = 200
) -> HttpResponse:
    context = {"board": _board(request), "form": form}
    return render(request, "decisions/decision_list.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def decision_index(request: AuthedRequest) -> HttpResponse:
    """Open decisions, then decided, then revisited, with the form to add one (POST here)."""
    if request.method == "GET":
        return _index_page(request, DecisionCreateForm(workspace=request.workspace))
    form = DecisionCreateForm(request.POST, workspace=request.workspace)
    if form.is_valid():
        try:
            decision = services.decision_create(workspace=request.workspace, **form.changes())
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added “{decision.question}”. Now write down the options.")
            url = reverse("decisions:detail", kwargs={"uuid": decision.uuid})
            return HttpResponseClientRedirect(url) if request.htmx else redirect(url)
    if request.htmx:
        return render(request, "decisions/_add_form.html", {"form": form}, status=422)
    return _index_page(request, form, status=422)


def _after_list_action(request: AuthedRequest, done: str) -> HttpResponse:
    """A row menu's action, from the list: htmx gets the groups again, a plain post a redirect."""
    if request.htmx:
        context = {"board": _board(request), "notice": done}
        return render(request, "decisions/_groups.html", context)
    messages.success(request, done)
    return redirect("decisions:index")


# --- One decision --------------------------------------------------------------------------------
def _decision(request: AuthedRequest, uuid: UUID) -> Decision:
    """The decision with its area, choice and counts (one query); another workspace's is a 404."""
    return get_object_or_404(selectors.decision_list(request.workspace), uuid=uuid)


def _detail_url(decision: Decision, section: str = "") -> str:
    url = reverse("decisions:detail", kwargs={"uuid": decision.uuid})
    return f"{url}#{section}" if section else url


def _page(
    request: AuthedRequest,
    decision: Decision,
    *,
    status: int = 200,
    notice: str = "",
    focus: str = "",
    **forms: Any,
) -> HttpResponse:
    """The decision page, or for htmx its body alone. `forms` replace the fresh forms (a refused
    one, with its errors and what was typed); `focus` names the field to put the cursor in."""
    today = timezone.localdate()
    sheet = selectors.decision_sheet(decision)
    context: dict[str, Any] = {
        "decision": decision,
        "sheet": sheet,
        "today": today,
        "past_deadline": selectors.is_past_deadline(decision, today),
        "revisit_due": selectors.is_revisit_due(decision, today),
        "form": DecisionForm(instance=decision, workspace=request.workspace, prefix="decision"),
        "option_form": OptionForm(prefix="option"),
        "criterion_form": CriterionForm(prefix="criterion"),
        "matrix_form": MatrixForm(sheet=sheet),
        "choose_form": ChooseForm(sheet=sheet, today=today, prefix="choose"),
        "revisit_form": RevisitForm(decision=decision, prefix="revisit"),
        "notice": notice,
        **forms,
    }
    if focus:
        form_name, field = focus.split(".")
        context[form_name].fields[field].widget.attrs["autofocus"] = True
    template = "decisions/_decision.html" if request.htmx else "decisions/decision_detail.html"
    return render(request, template, context, status=status)


def _done(
    request: AuthedRequest, decision: Decision, message: str, section: str = "", focus: str = ""
) -> HttpResponse:
    """After a change on the decision page: htmx gets the body with the message read out, a plain
    post a redirect back to the section."""
    if request.htmx:
        return _page(request, _decision(request, decision.uuid), notice=message, focus=focus)
    messages.success(request, message)
    return redirect(_detail_url(decision, section))


@login_required
@require_http_methods(["GET", "POST"])
def decision_detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """The decision (GET); POST saves its question, context, area and deadline."""
    decision = _decision(request, uuid)
    if request.method == "GET":
        return _page(request, decision)
    form = DecisionForm(
        request.POST, instance=decision, workspace=request.workspace, prefix="decision"
    )
    if form.is_valid():
        try:
            services.decision_update(
                decision=decision, expected_version=form.cleaned_data["version"], **form.changes()
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, "Saved the details.")
    # The form changed `decision` as it validated: show the stored one beside what was typed.
    return _page(request, _decision(request, uuid), form=form, status=422)


@login_required
@require_POST
def decision_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = get_scoped_or_404(Decision, request.workspace, uuid=uuid)
    services.decision_delete(decision=decision)
    done = f"Deleted “{decision.question}”."
    if request.POST.get("next") == FROM_LIST:
        return _after_list_action(request, done)
    messages.success(request, done)
    url = reverse("decisions:index")
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


@login_required
@require_POST
def decision_reopen(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Back to open: the choice is cleared, what was written stays."""
    decision = _decision(request, uuid)
    services.decision_reopen(decision=decision)
    done = f"“{decision.question}” is open again."
    if request.POST.get("next") == FROM_LIST:
        return _after_list_action(request, done)
    return _done(request, decision, done, "choose")


@login_required
@require_POST
def decision_choose(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = _decision(request, uuid)
    sheet = selectors.decision_sheet(decision)
    form = ChooseForm(request.POST, sheet=sheet, today=timezone.localdate(), prefix="choose")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_choose(
                decision=decision,
                option=data["option"],
                reasoning=data["reasoning"],
                expected_outcome=data["expected_outcome"],
                revisit_on=data["revisit_on"],
                expected_version=data["version"],
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, f"Decided: {data['option'].title}.", "choice")
    return _page(request, _decision(request, uuid), choose_form=form, status=422)


@login_required
@require_POST
def decision_revisit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = _decision(request, uuid)
    form = RevisitForm(request.POST, decision=decision, prefix="revisit")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_revisit(
                decision=decision,
                outcome=data["outcome"],
                actual_outcome=data["actual_outcome"],
                expected_version=data["version"],
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, "Recorded how it turned out.", "outcome")
    return _page(request, _decision(request, uuid), revisit_form=form, status=422)


# --- Options -------------------------------------------------------------------------------------
@login_required
@require_POST
def option_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = _decision(request, uuid)
    form = OptionForm(request.POST, prefix="option")
    if form.is_valid():
        try:
            option = services.option_create(decision=decision, **form.changes())
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            done = f"Added the option {option.title}."
            return _done(request, decision, done, "options", focus="option_form.title")
    return _page(request, decision, option_form=form, focus="option_form.title", status=422)


def _option(request: AuthedRequest, uuid: UUID) -> DecisionOption:
    return get_scoped_or_404(DecisionOption, request.workspace, uuid=uuid)


@login_required
@require_http_methods(["GET", "POST"])
def option_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """GET: the option's form (htmx: in its row; else the page with the row open for editing).
    POST saves it."""
    option = _option(request, uuid)
    decision = _decision(request, option.decision.uuid)
    if request.method == "GET":
        form = OptionForm(instance=option, prefix="edit-option")
        form.fields["title"].widget.attrs["autofocus"] = True
        if request.htmx:
            context = {"decision": decision, "option": option, "edit_form": form}
            return render(request, "decisions/_option_edit.html", context)
        return _page(request, decision, editing_option=option.uuid, option_edit_form=form)
    form = OptionForm(request.POST, instance=option, prefix="edit-option")
    if form.is_valid():
        try:
            services.option_update(
                option=option, expected_version=form.cleaned_data["version"], **form.changes()
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, f"Saved the option {option.title}.", "options")
    return _page(request, decision, editing_option=option.uuid, option_edit_form=form, status=422)


@login_required
@require_POST
def option_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    option = _option(request, uuid)
    decision = _decision(request, option.decision.uuid)
    try:
        services.option_delete(option=option)
    except Invalid as exc:
        if request.htmx:
            return _page(request, decision, options_error=exc.message, status=422)
        messages.error(request, exc.message)
        return redirect(_detail_url(decision, "options"))
    return _done(request, decision, f"Deleted the option {option.title}.", "options")


# --- Criteria ------------------------------------------------------------------------------------
@login_required
@require_POST
def criterion_add(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    decision = _decision(request, uuid)
    form = CriterionForm(request.POST, prefix="criterion")
    if form.is_valid():
        try:
            criterion = services.criterion_create(decision=decision, **form.changes())
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            done = f"Added the criterion {criterion.name}."
            return _done(request, decision, done, "criteria", focus="criterion_form.name")
    return _page(request, decision, criterion_form=form, focus="criterion_form.name", status=422)


def _criterion(request: AuthedRequest, uuid: UUID) -> DecisionCriterion:
    return get_scoped_or_404(DecisionCriterion, request.workspace, uuid=uuid)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """GET: the criterion's form (htmx: in its row; else the page with the row open for
    editing). POST saves it."""
    criterion = _criterion(request, uuid)
    decision = _decision(request, criterion.decision.uuid)
    if request.method == "GET":
        form = CriterionForm(instance=criterion, prefix="edit-criterion")
        form.fields["name"].widget.attrs["autofocus"] = True
        if request.htmx:
            context = {"decision": decision, "criterion": criterion, "edit_form": form}
            return render(request, "decisions/_criterion_edit.html", context)
        return _page(request, decision, editing_criterion=criterion.uuid, criterion_edit_form=form)
    form = CriterionForm(request.POST, instance=criterion, prefix="edit-criterion")
    if form.is_valid():
        try:
            services.criterion_update(
                criterion=criterion,
                expected_version=form.cleaned_data["version"],
                **form.changes(),
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, f"Saved the criterion {criterion.name}.", "criteria")
    return _page(
        request, decision, editing_criterion=criterion.uuid, criterion_edit_form=form, status=422
    )


@login_required
@require_POST
def criterion_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    criterion = _criterion(request, uuid)
    decision = _decision(request, criterion.decision.uuid)
    services.criterion_delete(criterion=criterion)
    return _done(request, decision, f"Deleted the criterion {criterion.name}.", "criteria")


# --- Scores --------------------------------------------------------------------------------------
@login_required
@require_POST
def scores_save(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Save the matrix: every criterion's weight and every cell's score (empty clears it)."""
    decision = _decision(request, uuid)
    sheet = selectors.decision_sheet(decision)
    form = MatrixForm(request.POST, sheet=sheet)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():  # the weights and the scores, or nothing
                for criterion in sheet.criteria:
                    weight = data[weight_field(criterion)]
                    if weight != criterion.weight:
                        services.criterion_update(
                            criterion=criterion, expected_version=None, weight=weight
                        )
                changes = [
                    services.ScoreChange(row.option, cell.criterion, data[cell.field])
                    for row in sheet.rows
                    for cell in row.cells
                ]
                services.scores_set(decision=decision, changes=changes)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            return _done(request, decision, "Saved the scores.", "matrix")
    return _page(request, decision, matrix_form=form, status=422)
