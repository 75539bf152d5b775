"""Workspaces: switch between them, make a shared one, and (as its owner) manage its members and
invite links; join one through a link.

Every action is a form post that works without JavaScript: it redirects back with a message, or
shows the page again with the refusal beside the field (422) or the plan's reason (403). A new
invite link is shown once, on the page that answers its creation; only its hash is kept.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from minime.accounts.plans import LOWEST_PLAN_FOR, Feature, may_use
from minime.core import limits
from minime.core.errors import Invalid, ServiceError
from minime.core.outside import outside_request_transaction
from minime.core.types import AuthedRequest
from minime.workspaces import services
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Colour, Invite, Membership
from minime.workspaces.selectors import active_membership, memberships_of


@login_required
@require_POST
def switch(request: AuthedRequest) -> HttpResponse:
    wanted = request.POST.get("workspace", "")
    membership = active_membership(request.user, wanted)
    if membership is None or str(membership.workspace.uuid) != wanted:
        messages.error(request, "You are not a member of that workspace.")
    else:
        request.session[SESSION_KEY] = str(membership.workspace.uuid)
        messages.success(request, f"Switched to {membership.workspace.name}.")
    return redirect("pages:home")


def _plan() -> str:
    return str(LOWEST_PLAN_FOR[Feature.SHARED_WORKSPACES].label)


def _field_errors(exc: Invalid, known: tuple[str, ...]) -> dict[str, str]:
    errors = {name: msgs[0] for name, msgs in exc.fields.items() if name in known and msgs}
    return errors or {known[0]: exc.message}


# --- The list ------------------------------------------------------------------------------------
def _index_page(
    request: AuthedRequest, *, status: int = 200, errors: dict[str, str] | None = None
) -> HttpResponse:
    memberships = list(memberships_of(request.user))
    counts = _member_counts([m.workspace_id for m in memberships])
    context: dict[str, Any] = {
        "memberships": [(m, counts.get(m.workspace_id, 1)) for m in memberships],
        "allowed": may_use(request.user, Feature.SHARED_WORKSPACES),
        "plan": _plan(),
        "colours": Colour.choices,
        "name_max": limits.WORKSPACE_NAME_MAX,
        "errors": errors or {},
        "typed": request.POST if errors else {},
    }
    return render(request, "workspaces/index.html", context, status=status)


def _member_counts(workspace_ids: list[int]) -> dict[int, int]:
    rows = (
        Membership.objects.filter(workspace_id__in=workspace_ids)
        .values("workspace_id")
        .annotate(n=Count("id"))
    )
    return {row["workspace_id"]: row["n"] for row in rows}


@login_required
@require_http_methods(["GET"])
def index(request: AuthedRequest) -> HttpResponse:
    """Your workspaces, and a form to make a shared one (or which plan has sharing)."""
    return _index_page(request)


@login_required
@require_POST
def create(request: AuthedRequest) -> HttpResponse:
    try:
        workspace = services.workspace_create_shared(
            owner=request.user,
            name=request.POST.get("name", ""),
            colour=request.POST.get("colour", ""),
        )
    except Invalid as exc:
        return _index_page(request, status=422, errors=_field_errors(exc, ("name", "colour")))
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _index_page(request, status=exc.status)
    request.session[SESSION_KEY] = str(workspace.uuid)
    messages.success(request, f"“{workspace.name}” is ready, and open. Invite people below.")
    return redirect("workspaces:detail", uuid=workspace.uuid)


# --- One workspace -------------------------------------------------------------------------------
def _membership(request: AuthedRequest, uuid: UUID) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("workspace"), user=request.user, workspace__uuid=uuid
    )


def _detail_page(
    request: AuthedRequest,
    membership: Membership,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    new_link: str = "",
) -> HttpResponse:
    workspace = membership.workspace
    members = list(
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .order_by("-role", "user__email")
    )
    invites: list[Invite] = []
    if membership.is_owner:
        invites = list(
            Invite.objects.filter(
                workspace=workspace, used_at__isnull=True, revoked_at__isnull=True
            ).order_by("-created_at")
        )
    context: dict[str, Any] = {
        "membership": membership,
        "workspace": workspace,
        "members": members,
        "owners": sum(1 for m in members if m.is_owner),
        "invites": invites,
        "allowed": may_use(request.user, Feature.SHARED_WORKSPACES),
        "plan": _plan(),
        "colours": Colour.choices,
        "name_max": limits.WORKSPACE_NAME_MAX,
        "invite_days": services.INVITE_DAYS,
        "invite_days_max": limits.INVITE_DAYS_MAX,
        "errors": errors or {},
        "typed": request.POST if errors else {},
        "new_link": new_link,
        "now": timezone.now(),
    }
    return render(request, "workspaces/detail.html", context, status=status)


@login_required
@require_http_methods(["GET"])
def detail(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """A workspace's members and, for its owners, its settings and invite links."""
    return _detail_page(request, _membership(request, uuid))


def _back(request: AuthedRequest, membership: Membership, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("workspaces:detail", uuid=membership.workspace.uuid)


def _refused(request: AuthedRequest, membership: Membership, exc: ServiceError) -> HttpResponse:
    if isinstance(exc, Invalid) and exc.fields:
        return _detail_page(
            request,
            membership,
            status=422,
            errors=_field_errors(exc, ("name", "colour", "email", "days", "role")),
        )
    messages.error(request, exc.message)
    return _detail_page(request, membership, status=exc.status)


@login_required
@require_POST
def edit(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    membership = _membership(request, uuid)
    try:
        services.workspace_update(
            user=request.user,
            workspace=membership.workspace,
            name=request.POST.get("name"),
            colour=request.POST.get("colour"),
        )
    except ServiceError as exc:
        return _refused(request, membership, exc)
    return _back(request, membership, "Saved.")


@login_required
@require_POST
def invite_create(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    """Make a single-use link and show it, this once."""
    membership = _membership(request, uuid)
    try:
        days = int(request.POST.get("days") or services.INVITE_DAYS)
    except ValueError:
        days = 0
    try:
        made = services.invite_create(
            user=request.user,
            workspace=membership.workspace,
            email=request.POST.get("email", ""),
            days=days,
        )
    except ServiceError as exc:
        return _refused(request, membership, exc)
    link = request.build_absolute_uri(reverse("workspaces:invite", kwargs={"token": made.token}))
    messages.success(request, "Invite link made. Copy it now: it is shown only this once.")
    return _detail_page(request, membership, new_link=link)


@login_required
@require_POST
def invite_revoke(request: AuthedRequest, uuid: UUID, invite: UUID) -> HttpResponse:
    membership = _membership(request, uuid)
    found = get_object_or_404(Invite, workspace=membership.workspace, uuid=invite)
    try:
        services.invite_revoke(user=request.user, invite=found)
    except ServiceError as exc:
        return _refused(request, membership, exc)
    return _back(request, membership, "Invite withdrawn: the link no longer works.")


def _member(membership: Membership, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), workspace=membership.workspace, pk=pk
    )


@login_required
@require_POST
def member_remove(request: AuthedRequest, uuid: UUID, pk: int) -> HttpResponse:
    membership = _membership(request, uuid)
    target = _member(membership, pk)
    try:
        services.member_remove(
            user=request.user, workspace=membership.workspace, member=target.user
        )
    except ServiceError as exc:
        return _refused(request, membership, exc)
    return _back(request, membership, f"{target.user.name} no longer has access.")


@login_required
@require_POST
def member_role(request: AuthedRequest, uuid: UUID, pk: int) -> HttpResponse:
    membership = _membership(request, uuid)
    target = _member(membership, pk)
    role = request.POST.get("role", "")
    try:
        services.member_set_role(
            user=request.user, workspace=membership.workspace, member=target.user, role=role
        )
    except ServiceError as exc:
        return _refused(request, membership, exc)
    if target.user_id == request.user.pk:
        return _back(request, membership, "You are a member now; the other owners manage it.")
    return _back(
        request,
        membership,
        f"{target.user.name} is {'an owner' if role == 'owner' else 'a member'} now.",
    )


@login_required
@require_POST
def leave(request: AuthedRequest, uuid: UUID) -> HttpResponse:
    membership = _membership(request, uuid)
    try:
        services.member_leave(user=request.user, workspace=membership.workspace)
    except ServiceError as exc:
        return _refused(request, membership, exc)
    if request.session.get(SESSION_KEY) == str(membership.workspace.uuid):
        request.session.pop(SESSION_KEY)
    messages.success(request, f"You left “{membership.workspace.name}”.")
    return redirect("workspaces:index")


# --- Joining -------------------------------------------------------------------------------------
PENDING_INVITE = "pending_invite"  # the invite hash a sign-up came through, until it is accepted


@outside_request_transaction
@require_http_methods(["GET", "POST"])
def invite(request: AuthedRequest, token: str) -> HttpResponse:
    """The page an invite link opens. GET only shows it (mail scanners open links); Join (a
    post, signed in) accepts it. Signed out: sign in, or create an account through it."""
    state = services.invite_state(token)
    if request.method == "POST" and request.user.is_authenticated and state is not None:
        try:
            joined = services.invite_accept(user=request.user, token=token)
        except Invalid as exc:
            state = services.invite_state(token)
            messages.error(request, exc.message)
        else:
            request.session[SESSION_KEY] = str(joined.workspace.uuid)
            messages.success(request, f"You joined “{joined.workspace.name}”.")
            return redirect("today:index")
    context = {
        "state": state,
        "token": token,
        "sign_in": f"{reverse('accounts:sign_in')}?next={request.path}",
        "sign_up": f"{reverse('accounts:sign_up')}?invite={token}",
    }
    return render(request, "workspaces/invite.html", context, status=200 if state else 404)


@outside_request_transaction
@login_required
@require_http_methods(["GET"])
def join(request: AuthedRequest) -> HttpResponse:
    """Where a sign-up made through an invite link lands once the account is committed: accept
    the invite waiting in the session (once), then on to the first questions."""
    hashed = request.session.pop(PENDING_INVITE, "")
    if hashed:
        try:
            joined = services.invite_accept(user=request.user, hashed=str(hashed))
        except Invalid as exc:
            messages.warning(request, f"You could not join the shared workspace: {exc.message}")
        else:
            request.session[SESSION_KEY] = str(joined.workspace.uuid)
            messages.success(request, f"You joined “{joined.workspace.name}”.")
    return redirect("preferences:onboarding")
