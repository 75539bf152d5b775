"""Layout facts and accessibility, on a phone (390×844) and a desktop (1366×900), light and dark.

A workspace with the demo data is opened on every main page; each test states a fact the eye
would check: the decision is on the first screen, nothing scrolls sideways, the navigation is a
tab bar or a sidebar (never rows of wrapped links), icons are SVG, and axe-core finds no
violation of serious or critical impact. Screenshots of each page go to the folder named by
MINIME_SCREENSHOTS (when set), for the eye.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Browser, Page, ViewportSize, expect

from minime.accounts.models import User
from minime.accounts.plans import Plan
from minime.accounts.services import plan_set, user_create
from minime.calendars.models import Calendar
from minime.calendars.services import FEED_ERRORS
from minime.core.crypto import encrypt
from minime.core.db import as_user
from minime.gmail.models import GmailConnection, PulledMessage
from minime.tasks.services import task_create
from minime.workspaces.models import Workspace
from minime.workspaces.services import invite_create, membership_add, workspace_create_shared
from minime.yourdata.demo import populate_demo
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
Scheme = Literal["light", "dark"]
EMAIL = "dana@example.com"

# The main pages, by path (detail pages are found from the lists).
PAGES = [
    "/today/",
    "/today/?view=timeline",
    "/home/",
    "/capture/",
    "/capture/notes/",
    "/tasks/",
    "/tasks/projects/",
    "/goals/",
    "/routines/",
    "/areas/",
    "/ai/assistant/",
    "/focus/",
    "/automations/",
    "/automations/new/",
    "/decisions/",
    "/reviews/",
    "/reviews/shutdown/",
    "/insights/",
    "/notifications/",
    "/ai/add/",
    "/accounts/settings/profile/",
    "/accounts/settings/preferences/",
    "/accounts/settings/rules/",
    "/ai/settings/",
    "/accounts/settings/notifications/",
    "/accounts/settings/calendar/",  # Dana is on Free: what calendars do and which plans have them
    "/accounts/settings/email/",  # on Free: what Gmail does and which plan has it
    "/email/",
    "/accounts/settings/api-tokens/",
    "/accounts/settings/plan/",
    "/accounts/settings/data/",
    "/workspaces/",  # Dana is on Free: her personal workspace, and which plan shares
    "/privacy/",  # the public pages, as a signed-in person reaches them from the footer
    "/terms/",
    "/data-processing/",
    "/security/",
    "/contact/",
]
UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DETAILS = {  # a list page, and the detail pages it links to
    "/tasks/": rf"^/tasks/{UUID}/$",
    "/tasks/projects/": rf"^/tasks/projects/{UUID}/$",
    "/goals/": rf"^/goals/{UUID}/$",
    "/routines/": rf"^/routines/{UUID}/$",
    "/decisions/": rf"^/decisions/{UUID}/$",
    "/automations/": rf"^/automations/{UUID}/$",
    "/workspaces/": rf"^/workspaces/{UUID}/$",
}
EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001f2ff\ufe0f]")


@pytest.fixture
def demo_user(transactional_db: None) -> None:
    user = user_create(email=EMAIL, password=PASSWORD, display_name="Dana")
    with as_user(user.pk):
        workspace = Workspace.objects.get(created_by=user, is_personal=True)
        populate_demo(user=user, workspace=workspace, today=datetime.now(UTC).date())


@contextmanager
def open_page(
    browser: Browser, base: str, viewport: ViewportSize, scheme: Scheme
) -> Iterator[Page]:
    context = browser.new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    sign_in(page, base, EMAIL)
    page.wait_for_url(re.compile(r"/(today|welcome)/"))
    try:
        yield page
    finally:
        context.close()


def all_paths(page: Page, base: str) -> list[str]:
    """The main pages and one detail page of each kind."""
    paths = list(PAGES)
    for listing, pattern in DETAILS.items():
        page.goto(base + listing)
        hrefs = page.eval_on_selector_all(
            "main a[href]", "links => links.map(a => a.getAttribute('href'))"
        )
        found = [h for h in hrefs if re.match(pattern, h)]
        assert found, f"no detail link on {listing}"
        paths.append(found[0])
    return paths


def shoot(page: Page, path: str, label: str) -> None:
    folder = os.environ.get("MINIME_SCREENSHOTS")
    if folder:
        name = re.sub(r"\W+", "-", path).strip("-") or "root"
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{label}.png"))


def assert_layout(page: Page, axe: Axe, device: str, where: str) -> None:
    """The page as it is now: no sideways scroll, the navigation of its device, a one-row top
    bar, no emoji, no axe-core violation of serious or critical impact."""
    facts = page.evaluate(
        """() => {
          const visible = (sel) => { const e = document.querySelector(sel);
            return !!e && getComputedStyle(e).display !== 'none'; };
          const top = document.querySelector('.topbar');
          return {
            sideways: document.documentElement.scrollWidth - window.innerWidth,
            tabbar: visible('.tabbar'), sidebar: visible('.sidebar'),
            topbarHeight: visible('.topbar') ? top.getBoundingClientRect().height : 0,
            text: document.body.innerText,
          };
        }"""
    )
    assert facts["sideways"] <= 0, f"{where} scrolls sideways"
    if device == "phone":
        assert facts["tabbar"] and not facts["sidebar"], where
        assert facts["topbarHeight"] < 70, f"{where}: the top bar is one row"
    else:
        assert facts["sidebar"] and not facts["tabbar"], where
    assert not EMOJI.findall(facts["text"]), f"{where} shows an emoji as an icon"
    violations = [
        v for v in axe.run(page).response["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert violations == [], (where, [(v["id"], v["nodes"][0]["html"]) for v in violations])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_every_main_page_holds_its_layout(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        axe = Axe()
        for path in all_paths(page, live_server.url):
            page.goto(live_server.url + path)
            shoot(page, path, f"{device}-{scheme}")
            assert_layout(page, axe, device, f"{path} on {device}, {scheme}")
        assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_start_with_card_is_on_the_first_screen(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        page.goto(live_server.url + "/today/")
        card = page.locator(".today-start, .today-day-over, .today-first-step").first
        box = card.bounding_box()
        assert box is not None
        assert 0 <= box["y"] < viewport["height"] - 120, box  # its sentence shows, above the tabs


def test_nothing_scrolls_sideways_at_320_pixels(browser: Browser, live_server, demo_user):
    with open_page(browser, live_server.url, {"width": 320, "height": 640}, "light") as page:
        for path in all_paths(page, live_server.url):
            page.goto(live_server.url + path)
            sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert sideways <= 0, path


def test_every_icon_is_an_svg(browser: Browser, live_server, demo_user):
    """Icons in buttons and links are inline SVG: no emoji, no icon font, no image from
    another origin."""
    with open_page(browser, live_server.url, DESKTOP, "light") as page:
        for path in ["/today/", "/tasks/", "/capture/", "/goals/", "/routines/"]:
            page.goto(live_server.url + path)
            icons = page.evaluate(
                """() => [...document.querySelectorAll('a svg, button svg, summary svg')]
                  .map(s => s.namespaceURI)"""
            )
            assert icons and set(icons) == {"http://www.w3.org/2000/svg"}, path
            foreign = page.evaluate(
                """() => [...document.images].map(i => i.src)
                  .filter(src => !src.startsWith(location.origin))"""
            )
            assert foreign == [], path


def assert_resting_layout(page: Page, axe: Axe, device: str, where: str) -> None:
    """``assert_layout`` with the pointer back where a fresh page has it, not over the button
    it last clicked (a hovered button is not the page at rest)."""
    page.mouse.move(0, 0)
    assert_layout(page, axe, device, where)


def settled(page: Page) -> None:
    """Wait until htmx has swapped and wired what it received: a change made before that
    reaches a field htmx does not listen to yet."""
    busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added"
    expect(page.locator(busy)).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_automations_builder_holds_its_layout_as_it_grows(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    """The builder redrawn by htmx (a schedule's days and time, a second action, a refused save
    with its messages) keeps the page's layout, and its sentence follows what is picked."""
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        axe = Axe()
        where = f"the builder on {device}, {scheme}"
        page.goto(live_server.url + "/automations/new/")
        page.get_by_label("When").select_option("schedule")
        expect(page.get_by_label("At", exact=True)).to_have_value("08:00")
        expect(page.get_by_role("checkbox", name="Monday")).to_be_checked()
        settled(page)
        page.get_by_label("Then", exact=True).select_option("create_task")
        expect(page.get_by_label("Task", exact=True)).to_be_visible()
        settled(page)  # the redrawn builder sends its sentence once htmx has wired it
        page.get_by_label("Task", exact=True).fill("Plan {weekday}")
        page.get_by_label("Task", exact=True).press("Tab")
        expect(page.locator("#rule-sentence")).to_have_text(
            "Every weekday at 08:00, create a task “Plan {weekday}”."
        )
        settled(page)
        page.get_by_role("button", name="Add another action").click()
        expect(page.get_by_label("And then", exact=True)).to_be_visible()
        settled(page)
        page.get_by_label("Title", exact=True).fill("{task} again")
        shoot(page, "/automations/new/", f"grown-{device}-{scheme}")
        assert_resting_layout(page, axe, device, where)
        page.get_by_role("button", name="Create the rule").click()
        expect(page.locator("#id_action-1-title_errors")).to_contain_text("{task}")
        assert_resting_layout(page, axe, device, f"{where}, refused")
        settled(page)
        page.get_by_role("button", name="Remove action 2").click()
        expect(page.get_by_label("And then", exact=True)).to_have_count(0)
        settled(page)
        page.get_by_role("button", name="Create the rule").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Automation")
        expect(page.get_by_text("Every weekday at 08:00, create a task")).to_be_visible()
        assert_resting_layout(page, axe, device, f"{where}, saved")
        # The refused save is shown, not reported: only the browser's own note of its 422.
        assert [e for e in errors if "422" not in e] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_calendar_settings_hold_their_layout_with_calendars(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    """On Pro: a calendar that was read, one whose last read failed, a row's menu open, and a
    refused address with its message keep the page's layout."""
    dana = User.objects.get(email=EMAIL)
    plan_set(user=dana, plan=Plan.PRO)
    now = timezone.now()
    with as_user(dana.pk):
        for name, colour, error in [
            ("Work", "blue", ""),
            ("Family and friends, the shared one", "orange", FEED_ERRORS[404][1]),
        ]:
            Calendar.objects.create(
                user=dana,
                name=name,
                colour=colour,
                url_encrypted=encrypt("https://calendar.invalid/private-0000/basic.ics"),
                url_hint="calendar.google.com/…c.ics",
                synced_at=now,
                tried_at=now,  # read just now: nothing is fetched while the test runs
                error_code="not_found" if error else "",
                error=error,
            )
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        axe = Axe()
        where = f"the calendar settings on {device}, {scheme}"
        page.goto(live_server.url + "/accounts/settings/calendar/")
        expect(page.locator("[data-calendar-error]")).to_contain_text("kept for up to a week")
        assert_resting_layout(page, axe, device, where)
        page.locator("summary", has_text="Actions for Work").click()
        expect(page.get_by_role("button", name="Sync now: Work")).to_be_visible()
        shoot(page, "/accounts/settings/calendar/", f"menu-{device}-{scheme}")
        assert_resting_layout(page, axe, device, f"{where}, a menu open")
        page.goto(live_server.url + "/accounts/settings/calendar/")
        page.get_by_label("Private address (iCal)").fill("http://calendar.example/feed.ics")
        page.get_by_role("button", name="Connect", exact=True).click()
        expect(page.locator("#calendar-url-errors")).to_contain_text("https://")
        settled(page)
        shoot(page, "/accounts/settings/calendar/", f"refused-{device}-{scheme}")
        assert_resting_layout(page, axe, device, f"{where}, refused")
        expect(page.get_by_label("Private address (iCal)")).to_have_value(
            "http://calendar.example/feed.ics"
        )
        # The refused address is shown, not reported: only the browser's own note of its 422.
        assert [e for e in errors if "422" not in e] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_the_email_pages_hold_their_layout_with_messages(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    """On Max with Gmail connected: the pulled messages, long subjects and senders included,
    and Settings → Email keep the page's layout."""
    dana = User.objects.get(email=EMAIL)
    plan_set(user=dana, plan=Plan.MAX)
    now = timezone.now()
    with as_user(dana.pk):
        GmailConnection.objects.create(
            user=dana,
            email_address="dana.with.a.rather.long.address@example.com",
            refresh_token_encrypted=encrypt("1//not-a-real-token"),
            scopes="https://www.googleapis.com/auth/gmail.readonly",
            connected_at=now,
            pulled_at=now,
        )
        PulledMessage.objects.bulk_create(
            PulledMessage(
                user=dana,
                gmail_id=f"m{i}",
                sender=f'"The Quarterly Newsletter of Things {i}" <news{i}@example.com>',
                subject=("Your invoice for November is ready to download " * (1 + i % 2)).strip(),
                snippet="Hello Dana, here is a summary of what happened this month " * 3,
                received_at=now,
                pulled_at=now,
                position=i,
            )
            for i in range(4)
        )
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        axe = Axe()
        where = f"the email pages on {device}, {scheme}"
        page.goto(live_server.url + "/email/")
        expect(page.locator("[data-gmail-message]")).to_have_count(4)
        shoot(page, "/email/", f"messages-{device}-{scheme}")
        assert_resting_layout(page, axe, device, where)
        page.goto(live_server.url + "/accounts/settings/email/")
        expect(page.locator("[data-gmail-address]")).to_be_visible()
        assert_resting_layout(page, axe, device, f"{where}, settings")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_a_shared_workspace_holds_its_layout_with_people_and_invites(
    browser: Browser, live_server, demo_user, device: str, scheme: Scheme
):
    """On Pro, the owner of a shared workspace with a long name, three people and two invite
    links (one just made, shown once): the page, the switcher and its colour keep the layout."""
    dana = User.objects.get(email=EMAIL)
    plan_set(user=dana, plan=Plan.PRO)
    dana.refresh_from_db()
    shared = workspace_create_shared(
        owner=dana, name="The Hendricks family and friends, holidays", colour="teal"
    )
    for email, name in [("sam@example.com", "Sam"), ("robin.longname@example.com", "Robin")]:
        person = user_create(email=email, password=PASSWORD, display_name=name)
        membership_add(workspace=shared, user=person, added_by=dana)
    invite_create(user=dana, workspace=shared, email="kim@example.com")
    with as_user(dana.pk):
        task_create(
            workspace=shared,
            title="Book the ferry for everyone on the early Saturday morning crossing",
            created_by=dana,
            assignee=person,
        )
    viewport = PHONE if device == "phone" else DESKTOP
    with open_page(browser, live_server.url, viewport, scheme) as page:
        axe = Axe()
        where = f"a shared workspace on {device}, {scheme}"
        page.goto(live_server.url + f"/workspaces/{shared.uuid}/")
        expect(page.locator("[data-members] > li")).to_have_count(3)
        page.get_by_role("button", name="Make an invite link").click()
        expect(page.locator("[data-invite-link]")).to_be_visible()
        shoot(page, "/workspaces/shared/", f"{device}-{scheme}")
        assert_resting_layout(page, axe, device, where)
        page.goto(live_server.url + "/workspaces/")
        expect(page.locator("[data-workspace]")).to_have_count(2)
        assert_resting_layout(page, axe, device, f"{where}, the list")
        page.goto(live_server.url + f"/workspaces/{shared.uuid}/activity/")
        expect(page.locator("[data-activity] > li")).to_have_count(4)
        assert_resting_layout(page, axe, device, f"{where}, its activity")
        page.goto(live_server.url + f"/accounts/workspaces/{shared.uuid}/delete/")
        expect(page.locator("#confirm")).to_be_visible()
        assert_resting_layout(page, axe, device, f"{where}, deleting it")
