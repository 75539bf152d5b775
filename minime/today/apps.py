from django.apps import AppConfig


class TodayConfig(AppConfig):
    name = "minime.today"
    label = "today"
    verbose_name = "Today"
