"""Sharing in real browsers: alice (Pro) makes a shared workspace and an invite link, bob signs
up through it and lands in the workspace, both work on the same task list, alice assigns bob a
task and reads the workspace's activity, alice removes bob and bob's next request is refused, and
the used link does not work a second time."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.core.db import SERVICE_DB
from minime.tasks.models import Task, TaskStatus
from minime.workspaces.models import Membership, Workspace
from tests.browser.conftest import PASSWORD, sign_in
from tests.browser.test_layout import settled

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]


def path_from(body: object, marker: str) -> str:
    url = next(line.strip() for line in str(body).splitlines() if marker in line)
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def quick_add(page: Page, text: str) -> None:
    page.locator("[data-quick-add]").first.click()
    dialog = page.locator("#quick-add")
    expect(dialog).to_be_visible()
    settled(page)
    page.keyboard.type(text)
    expect(dialog.locator("#quick-add-chips")).to_contain_text(text)
    page.keyboard.press("Enter")
    expect(dialog.locator("[data-added]")).to_contain_text(f"Added “{text}”")
    page.keyboard.press("Escape")


def test_alice_invites_bob_they_share_tasks_and_she_removes_him(
    page: Page, browser: Browser, live_server, console_errors
):
    page.set_default_timeout(15_000)
    base = live_server.url
    alice = user_create(email="alice@example.com", password=PASSWORD, display_name="Alice")
    plan_set(user=alice, plan=Plan.PRO)

    # Alice shares a workspace and makes a link.
    sign_in(page, base, "alice@example.com")
    page.wait_for_url(re.compile(r"/(today|accounts/welcome)/"))
    page.goto(base + "/workspaces/")
    page.get_by_label("Name").fill("Family")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_role("heading", name="Family", level=1)).to_be_visible()
    page.get_by_role("button", name="Make an invite link").click()
    link = page.locator("[data-invite-link]").input_value()
    assert link.startswith(base + "/invite/")
    family = Workspace.objects.using(SERVICE_DB).get(name="Family")

    # Bob opens it, signs up through it, and lands in the workspace.
    bob_context = browser.new_context()
    bob = bob_context.new_page()
    bob.set_default_timeout(15_000)
    bob.goto(link)
    expect(bob.get_by_role("heading", name="Join “Family”")).to_be_visible()
    expect(bob.get_by_text("Alice invited you")).to_be_visible()
    bob.get_by_role("link", name="Create an account and join").click()
    bob.get_by_label("Email").fill("bob@example.com")
    bob.get_by_label("Your name").fill("Bob")
    bob.get_by_label("Password").fill(PASSWORD)
    bob.get_by_role("button", name="Create account").click()
    expect(bob.get_by_role("heading", name="Check your inbox")).to_be_visible()
    message = mail.outbox[-1]
    assert message.to == ["bob@example.com"]
    bob.goto(base + path_from(message.body, "/accounts/sign-up/confirm/"))
    bob.get_by_role("button", name="Confirm and sign in").click()
    expect(bob.get_by_text("You joined “Family”.")).to_be_visible()
    member = Membership.objects.using(SERVICE_DB).get(
        workspace=family, user__email="bob@example.com"
    )
    assert member.role == "member"

    # Both work on the same task list: alice adds, bob sees and completes, alice sees it done.
    page.goto(base + "/tasks/")
    quick_add(page, "Buy the cake")
    bob.goto(base + "/tasks/")
    expect(bob.locator("#workspace-switcher-side")).to_have_value(str(family.uuid))
    expect(bob.get_by_role("link", name="Buy the cake")).to_be_visible()
    bob.get_by_role("button", name="Complete Buy the cake").click()
    expect(bob.get_by_role("button", name="Reopen Buy the cake")).to_be_visible()
    task = Task.objects.using(SERVICE_DB).get(title="Buy the cake")
    assert task.workspace_id == family.pk and task.status == TaskStatus.DONE
    task_url = f"{base}/tasks/{task.uuid}/"

    # Alice gives a task to bob: it is in his "assigned to me", and the activity tells it all.
    quick_add(page, "Fix the gate")
    gate = Task.objects.using(SERVICE_DB).get(title="Fix the gate")
    page.goto(f"{base}/tasks/{gate.uuid}/")
    page.get_by_label("Assigned to").select_option(label="Bob (bob@example.com)")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved “Fix the gate”.")).to_be_visible()
    bob.goto(base + "/tasks/?assigned=me")
    mine = bob.locator("[data-row]")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Fix the gate")
    expect(mine.locator("[data-assignee]")).to_have_text("For you")
    page.goto(base + f"/workspaces/{family.uuid}/")
    page.get_by_role("link", name="Activity").click()
    activity = page.locator("[data-activity]")
    expect(activity).to_contain_text("Bob completed “Buy the cake”")
    expect(activity).to_contain_text("You assigned “Fix the gate” to Bob")
    expect(activity).to_contain_text("Bob joined")

    # Alice removes bob: his very next request sees nothing of Family.
    page.goto(base + f"/workspaces/{family.uuid}/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Remove Bob").click()
    expect(page.get_by_text("Bob no longer has access.")).to_be_visible()
    response = bob.goto(task_url)
    assert response is not None and response.status == 404
    bob.goto(base + "/tasks/")
    expect(bob.get_by_role("link", name="Buy the cake")).to_have_count(0)
    expect(bob.locator("[data-switcher]")).to_have_count(0)  # only his own workspace is left

    # The link was used: it does not let anyone in a second time.
    charlie = user_create(email="charlie@example.com", password=PASSWORD, display_name="Charlie")
    charlie_context = browser.new_context()
    third = charlie_context.new_page()
    sign_in(third, base, charlie.email)
    third.wait_for_url(re.compile(r"/(today|accounts/welcome)/"))
    third.goto(link)
    expect(third.locator("[data-invite-problem]")).to_contain_text("already been used")
    expect(third.get_by_role("button", name=re.compile("^Join"))).to_have_count(0)
    assert not Membership.objects.using(SERVICE_DB).filter(workspace=family, user=charlie).exists()
    bob_context.close()
    charlie_context.close()
    assert console_errors == []
