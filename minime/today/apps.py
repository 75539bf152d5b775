from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "minime.today"
    label = "today"
    verbose_name = "Today"

    def ready(self) -> None:
        # The jobs app sits below Today and cannot import it: Today adds its periodic job.
        from minime.jobs.schedule import PeriodicJob, register
        from minime.today.jobs import RECAP_EVERY, send_due_recaps

        register(PeriodicJob("send-due-recaps", RECAP_EVERY, send_due_recaps, {}))
