from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from minime.core import crypto


@pytest.fixture
def keys(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.ENCRYPTION_KEYS = [old]
    return settings, old, new


def test_a_secret_round_trips_and_is_not_stored_in_the_clear(keys):
    token = crypto.encrypt("https://calendar.example/private/abc.ics")
    assert "calendar.example" not in token
    assert crypto.decrypt(token) == "https://calendar.example/private/abc.ics"


def test_rotation_keeps_old_secrets_readable_and_reencrypts_with_the_newest_key(keys):
    settings, old, new = keys
    token = crypto.encrypt("refresh-token")
    settings.ENCRYPTION_KEYS = [new, old]
    assert crypto.decrypt(token) == "refresh-token"
    rotated = crypto.reencrypt(token)
    settings.ENCRYPTION_KEYS = [new]
    assert crypto.decrypt(rotated) == "refresh-token"
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token)


def test_a_tampered_secret_is_refused(keys):
    token = crypto.encrypt("x")
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(token[:-4] + "AAAA")
