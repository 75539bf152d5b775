from django.apps import AppConfig


class AutomationsConfig(AppConfig):
    name = "minime.automations"
    label = "automations"
    verbose_name = "Automations"

    def ready(self) -> None:
        # The outbox and the jobs app sit below automations: it tells them it is here.
        from minime.automations import jobs

        jobs.connect()
