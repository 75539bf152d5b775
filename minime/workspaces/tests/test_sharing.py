"""Shared workspaces: making one, invite links (single use, expiring, revocable, only a hash kept),
joining signed in or through sign-up, roles, leaving and removal, and the plan gate."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.accounts.tests.test_sign_up import link_path
from minime.core.db import SERVICE_DB, as_user, uses_rls
from minime.core.errors import Invalid, NotAllowed
from minime.tasks.models import Task
from minime.tasks.services import task_create
from minime.workspaces import services
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Invite, Membership, Role, Workspace

PASSWORD = "a sturdy passphrase 42"
# Accepting an invite goes through the service connection: each test commits for real.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


@pytest.fixture
def pro(alice):
    plan_set(user=alice, plan=Plan.PRO)
    alice.refresh_from_db()
    return alice


def members(workspace: Workspace) -> dict[str, str]:
    rows = Membership.objects.using(SERVICE_DB).filter(workspace=workspace)
    return {m.user.email: m.role for m in rows.select_related("user")}


def test_a_shared_workspace_is_part_of_pro(alice, pro):
    workspace = services.workspace_create_shared(owner=pro, name="  Family   trip ", colour="teal")
    assert (workspace.name, workspace.colour, workspace.is_personal) == (
        "Family trip",
        "teal",
        False,
    )
    assert members(workspace) == {"alice@example.com": Role.OWNER}
    plan_set(user=alice, plan=Plan.FREE)
    alice.refresh_from_db()
    with pytest.raises(NotAllowed, match="part of Pro and Max"):
        services.workspace_create_shared(owner=alice, name="Another")


@pytest.mark.parametrize(("name", "colour"), [("", ""), ("x" * 81, ""), ("Fine", "pink")])
def test_a_bad_name_or_colour_is_refused_by_field(pro, name, colour):
    with pytest.raises(Invalid) as refused:
        services.workspace_create_shared(owner=pro, name=name, colour=colour)
    assert set(refused.value.fields) <= {"name", "colour"} and refused.value.fields


def test_an_invite_keeps_only_a_hash_and_works_once(personas, pro, charlie):
    made = services.invite_create(user=pro, workspace=personas.shared)
    stored = Invite.objects.using(SERVICE_DB).get()
    assert made.token not in stored.token_hash and stored.token_hash == services.token_hash(
        made.token
    )
    lasts = stored.expires_at - stored.created_at
    assert abs(lasts - timedelta(days=services.INVITE_DAYS)) < timedelta(seconds=5)
    joined = services.invite_accept(user=charlie, token=made.token)
    assert joined.role == Role.MEMBER
    assert members(personas.shared)["charlie@example.com"] == Role.MEMBER
    dora = user_create(email="dora@example.com", password=PASSWORD)
    with pytest.raises(Invalid, match="already been used"):
        services.invite_accept(user=dora, token=made.token)
    assert "dora@example.com" not in members(personas.shared)


def test_an_expired_or_withdrawn_invite_says_so(personas, pro, charlie):
    made = services.invite_create(user=pro, workspace=personas.shared, days=1)
    later = timezone.now() + timedelta(days=1, seconds=1)
    with pytest.raises(Invalid, match="expired"):
        services.invite_accept(user=charlie, token=made.token, now=later)
    other = services.invite_create(user=pro, workspace=personas.shared)
    with as_user(pro.pk):
        services.invite_revoke(user=pro, invite=other.invite)
    with pytest.raises(Invalid, match="withdrawn"):
        services.invite_accept(user=charlie, token=other.token)
    with pytest.raises(Invalid, match="not valid"):
        services.invite_accept(user=charlie, token="made-up")
    assert "charlie@example.com" not in members(personas.shared)


def test_an_invite_for_one_address_admits_only_that_address(personas, pro, charlie):
    made = services.invite_create(user=pro, workspace=personas.shared, email="Dora@Example.com")
    with pytest.raises(Invalid, match=r"for dora@example\.com"):
        services.invite_accept(user=charlie, token=made.token)
    dora = user_create(email="dora@example.com", password=PASSWORD)
    services.invite_accept(user=dora, token=made.token)
    assert members(personas.shared)["dora@example.com"] == Role.MEMBER


def test_a_member_opening_an_invite_does_not_use_it_up(personas, pro, bob, charlie):
    made = services.invite_create(user=pro, workspace=personas.shared)
    services.invite_accept(user=bob, token=made.token)  # already in
    services.invite_accept(user=charlie, token=made.token)
    assert members(personas.shared)["charlie@example.com"] == Role.MEMBER


def test_only_owners_invite_and_only_on_a_plan_that_shares(personas, alice, pro, bob):
    with pytest.raises(NotAllowed, match="Pro and Max"):
        services.invite_create(user=bob, workspace=personas.shared)  # bob is on Free
    plan_set(user=bob, plan=Plan.PRO)
    bob.refresh_from_db()
    with pytest.raises(NotAllowed, match="Only an owner"):
        services.invite_create(user=bob, workspace=personas.shared)
    with pytest.raises(Invalid, match="personal workspace"):
        services.invite_create(user=pro, workspace=personas.personal(pro))
    with pytest.raises(Invalid) as refused:
        services.invite_create(user=pro, workspace=personas.shared, days=31)
    assert "days" in refused.value.fields
    plan_set(user=alice, plan=Plan.FREE)
    alice.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.invite_create(user=alice, workspace=personas.shared)
    assert members(personas.shared)["bob@example.com"] == Role.MEMBER  # a downgrade removes nobody


def test_the_last_owner_cannot_leave_or_step_down(personas, alice, bob):
    with pytest.raises(Invalid, match="only owner"):
        services.member_leave(user=alice, workspace=personas.shared)
    with pytest.raises(Invalid, match="needs an owner"):
        services.member_set_role(
            user=alice, workspace=personas.shared, member=alice, role=Role.MEMBER
        )
    services.member_set_role(user=alice, workspace=personas.shared, member=bob, role=Role.OWNER)
    services.member_leave(user=alice, workspace=personas.shared)
    assert members(personas.shared) == {"bob@example.com": Role.OWNER}


def test_a_member_can_leave_and_cannot_remove_anyone(personas, alice, bob):
    with pytest.raises(NotAllowed):
        services.member_remove(user=bob, workspace=personas.shared, member=alice)
    services.member_leave(user=bob, workspace=personas.shared)
    assert members(personas.shared) == {"alice@example.com": Role.OWNER}
    with pytest.raises(Invalid, match="cannot be shared or left"):
        services.member_leave(user=alice, workspace=personas.personal(alice))


def test_a_removed_member_sees_nothing_of_the_workspace(personas, alice, bob, client):
    with as_user(alice.pk):
        task_create(workspace=personas.shared, title="Shared task", created_by=alice)
    client.force_login(bob)
    session = client.session
    session[SESSION_KEY] = str(personas.shared.uuid)
    session.save()
    assert "Shared task" in client.get(reverse("tasks:index")).content.decode()
    services.member_remove(user=alice, workspace=personas.shared, member=bob)
    page = client.get(reverse("tasks:index")).content.decode()
    assert "Shared task" not in page  # the same session: back in bob's own workspace
    api = client.get("/api/v1/tasks", headers={"X-Workspace": str(personas.shared.uuid)})
    assert api.status_code == 404
    if uses_rls():  # and on PostgreSQL the database itself shows bob nothing of it
        with as_user(bob.pk):
            assert not Task.objects.filter(workspace=personas.shared).exists()
            assert not Workspace.objects.filter(pk=personas.shared.pk).exists()


def test_two_people_accepting_at_once_admits_one(personas, pro):
    made = services.invite_create(user=pro, workspace=personas.shared)
    people = [user_create(email=f"racer{i}@example.com", password=PASSWORD) for i in range(4)]
    start = threading.Barrier(len(people))
    outcomes: list[str] = []

    def accept(user) -> None:
        try:
            start.wait()
            services.invite_accept(user=user, token=made.token)
            outcomes.append("joined")
        except Invalid:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "refused", "refused", "refused"]
    joined = [e for e in members(personas.shared) if e.startswith("racer")]
    assert len(joined) == 1


# --- Pages ---------------------------------------------------------------------------------------
def test_an_owner_makes_a_link_shown_once_and_a_person_joins_through_it(personas, pro, charlie):
    owner = Client()
    owner.force_login(pro)
    detail = reverse("workspaces:detail", kwargs={"uuid": personas.shared.uuid})
    made = owner.post(reverse("workspaces:invite_create", kwargs={"uuid": personas.shared.uuid}))
    html = made.content.decode()
    assert made.status_code == 200 and "data-invite-link" in html
    link = html.split("data-invite-link")[0].rsplit('value="', 1)[1].split('"', 1)[0]
    path = link.split("testserver", 1)[1]
    assert "data-invite-link" not in owner.get(detail).content.decode()  # shown once
    visitor = Client()
    visitor.force_login(charlie)
    shown = visitor.get(path)
    assert shown.status_code == 200 and "Join Alice &amp; Bob" in shown.content.decode()
    assert "charlie@example.com" not in members(personas.shared)  # a GET joins nobody
    joined = visitor.post(path)
    assert joined.status_code == 302 and joined["Location"] == reverse("today:index")
    assert members(personas.shared)["charlie@example.com"] == Role.MEMBER
    assert visitor.session[SESSION_KEY] == str(personas.shared.uuid)
    again = Client()
    again.force_login(user_create(email="dora@example.com", password=PASSWORD))
    assert "already been used" in again.get(path).content.decode()


def test_signing_up_through_an_invite_joins_once_the_link_is_opened(personas, pro, mailoutbox):
    made = services.invite_create(user=pro, workspace=personas.shared)
    path = reverse("workspaces:invite", kwargs={"token": made.token})
    page = Client().get(path).content.decode()
    sign_up_url = f"{reverse('accounts:sign_up')}?invite={made.token}"
    assert sign_up_url in page
    browser = Client()
    form = browser.get(sign_up_url).content.decode()
    assert f'value="{made.token}"' in form and "data-invite-pending" in form
    browser.post(
        reverse("accounts:sign_up"),
        {
            "email": "dora@example.com",
            "password": PASSWORD,
            "time_zone": "UTC",
            "invite": made.token,
        },
    )
    confirm = link_path(mailoutbox[-1])
    other_browser = Client()  # the email is opened elsewhere: the invite still holds
    done = other_browser.post(confirm)
    assert done.status_code == 302 and done["Location"] == reverse("workspaces:join")
    onward = other_browser.get(done["Location"])
    assert onward["Location"] == reverse("preferences:onboarding")
    assert members(personas.shared)["dora@example.com"] == Role.MEMBER
    assert other_browser.session[SESSION_KEY] == str(personas.shared.uuid)


def test_free_users_see_which_plan_shares(client, alice):
    client.force_login(alice)
    page = client.get(reverse("workspaces:index")).content.decode()
    assert "data-plan-needed" in page and "Alice &amp; Bob" in page
    refused = client.post(reverse("workspaces:create"), {"name": "Nope"})
    assert refused.status_code == 403


def test_an_owner_removes_a_member_from_the_page(client, personas, alice, bob):
    client.force_login(alice)
    with as_user(alice.pk):
        membership = Membership.objects.get(workspace=personas.shared, user=bob)
    url = reverse(
        "workspaces:member_remove", kwargs={"uuid": personas.shared.uuid, "pk": membership.pk}
    )
    assert client.post(url).status_code == 302
    assert "bob@example.com" not in members(personas.shared)


def test_a_member_cannot_manage_the_workspace(client, personas, alice, bob):
    client.force_login(bob)
    detail = client.get(reverse("workspaces:detail", kwargs={"uuid": personas.shared.uuid}))
    html = detail.content.decode()
    assert "Make an invite link" not in html and "Remove" not in html
    with as_user(bob.pk):
        owner = Membership.objects.get(workspace=personas.shared, user=alice)
    url = reverse("workspaces:member_remove", kwargs={"uuid": personas.shared.uuid, "pk": owner.pk})
    assert client.post(url).status_code == 403
    assert members(personas.shared)["alice@example.com"] == Role.OWNER


def test_a_stranger_gets_a_404_for_someone_elses_workspace(client, personas, charlie):
    client.force_login(charlie)
    url = reverse("workspaces:detail", kwargs={"uuid": personas.shared.uuid})
    assert client.get(url).status_code == 404


def test_an_unknown_invite_link_is_a_404(client, db):
    assert client.get(reverse("workspaces:invite", kwargs={"token": "nope"})).status_code == 404


def test_deleting_an_account_hands_the_workspace_on_and_tells_the_members(personas, alice, bob):
    from minime.notifications.models import Notification
    from minime.yourdata.data import account_delete

    counts = account_delete(user=alice)
    assert counts["members told"] == 1
    assert members(personas.shared) == {"bob@example.com": Role.OWNER}
    with as_user(bob.pk):
        (told,) = Notification.objects.filter(user=bob)
    assert told.title == "Alice left “Alice & Bob”"
    assert told.body == "Alice deleted their account. You own “Alice & Bob” now."
    assert told.url == f"/workspaces/{personas.shared.uuid}/"


@pytest.mark.postgres
def test_only_owners_see_a_workspaces_invites_in_the_database(personas, pro, bob, charlie):
    services.invite_create(user=pro, workspace=personas.shared)
    with as_user(pro.pk):
        assert Invite.objects.count() == 1
    for other in (bob, charlie):  # a member, a stranger
        with as_user(other.pk):
            assert Invite.objects.count() == 0
            assert Invite.objects.filter(workspace=personas.shared).update(revoked_at=None) == 0


def test_people_who_made_or_used_invites_can_delete_their_accounts(personas, pro, charlie):
    from minime.yourdata.data import account_delete

    made = services.invite_create(user=pro, workspace=personas.shared)
    services.invite_accept(user=charlie, token=made.token)
    account_delete(user=charlie)  # a member who joined through the invite
    services.member_set_role(
        user=pro, workspace=personas.shared, member=personas.bob, role=Role.OWNER
    )
    account_delete(user=pro)  # the owner who made it
    invite = Invite.objects.using(SERVICE_DB).get()
    assert (invite.created_by_id, invite.used_by_id) == (None, None)
    assert members(personas.shared) == {"bob@example.com": Role.OWNER}
