"""WSGI entry point. Runs the system checks first, so an unsafe configuration never serves."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

application = get_wsgi_application()

from django.core import checks  # noqa: E402
from django.core.management.base import SystemCheckError  # noqa: E402

_serious = [m for m in checks.run_checks() if m.is_serious() and not m.is_silenced()]
if _serious:
    raise SystemCheckError("\n".join(str(m) for m in _serious))

from minime.core.runtime import settle_worker  # noqa: E402

settle_worker()
