from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from minime.areas import services
from minime.areas.forms import AreaForm
from minime.areas.models import LifeArea
from minime.areas.selectors import area_list
from minime.core.errors import Conflict, Invalid
from minime.core.forms import add_service_errors
from minime.core.scoping import get_scoped_or_404
from minime.core.types import AuthedRequest

FIELDS = ["name", "icon", "colour", "importance", "weekly_target_minutes", "is_active"]


def _list_page(request: AuthedRequest, form: AreaForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "areas/area_list.html",
        {"areas": area_list(request.workspace), "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_index(request: AuthedRequest) -> HttpResponse:
    """The list, with the form to add an area (POST here creates)."""
    if request.method == "GET":
        return _list_page(request, AreaForm())
    form = AreaForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in FIELDS}
        try:
            area = services.area_create(workspace=request.workspace, **data)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added {area.name}.")
            return redirect("areas:index")
    return _list_page(request, form, status=422)


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    area = get_scoped_or_404(LifeArea, request.workspace, uuid=uuid)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        changes = {k: form.cleaned_data[k] for k in FIELDS}
        try:
            services.area_update(
                area=area, expected_version=form.cleaned_data["version"], **changes
            )
        except Conflict as exc:
            form.add_error(None, exc.message)
        except Invalid as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {area.name}.")
            return redirect("areas:index")
    status = 422 if request.method == "POST" else 200
    return render(request, "areas/area_form.html", {"area": area, "form": form}, status=status)


@login_required
@require_POST
def area_delete(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    area = get_scoped_or_404(LifeArea, request.workspace, uuid=uuid)
    services.area_delete(area=area)
    messages.success(request, f"Deleted {area.name}. Its items stay, without an area.")
    return redirect("areas:index")


@login_required
@require_POST
def area_move(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Move up or down; htmx gets the list back, a plain form post a redirect."""
    area = get_scoped_or_404(LifeArea, request.workspace, uuid=uuid)
    services.area_move(area=area, offset=-1 if request.POST.get("direction") == "up" else 1)
    if request.htmx:
        return render(
            request,
            "areas/_area_rows.html",
            {"areas": area_list(request.workspace), "moved": area.uuid},
        )
    return redirect("areas:index")
