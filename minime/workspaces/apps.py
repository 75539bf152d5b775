from typing import Any

from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "minime.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"

    def ready(self) -> None:
        from minime.accounts.signals import account_created

        account_created.connect(_give_personal_workspace, dispatch_uid="personal-workspace")


def _give_personal_workspace(sender: Any, *, user: Any, **kwargs: Any) -> None:
    """Every new account gets its personal workspace, in the account's own transaction."""
    from minime.workspaces.services import workspace_create_personal

    workspace_create_personal(user=user)
