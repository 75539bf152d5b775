"""The local fake Google every Gmail test talks to, with the settings pointing at it."""

from __future__ import annotations

import pytest

from minime.gmail.tests import fake_google


@pytest.fixture
def fake(settings):
    server = fake_google.start()
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    for name, value in server.settings().items():
        setattr(settings, name, value)
    yield server
    server.close()
