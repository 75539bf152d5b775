"""System checks: a public deployment has Web Push keys of its own and no local push endpoints;
the keys configured are usable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register

from minime.notifications.devices import b64url_bytes


@register()
def check_web_push(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    private = b64url_bytes(settings.VAPID_PRIVATE_KEY)
    public = b64url_bytes(settings.VAPID_PUBLIC_KEY)
    if private is None or len(private) != 32 or public is None or len(public) != 65:
        errors.append(
            Error(
                "VAPID_PRIVATE_KEY and VAPID_PUBLIC_KEY are not a Web Push key pair.",
                hint="VAPID_PRIVATE_KEY: the raw 32-byte P-256 key, VAPID_PUBLIC_KEY: the "
                "65-byte uncompressed point, both base64url (see docs/deploy.md).",
                id="minime.notifications.E001",
            )
        )
    if not settings.VAPID_SUBJECT.startswith(("mailto:", "https:")):
        errors.append(
            Error(
                f"VAPID_SUBJECT is {settings.VAPID_SUBJECT!r}.",
                hint="Use mailto:you@example.com or an https: address of the operator.",
                id="minime.notifications.E002",
            )
        )
    if not settings.PUBLIC_DEPLOYMENT:
        return errors
    public_hosts = ", ".join(settings.PUBLIC_HOSTS)
    if not settings.VAPID_KEYS_FROM_ENV:
        errors.append(
            Error(
                f"No Web Push keys of its own while the site answers to {public_hosts}.",
                hint="Set VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY and VAPID_SUBJECT (docs/deploy.md "
                "shows how to make a pair). Keep them: browsers' subscriptions are tied to them.",
                id="minime.notifications.E003",
            )
        )
    elif settings.VAPID_SUBJECT.endswith("@localhost"):
        errors.append(
            Error(
                f"VAPID_SUBJECT is {settings.VAPID_SUBJECT!r} on a public site.",
                hint="Push services may contact the operator there: give a real address.",
                id="minime.notifications.E004",
            )
        )
    if settings.PUSH_ALLOW_LOCAL_ENDPOINTS:
        errors.append(
            Error(
                f"PUSH_ALLOW_LOCAL_ENDPOINTS is on while the site answers to {public_hosts}.",
                hint="Turn it off: it lets devices name endpoints on this machine.",
                id="minime.notifications.E005",
            )
        )
    return errors
