from django.apps import AppConfig


class OutboxConfig(AppConfig):
    name = "minime.outbox"
    label = "outbox"
    verbose_name = "Event outbox"
