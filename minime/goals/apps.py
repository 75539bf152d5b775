from django.apps import AppConfig


class GoalsConfig(AppConfig):
    name = "minime.goals"
    label = "goals"
    verbose_name = "Goals"
