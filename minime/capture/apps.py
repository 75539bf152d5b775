from django.apps import AppConfig


class CaptureConfig(AppConfig):
    name = "minime.capture"
    label = "capture"
    verbose_name = "Capture"
