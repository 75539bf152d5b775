"""The task pages in a real browser: htmx row actions under the strict CSP, inline rename, refused
forms shown in place, and ordering by hand (drag and drop, Alt+Up / Alt+Down)."""

from __future__ import annotations

import os
from datetime import date, time

import pytest
from playwright.sync_api import Locator, Page, expect

from minime.core.db import as_user
from minime.tasks import services
from minime.tasks.models import Task
from minime.tasks.selectors import task_list
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SCREENSHOTS = os.environ.get("MINIME_SCREENSHOTS")  # a folder, to look at the pages by eye
ERRANDS = ("Buy milk", "Call mum", "Pay rent")


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"), full_page=True)


def _make(personas, *titles: str, **fields) -> None:
    alice = personas.alice
    with as_user(alice.pk):
        for title in titles:
            services.task_create(workspace=personas.personal(alice), title=title, **fields)


def _saved_order(personas) -> list[str]:
    alice = personas.alice
    with as_user(alice.pk):
        return [t.title for t in task_list(personas.personal(alice))]


def _open_list(page: Page, live_server) -> None:
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/tasks/")


def _row(page: Page, title: str) -> Locator:
    return page.locator(".task-list > [data-row]").filter(has=page.get_by_role("link", name=title))


def _shown_order(page: Page) -> list[str]:
    return page.locator(".task-list > [data-row]").evaluate_all(
        "rows => rows.map(row => row.dataset.title)"
    )


def test_completing_and_subtasks_swap_in_place(page: Page, live_server, personas, console_errors):
    alice = personas.alice
    alice.time_zone = "Europe/Berlin"
    alice.save()
    with as_user(alice.pk):
        ws = personas.personal(alice)
        project = services.project_create(workspace=ws, title="Team")
        services.task_create(
            workspace=ws,
            title="Stand-up",
            due_date=date(2099, 3, 28),
            due_time=time(9, 0),
            recurrence="FREQ=DAILY",
            project=project,
            labels=["work"],
            priority=3,
        )
        services.task_create(workspace=ws, title="Buy stamps", estimate_minutes=10)
    _open_list(page, live_server)
    _shot(page, "tasks")

    page.get_by_role("button", name="Complete Stand-up").click()
    expect(page.get_by_text("Next: Sun 29 Mar")).to_be_visible()
    expect(page.get_by_role("button", name="Reopen Stand-up")).to_be_visible()
    expect(page.get_by_role("button", name="Complete Stand-up")).to_be_visible()  # the next one

    row = _row(page, "Buy stamps")
    row.locator("summary").click()  # More actions for Buy stamps
    row.get_by_role("link", name="Open and edit").click()
    page.get_by_role("textbox", name="New subtask").fill("Find envelope")
    page.get_by_role("button", name="Add subtask").click()
    expect(page.get_by_role("button", name="Complete Find envelope")).to_be_visible()
    page.get_by_role("button", name="Complete Find envelope").click()
    expect(page.get_by_role("button", name="Reopen Find envelope")).to_be_visible()
    _shot(page, "task-detail")
    page.goto(f"{live_server.url}/tasks/projects/")
    _shot(page, "projects")
    page.goto(f"{live_server.url}/tasks/projects/{project.uuid}/")
    _shot(page, "project")
    assert console_errors == []


def test_the_rows_menu_plans_skips_and_drops(page: Page, live_server, personas, console_errors):
    _make(personas, "Buy milk")
    _make(personas, "Stretch", due_date=date(2099, 3, 2), recurrence="FREQ=DAILY")
    _open_list(page, live_server)

    row = _row(page, "Buy milk")
    row.locator("summary").click()
    row.get_by_role("button", name="Tomorrow").click()  # a form post: the list again
    expect(page.get_by_text("Planned “Buy milk” for tomorrow.")).to_be_visible()
    tomorrow = page.locator(".task-group").filter(has=page.get_by_role("heading", name="Tomorrow"))
    expect(tomorrow.get_by_role("link", name="Buy milk")).to_be_visible()

    row = _row(page, "Stretch")
    row.locator("summary").click()
    row.get_by_role("button", name="Skip this one").click()  # in place
    expect(page.get_by_role("button", name="Reopen Stretch")).to_be_visible()
    expect(page.get_by_text("Next: Tue 3 Mar")).to_be_visible()

    row = _row(page, "Buy milk")
    row.locator("summary").click()
    row.get_by_role("button", name="Drop (won’t do)").click()
    expect(page.get_by_role("button", name="Reopen Buy milk")).to_be_visible()
    with as_user(personas.alice.pk):
        assert Task.objects.get(title="Buy milk").status == "dropped"
    assert console_errors == []


def test_a_refused_subtask_is_explained_next_to_its_field(
    page: Page, live_server, personas, console_errors
):
    _make(personas, "Buy stamps")
    _open_list(page, live_server)
    row = _row(page, "Buy stamps")
    row.locator("summary").click()  # More actions for Buy stamps
    row.get_by_role("link", name="Open and edit").click()
    url = page.url
    page.get_by_role("button", name="Add subtask").click()
    field = page.get_by_role("textbox", name="New subtask")
    subtasks = page.locator("#subtasks")
    expect(subtasks.get_by_role("alert")).to_have_text("Give the subtask a title.")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_be_focused()
    assert page.url == url
    field.fill("Find envelope")
    page.get_by_role("button", name="Add subtask").click()
    expect(page.get_by_role("button", name="Complete Find envelope")).to_be_visible()
    expect(subtasks.get_by_role("alert")).to_have_count(0)
    page.get_by_role("button", name="Focus on Buy stamps").click()  # htmx: an HX-Redirect
    expect(page).to_have_url(f"{live_server.url}/focus/")
    expect(page.get_by_role("heading", name="Buy stamps")).to_be_visible()
    # The 422 is shown, not reported as an error: only the browser's own note of the status.
    assert [e for e in console_errors if "422" not in e] == []


def test_a_title_is_renamed_in_place(page: Page, live_server, personas, console_errors):
    _make(personas, *ERRANDS)
    _open_list(page, live_server)
    url = page.url

    page.get_by_role("link", name="Buy milk").click()
    field = page.get_by_role("textbox", name="New title for Buy milk")
    expect(field).to_be_focused()
    expect(field).to_have_value("Buy milk")
    page.keyboard.type("Buy oat milk")  # the text was selected: typing replaces it
    page.keyboard.press("Enter")
    title = page.get_by_role("link", name="Buy oat milk")
    expect(title).to_be_focused()
    with as_user(personas.alice.pk):
        assert Task.objects.filter(title="Buy oat milk").exists()

    page.get_by_role("link", name="Call mum").click()
    field = page.get_by_role("textbox", name="New title for Call mum")
    expect(field).to_be_focused()  # focused once htmx has wired the form
    field.fill("Call dad")
    page.keyboard.press("Escape")  # cancels
    expect(page.get_by_role("link", name="Call mum")).to_be_focused()
    expect(page.get_by_role("textbox", name="New title for Call mum")).to_have_count(0)

    page.get_by_role("link", name="Pay rent").click()
    field = page.get_by_role("textbox", name="New title for Pay rent")
    expect(field).to_be_focused()
    field.fill("   ")
    page.keyboard.press("Enter")
    row = page.locator("[data-title='Pay rent']")  # its title is a field again
    expect(row.get_by_role("alert")).to_have_text("Give the task a title.")
    expect(row.get_by_role("textbox")).to_have_attribute("aria-invalid", "true")
    assert page.url == url
    with as_user(personas.alice.pk):
        assert Task.objects.filter(title="Pay rent").exists()
    assert [e for e in console_errors if "422" not in e] == []


def test_rows_are_dragged_into_place(page: Page, live_server, personas, console_errors):
    _make(personas, *ERRANDS)
    _open_list(page, live_server)
    expect(page.get_by_text("Drag a task by its handle")).to_be_visible()

    grip = _row(page, "Pay rent").locator("[data-grip]")
    grip.hover()  # scrolls it into view: measure the target after
    target = _row(page, "Buy milk").bounding_box()
    assert target is not None
    page.mouse.down()
    page.mouse.move(target["x"] + 20, target["y"] + 4, steps=12)
    page.mouse.up()

    announced = page.locator("[data-announce]")
    expect(announced).to_have_text("Moved Pay rent to position 1 of 3")
    assert _shown_order(page) == ["Pay rent", "Buy milk", "Call mum"]
    assert _saved_order(personas) == ["Pay rent", "Buy milk", "Call mum"]
    page.reload()
    assert _shown_order(page) == ["Pay rent", "Buy milk", "Call mum"]
    assert console_errors == []


def test_rows_are_dragged_by_touch_on_a_phone(page: Page, live_server, personas, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    _make(personas, *ERRANDS)
    _open_list(page, live_server)
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
    grip = _row(page, "Pay rent").locator("[data-grip]")
    grip.scroll_into_view_if_needed()
    start, target = grip.bounding_box(), _row(page, "Buy milk").bounding_box()
    assert start is not None and target is not None
    x, y = start["x"] + start["width"] / 2, start["y"] + start["height"] / 2
    touch = "Input.dispatchTouchEvent"
    cdp.send(touch, {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, 11):  # a finger's drag: the page must not scroll instead
        point = {"x": x, "y": y + (target["y"] + 4 - y) * i / 10}
        cdp.send(touch, {"type": "touchMove", "touchPoints": [point]})
    cdp.send(touch, {"type": "touchEnd", "touchPoints": []})
    expect(page.locator("[data-announce]")).to_have_text("Moved Pay rent to position 1 of 3")
    assert _saved_order(personas) == ["Pay rent", "Buy milk", "Call mum"]
    assert console_errors == []


def test_alt_arrows_move_the_focused_row_and_say_where_it_went(
    page: Page, live_server, personas, console_errors
):
    _make(personas, *ERRANDS)
    _open_list(page, live_server)
    announced = page.locator("[data-announce]")
    title = page.get_by_role("link", name="Buy milk")
    title.focus()

    page.keyboard.press("Alt+ArrowDown")
    expect(announced).to_have_text("Moved Buy milk to position 2 of 3")
    page.keyboard.press("Alt+ArrowDown")
    expect(announced).to_have_text("Moved Buy milk to position 3 of 3")
    expect(title).to_be_focused()  # the focus stays on the moved row
    page.keyboard.press("Alt+ArrowDown")
    expect(announced).to_have_text("Buy milk is already last")
    page.keyboard.press("Alt+ArrowUp")
    expect(announced).to_have_text("Moved Buy milk to position 2 of 3")
    assert _shown_order(page) == ["Call mum", "Buy milk", "Pay rent"]
    assert _saved_order(personas) == ["Call mum", "Buy milk", "Pay rent"]

    # The row's menu moves it too, in place (and so do Shift+J / Shift+K on a selected row).
    row = _row(page, "Pay rent")
    row.locator("summary").click()  # More actions for Pay rent
    row.get_by_role("button", name="Move up").click()
    expect(announced).to_have_text("Moved Pay rent to position 2 of 3")
    expect(row.locator("details[data-menu]")).not_to_have_attribute("open", "")
    assert _saved_order(personas) == ["Call mum", "Pay rent", "Buy milk"]
    page.evaluate("document.activeElement.blur()")
    page.keyboard.press("j")  # select the first row
    page.keyboard.press("Shift+J")
    expect(announced).to_have_text("Moved Call mum to position 2 of 3")
    assert _saved_order(personas) == ["Pay rent", "Call mum", "Buy milk"]
    assert page.url.endswith("/tasks/")  # all in place, no page load
    assert console_errors == []


def test_another_sort_says_how_to_drag(page: Page, live_server, personas, console_errors):
    _make(personas, *ERRANDS)
    _open_list(page, live_server)
    page.get_by_text("View: grouped by when, my order").click()
    page.get_by_role("link", name="Due date").click()
    expect(page.get_by_text("Sorted by due date.")).to_be_visible()
    expect(page.locator("[data-grip]")).to_have_count(0)
    page.get_by_role("link", name="Call mum").focus()
    page.keyboard.press("Alt+ArrowUp")
    assert _shown_order(page) == list(ERRANDS)
    page.get_by_role("link", name="Sort by my order").click()
    expect(page.locator("[data-grip]").first).to_be_visible()
    assert console_errors == []


def test_the_list_fits_a_phone(page: Page, live_server, personas, console_errors):
    page.set_viewport_size({"width": 390, "height": 844})
    alice = personas.alice
    with as_user(alice.pk):
        ws = personas.personal(alice)
        project = services.project_create(workspace=ws, title="Renovation of the whole flat")
        services.task_create(
            workspace=ws,
            title="Ask the landlord about the extraordinarily long-winded kitchen paperwork",
            due_date=date(2099, 3, 28),
            due_time=time(9, 0),
            do_on=date(2099, 3, 27),
            recurrence="FREQ=WEEKLY;BYDAY=MO,WE,FR",
            project=project,
            labels=["paperwork", "calls", "someday-maybe"],
            priority=3,
            estimate_minutes=45,
            energy="low",
        )
        services.task_create(workspace=ws, title="Supercalifragilisticexpialidocious" * 2)
    _open_list(page, live_server)

    def sideways() -> int:
        return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert sideways() <= 0
    for menu in page.locator(".task-list summary").all():
        menu.click()
        panel = menu.locator("xpath=..").locator(".menu__panel")
        expect(panel).to_be_visible()
        box = panel.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert sideways() <= 0
    page.keyboard.press("Escape")
    expect(page.locator("details[data-menu][open]")).to_have_count(0)
    page.get_by_text("View: grouped by when, my order").click()
    assert sideways() <= 0
    _shot(page, "tasks-phone")
    assert console_errors == []
