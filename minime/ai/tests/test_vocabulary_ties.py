"""The pure engines keep plain copies of shared words (they import no Django); these tests tie
each copy to the one definition, so they cannot drift apart."""

from __future__ import annotations

from minime.ai import features
from minime.ai.forms import ItemForm
from minime.ai.smartadd import KINDS
from minime.core.vocabulary import Energy


def test_smart_add_levels_are_the_energy_values():
    assert sorted(features.LEVELS) == sorted(Energy.values)


def test_the_provider_contract_and_the_preview_form_offer_the_engine_kinds():
    assert features.KINDS == KINDS
    assert [value for value, _ in ItemForm.base_fields["kind"].choices] == list(KINDS)  # type: ignore[attr-defined]


def test_the_preview_form_offers_the_energy_choices():
    choices = ItemForm.base_fields["energy"].choices  # type: ignore[attr-defined]
    assert sorted(value for value, _ in choices if value) == sorted(Energy.values)
