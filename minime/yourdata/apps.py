from django.apps import AppConfig


class YourDataConfig(AppConfig):
    name = "minime.yourdata"
    label = "yourdata"
    verbose_name = "Your data"
