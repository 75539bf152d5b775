from django.apps import AppConfig


class WorkspacesConfig(AppConfig):
    name = "minime.workspaces"
    label = "workspaces"
    verbose_name = "Workspaces"
