from django.apps import AppConfig


class SupportConfig(AppConfig):
    name = "minime.support"
    label = "support"
    verbose_name = "Support"
