from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "minime.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from minime.notifications import (
            checks,  # noqa: F401  (registers the system check)
            jobs,
        )

        jobs.connect()  # the daily clean-up of old notifications (the jobs app is below this one)
