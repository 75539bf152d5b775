from django.apps import AppConfig


class FocusConfig(AppConfig):
    name = "minime.focus"
    label = "focus"
    verbose_name = "Focus"
