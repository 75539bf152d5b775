from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "minime.preferences"
    label = "preferences"
    verbose_name = "Preferences"
