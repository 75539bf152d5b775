from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "minime.decisions"
    label = "decisions"
    verbose_name = "Decisions"
