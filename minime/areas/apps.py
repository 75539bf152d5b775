from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "minime.areas"
    label = "areas"
    verbose_name = "Life areas"
