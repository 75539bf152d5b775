from __future__ import annotations

import pytest

from minime.core.db import as_user


@pytest.fixture
def ws(personas):
    """Alice's personal workspace, with alice as the row-level-security user for the test."""
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)
