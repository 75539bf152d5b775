from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "minime.calendars"
    label = "calendars"
    verbose_name = "Calendars"

    def ready(self) -> None:
        # The jobs app sits below calendars: it adds its periodic read.
        from minime.calendars import jobs

        jobs.connect()
