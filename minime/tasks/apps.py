from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "minime.tasks"
    label = "tasks"
    verbose_name = "Tasks and projects"

    def ready(self) -> None:
        # A member leaving a shared workspace is told by the workspaces app (below this one).
        from minime.tasks import services

        services.connect()
