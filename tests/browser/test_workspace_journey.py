"""The workspace in a real browser, start to finish: onboarding, then an area, a goal, a project,
tasks and a routine; complete a recurring task and see its next occurrence; export; delete."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def form_with(page: Page, button: str):
    """The form whose submit button says `button`."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def test_a_new_user_sets_up_a_workspace_and_leaves_with_their_data(
    page: Page, live_server, console_errors, tmp_path
):
    page.set_default_timeout(15_000)
    User.objects.create_user("erin@example.com", PASSWORD, display_name="Erin")
    base = live_server.url
    sign_in(page, base, "erin@example.com")

    # Onboarding: answers and starter areas.
    page.goto(base + "/accounts/welcome/")
    page.get_by_label("Get on top of tasks").check()
    page.get_by_role("button", name="Finish and open my day").click()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

    # An area of her own.
    page.goto(base + "/areas/")
    form_with(page, "Add area").locator("[name=name]").fill("Music")
    page.get_by_role("button", name="Add area").click()
    expect(page.locator("#area-rows")).to_contain_text("Music")

    # A goal with a milestone.
    page.goto(base + "/goals/")
    form_with(page, "Add goal").locator("[name=title]").fill("Play a song for Grandma")
    page.get_by_role("button", name="Add goal").click()
    expect(page.get_by_role("heading", name="Play a song for Grandma")).to_be_visible()
    page.get_by_label("New milestone").fill("Learn the chords")
    page.get_by_role("button", name="Add milestone").click()
    expect(page.locator(".milestone-title", has_text="Learn the chords")).to_be_visible()

    # A project with tasks.
    page.goto(base + "/tasks/projects/")
    form_with(page, "Add project").locator("[name=title]").fill("Recital")
    page.get_by_role("button", name="Add project").click()
    expect(page.get_by_role("heading", name="Recital")).to_be_visible()
    for title in ("Book the hall", "Print programmes"):
        adder = form_with(page, "Add").first
        adder.locator("[name=title]").fill(title)
        adder.get_by_role("button", name="Add").click()
        expect(page.get_by_role("link", name=title)).to_be_visible()

    # A repeating task, due today.
    today = timezone.localdate()
    page.goto(base + "/tasks/")
    quick = page.locator("#tasks-add-form")
    quick.locator("[name=text]").fill("Practise scales")
    quick.get_by_role("button", name="Add").click()
    # Clicking a title renames it in place; the row's menu opens the task's page.
    row = page.locator("[data-row]").filter(has_text="Practise scales").first
    row.locator("summary").click()
    row.get_by_role("link", name="Open and edit").click()
    page.get_by_label("Due date").fill(today.isoformat())
    page.locator("[name=repeat]").select_option(label="Every day")
    page.get_by_role("button", name="Save").first.click()
    expect(page.get_by_text("Every day").first).to_be_visible()

    # A routine with a step.
    page.goto(base + "/routines/")
    routine_form = form_with(page, "Add routine")
    routine_form.locator("[name=title]").fill("Warm up fingers")
    page.get_by_role("button", name="Add routine").click()
    expect(page.get_by_text("Warm up fingers").first).to_be_visible()

    # Complete the repeating task: the done one stays, the next one appears for tomorrow.
    page.goto(base + "/tasks/?q=scales")
    row = page.locator("[data-row]").filter(has_text="Practise scales").first
    row.locator('[data-action="complete"]').click()
    tomorrow = today + timedelta(days=1)
    expect(page.get_by_text(re.compile(r"Next: "))).to_be_visible()
    page.goto(base + "/tasks/?q=scales")
    expect(page.locator("[data-row]").filter(has_text="Practise scales")).to_have_count(1)
    expect(page.get_by_text(f"Due {tomorrow:%a} {tomorrow.day} {tomorrow:%b}")).to_be_visible()

    # Download everything.
    page.goto(base + "/accounts/settings/data/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data").click()
    archive = tmp_path / "export.json"
    download.value.save_as(archive)
    data = json.loads(archive.read_text())
    titles = {t["title"] for t in data["items"]["tasks.task"]}
    assert {"Book the hall", "Print programmes", "Practise scales"} <= titles
    assert any(a["name"] == "Music" for a in data["items"]["areas.lifearea"])
    assert data["items"]["routines.routine"][0]["title"] == "Warm up fingers"

    # Delete the account.
    page.get_by_role("link", name="Delete my account…").click()
    page.get_by_label(re.compile("Type your email address")).fill("erin@example.com")
    page.get_by_role("button", name="Delete my account for good").click()
    expect(page.get_by_text("Your account and all its data are deleted")).to_be_visible()
    assert not User.objects.filter(email="erin@example.com").exists()
    assert console_errors == []
