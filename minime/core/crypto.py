"""Secrets at rest (iCal URLs, OAuth refresh tokens), encrypted with rotating Fernet keys.

ENCRYPTION_KEYS lists keys newest first: new values are encrypted with the first key, and values
made with any listed key still decrypt. To rotate, put a new key in front, re-encrypt
the stored values with `reencrypt()`, then drop the old key.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


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
