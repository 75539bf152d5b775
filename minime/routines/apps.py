from django.apps import AppConfig


class RoutinesConfig(AppConfig):
    name = "minime.routines"
    label = "routines"
    verbose_name = "Routines"
