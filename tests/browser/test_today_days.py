"""Today in a real browser across three kinds of day: one full of meetings, a day off, the evening.

Today depends on the clock, so each journey first picks a fixed-offset time zone (``Etc/GMT±N``,
no daylight saving) in which it is, right now, the hour the journey needs: mid-morning for the
meetings and the day off, the evening for the day that is over. Events and work windows are then
laid out around that local time, so the journeys hold at any hour the suite runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.areas.services import area_create
from minime.calendars.tests.factories import add_event
from minime.core.db import as_user
from minime.preferences.rules import rules_update
from minime.tasks.services import task_create
from minime.workspaces.models import Workspace
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERY_DAY = list(range(7))
MINUTE = timedelta(minutes=1)


def zone_where_it_is(hour: int) -> ZoneInfo:
    """A fixed-offset zone whose local time is ``hour``:mm now (Etc/GMT-3 is UTC+3)."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        if (now + timedelta(hours=offset)).hour == hour:
            return ZoneInfo("UTC" if offset == 0 else f"Etc/GMT{-offset:+d}")
    raise AssertionError(f"no fixed-offset zone has {hour}:00 now")  # pragma: no cover


def person(email: str, name: str, zone: ZoneInfo) -> tuple[User, Workspace]:
    user = user_create(email=email, password=PASSWORD, display_name=name, time_zone=zone.key)
    with as_user(user.pk):
        return user, Workspace.objects.get(created_by=user, is_personal=True)


def duration_minutes(text: str) -> int:
    """ "2 h 5 min" → 125: Today's duration wording, read back."""
    hours = re.search(r"(\d+) h", text)
    minutes = re.search(r"(\d+) min", text)
    return (int(hours[1]) if hours else 0) * 60 + (int(minutes[1]) if minutes else 0)


def header_minutes(page: Page) -> tuple[int, int]:
    """The header's "… · 2 h 5 min free, 1 h 35 min planned" as (free, planned) minutes."""
    lead = page.locator(".today-header .lead").inner_text()
    found = re.search(r"· (.+?) free(?:, (.+?) planned)?$", lead)
    assert found, lead
    return duration_minutes(found[1]), duration_minutes(found[2] or "")


def free_from(moment: datetime, end: datetime, busy_minutes: int) -> int:
    """Free minutes the page must show when rendered at ``moment``: from the next whole minute to
    the end of the window, less the meetings still ahead."""
    start = moment.replace(second=0, microsecond=0)
    if start < moment:
        start += MINUTE
    return int((end - start) / MINUTE) - busy_minutes


@dataclass(frozen=True)
class Slot:
    kind: str
    title: str
    start: datetime
    end: datetime


def timeline(page: Page) -> list[Slot]:
    """The timeline's blocks, read from the page (times from their ``datetime`` attributes)."""
    rows = page.locator(".today-block").evaluate_all(
        """els => els.map(e => ({
            kind: [...e.classList].find(c => c.startsWith('today-block--')).slice(13),
            title: e.querySelector('.today-block__title').textContent.trim(),
            times: [...e.querySelectorAll('time')].map(t => t.getAttribute('datetime')),
        }))"""
    )
    return [
        Slot(
            row["kind"],
            row["title"],
            datetime.fromisoformat(row["times"][0]),
            datetime.fromisoformat(row["times"][1]),
        )
        for row in rows
    ]


def test_a_day_of_meetings_plans_tasks_around_them(page: Page, live_server, console_errors):
    """Meetings come off the free time and tasks are laid out between them, never over them; the
    header's free and planned minutes add up with the events and the timeline; and when work due
    today can no longer fit, the "day is full" card names the biggest meetings still ahead."""
    zone = zone_where_it_is(10)
    user, workspace = person("mina@example.com", "Mina", zone)
    now = datetime.now(zone)
    today = now.date()
    window_end = datetime.combine(today, time(15, 0), tzinfo=zone)
    # The first meeting starts 15 to 30 minutes from now, on a quarter hour.
    quarter = now.replace(minute=0, second=0, microsecond=0) + timedelta(
        minutes=(now.minute // 15 + 1) * 15
    )
    first = quarter + timedelta(minutes=15)
    meetings = [  # (title, start, minutes)
        ("Early stand-up", datetime.combine(today, time(8, 30), tzinfo=zone), 15),  # over by now
        ("Design review", first, 60),
        ("Team sync", first + timedelta(minutes=90), 45),
        ("Client call", first + timedelta(minutes=165), 30),
    ]
    ahead = 60 + 45 + 30
    rules_update(user=user, workday_start=time(8, 0), workday_end=time(15, 0), work_days=EVERY_DAY)
    with as_user(user.pk):
        for title, begins, minutes in meetings:
            add_event(
                user,
                title=title,
                starts_at=begins,
                ends_at=begins + timedelta(minutes=minutes),
            )
        for title, priority, minutes in (
            ("Write the proposal", 3, 45),
            ("Review the budget", 2, 30),
            ("Book the venue", 1, 20),
        ):
            task_create(
                workspace=workspace,
                title=title,
                priority=priority,
                estimate_minutes=minutes,
                created_by=user,
            )

    base = live_server.url
    before = datetime.now(zone)
    sign_in(page, base, "mina@example.com")
    expect(page).to_have_url(base + "/today/")
    expect(page.locator(".today-start")).to_contain_text("Start with: Write the proposal")
    after = datetime.now(zone)

    # Every meeting of the day is listed, the one already over included.
    expect(page.locator(".today-events [data-event]")).to_have_text(
        [
            f"{begins:%H:%M}–{begins + timedelta(minutes=minutes):%H:%M} {title}"
            for title, begins, minutes in meetings
        ]
    )
    # Free time is the rest of the window less the meetings still ahead; all three tasks fit.
    free, planned = header_minutes(page)
    assert free_from(after, window_end, ahead) <= free <= free_from(before, window_end, ahead)
    assert free < int((window_end - before) / MINUTE)
    assert planned == 45 + 30 + 20
    expect(page.locator(".today-overload")).to_have_count(0)

    views = page.get_by_role("navigation", name="Today's views")
    views.get_by_role("link", name="Timeline").click()
    expect(page).to_have_url(base + "/today/?view=timeline")
    expect(page.locator(".today-block").first).to_be_visible()
    slots = timeline(page)
    events = [s for s in slots if s.kind == "event"]
    tasks = [s for s in slots if s.kind == "task"]
    # The meetings still ahead, at their times; the one that is over is not on the timeline.
    assert [(e.title, e.start, e.end) for e in events] == [
        (title, begins, begins + timedelta(minutes=minutes))
        for title, begins, minutes in meetings[1:]
    ]
    assert {re.sub(r" \(\d+/\d+\)$", "", t.title) for t in tasks} == {
        "Write the proposal",
        "Review the budget",
        "Book the venue",
    }
    for task in tasks:
        assert before - MINUTE <= task.start < task.end <= window_end, task
        for event in events:
            assert task.end <= event.start or task.start >= event.end, (task, event)
    # The task blocks hold exactly the planned minutes, in the free time the header counts.
    assert sum(int((t.end - t.start) / MINUTE) for t in tasks) == planned <= free
    expect(page.get_by_text("found no free slot")).to_have_count(0)

    # Four hours of work due today arrive: far more than the time between the meetings.
    with as_user(user.pk):
        task_create(
            workspace=workspace,
            title="Finish the tax return",
            due_date=today,
            estimate_minutes=240,
            created_by=user,
        )
    before = datetime.now(zone)
    page.reload()
    overload = page.locator(".today-overload")
    expect(overload).to_be_visible()
    after = datetime.now(zone)
    free, planned = header_minutes(page)
    assert free_from(after, window_end, ahead) <= free <= free_from(before, window_end, ahead)
    assert planned == 240
    heading = overload.get_by_role("heading").inner_text()
    found = re.fullmatch(r"Your day is full: (.+) planned, (.+) free", heading)
    assert found, heading
    assert (duration_minutes(found[1]), duration_minutes(found[2])) == (planned, free)
    # The stand-up this morning has begun (and ended): the biggest meetings are "still ahead".
    expect(overload).to_contain_text(
        "Your biggest events still ahead: Design review (1 h) and Team sync (45 min)."
    )
    expect(page.locator(".today-start")).to_contain_text("Start with: Finish the tax return")
    expect(page.locator(".today-timeline")).to_contain_text("1 planned task found no free slot.")
    assert console_errors == []


def test_a_day_off_leaves_work_out(page: Page, live_server, console_errors):
    """On a day that is not one of the work days, Today says so and leaves out work-area tasks
    that are neither due nor planned for today, while personal tasks and work due today stay."""
    zone = zone_where_it_is(10)
    user, workspace = person("otto@example.com", "Otto", zone)
    today = datetime.now(zone).date()
    rules_update(user=user, work_days=[d for d in EVERY_DAY if d != today.weekday()])
    with as_user(user.pk):
        work = area_create(workspace=workspace, name="Work", is_work=True)
        task_create(
            workspace=workspace,
            title="Prepare the slides",
            priority=3,
            area=work,
            created_by=user,
        )
        task_create(
            workspace=workspace,
            title="Submit the timesheet",
            due_date=today,
            area=work,
            created_by=user,
        )
        task_create(workspace=workspace, title="Call grandma", priority=1, created_by=user)

    base = live_server.url
    sign_in(page, base, "otto@example.com")
    expect(page).to_have_url(base + "/today/")
    expect(page.locator("[data-day-off]")).to_have_text(
        f"{today:%A} is a day off: work is left out unless it is due or you planned it for today."
    )
    region = page.locator("#today")
    expect(page.locator(".today-start")).to_contain_text("Start with: Submit the timesheet")
    expect(region.get_by_role("link", name="Call grandma", exact=True)).to_be_visible()
    expect(region.get_by_text("Prepare the slides")).to_have_count(0)

    # Left out of today, not lost: the task list still has it.
    page.goto(base + "/tasks/")
    expect(page.get_by_role("link", name="Prepare the slides", exact=True)).to_be_visible()
    assert console_errors == []


def test_the_evening_looks_ahead_to_tomorrow(page: Page, live_server, console_errors):
    """After the work window, Today offers no Start with: it says the work day is over, when it
    ended, and which task tomorrow starts with."""
    zone = zone_where_it_is(21)
    user, workspace = person("eve@example.com", "Eve", zone)
    rules_update(user=user, workday_start=time(9, 0), workday_end=time(17, 0), work_days=EVERY_DAY)
    with as_user(user.pk):
        invoice = task_create(
            workspace=workspace,
            title="Send the invoice",
            priority=3,
            estimate_minutes=30,
            created_by=user,
        )
        task_create(
            workspace=workspace,
            title="Water the plants",
            priority=1,
            estimate_minutes=20,
            created_by=user,
        )

    base = live_server.url
    sign_in(page, base, "eve@example.com")
    expect(page).to_have_url(base + "/today/")
    card = page.locator(".today-day-over")
    expect(card.get_by_role("heading")).to_have_text("Your work day is over")
    expect(card).to_contain_text(
        "Your work day ended at 17:00. Rest now: tomorrow starts with Send the invoice."
    )
    expect(card).to_have_attribute("data-tomorrow", str(invoice.uuid))
    tomorrow = card.get_by_role("link", name=re.compile(r"^Tomorrow, start with: Send the invoice"))
    expect(tomorrow).to_have_attribute("href", f"/tasks/{invoice.uuid}/")

    expect(page.locator(".today-start")).to_have_count(0)
    assert "Start with:" not in page.locator("#today").inner_text()
    assert header_minutes(page)[0] == 0  # no free time left in a window that has ended
    expect(page.locator("[data-budget]")).to_have_count(0)
    expect(page.locator(".today-overload")).to_have_count(0)
    assert console_errors == []


def test_deep_work_waits_for_a_long_block_and_steps_move_one_by_one(
    page: Page, live_server, console_errors
):
    """Between half-hourly meetings no block holds two hours of writing: Today names it instead
    of cutting it up, and one tap plans it for tomorrow. A task with steps is one row that names
    its next step; "Step done" moves on to the following one."""
    zone = zone_where_it_is(10)
    user, workspace = person("dev@example.com", "Dev", zone)
    now = datetime.now(zone)
    today = now.date()
    rules_update(user=user, workday_start=time(8, 0), workday_end=time(18, 0), work_days=EVERY_DAY)
    with as_user(user.pk):
        for hour in range(8, 18):  # a 30-minute meeting every half hour: 30-minute slivers
            begins = datetime.combine(today, time(hour, 30), tzinfo=zone)
            add_event(
                user,
                title=f"Meeting {hour}",
                starts_at=begins,
                ends_at=begins + timedelta(minutes=30),
            )
        essay = task_create(
            workspace=workspace,
            title="Write the essay",
            priority=3,
            estimate_minutes=120,
            deep_work=True,
            created_by=user,
        )
        copy = task_create(
            workspace=workspace,
            title="Draft the product page copy",
            priority=2,
            estimate_minutes=25,
            created_by=user,
        )
        for title in ("Headline and subhead", "Feature list"):
            task_create(workspace=workspace, title=title, parent=copy, created_by=user)

    base = live_server.url
    sign_in(page, base, "dev@example.com")
    expect(page).to_have_url(base + "/today/")
    card = page.locator(".today-no-block")
    expect(card).to_contain_text(
        "No free block today is long enough for Write the essay (2 h): the longest is"
    )
    start = page.locator(".today-start")
    expect(start).to_contain_text(
        "Start with: Draft the product page copy — next: Headline and subhead."
    )
    start.get_by_role("button", name="Step done: Headline and subhead").click()
    expect(start).to_contain_text("Start with: Draft the product page copy — next: Feature list.")

    card.get_by_role("button", name="Move Write the essay to tomorrow").click()
    expect(page.get_by_role("status").filter(has_text="is planned for tomorrow")).to_be_visible()
    expect(page.locator(".today-no-block")).to_have_count(0)
    with as_user(user.pk):
        essay.refresh_from_db()
    assert essay.do_on == today + timedelta(days=1)
    assert page.url == base + "/today/"
    assert console_errors == []
