from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "minime.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        import config.checks  # noqa: F401  (registers the deployment checks)
        from minime.core.grants import grant_runtime_roles

        post_migrate.connect(grant_runtime_roles, dispatch_uid="minime_grant_runtime_roles")
