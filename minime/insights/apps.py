from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "minime.insights"
    label = "insights"
    verbose_name = "Insights"
