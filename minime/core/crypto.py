"""Secrets at rest (iCal URLs, OAuth refresh tokens), encrypted with rotating Fernet keys.

ENCRYPTION_KEYS lists keys newest first: new values are encrypted with the first key, and values
made with any listed key still decrypt. To rotate, put a new key in front, re-encrypt the stored
values (`manage.py reencrypt`, docs/deploy.md), then drop the old key.

The convention that lets the rotation find every stored secret: a model field whose name ends in
`_encrypted` holds a token made by `encrypt()` (or is empty), and no other field does. A
`TextField` or `CharField` named so is all a new secret needs; `encrypted_fields()` lists them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

if TYPE_CHECKING:
    from django.db.models import Model

SUFFIX = "_encrypted"


class SecretUnreadable(Exception):
    """A stored secret was made with a key that is no longer configured, or was tampered with."""


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return _current().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("This secret cannot be read with the configured keys.") from exc


def reencrypt(token: str) -> str:
    """Return `token` encrypted with the newest key (unchanged plaintext)."""
    try:
        return _current().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable("This secret cannot be read with the configured keys.") from exc


def encrypted_fields() -> list[tuple[type[Model], str]]:
    """Every (model, field name) holding secrets, by the `_encrypted` naming convention.

    Only each model's own columns count: a proxy model has none, and a multi-table child's
    inherited columns are its parent's, so every column is listed once."""
    from django.apps import apps  # lazily: encrypting and decrypting need no app registry

    return [
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.local_concrete_fields
        if field.name.endswith(SUFFIX)
    ]
