from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "minime.activity"
    label = "activity"
    verbose_name = "Workspace activity"

    def ready(self) -> None:
        # Members joining and leaving are told by the workspaces app (below this one) through its
        # signals; the daily clean-up is a periodic job of the jobs app (below too).
        from minime.activity import jobs, services

        services.connect()
        jobs.connect()
