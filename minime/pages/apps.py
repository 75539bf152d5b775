from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "minime.pages"
    label = "pages"
    verbose_name = "Public pages"
