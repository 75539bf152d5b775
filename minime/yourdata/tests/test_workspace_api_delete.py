"""DELETE /api/v1/workspaces/{uuid}: an owner deletes a shared workspace once its name is sent as
`confirm`; a member gets a 403, a stranger a 404, the personal workspace and a wrong name a 422,
and none of them deletes anything."""

from __future__ import annotations

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core.db import SERVICE_DB, as_user
from minime.notifications.models import Notification
from minime.tasks.models import Task
from minime.tasks.services import task_create
from minime.workspaces.models import Membership, Workspace

# The workspace's rows are checked through the service connection (no row-level security).
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

JSON = "application/json"


def token_client(user) -> Client:
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def path(workspace: Workspace) -> str:
    return f"/api/v1/workspaces/{workspace.uuid}"


def delete(client: Client, workspace: Workspace, confirm: str | None):
    body = {} if confirm is None else {"confirm": confirm}
    return client.delete(path(workspace), body, content_type=JSON)


def error(answer, status: int) -> dict:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


@pytest.fixture
def shared_task(personas, alice):
    with as_user(alice.pk):
        return task_create(workspace=personas.shared, title="Shared task", created_by=alice)


def still_there(workspace: Workspace) -> bool:
    return (
        Workspace.objects.using(SERVICE_DB).filter(pk=workspace.pk).exists()
        and Task.objects.using(SERVICE_DB).filter(workspace_id=workspace.pk).exists()
    )


def test_an_owner_deletes_a_shared_workspace_by_its_name(personas, alice, bob, shared_task):
    as_alice, as_bob = token_client(alice), token_client(bob)
    answer = delete(as_alice, personas.shared, "  alice & BOB ")
    assert answer.status_code == 204, answer.content
    assert answer.content == b""
    assert not Workspace.objects.using(SERVICE_DB).filter(pk=personas.shared.pk).exists()
    assert not Task.objects.using(SERVICE_DB).filter(pk=shared_task.pk).exists()
    assert not Membership.objects.using(SERVICE_DB).filter(workspace_id=personas.shared.pk).exists()
    # bob loses it at once, and is told
    assert error(as_bob.get(path(personas.shared)), 404)["message"] == "No such workspace."
    with as_user(bob.pk):
        told = Notification.objects.get(user=bob)
    assert told.title == "Alice deleted the shared workspace “Alice & Bob”"
    # and alice's own workspace is untouched
    assert [w["name"] for w in as_alice.get("/api/v1/workspaces").json()["items"]] == [
        "Alice's workspace"
    ]


def test_a_member_gets_a_403_and_a_stranger_a_404(personas, bob, charlie, shared_task):
    refused = delete(token_client(bob), personas.shared, "Alice & Bob")
    assert error(refused, 403)["message"] == "Only an owner of the workspace can delete it."
    as_charlie = token_client(charlie)
    stranger = delete(as_charlie, personas.shared, "Alice & Bob")
    assert error(stranger, 404)["message"] == "No such workspace."
    unknown = as_charlie.delete(
        "/api/v1/workspaces/00000000-0000-4000-8000-000000000000",
        {"confirm": "Alice & Bob"},
        content_type=JSON,
    )
    assert unknown.content == stranger.content
    assert still_there(personas.shared)


def test_a_wrong_name_or_none_deletes_nothing(personas, alice, shared_task):
    as_alice = token_client(alice)
    wrong = error(delete(as_alice, personas.shared, "Alice and Bob"), 422)
    assert wrong["fields"] == {"confirm": ["Type the workspace's name, “Alice & Bob”, to confirm."]}
    missing = error(delete(as_alice, personas.shared, None), 422)
    assert "confirm" in missing["fields"]
    assert still_there(personas.shared)


def test_the_personal_workspace_goes_only_with_the_account(personas, alice):
    personal = personas.personal(alice)
    refused = error(delete(token_client(alice), personal, personal.name), 422)
    assert "goes only with your account" in refused["message"]
    assert Workspace.objects.using(SERVICE_DB).filter(pk=personal.pk).exists()


def test_the_other_operations_on_the_path_still_answer(personas, alice):
    """DELETE shares its path with GET and PATCH, which live in the workspaces app."""
    as_alice = token_client(alice)
    assert as_alice.get(path(personas.shared)).status_code == 200
    renamed = as_alice.patch(path(personas.shared), {"name": "Home"}, content_type=JSON)
    assert renamed.json()["name"] == "Home"
    assert delete(as_alice, personas.shared, "home").status_code == 204
