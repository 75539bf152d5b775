from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "minime.ai"
    label = "ai"
    verbose_name = "AI features"

    def ready(self) -> None:
        from minime.ai import checks  # noqa: F401  (registers the system check)
