from typing import Any

from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "minime.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"

    def ready(self) -> None:
        from minime.accounts.signals import account_created, signed_up_through_invite

        account_created.connect(_give_personal_workspace, dispatch_uid="personal-workspace")
        signed_up_through_invite.connect(_join_through_invite, dispatch_uid="join-invite")


def _give_personal_workspace(sender: Any, *, user: Any, **kwargs: Any) -> None:
    """Every new account gets its personal workspace, in the account's own transaction."""
    from minime.workspaces.services import workspace_create_personal

    workspace_create_personal(user=user)


def _join_through_invite(
    sender: Any, *, request: Any, user: Any, invite_hash: str, **kwargs: Any
) -> str:
    """A sign-up that came through an invite link joins its workspace once the account exists:
    the invite waits in the session and the confirmation page goes on to the page that joins
    (the account's transaction must be committed first). Returns where to go."""
    from django.urls import reverse

    from minime.workspaces.views import PENDING_INVITE

    request.session[PENDING_INVITE] = invite_hash
    return reverse("workspaces:join")
