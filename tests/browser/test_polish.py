"""Layout details that only a real browser can check: the routine's 30-day grid lines up, a
step's actions sit in one row menu, Today's timeline badge keeps its shape beside a long title,
and the Break buttons sit in a card. Each runs on a wide screen and a phone."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import FloatRect, Page, ViewportSize, expect

from minime.accounts.models import User
from minime.accounts.plans import AVAILABLE_FEATURES, Plan
from minime.accounts.services import plan_set, user_create
from minime.core.db import as_user
from minime.preferences.rules import rules_update
from minime.routines.models import Routine
from minime.routines.services import routine_create, step_add
from minime.tasks.models import Project, Task
from minime.tasks.services import project_create, task_create
from minime.workspaces.models import Workspace
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE: ViewportSize = {"width": 1366, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
SCREENS = pytest.mark.parametrize("screen", [WIDE, PHONE], ids=["1366x900", "390x844"])
LONG_TITLE = (
    "Write the long quarterly report for the board with every figure checked twice and the "
    "appendix on hiring rewritten from scratch"
)


def zone_where_it_is(hour: int) -> ZoneInfo:
    """A fixed-offset zone whose local time is ``hour``:mm now (Etc/GMT-3 is UTC+3)."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        if (now + timedelta(hours=offset)).hour == hour:
            return ZoneInfo("UTC" if offset == 0 else f"Etc/GMT{-offset:+d}")
    raise AssertionError(f"no fixed-offset zone has {hour}:00 now")  # pragma: no cover


def erin(zone: str = "UTC") -> tuple[User, Workspace]:
    user = user_create(
        email="erin@example.com", password=PASSWORD, display_name="Erin", time_zone=zone
    )
    with as_user(user.pk):
        return user, Workspace.objects.get(created_by=user, is_personal=True)


def open_as_erin(page: Page, base: str, screen: ViewportSize, path: str) -> None:
    page.set_viewport_size(screen)
    sign_in(page, base, "erin@example.com")
    page.goto(base + path)


def box(page: Page, selector: str) -> FloatRect:
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def screenshot(page: Page, name: str, screen: ViewportSize) -> None:
    """With MINIME_SCREENSHOTS=<folder>, keep a picture of the page for a person to look at."""
    folder = os.environ.get("MINIME_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # caret="initial": hiding the caret injects a style attribute, which the CSP refuses.
        page.screenshot(
            path=Path(folder) / f"{name}-{screen['width']}.png", full_page=True, caret="initial"
        )


def routine_with_steps(workspace: Workspace, user: User) -> Routine:
    with as_user(user.pk):
        today = datetime.now(UTC).date()
        routine = routine_create(
            workspace=workspace,
            title="Morning stretch",
            recurrence="FREQ=DAILY",
            starts_on=today - timedelta(days=45),
        )
        for title in ("Drink water", "Neck rolls", "Touch toes"):
            step_add(routine=routine, title=title)
    return routine


# --- Routines ----------------------------------------------------------------------------------
@SCREENS
def test_the_routine_history_grid_lines_up(
    page: Page, live_server, screen: ViewportSize, console_errors
) -> None:
    user, workspace = erin()
    routine = routine_with_steps(workspace, user)

    open_as_erin(page, live_server.url, screen, f"/routines/{routine.uuid}/")

    grid = page.locator(".history-days")
    cells = grid.locator(":scope > li")
    expect(cells).to_have_count(30)
    geometry = page.evaluate(
        """grid => {
            const s = getComputedStyle(grid);
            const rect = grid.getBoundingClientRect();
            const left = rect.left + parseFloat(s.borderLeftWidth) + parseFloat(s.paddingLeft);
            const top = rect.top + parseFloat(s.borderTopWidth) + parseFloat(s.paddingTop);
            const cells = [...grid.children].map(c => {
                const r = c.getBoundingClientRect();
                return {x: r.left, y: r.top, w: r.width, h: r.height};
            });
            return {left, top, cells};
        }""",
        grid.element_handle(),
    )
    cells_at = geometry["cells"]
    first = cells_at[0]
    assert abs(first["x"] - geometry["left"]) < 0.5
    assert abs(first["y"] - geometry["top"]) < 0.5
    rows: dict[int, list[dict[str, float]]] = {}
    for cell in cells_at:
        rows.setdefault(round(cell["y"]), []).append(cell)
    for row in rows.values():  # every cell in a row at one height, the first as well
        assert len({round(c["y"], 1) for c in row}) == 1
        assert len({round(c["h"], 1) for c in row}) == 1
    row_lefts = [min(c["x"] for c in row) for row in rows.values()]
    assert all(abs(x - geometry["left"]) < 0.5 for x in row_lefts)  # every row starts flush
    columns = len(next(iter(rows.values())))
    assert len(rows) == -(-30 // columns)
    screenshot(page, "routine-history", screen)
    assert console_errors == []


@SCREENS
def test_a_steps_actions_are_in_its_row_menu(
    page: Page, live_server, screen: ViewportSize, console_errors
) -> None:
    user, workspace = erin()
    routine = routine_with_steps(workspace, user)

    open_as_erin(page, live_server.url, screen, f"/routines/{routine.uuid}/")

    steps = page.locator("#routine-steps")
    expect(steps.locator(".btn-danger")).to_have_count(0)
    expect(steps.get_by_role("button", name="Delete: Neck rolls")).to_be_hidden()
    neck = "#step-" + step_uuid(user, routine, "Neck rolls")
    page.locator(neck + " summary").click()
    expect(steps.get_by_role("button", name="Move up: Neck rolls")).to_be_visible()
    expect(steps.get_by_role("button", name="Delete: Neck rolls")).to_be_visible()
    panel = box(page, neck + " .menu__panel")
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= screen["width"]
    screenshot(page, "routine-step-menu", screen)

    steps.get_by_role("button", name="Move up: Neck rolls").click()
    expect(steps.locator(".step-row__title")).to_have_text(
        ["Neck rolls", "Drink water", "Touch toes"]
    )
    page.locator("#step-" + step_uuid(user, routine, "Touch toes") + " summary").click()
    steps.get_by_role("button", name="Delete: Touch toes").click()
    expect(steps.locator(".step-row__title")).to_have_text(["Neck rolls", "Drink water"])
    assert page.url.endswith(f"/routines/{routine.uuid}/")  # htmx swapped the list in place
    assert console_errors == []


def step_uuid(user: User, routine: Routine, title: str) -> str:
    with as_user(user.pk):
        return str(routine.steps.get(title=title).uuid)


# --- Today's timeline --------------------------------------------------------------------------
def test_the_timeline_badge_keeps_its_shape_beside_a_long_title(
    page: Page, live_server, console_errors
) -> None:
    zone = zone_where_it_is(10)
    user, workspace = erin(zone.key)
    with as_user(user.pk):
        rules_update(user=user, work_days=list(range(7)))
        task_create(
            workspace=workspace, title=LONG_TITLE, priority=3, estimate_minutes=30, created_by=user
        )

    open_as_erin(page, live_server.url, PHONE, "/today/?view=timeline")

    block = page.locator(".today-block--task").filter(has_text="quarterly report")
    expect(block).to_have_count(1)
    badge = block.locator(".badge")
    expect(badge).to_have_text("Task")
    sizes = badge.evaluate(
        """badge => {
            const range = document.createRange();
            range.selectNodeContents(badge);
            const text = range.getBoundingClientRect();
            const r = badge.getBoundingClientRect();
            const title = badge.parentElement.querySelector('.today-block__title');
            return {width: r.width, height: r.height, text: text.width,
                    titleHeight: title.getBoundingClientRect().height,
                    em: parseFloat(getComputedStyle(title).fontSize)};
        }"""
    )
    assert sizes["titleHeight"] > 2 * sizes["em"]  # the title did wrap
    assert sizes["width"] >= sizes["text"]  # the badge holds its whole text
    assert sizes["height"] < 2 * sizes["em"]  # on one line
    assert sizes["width"] > sizes["height"]  # a pill, not a circle
    screenshot(page, "today-timeline", PHONE)
    assert console_errors == []


# --- Break buttons -----------------------------------------------------------------------------
def inside(inner: FloatRect, outer: FloatRect) -> bool:
    return (
        inner["x"] >= outer["x"]
        and inner["y"] >= outer["y"]
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"]
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"]
    )


@SCREENS
def test_the_break_buttons_sit_in_a_card(
    page: Page, live_server, screen: ViewportSize, console_errors
) -> None:
    user, workspace = erin()
    with as_user(user.pk):
        project: Project = project_create(workspace=workspace, title="Move house")
        task: Task = task_create(workspace=workspace, title="Pack the kitchen", created_by=user)

    open_as_erin(page, live_server.url, screen, f"/tasks/{task.uuid}/")
    for marker, name, path in (
        ("[data-break-task]", "Break into steps", f"/tasks/{task.uuid}/"),
        ("[data-break-project]", "Break a project into tasks", f"/tasks/projects/{project.uuid}/"),
    ):
        page.goto(live_server.url + path)
        holder = page.locator(marker)
        expect(holder).to_have_class("card cluster")
        button = holder.get_by_role("button", name=name)
        assert inside(box(page, f"{marker} button"), box(page, marker))
        screenshot(page, marker.strip("[]"), screen)
        button.click()
        preview = page.locator("#ai-steps")
        expect(preview).to_be_visible()
        expect(page.locator(marker)).to_have_count(0)  # the preview card took its place
        expect(page.locator(".card .card")).to_have_count(0)
    assert console_errors == []


# --- What the software does ----------------------------------------------------------------------
@SCREENS
def test_the_landing_page_and_home_fit_the_screen(
    page: Page, live_server, screen: ViewportSize, console_errors
) -> None:
    user, _workspace = erin()
    plan_set(user=user, plan=Plan.MAX)
    page.set_viewport_size(screen)

    page.goto(live_server.url + "/")
    table = page.locator("[data-plan-table] table")
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    screenshot(page, "landing", screen)

    sign_in(page, live_server.url, "erin@example.com")
    page.goto(live_server.url + "/home/")
    plan = page.locator("[data-plan-features]")
    expect(plan.locator("[data-included=true] svg")).to_have_count(len(AVAILABLE_FEATURES))
    expect(plan).to_contain_text("Email (read-only Gmail)")
    assert page.evaluate("document.documentElement.scrollWidth") <= screen["width"]
    screenshot(page, "home", screen)
    assert console_errors == []
