from __future__ import annotations

import uuid

import pytest
from django.http import Http404

from minime.core.db import as_user
from minime.core.errors import NotAllowed
from minime.core.scoping import get_scoped_or_404
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Membership, Role, Workspace
from minime.workspaces.services import membership_add
from minime.workspaces.tests.probe.models import ProbeNote


def test_every_account_gets_a_personal_workspace_it_owns(personas):
    for user in (personas.alice, personas.bob, personas.charlie):
        workspace = personas.personal(user)
        with as_user(user.pk):
            membership = Membership.objects.get(workspace=workspace, user=user)
        assert workspace.is_personal
        assert membership.role == Role.OWNER


def test_home_shows_the_active_workspace_and_its_members(client, personas):
    client.force_login(personas.alice)
    page = client.get("/home/").content.decode()
    assert "Alice&#x27;s workspace" in page
    assert "Personal" in page


def test_a_member_can_switch_to_a_shared_workspace_and_back(client, personas):
    client.force_login(personas.bob)
    response = client.post("/workspaces/switch/", {"workspace": str(personas.shared.uuid)})
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(personas.shared.uuid)
    page = client.get("/home/").content.decode()
    assert "Alice &amp; Bob" in page and "Shared" in page
    assert "Alice" in page and "Bob" in page  # both members listed


def test_switching_to_a_workspace_you_are_not_in_is_refused(client, personas):
    client.force_login(personas.charlie)
    response = client.post(
        "/workspaces/switch/", {"workspace": str(personas.shared.uuid)}, follow=True
    )
    assert "not a member of that workspace" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_a_stale_choice_falls_back_to_the_personal_workspace(client, personas):
    client.force_login(personas.charlie)
    session = client.session
    session[SESSION_KEY] = str(uuid.uuid4())
    session.save()
    assert "Charlie&#x27;s workspace" in client.get("/home/").content.decode()


def test_the_workspace_switcher_appears_only_with_more_than_one_workspace(client, personas):
    client.force_login(personas.charlie)
    assert 'name="workspace"' not in client.get("/home/").content.decode()
    client.force_login(personas.bob)
    assert 'name="workspace"' in client.get("/home/").content.decode()


def test_an_object_of_another_workspace_answers_404(personas):
    alice_ws = personas.personal(personas.alice)
    with as_user(personas.alice.pk):
        note = ProbeNote.objects.create(workspace=alice_ws, text="mine")
        assert get_scoped_or_404(ProbeNote, alice_ws, uuid=note.uuid) == note
    charlie_ws = personas.personal(personas.charlie)
    with pytest.raises(Http404):
        get_scoped_or_404(ProbeNote, charlie_ws, uuid=note.uuid)
    with pytest.raises(Http404):
        get_scoped_or_404(ProbeNote, alice_ws, uuid="not-a-uuid")


def test_the_scoped_queryset_filters_to_one_workspace(personas):
    alice_ws = personas.personal(personas.alice)
    with as_user(personas.alice.pk):
        ProbeNote.objects.create(workspace=alice_ws, text="personal")
        ProbeNote.objects.create(workspace=personas.shared, text="shared")
        texts = list(ProbeNote.objects.in_workspace(alice_ws).values_list("text", flat=True))
    assert texts == ["personal"]


def test_only_an_owner_can_add_members(personas):
    with pytest.raises(NotAllowed):
        membership_add(workspace=personas.shared, user=personas.charlie, added_by=personas.bob)
    with as_user(personas.alice.pk):
        assert not Membership.objects.filter(
            workspace=personas.shared, user=personas.charlie
        ).exists()


def test_workspace_rows_carry_a_public_uuid_and_timestamps(personas):
    with as_user(personas.alice.pk):
        note = ProbeNote.objects.create(workspace=personas.shared, text="x")
    assert isinstance(note.uuid, uuid.UUID)
    assert note.created_at is not None and note.updated_at is not None


def test_a_workspace_is_deleted_with_its_rows(personas):
    with as_user(personas.alice.pk):
        ProbeNote.objects.create(workspace=personas.shared, text="x")
        Workspace.objects.filter(pk=personas.shared.pk).delete()
        assert not ProbeNote.objects.filter(text="x").exists()
