from django.apps import AppConfig


class ProbeConfig(AppConfig):
    """A workspace-owned model that exists only in the test settings, so the row-level-security
    machinery is proven on a real table before any product model depends on it."""

    name = "minime.workspaces.tests.probe"
    label = "probe"
