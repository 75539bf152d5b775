"""Settings → Calendar, with and without htmx, against a real local calendar server."""

from __future__ import annotations

import logging
import re

import pytest
from django.urls import reverse

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.calendars import services
from minime.calendars.models import Calendar, CalendarEvent
from minime.calendars.tests import fake_calendar
from minime.calendars.tests.test_ical import BERLIN
from minime.core import crypto, limits
from minime.core.db import as_user

PAGE = "/accounts/settings/calendar/"
HTMX = {"HX-Request": "true", "HX-Target": "calendar-settings"}
SECRET = "private-s3cr3t-7f2a9c"


@pytest.fixture
def fake(settings):
    settings.OUTBOUND_ALLOW_HOSTS = ["127.0.0.1"]
    server = fake_calendar.start()
    yield server
    server.close()


def on_plan(user, plan: str):
    plan_set(user=user, plan=plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def pro(alice):
    return on_plan(alice, Plan.PRO)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def connect(user, url: str, capture, **fields) -> Calendar:
    """A calendar connected through the service, its first read done."""
    with capture(execute=True), as_user(user.pk):
        return services.calendar_connect(user=user, url=url, **fields)


def mine(user) -> list[Calendar]:
    with as_user(user.pk):
        return list(Calendar.objects.filter(user=user))


def field_value(html: str, field_id: str) -> str:
    """The value attribute of the input with ``field_id``."""
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    assert tag is not None, field_id
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def test_on_free_the_page_explains_calendars_and_offers_no_form(signed_in):
    html = signed_in.get(PAGE).content.decode()
    assert "Connecting a calendar is part of Pro and Max." in html
    assert "next 7 days" in html
    assert "timeline" in html and "free time" in html and "morning recap" in html
    assert "only reads" in html and "encrypted and never shown again" in html
    assert f'href="{reverse("pages:plan")}"' in html
    assert reverse("calendars:connect") not in html and 'name="url"' not in html
    assert "Your calendars" not in html


def test_on_free_connecting_is_refused_and_nothing_is_kept(signed_in, alice, fake):
    url = fake.serve(f"/{SECRET}/basic.ics", BERLIN)
    response = signed_in.post(reverse("calendars:connect"), {"url": url, "name": "Work"})
    assert response.status_code == 403
    assert "part of Pro and Max" in response.content.decode()
    assert mine(alice) == [] and fake.requests == []


def test_pro_connects_and_the_row_shows_its_name_hint_and_state(
    signed_in, pro, fake, django_capture_on_commit_callbacks, caplog
):
    caplog.set_level(logging.INFO)
    url = fake.serve(f"/{SECRET}/basic.ics", BERLIN)
    html = signed_in.get(PAGE).content.decode()
    assert "No calendar is connected yet." in html and 'id="calendar-url"' in html
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("calendars:connect"), {"url": url, "name": "Work", "colour": "green"}
        )
    assert response.status_code == 302 and response["Location"] == PAGE
    assert SECRET not in response.content.decode()
    [calendar] = mine(pro)
    assert (calendar.name, calendar.colour) == ("Work", "green")
    assert calendar.synced_at is not None and calendar.error == ""  # the first read ran
    assert crypto.decrypt(calendar.url_encrypted) == url
    page = signed_in.get(PAGE)
    html = page.content.decode()
    assert "Connected. Its events appear on Today in a moment." in html
    row = html.split(f'data-calendar="{calendar.uuid}"')[1].split("</li>")[0]
    assert "<strong>Work</strong>" in row and calendar.url_hint in row
    assert "calendar-swatch--green" in row and "Read just now" in row
    assert SECRET not in html and url not in html
    assert field_value(html, "calendar-url") == ""  # never filled from a stored calendar
    # Nothing logs the address: not the pages, not the services, not httpx (whose request
    # lines name the URL: the logging settings hold it to warnings).
    assert caplog.records and not [r for r in caplog.records if SECRET in r.getMessage()]
    assert logging.getLogger("httpx").level == logging.WARNING


def test_connecting_with_htmx_answers_the_card_without_the_address(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    url = fake.serve(f"/{SECRET}/basic.ics", BERLIN)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(
            reverse("calendars:connect"), {"url": url, "name": "Home"}, headers=HTMX
        )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert 'id="calendar-settings"' in html
    assert "Connected. Its events appear on Today in a moment." in html
    assert "<strong>Home</strong>" in html and SECRET not in html
    assert field_value(html, "calendar-url") == "" and field_value(html, "calendar-name") == ""
    assert mine(pro)[0].synced_at is not None


@pytest.mark.parametrize("htmx", [False, True])
def test_a_bad_address_is_refused_by_its_field_with_what_was_typed(signed_in, pro, htmx):
    typed = {"url": "http://calendar.example/feed.ics", "name": "Family", "colour": "purple"}
    response = signed_in.post(reverse("calendars:connect"), typed, headers=HTMX if htmx else {})
    html = response.content.decode()
    assert response.status_code == 422
    assert ("<html" in html) is not htmx
    errors = html.split('id="calendar-url-errors"')[1].split("</ul>")[0]
    assert "Use the https:// (or webcal://) address" in errors
    assert 'aria-invalid="true"' in html.split('id="calendar-url"')[1].split(">")[0]
    assert field_value(html, "calendar-url") == typed["url"]
    assert field_value(html, "calendar-name") == "Family"
    assert re.search(r'id="calendar-colour-purple"[^>]*checked', html)
    assert mine(pro) == []


def test_a_name_too_long_is_refused_by_the_name_field(signed_in, pro):
    typed = {"url": "https://calendar.example/feed.ics", "name": "n" * 61, "colour": "red"}
    response = signed_in.post(reverse("calendars:connect"), typed)
    html = response.content.decode()
    assert response.status_code == 422
    assert "At most 60 characters." in html.split('id="calendar-name-errors"')[1]
    assert 'id="calendar-url-errors"' not in html
    assert field_value(html, "calendar-name") == "n" * 61
    assert field_value(html, "calendar-url") == typed["url"]  # typed, refused, never stored
    assert mine(pro) == []


def test_rename_and_recolour_with_and_without_htmx(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    edit = reverse("calendars:edit", kwargs={"uuid": calendar.uuid})
    response = signed_in.post(edit, {"name": "Team", "colour": calendar.colour}, follow=True)
    assert "Renamed to “Team”." in response.content.decode()
    response = signed_in.post(edit, {"name": "Team", "colour": "teal"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "“Team” is teal now." in html and "calendar-swatch--teal" in html
    [saved] = mine(pro)
    assert (saved.name, saved.colour) == ("Team", "teal")
    response = signed_in.post(edit, {"name": "  ", "colour": "orange"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422 and "Give it a name." in html
    assert f'id="calendar-name-errors-{calendar.uuid}"' in html
    assert "data-row-menu open" in html  # the row's menu stays open on its error
    assert re.search(r'<option value="orange" selected>', html)  # what was picked stays
    response = signed_in.post(edit, {"name": "Team", "colour": "pink"})
    assert response.status_code == 422 and "Pick one of the colours." in response.content.decode()
    assert [(c.name, c.colour) for c in mine(pro)] == [("Team", "teal")]


def test_sync_now_reads_the_calendar_again(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    sync = reverse("calendars:sync", kwargs={"uuid": calendar.uuid})
    reads = len(fake.requests)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(sync, headers=HTMX)
    assert response.status_code == 200 and "Reading it now…" in response.content.decode()
    assert len(fake.requests) == reads + 1
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(sync)
    assert response.status_code == 302 and len(fake.requests) == reads + 2
    assert "Reading it now…" in signed_in.get(PAGE).content.decode()


def test_an_error_is_shown_with_what_is_kept(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    message = services.FEED_ERRORS[404][1]
    with as_user(pro.pk):
        Calendar.objects.filter(pk=calendar.pk).update(error_code="not_found", error=message)
    html = signed_in.get(PAGE).content.decode()
    shown = html.split("data-calendar-error>")[1].split("</p>")[0]
    assert message in shown and "The events read last are kept for up to a week." in shown
    with as_user(pro.pk):
        Calendar.objects.filter(pk=calendar.pk).update(synced_at=None)
    html = signed_in.get(PAGE).content.decode()
    assert "Not read yet" in html and message in html
    assert "kept for up to a week" not in html


def test_disconnect_deletes_the_address_and_the_events(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    with as_user(pro.pk):
        CalendarEvent.objects.create(
            user=pro,
            calendar=calendar,
            uid="x",
            title="Kept until disconnected",
            starts_at=calendar.created_at,
            ends_at=calendar.created_at,
        )
    disconnect = reverse("calendars:disconnect", kwargs={"uuid": calendar.uuid})
    html = signed_in.get(PAGE).content.decode()
    assert f'action="{disconnect}"' in html and 'data-confirm="Disconnect “Calendar”?' in html
    response = signed_in.post(disconnect, follow=True)
    assert "“Calendar” is disconnected: its address and events were deleted." in (
        response.content.decode()
    )
    with as_user(pro.pk):
        assert not Calendar.objects.exists() and not CalendarEvent.objects.exists()


def test_disconnect_with_htmx_comes_back_in_place(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    disconnect = reverse("calendars:disconnect", kwargs={"uuid": calendar.uuid})
    response = signed_in.post(disconnect, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "is disconnected" in html and "No calendar is connected yet." in html
    assert mine(pro) == []


def test_another_persons_calendar_is_a_404(
    signed_in, pro, bob, fake, django_capture_on_commit_callbacks
):
    on_plan(bob, Plan.PRO)
    theirs = connect(bob, fake.serve("/bob.ics", BERLIN), django_capture_on_commit_callbacks)
    kwargs = {"uuid": theirs.uuid}
    assert (
        signed_in.post(reverse("calendars:edit", kwargs=kwargs), {"name": "Mine"}).status_code
        == 404
    )
    assert signed_in.post(reverse("calendars:sync", kwargs=kwargs)).status_code == 404
    assert signed_in.post(reverse("calendars:disconnect", kwargs=kwargs)).status_code == 404
    assert str(theirs.uuid) not in signed_in.get(PAGE).content.decode()
    [kept] = mine(bob)
    assert kept.name == "Calendar"


def test_a_calendar_left_from_an_earlier_plan_can_only_be_disconnected(
    signed_in, pro, fake, django_capture_on_commit_callbacks
):
    calendar = connect(pro, fake.serve("/a.ics", BERLIN), django_capture_on_commit_callbacks)
    on_plan(pro, Plan.FREE)
    kwargs = {"uuid": calendar.uuid}
    html = signed_in.get(PAGE).content.decode()
    assert "Connected on an earlier plan." in html and "part of Pro and Max" in html
    assert reverse("calendars:disconnect", kwargs=kwargs) in html
    assert reverse("calendars:sync", kwargs=kwargs) not in html
    assert reverse("calendars:connect") not in html
    reads = len(fake.requests)
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.post(reverse("calendars:sync", kwargs=kwargs))
    assert response.status_code == 403 and len(fake.requests) == reads
    response = signed_in.post(reverse("calendars:edit", kwargs=kwargs), {"name": "New"})
    assert response.status_code == 403 and mine(pro)[0].name == "Calendar"
    assert signed_in.post(reverse("calendars:disconnect", kwargs=kwargs)).status_code == 302
    assert mine(pro) == []


def test_at_the_limit_the_form_says_to_disconnect_one_first(signed_in, pro):
    with as_user(pro.pk):
        for n in range(limits.CALENDARS_MAX):
            Calendar.objects.create(
                user=pro, name=f"C{n}", url_encrypted=crypto.encrypt("https://x.example/c.ics")
            )
    html = signed_in.get(PAGE).content.decode()
    assert f"{limits.CALENDARS_MAX} calendars are connected, the most there can be." in html
    assert 'id="calendar-url"' not in html


def test_the_settings_navigation_leads_here_and_marks_it(signed_in, pro):
    html = signed_in.get(reverse("notifications:settings")).content.decode()
    nav = html.split('aria-label="Settings"')[1].split("</nav>")[0]
    assert f'href="{PAGE}">Calendar<' in nav
    html = signed_in.get(PAGE).content.decode()
    nav = html.split('aria-label="Settings"')[1].split("</nav>")[0]
    assert f'href="{PAGE}" aria-current="page">Calendar<' in nav
    assert html.count('aria-current="page"') >= 2  # Settings in the shell as well


def test_the_page_makes_the_same_number_of_queries_for_few_or_many(
    signed_in, pro, django_assert_max_num_queries, django_assert_num_queries
):
    def fill(count):
        with as_user(pro.pk):
            for n in range(count):
                Calendar.objects.create(
                    user=pro, name=f"C{n}", url_encrypted=crypto.encrypt("https://x.example/c")
                )

    fill(1)
    with django_assert_max_num_queries(25) as few:
        assert signed_in.get(PAGE).status_code == 200
    fill(5)
    with django_assert_num_queries(len(few)):
        signed_in.get(PAGE)


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    assert client.get(PAGE).status_code == 302
    assert (
        client.post(reverse("calendars:connect"), {"url": "https://x.example/"}).status_code == 302
    )
