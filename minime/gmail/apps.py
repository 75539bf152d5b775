from django.apps import AppConfig


class GmailConfig(AppConfig):
    name = "minime.gmail"
    label = "gmail"
    verbose_name = "Gmail"

    def ready(self) -> None:
        # The jobs app sits below gmail: it adds the hourly clean-up of pulled messages.
        from minime.gmail import jobs

        jobs.connect()
