"""/api/v1/workspaces and /api/v1/invites/accept: listing, making, reading and renaming shared
workspaces; invite links (answered once, working once, withdrawn); roles, removal and leaving;
owners only where the pages say so (403), nothing at all for strangers (404), the plan gate."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.urls import resolve

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.accounts.tokens import token_create
from minime.core import limits
from minime.core.db import SERVICE_DB
from minime.core.outside import runs_outside
from minime.workspaces import services
from minime.workspaces.models import Invite, Membership, Role, Workspace

# Accepting an invite goes through the service connection: each test commits for real.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])

JSON = "application/json"
ROOT = "/api/v1/workspaces"
ACCEPT = "/api/v1/invites/accept"
PASSWORD = "a sturdy passphrase 42"


def token_client(user) -> Client:
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def on_plan(user, plan: str):
    plan_set(user=user, plan=plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def as_alice(alice) -> Client:
    return token_client(alice)


@pytest.fixture
def as_bob(bob) -> Client:
    return token_client(bob)


@pytest.fixture
def as_charlie(charlie) -> Client:
    return token_client(charlie)


def at(workspace: Workspace, *rest: str) -> str:
    return "/".join([ROOT, str(workspace.uuid), *rest])


def error(answer, status: int) -> dict:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


def members(workspace: Workspace) -> dict[str, str]:
    rows = Membership.objects.using(SERVICE_DB).filter(workspace=workspace)
    return {m.user.email: m.role for m in rows.select_related("user")}


def token_of(link: str) -> str:
    """The token at the end of an invite link: /invite/<token>/."""
    path = urlsplit(link).path
    match = resolve(path)
    assert match.view_name == "workspaces:invite"
    return match.kwargs["token"]


# --- Listing and reading -------------------------------------------------------------------------
def test_the_list_holds_each_workspace_with_your_role_and_how_many_are_in_it(
    personas, as_alice, as_bob
):
    alices = as_alice.get(ROOT).json()
    assert alices["count"] == 2
    personal, shared = alices["items"]
    assert personal == {
        "uuid": str(personas.personal(personas.alice).uuid),
        "name": "Alice's workspace",
        "colour": "indigo",
        "is_personal": True,
        "your_role": "owner",
        "member_count": 1,
        "active": True,
    }
    assert (shared["name"], shared["your_role"], shared["member_count"], shared["active"]) == (
        "Alice & Bob",
        "owner",
        2,
        False,
    )
    bobs = as_bob.get(ROOT, headers={"X-Workspace": str(personas.shared.uuid)}).json()["items"]
    assert [(w["name"], w["your_role"], w["active"]) for w in bobs] == [
        ("Bob's workspace", "owner", False),
        ("Alice & Bob", "member", True),
    ]


def test_a_member_reads_the_workspace_and_its_members(personas, as_bob):
    answer = as_bob.get(at(personas.shared))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["name"], body["your_role"], body["member_count"]) == ("Alice & Bob", "member", 2)
    assert [(m["name"], m["email"], m["role"], m["you"]) for m in body["members"]] == [
        ("Alice", "alice@example.com", "owner", False),
        ("Bob", "bob@example.com", "member", True),
    ]
    assert all(m["joined_at"] for m in body["members"])


def test_a_stranger_gets_the_answer_of_a_workspace_that_does_not_exist(personas, as_charlie):
    unknown = "/".join([ROOT, "00000000-0000-4000-8000-000000000000"])
    nothing = as_charlie.get(unknown)
    assert error(nothing, 404)["message"] == "No such workspace."
    for path in ("", "/invites"):
        seen = as_charlie.get(at(personas.shared) + path)
        assert (seen.status_code, seen.content) == (404, as_charlie.get(unknown + path).content)
    writes = [
        ("patch", at(personas.shared), {"name": "Mine now"}),
        ("post", at(personas.shared, "invites"), {}),
        ("post", at(personas.shared, "leave"), None),
        ("patch", at(personas.shared, "members", "bob@example.com"), {"role": "member"}),
        ("delete", at(personas.shared, "members", "bob@example.com"), None),
    ]
    for method, path, body in writes:
        answer = getattr(as_charlie, method)(path, body, content_type=JSON)
        assert error(answer, 404)["message"] == "No such workspace.", (method, path)
    assert members(personas.shared) == {"alice@example.com": "owner", "bob@example.com": "member"}
    assert Workspace.objects.using(SERVICE_DB).get(pk=personas.shared.pk).name == "Alice & Bob"


# --- Making and changing -------------------------------------------------------------------------
def test_making_a_shared_workspace_is_part_of_pro(alice, as_alice):
    refused = as_alice.post(ROOT, {"name": "Book club"}, content_type=JSON)
    assert error(refused, 403) == {
        "code": "not_allowed",
        "message": "Sharing a workspace is part of Pro and Max.",
        "fields": {},
    }
    on_plan(alice, Plan.PRO)
    made = as_alice.post(ROOT, {"name": "  Book   club ", "colour": "teal"}, content_type=JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["name"], body["colour"], body["is_personal"], body["your_role"]) == (
        "Book club",
        "teal",
        False,
        "owner",
    )
    assert [(m["email"], m["role"], m["you"]) for m in body["members"]] == [
        ("alice@example.com", "owner", True)
    ]
    assert as_alice.get(ROOT).json()["count"] == 3


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "x" * 81}, "name"),
        ({"name": "Ok", "colour": "pink"}, "colour"),
    ],
)
def test_a_bad_name_or_colour_is_a_422_on_its_field(alice, as_alice, body, field):
    on_plan(alice, Plan.PRO)
    refused = error(as_alice.post(ROOT, body, content_type=JSON), 422)
    assert field in refused["fields"], refused


def test_owners_rename_and_recolour_and_members_may_not(personas, as_alice, as_bob):
    changed = as_alice.patch(at(personas.shared), {"name": "Home", "colour": "green"}, JSON)
    assert changed.status_code == 200, changed.content
    assert (changed.json()["name"], changed.json()["colour"]) == ("Home", "green")
    kept = as_alice.patch(at(personas.shared), {"colour": "red"}, JSON).json()
    assert (kept["name"], kept["colour"]) == ("Home", "red")
    refused = as_bob.patch(at(personas.shared), {"name": "Bob's now"}, JSON)
    assert error(refused, 403)["message"] == "Only an owner of the workspace can do this."
    assert Workspace.objects.using(SERVICE_DB).get(pk=personas.shared.pk).name == "Home"


# --- Invites -------------------------------------------------------------------------------------
def test_an_invite_link_is_answered_once_and_works_once(personas, alice, charlie, as_alice):
    refused = as_alice.post(at(personas.shared, "invites"), {}, content_type=JSON)
    assert error(refused, 403)["message"] == "Inviting people is part of Pro and Max."
    on_plan(alice, Plan.PRO)

    made = as_alice.post(at(personas.shared, "invites"), {"days": 3}, content_type=JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    token = token_of(body["link"])
    assert body["link"].startswith("http://testserver/invite/")
    stored = Invite.objects.using(SERVICE_DB).get()
    assert stored.token_hash == services.token_hash(token)
    assert body["invite"]["uuid"] == str(stored.uuid) and body["invite"]["email"] is None
    listed = as_alice.get(at(personas.shared, "invites"))
    assert [i["uuid"] for i in listed.json()["items"]] == [str(stored.uuid)]
    assert token not in listed.content.decode() and stored.token_hash not in listed.content.decode()
    assert set(listed.json()["items"][0]) == {"uuid", "email", "created_at", "expires_at"}

    joined = token_client(charlie).post(ACCEPT, {"token": token}, content_type=JSON)
    assert joined.status_code == 200, joined.content
    assert (joined.json()["name"], joined.json()["your_role"]) == ("Alice & Bob", "member")
    assert members(personas.shared)["charlie@example.com"] == Role.MEMBER
    assert as_alice.get(at(personas.shared, "invites")).json()["items"] == []  # used

    dora = user_create(email="dora@example.com", password=PASSWORD)
    again = token_client(dora).post(ACCEPT, {"token": token}, content_type=JSON)
    assert "already been used" in error(again, 422)["message"]
    assert "dora@example.com" not in members(personas.shared)
    # Whoever joined through it may send it again: they are answered the workspace.
    assert (
        token_client(charlie).post(ACCEPT, {"token": token}, content_type=JSON).status_code == 200
    )


def test_accepting_runs_outside_the_request_transaction():
    assert runs_outside(resolve(ACCEPT).func)


def test_an_invite_for_one_address_and_a_made_up_token_are_refused(personas, alice, charlie):
    on_plan(alice, Plan.PRO)
    made = token_client(alice).post(
        at(personas.shared, "invites"), {"email": "Dora@Example.com"}, content_type=JSON
    )
    assert made.json()["invite"]["email"] == "dora@example.com"
    token = token_of(made.json()["link"])
    as_charlie = token_client(charlie)
    wrong = as_charlie.post(ACCEPT, {"token": token}, content_type=JSON)
    assert error(wrong, 422)["message"] == (
        "This invite is for dora@example.com. Sign in with that address to accept it."
    )
    made_up = as_charlie.post(ACCEPT, {"token": "made-up"}, content_type=JSON)
    assert "not valid" in error(made_up, 422)["message"]
    assert "charlie@example.com" not in members(personas.shared)


def test_a_withdrawn_invite_no_longer_works(personas, alice, charlie, as_alice):
    on_plan(alice, Plan.PRO)
    made = as_alice.post(at(personas.shared, "invites"), {}, content_type=JSON).json()
    invite = made["invite"]["uuid"]
    assert as_alice.delete(at(personas.shared, "invites", invite)).status_code == 204
    assert as_alice.get(at(personas.shared, "invites")).json()["count"] == 0
    refused = token_client(charlie).post(ACCEPT, {"token": token_of(made["link"])}, JSON)
    assert "withdrawn" in error(refused, 422)["message"]
    unknown = as_alice.delete(
        at(personas.shared, "invites", "00000000-0000-4000-8000-000000000000")
    )
    assert error(unknown, 404)["message"].startswith("No such invite")


def test_only_owners_see_and_manage_invites(personas, alice, bob, as_alice, as_bob):
    on_plan(alice, Plan.PRO)
    on_plan(bob, Plan.PRO)  # his plan is not what stops him
    made = as_alice.post(at(personas.shared, "invites"), {}, content_type=JSON).json()
    owners_only = "Only an owner of the workspace can do this."
    assert error(as_bob.get(at(personas.shared, "invites")), 403)["message"] == owners_only
    refused = as_bob.post(at(personas.shared, "invites"), {}, content_type=JSON)
    assert error(refused, 403)["message"] == owners_only
    revoke = as_bob.delete(at(personas.shared, "invites", made["invite"]["uuid"]))
    assert error(revoke, 403)["message"] == owners_only
    assert Invite.objects.using(SERVICE_DB).get().revoked_at is None


def test_the_personal_workspace_cannot_be_shared(alice, personas, as_alice):
    on_plan(alice, Plan.PRO)
    personal = personas.personal(alice)
    refused = as_alice.post(at(personal, "invites"), {}, content_type=JSON)
    assert "personal workspace" in error(refused, 422)["message"]
    assert as_alice.get(at(personal, "invites")).json() == {"items": [], "count": 0}


def test_an_invite_asks_for_sensible_days_and_an_address(personas, alice, as_alice):
    on_plan(alice, Plan.PRO)
    for body in ({"days": 0}, {"days": limits.INVITE_DAYS_MAX + 1}, {"email": "not-an-address"}):
        error(as_alice.post(at(personas.shared, "invites"), body, content_type=JSON), 422)
    member = as_alice.post(at(personas.shared, "invites"), {"email": "BOB@example.com"}, JSON)
    assert error(member, 422)["fields"] == {"email": ["This person is already a member."]}
    assert not Invite.objects.using(SERVICE_DB).exists()


# --- Members -------------------------------------------------------------------------------------
def test_owners_change_roles_and_a_workspace_keeps_an_owner(personas, as_alice, as_bob):
    alice_path = at(personas.shared, "members", "alice@example.com")
    last = as_alice.patch(alice_path, {"role": "member"}, content_type=JSON)
    assert "needs an owner" in error(last, 422)["message"]
    refused = as_bob.patch(alice_path, {"role": "member"}, content_type=JSON)
    assert error(refused, 403)["message"] == "Only an owner of the workspace can do this."

    # the address in any case, URL-encoded
    promoted = as_alice.patch(
        at(personas.shared, "members", quote("Bob@Example.com", safe="")), {"role": "owner"}, JSON
    )
    assert promoted.status_code == 200, promoted.content
    assert promoted.json() == {
        "name": "Bob",
        "email": "bob@example.com",
        "role": "owner",
        "joined_at": promoted.json()["joined_at"],
        "you": False,
    }
    stepped_down = as_alice.patch(alice_path, {"role": "member"}, content_type=JSON).json()
    assert (stepped_down["role"], stepped_down["you"]) == ("member", True)
    assert members(personas.shared) == {"alice@example.com": "member", "bob@example.com": "owner"}
    bad = as_bob.patch(alice_path, {"role": "admin"}, content_type=JSON)
    assert "role" in error(bad, 422)["fields"]


def test_a_removed_members_token_loses_the_workspace_at_once(personas, as_alice, as_bob):
    shared = {"X-Workspace": str(personas.shared.uuid)}
    assert as_bob.get(at(personas.shared)).status_code == 200
    removed = as_alice.delete(at(personas.shared, "members", "bob@example.com"))
    assert removed.status_code == 204, removed.content
    assert members(personas.shared) == {"alice@example.com": "owner"}
    assert error(as_bob.get(at(personas.shared)), 404)["message"] == "No such workspace."
    assert as_bob.get(ROOT, headers=shared).status_code == 404
    assert [w["name"] for w in as_bob.get(ROOT).json()["items"]] == ["Bob's workspace"]
    again = as_alice.delete(at(personas.shared, "members", "bob@example.com"))
    assert error(again, 404)["message"] == "This person is not a member of the workspace."


def test_only_owners_remove_and_nobody_removes_themselves(personas, as_alice, as_bob):
    refused = as_bob.delete(at(personas.shared, "members", "alice@example.com"))
    assert error(refused, 403)["message"] == "Only an owner of the workspace can do this."
    self_ = as_alice.delete(at(personas.shared, "members", "alice@example.com"))
    assert error(self_, 422)["message"] == "To go yourself, leave the workspace."
    nobody = as_alice.delete(at(personas.shared, "members", "nobody@example.com"))
    assert error(nobody, 404)["message"] == "This person is not a member of the workspace."
    assert members(personas.shared) == {"alice@example.com": "owner", "bob@example.com": "member"}


def test_a_member_whose_address_has_a_slash_is_named_in_the_path(personas, alice, as_alice):
    odd = user_create(email="d/ora+x@example.com", password=PASSWORD)
    services.membership_add(workspace=personas.shared, user=odd, added_by=alice)
    path = at(personas.shared, "members", quote(odd.email, safe=""))
    assert as_alice.patch(path, {"role": "owner"}, content_type=JSON).json()["role"] == "owner"
    assert as_alice.delete(path).status_code == 204
    assert odd.email not in members(personas.shared)


# --- Leaving -------------------------------------------------------------------------------------
def test_a_member_leaves_and_the_last_owner_cannot(personas, alice, as_alice, as_bob):
    only_owner = as_alice.post(at(personas.shared, "leave"))
    assert "only owner" in error(only_owner, 422)["message"]
    personal = as_alice.post(at(personas.personal(alice), "leave"))
    assert "cannot be shared or left" in error(personal, 422)["message"]
    left = as_bob.post(at(personas.shared, "leave"))
    assert left.status_code == 204, left.content
    assert members(personas.shared) == {"alice@example.com": "owner"}
    assert as_bob.get(at(personas.shared)).status_code == 404
