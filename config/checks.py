"""System checks that refuse to run an unsafe public deployment.

A deployment is public when SITE_URL's host or an ALLOWED_HOSTS entry names anything other than
this machine (settings.PUBLIC_HOSTS). Such a deployment must not run with DEBUG, with the
development secret key, without its own encryption keys, or on plain http unless
ALLOW_PUBLIC_HTTP says so.
Errors stop `runserver`, `migrate` and `check --deploy`; gunicorn runs them through config.wsgi.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register


@register(Tags.security, deploy=False)
def check_public_deployment(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for key in settings.ENCRYPTION_KEYS:
        try:
            Fernet(key)
        except ValueError:
            errors.append(
                Error(
                    "ENCRYPTION_KEYS holds a value that is not a Fernet key.",
                    hint="Make one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="minime.E004",
                )
            )
    if settings.NEW_ACCOUNT_PLAN not in {"free", "pro", "max"}:
        errors.append(
            Error(
                f"NEW_ACCOUNT_PLAN is {settings.NEW_ACCOUNT_PLAN!r}.",
                hint="Use free, pro or max.",
                id="minime.E005",
            )
        )
    if not settings.PUBLIC_DEPLOYMENT:
        return errors
    public = ", ".join(settings.PUBLIC_HOSTS)
    if settings.DEBUG:
        errors.append(
            Error(
                f"DEBUG is on while the site answers to {public}.",
                hint="Set DEBUG=false. Debug pages show settings and source code to anyone.",
                id="minime.E001",
            )
        )
    if settings.SECRET_KEY == settings.DEVELOPMENT_SECRET_KEY:
        errors.append(
            Error(
                f"The development secret key is in use while the site answers to {public}.",
                hint="Set SECRET_KEY to a long random value kept outside the code.",
                id="minime.E002",
            )
        )
    if not settings.ENCRYPTION_KEYS_FROM_ENV or (
        settings.DEVELOPMENT_ENCRYPTION_KEY in settings.ENCRYPTION_KEYS
    ):
        errors.append(
            Error(
                f"No encryption key of its own while the site answers to {public}.",
                hint="Set ENCRYPTION_KEYS to one or more Fernet keys, newest first.",
                id="minime.E003",
            )
        )
    if settings.OUTBOUND_ALLOW_HOSTS:
        errors.append(
            Error(
                f"OUTBOUND_ALLOW_HOSTS is set while the site answers to {public}.",
                hint="Leave it empty: it lets the server fetch addresses on this machine or its "
                "network (it exists for the tests' local fake servers).",
                id="minime.E007",
            )
        )
    if not settings.SITE_IS_HTTPS and not settings.ALLOW_PUBLIC_HTTP:
        errors.append(
            Error(
                f"The site answers to {public} on plain http ({settings.SITE_URL}).",
                hint="Serve it over TLS and set SITE_URL=https://<your host>, so passwords and "
                "cookies travel encrypted. A private network on purpose? ALLOW_PUBLIC_HTTP=true.",
                id="minime.E006",
            )
        )
    return errors
