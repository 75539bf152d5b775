"""Fixtures shared by the tasks tests: alice's personal workspace, read and written as alice."""

from __future__ import annotations

import pytest

from minime.core.db import as_user


@pytest.fixture
def ws(personas):
    """Alice's personal workspace, inside a transaction whose RLS user is alice."""
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


@pytest.fixture
def home(personas):
    """Alice's personal workspace, for tests that also make requests (no open transaction)."""
    return personas.personal(personas.alice)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client
