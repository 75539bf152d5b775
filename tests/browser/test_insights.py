"""The Insights page in a real browser: five charts drawn on the server, in light and in dark,
with their tables, no console error (a CSP violation would be one) and nothing sideways at
320 pixels."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from minime.core.db import as_user
from minime.insights.tests.helpers import fill
from minime.workspaces.models import Workspace
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCENT = {"light": "rgb(79, 70, 229)", "dark": "rgb(163, 169, 255)"}  # --accent in each palette


def _workspace(user) -> Workspace:
    with as_user(user.pk):
        return Workspace.objects.get(created_by=user, is_personal=True)


def _bar_fill(page: Page) -> str:
    return page.evaluate(
        "() => getComputedStyle(document.querySelector('#insights-completions .rect')).fill"
    )


def _open(page: Page, base: str) -> None:
    sign_in(page, base, "alice@example.com", PERSONA_PASSWORD)
    page.wait_for_url(re.compile(r"/(today|welcome)/"))
    page.goto(base + "/insights/")


def test_the_charts_draw_in_light_and_dark_with_their_tables(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    made = fill(alice, _workspace(alice), tasks=6)
    _open(page, live_server.url)
    expect(page.get_by_role("heading", name="Insights", level=1)).to_be_visible()
    charts = page.locator("main svg.insights-chart")
    expect(charts).to_have_count(5)
    for n in range(5):
        expect(charts.nth(n)).to_have_attribute("role", "img")
        box = charts.nth(n).bounding_box()
        assert box is not None and box["height"] > 40  # drawn, not collapsed

    # A bar a day, a row a day in the table.
    days = page.locator("#insights-completions tbody tr").count()
    assert days >= 50
    expect(page.locator("#insights-completions .rect")).to_have_count(days)
    expect(page.locator("#insights-focus .rect")).to_have_count(days)
    # The heatmap: a cell per week the routine was due, as the table says.
    due_weeks = page.locator("#insights-routines tbody td").filter(has_not_text="Not due")
    expect(page.locator("#insights-routines circle.dot")).to_have_count(due_weeks.count())
    assert 3 <= due_weeks.count() <= 4  # the routine started 20 days ago
    # Two bars for the area (time and target), one for the goal.
    expect(page.locator("#insights-areas .rect")).to_have_count(2)
    expect(page.locator("#insights-goals .rect")).to_have_count(1)

    # The tables hold the numbers: 3 timed tasks × 20 min, 3 untimed × 10 min, the routine's 15.
    areas = page.locator("#insights-areas")
    areas.get_by_text("Show as a table").click()
    row = areas.locator("tbody tr").filter(has_text="Health")
    expect(row).to_contain_text("1 h 45 min")
    expect(row).to_contain_text("6")
    expect(row.get_by_role("link", name="Health")).to_have_attribute(
        "href", f"/areas/{made['area'].uuid}/edit/"
    )
    goals = page.locator("#insights-goals")
    goals.get_by_text("Show as a table").click()
    expect(goals.locator("tbody")).to_contain_text("50 %")

    assert _bar_fill(page) == ACCENT["light"]
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]

    page.emulate_media(color_scheme="dark")
    page.reload()
    expect(charts).to_have_count(5)
    assert _bar_fill(page) == ACCENT["dark"]
    label_colour = page.evaluate(
        "() => getComputedStyle(document.querySelector('#insights-focus .axis text')).fill"
    )
    assert label_colour == "rgb(154, 163, 178)"  # --text-muted, dark
    violations = [
        v for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], [(v["id"], v["nodes"][0]["html"]) for v in violations]
    assert console_errors == []


def test_an_empty_workspace_at_320_pixels(page: Page, live_server, personas, console_errors):
    page.set_viewport_size({"width": 320, "height": 640})
    _open(page, live_server.url)
    expect(page.locator("main svg.insights-chart")).to_have_count(0)
    expect(page.locator(".insights-empty")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    fill(personas.alice, _workspace(personas.alice), tasks=3)
    page.reload()
    expect(page.locator("main svg.insights-chart")).to_have_count(5)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    box = page.locator("#insights-completions svg").bounding_box()
    assert box is not None and 200 < box["width"] <= 320
    for key in ("completions", "areas"):
        page.locator(f"#insights-{key}").get_by_text("Show as a table").click()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert console_errors == []
