"""Two devices never silently overwrite each other: updates name the version they started from."""

from __future__ import annotations

import pytest

from minime.core.db import as_user
from minime.core.errors import Conflict, Invalid
from minime.core.models import save_versioned
from minime.workspaces.tests.probe.models import ProbeNote


@pytest.fixture
def note(personas):
    with as_user(personas.alice.pk):
        yield ProbeNote.objects.create(workspace=personas.shared, text="first")


def test_an_update_from_the_current_version_is_saved_and_bumps_the_version(note):
    note.text = "second"
    save_versioned(note, fields=["text"], expected_version=1)
    assert note.version == 2
    assert ProbeNote.objects.get(pk=note.pk).text == "second"


def test_an_update_from_a_stale_version_is_refused_and_changes_nothing(note):
    laptop = ProbeNote.objects.get(pk=note.pk)
    phone = ProbeNote.objects.get(pk=note.pk)
    laptop.text = "from the laptop"
    save_versioned(laptop, fields=["text"], expected_version=laptop.version)
    phone.text = "from the phone"
    with pytest.raises(Conflict) as caught:
        save_versioned(phone, fields=["text"], expected_version=phone.version)
    assert caught.value.current_version == 2
    assert ProbeNote.objects.get(pk=note.pk).text == "from the laptop"


def test_without_an_expected_version_the_write_always_lands(note):
    note.text = "reordered"
    save_versioned(note, fields=["text"], expected_version=None)
    save_versioned(note, fields=["text"], expected_version=None)
    assert note.version == 3


def test_invalid_values_are_reported_per_field(note):
    note.text = "x" * 300
    with pytest.raises(Invalid) as caught:
        save_versioned(note, fields=["text"], expected_version=1)
    assert "text" in caught.value.fields
    assert ProbeNote.objects.get(pk=note.pk).version == 1
