"""Decisions in a real browser: the whole journey under the strict CSP (options, weighted criteria,
a score matrix whose totals follow the typing, the choice, the revisit), the same matrix without
JavaScript, and the pages' layout and accessibility on a phone and a desktop."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from minime.core.db import as_user
from minime.decisions import services
from minime.decisions.demo import populate
from tests.browser.conftest import PERSONA_PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _totals(page: Page) -> list[str]:
    return page.locator("[data-matrix] [data-total]").all_inner_texts()


def test_a_decision_from_the_question_to_the_revisit(
    page: Page, live_server, personas, console_errors
):
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/decisions/")
    expect(page.get_by_role("heading", name="No decisions yet")).to_be_visible()
    page.get_by_role("link", name="Write down a decision").click()
    expect(page.get_by_label("The question")).to_be_focused()
    page.get_by_label("The question").fill("Which job offer should I take?")
    page.get_by_role("button", name="Add decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which job offer should I take?")
    decision_url = page.url
    assert re.search(r"/decisions/[0-9a-f-]{36}/$", decision_url)

    # Three options, each added in place with the cursor back in the field for the next.
    option = page.get_by_role("textbox", name="Option", exact=True)
    for title, pros in (("Acme", "Great team"), ("Globex", "Higher pay"), ("Stay", "No risk")):
        option.fill(title)
        page.get_by_role("textbox", name="Pros", exact=True).fill(pros)
        page.get_by_role("button", name="Add option").click()
        expect(page.get_by_text(f"Added the option {title}.")).to_be_visible()
        expect(option).to_be_focused()
    expect(page.locator(".decision-option__title")).to_have_text(["Acme", "Globex", "Stay"])

    # Two weighted criteria.
    for name, weight in (("Growth", "5"), ("Salary", "2")):
        page.get_by_role("textbox", name="Criterion", exact=True).fill(name)
        page.locator("#id_criterion-weight").select_option(weight)
        page.get_by_role("button", name="Add criterion").click()
        expect(page.get_by_text(f"Added the criterion {name}.")).to_be_visible()
        # htmx focuses the fresh field once the swap has settled: type only after that
        expect(page.get_by_role("textbox", name="Criterion", exact=True)).to_be_focused()
    expect(page.locator("[data-matrix] [data-max-total]")).to_have_text("70")

    # The totals follow the typing, before anything is saved.
    scores = {
        ("Acme", "Growth"): "9",
        ("Acme", "Salary"): "5",
        ("Globex", "Growth"): "6",
        ("Globex", "Salary"): "9",
        ("Stay", "Growth"): "3",
    }
    for (title, criterion), score in scores.items():
        page.get_by_label(f"Score of {title} on {criterion}").fill(score)
    expect_totals = ["55", "48", "15"]  # 5×9+2×5, 5×6+2×9, 5×3
    assert _totals(page) == expect_totals
    leading = page.locator("[data-matrix] tr.is-leading th")
    expect(leading).to_contain_text("Acme")
    page.get_by_label("Weight of Salary").fill("5")  # pay matters more after all
    assert _totals(page) == ["70", "75", "15"]
    expect(page.locator("[data-matrix] [data-max-total]")).to_have_text("100")
    expect(leading).to_contain_text("Globex")
    page.get_by_label("Weight of Salary").fill("2")
    assert _totals(page) == expect_totals
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("Saved the scores.")).to_be_visible()
    expect(page.locator(".decision-option").first).to_contain_text("Total 55 of 70")
    expect(page.locator(".decision-option").first).to_contain_text("Highest total")

    # The choice, with the reasoning and a revisit date.
    revisit_on = (datetime.now(UTC).date() + timedelta(days=60)).isoformat()
    page.get_by_role("radio", name="Acme").check()
    page.get_by_label("Why this option").fill("Growth matters most to me right now.")
    page.get_by_label("What you expect to happen").fill("I learn fast and lead a project.")
    page.get_by_label("Look back on").fill(revisit_on)
    page.get_by_role("button", name="Record the choice").click()
    expect(page.get_by_text("Decided: Acme.")).to_be_visible()
    choice = page.locator("#choice")
    expect(choice).to_contain_text("Growth matters most to me right now.")
    expect(choice).to_contain_text("I learn fast and lead a project.")

    # The revisit.
    page.get_by_label("What actually happened").fill("I lead the billing project already.")
    page.get_by_role("radio", name="Better than expected").check()
    page.get_by_role("button", name="Record how it turned out").click()
    expect(page.get_by_text("Recorded how it turned out.")).to_be_visible()
    expect(page.locator("#outcome")).to_contain_text("I lead the billing project already.")
    expect(page.locator(".decision-head .badge").first).to_have_text("Revisited")
    assert page.url == decision_url  # every step swapped in place

    page.goto(f"{live_server.url}/decisions/")
    expect(page.get_by_role("heading", name="Revisited 1")).to_be_visible()
    expect(page.locator(".decision-row")).to_contain_text("Better than expected")
    assert console_errors == []


def test_a_refused_score_is_explained_in_its_cell(
    page: Page, live_server, personas, console_errors
):
    alice = personas.alice
    with as_user(alice.pk):
        decision = services.decision_create(
            workspace=personas.personal(alice), question="Which flat?"
        )
        services.option_create(decision=decision, title="Old town")
        services.criterion_create(decision=decision, name="Rent", weight=3)
    sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
    page.goto(f"{live_server.url}/decisions/{decision.uuid}/")
    cell = page.get_by_label("Score of Old town on Rent")
    cell.fill("12")
    assert _totals(page) == ["0"]  # out of range: counts for nothing
    page.get_by_role("button", name="Save scores").click()
    expect(page.get_by_text("A score from 0 to 10, or empty.")).to_be_visible()
    expect(page.get_by_label("Score of Old town on Rent")).to_have_attribute("aria-invalid", "true")
    # The 422 is shown, not reported as an error: only the browser's own note of the status.
    assert [e for e in console_errors if "422" not in e] == []


def test_without_javascript_the_matrix_totals_come_back_from_the_server(
    browser: Browser, live_server, personas
):
    alice = personas.alice
    with as_user(alice.pk):
        decision = services.decision_create(workspace=personas.personal(alice), question="Car?")
        services.option_create(decision=decision, title="Used")
        services.option_create(decision=decision, title="New")
        services.criterion_create(decision=decision, name="Price", weight=4)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
        page.goto(f"{live_server.url}/decisions/{decision.uuid}/")
        page.get_by_label("Score of Used on Price").fill("8")
        page.get_by_label("Score of New on Price").fill("3")
        assert _totals(page) == ["0", "0"]  # nothing recomputes without the script
        page.get_by_role("button", name="Save scores").click()
        page.wait_for_url(re.compile(r"#matrix$"))
        assert _totals(page) == ["32", "12"]
        page.get_by_role("radio", name="Used").check()
        page.get_by_role("button", name="Record the choice").click()
        expect(page.get_by_text("Decided: Used.")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 1366, "height": 900}],
    ids=["phone", "desktop"],
)
def test_the_decision_pages_hold_their_layout_and_pass_axe(
    browser: Browser, live_server, personas, viewport, scheme
):
    alice = personas.alice
    workspace = personas.personal(alice)
    lead, run, _ = populate(user=alice, workspace=workspace, today=datetime.now(UTC).date())
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        sign_in(page, live_server.url, "alice@example.com", PERSONA_PASSWORD)
        page.wait_for_url(re.compile(r"/(today|welcome)/"))
        axe = Axe()
        for path in ("/decisions/", f"/decisions/{lead.uuid}/", f"/decisions/{run.uuid}/"):
            page.goto(live_server.url + path)
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, path
            violations = [
                (v["id"], v["nodes"][0]["html"])
                for v in axe.run(page).response["violations"]
                if v["impact"] in ("serious", "critical")
            ]
            assert violations == [], (path, violations)
            page.set_viewport_size({"width": 320, "height": 640})
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, f"{path} at 320 px"
            page.set_viewport_size(viewport)
        assert errors == []
    finally:
        context.close()
