"""An owner deletes a shared workspace: everything in it goes, for every member, once its name is
typed; the other members are told; nobody else can, and no other workspace is touched."""

from __future__ import annotations

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid, NotAllowed, NotFound
from minime.notifications.models import Notification
from minime.tasks.models import Project, Task
from minime.workspaces import services
from minime.workspaces.middleware import SESSION_KEY
from minime.workspaces.models import Invite, Membership, Workspace
from minime.yourdata.data import WORKSPACE_BOOKKEEPING, workspace_delete, workspace_models
from minime.yourdata.tests.test_data_coverage import populate

# Rows are checked through the service connection (no row-level security): each test commits.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


@pytest.fixture
def pro(alice):
    plan_set(user=alice, plan=Plan.PRO)
    alice.refresh_from_db()
    return alice


@pytest.fixture
def filled(personas, pro):
    """Items of every kind: alice's and bob's in the shared workspace (his personal rows there
    too), and in each one's personal workspace; an open invite to the shared one."""
    p = personas
    populate(p.alice, p.shared, "shared")
    populate(p.bob, p.shared, "bob-shared")
    populate(p.alice, p.personal(p.alice), "alicehome")
    populate(p.bob, p.personal(p.bob), "bobhome")
    services.invite_create(user=pro, workspace=p.shared, email="dora@example.com")
    return p


def rows_in(workspace: Workspace) -> dict[str, int]:
    """How many rows of each table keyed by workspace `workspace` has, seen without RLS."""
    tables: list[type[models.Model]] = [*workspace_models(), *WORKSPACE_BOOKKEEPING, Membership]
    counted = {
        m._meta.label: m._default_manager.using(SERVICE_DB).filter(workspace_id=workspace.pk)
        for m in tables
    }
    return {label: rows.count() for label, rows in counted.items() if rows.exists()}


def session_in(user, workspace: Workspace) -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = str(workspace.uuid)
    session.save()
    return client


def url(workspace: Workspace) -> str:
    return reverse("yourdata:workspace_delete", kwargs={"uuid": workspace.uuid})


def test_an_owner_deletes_a_shared_workspace_and_everything_in_it(filled, alice, bob):
    shared = filled.shared
    before = rows_in(shared)
    for label in ("tasks.Task", "tasks.Project", "workspaces.Invite", "workspaces.Membership"):
        assert before.get(label), label
    personal = {who.pk: rows_in(filled.personal(who)) for who in (alice, bob)}
    assert all(personal.values())

    deleted = workspace_delete(user=alice, workspace=shared, confirm="  alice & BOB ")

    assert deleted == sum(before.values()) + 1  # the workspace row too
    assert rows_in(shared) == {}
    assert not Workspace.objects.using(SERVICE_DB).filter(pk=shared.pk).exists()
    assert not Task.objects.using(SERVICE_DB).filter(title__endswith="shared").exists()
    assert not Project.objects.using(SERVICE_DB).filter(workspace_id=shared.pk).exists()
    assert not Invite.objects.using(SERVICE_DB).exists()
    assert not Membership.objects.using(SERVICE_DB).filter(workspace_id=shared.pk).exists()
    # Nothing else moved: both personal workspaces keep every row.
    assert {who.pk: rows_in(filled.personal(who)) for who in (alice, bob)} == personal
    with as_user(bob.pk):
        assert Task.objects.filter(title="Buy shoes bobhome").exists()


def test_every_other_member_is_told_without_a_link_to_the_workspace(filled, alice, bob, charlie):
    services.membership_add(workspace=filled.shared, user=charlie, added_by=alice)
    workspace_delete(user=alice, workspace=filled.shared, confirm="Alice & Bob")
    for member in (bob, charlie):
        with as_user(member.pk):
            (told,) = Notification.objects.filter(user=member)
        assert told.kind == "workspace"
        assert told.title == "Alice deleted the shared workspace “Alice & Bob”"
        assert told.url == reverse("workspaces:index")
        assert str(filled.shared.uuid) not in told.url + told.body
    with as_user(alice.pk):
        assert not Notification.objects.filter(user=alice).exists()


def test_only_an_owner_of_a_shared_workspace_may_delete_it(filled, alice, bob, charlie):
    before = rows_in(filled.shared)
    with pytest.raises(NotAllowed, match="Only an owner"):
        workspace_delete(user=bob, workspace=filled.shared, confirm="Alice & Bob")
    with pytest.raises(NotFound):
        workspace_delete(user=charlie, workspace=filled.shared, confirm="Alice & Bob")
    personal = filled.personal(alice)
    with pytest.raises(Invalid, match="goes only with your account") as refused:
        workspace_delete(user=alice, workspace=personal, confirm=personal.name)
    assert refused.value.fields == {}
    with pytest.raises(Invalid) as wrong:
        workspace_delete(user=alice, workspace=filled.shared, confirm="Alice and Bob")
    assert list(wrong.value.fields) == ["confirm"]
    assert rows_in(filled.shared) == before
    assert rows_in(personal)


# --- The page ------------------------------------------------------------------------------------
def test_the_owner_sees_the_link_and_confirms_by_typing_the_name(filled, alice, bob):
    owner = session_in(alice, filled.shared)
    detail = owner.get(reverse("workspaces:detail", kwargs={"uuid": filled.shared.uuid}))
    assert url(filled.shared) in detail.content.decode()
    member_view = session_in(bob, filled.shared).get(
        reverse("workspaces:detail", kwargs={"uuid": filled.shared.uuid})
    )
    assert url(filled.shared) not in member_view.content.decode()
    page = owner.get(url(filled.shared))
    html = page.content.decode()
    assert page.status_code == 200
    assert "every item in it, for every member" in html and "Bob loses access" in html
    before = rows_in(filled.shared)

    wrong = owner.post(url(filled.shared), {"confirm": "Alice and Bobby"})

    assert wrong.status_code == 422
    assert 'value="Alice and Bobby"' in wrong.content.decode()
    assert "to confirm." in wrong.content.decode()
    assert rows_in(filled.shared) == before
    assert not Notification.objects.using(SERVICE_DB).exists()

    done = owner.post(url(filled.shared), {"confirm": "alice & bob"}, follow=True)

    assert done.redirect_chain == [(reverse("workspaces:index"), 302)]
    assert "“Alice &amp; Bob” and everything in it are deleted." in done.content.decode()
    assert rows_in(filled.shared) == {}
    assert SESSION_KEY not in owner.session  # back in her personal workspace
    tasks = owner.get(reverse("tasks:index")).content.decode()
    assert "Buy shoes alicehome" in tasks and "Buy shoes shared" not in tasks


def test_a_member_working_in_it_falls_back_to_their_personal_workspace(filled, alice, bob):
    member = session_in(bob, filled.shared)
    assert "Buy shoes shared" in member.get(reverse("tasks:index")).content.decode()
    workspace_delete(user=alice, workspace=filled.shared, confirm="Alice & Bob")
    tasks = member.get(reverse("tasks:index"))
    assert tasks.status_code == 200
    html = tasks.content.decode()
    assert "Buy shoes bobhome" in html and "Buy shoes bob-shared" not in html


def test_a_member_is_refused_with_a_403_and_a_stranger_gets_a_404(filled, bob, charlie):
    before = rows_in(filled.shared)
    member = session_in(bob, filled.shared)
    for answer in (
        member.get(url(filled.shared)),
        member.post(url(filled.shared), {"confirm": "Alice & Bob"}),
    ):
        assert answer.status_code == 403
        html = answer.content.decode()
        assert "Only an owner of the workspace can delete it." in html
        assert 'name="confirm"' not in html
    stranger = Client()
    stranger.force_login(charlie)
    assert stranger.get(url(filled.shared)).status_code == 404
    assert stranger.post(url(filled.shared), {"confirm": "Alice & Bob"}).status_code == 404
    assert rows_in(filled.shared) == before


def test_a_personal_workspace_cannot_be_deleted_from_the_page(filled, alice):
    personal = filled.personal(alice)
    before = rows_in(personal)
    owner = Client()
    owner.force_login(alice)
    page = owner.get(url(personal))
    html = page.content.decode()
    assert page.status_code == 200
    assert "goes only with your account" in html and 'name="confirm"' not in html
    assert reverse("yourdata:delete_account") in html
    refused = owner.post(url(personal), {"confirm": personal.name})
    assert refused.status_code == 422
    assert "goes only with your account" in refused.content.decode()
    assert rows_in(personal) == before
    detail = owner.get(reverse("workspaces:detail", kwargs={"uuid": personal.uuid}))
    assert url(personal) not in detail.content.decode()
