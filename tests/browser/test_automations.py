"""Automations in a real browser, end to end: push turned on for the device (the test's
subscription on the local fake push service, as in test_push.py), a test push received, a rule
built in the builder, the rule fired by completing a task on the tasks page, its run in the
history, its push decrypted by the push service and its notification in the list."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.core.db import SERVICE_DB, as_user
from minime.tasks.services import project_create, task_create
from tests.browser.conftest import PERSONA_PASSWORD, sign_in, wait_for
from tests.browser.test_layout import settled
from tests.browser.test_push import POST_SUBSCRIPTION

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB]),
]


def test_a_rule_built_in_the_builder_pushes_when_a_task_is_completed(
    page: Page, live_server, personas, fake, console_errors
):
    alice = personas.alice
    with as_user(alice.pk):
        ws = personas.personal(alice)
        launch = project_create(workspace=ws, title="Launch")
        task_create(workspace=ws, title="Write the launch post", project=launch, created_by=alice)
        task_create(workspace=ws, title="Water the plants", created_by=alice)

    # Push on for this device, and a test push through the push service.
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/accounts/settings/notifications/")
    assert page.evaluate("Notification.permission") == "granted"
    answer = page.evaluate(POST_SUBSCRIPTION, fake.subscription("chromium"))
    assert answer[0] == 201, answer
    page.reload()
    page.get_by_role("button", name="Send a test").click()
    expect(page.get_by_text("Test sent to 1 device.")).to_be_visible()
    wait_for(lambda: len(fake.payloads()) == 1)

    # Build the rule: when a task is completed in #Launch, send me a push.
    page.goto(f"{live_server.url}/automations/")
    page.get_by_role("link", name="Build a rule").click()
    page.get_by_label("When", exact=True).select_option("task_completed")
    settled(page)  # a new trigger redraws the builder: pick the rest in the new one
    page.get_by_label("In the project").select_option(label="#Launch")
    page.get_by_label("Then", exact=True).select_option("push")
    settled(page)
    page.get_by_label("Title").fill("Nice — {task} is done")
    page.get_by_label("Text", exact=True).fill("One less thing in #{project}.")
    sentence = page.locator("#rule-sentence")
    expect(sentence).to_have_text(
        "When a task is completed in #Launch, send me a push: “Nice — {task} is done”."
    )
    page.get_by_label("Name").fill("Launch wins")
    page.get_by_role("button", name="Create the rule").click()
    expect(page.get_by_role("heading", name="Launch wins")).to_be_visible()
    expect(page.get_by_text("No runs yet")).to_be_visible()
    rule_url = page.url

    # Trigger it: complete the Launch task (the other one fires nothing).
    page.goto(f"{live_server.url}/tasks/")
    page.get_by_role("button", name="Complete Water the plants").click()
    expect(page.get_by_role("button", name="Reopen Water the plants")).to_be_visible()
    page.get_by_role("button", name="Complete Write the launch post").click()
    expect(page.get_by_role("button", name="Reopen Write the launch post")).to_be_visible()

    # The push reached the device, decrypted by the push service as a browser would.
    wait_for(lambda: len(fake.payloads()) == 2)
    pushed = fake.payloads()[1]
    assert pushed["title"] == "Nice — Write the launch post is done"
    assert pushed["body"] == "One less thing in #Launch."

    # The run is in the rule's history, with what its action did.
    page.goto(rule_url)
    run = page.locator(".rule-run")
    expect(run).to_have_count(1)
    expect(run).to_contain_text("Task “Write the launch post” was completed")
    expect(run).to_contain_text("Sent “Nice — Write the launch post is done” (pushed to 1 device).")

    # And the notification is in the list; tapping it opens the task.
    page.goto(f"{live_server.url}/notifications/")
    row = page.locator("[data-notification]").first
    expect(row).to_contain_text("Nice — Write the launch post is done")
    row.get_by_role("button").first.click()
    expect(page.get_by_role("heading", name="Write the launch post")).to_be_visible()
    assert [e for e in console_errors if "Push API in incognito mode" not in e] == []
