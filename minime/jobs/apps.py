from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "minime.jobs"
    label = "jobs"
    verbose_name = "Background jobs"
