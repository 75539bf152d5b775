"""Each API ``Literal`` in the vocabulary names exactly its ``TextChoices`` values."""

from __future__ import annotations

from typing import get_args

from minime.core.vocabulary import Energy, EnergyLevel


def test_energy_level_is_the_energy_values_in_order():
    assert list(get_args(EnergyLevel)) == Energy.values == ["low", "medium", "high"]
