"""Settings → Email and the Email page, with and without htmx, against a real local fake Google."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.urls import reverse

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.ai.tests.test_smart_add_flow import _formset
from minime.capture.models import CaptureItem, CaptureSource
from minime.core import crypto
from minime.core.db import as_user
from minime.gmail import services
from minime.gmail.models import ConnectionState, GmailConnection, PulledMessage
from minime.gmail.tests import fake_google
from minime.gmail.views import CONSENT
from minime.tasks.models import Task

SETTINGS = "/accounts/settings/email/"
EMAIL = "/email/"
HTMX = {"HX-Request": "true", "HX-Target": "gmail-inbox"}


def on_plan(user, plan: str):
    plan_set(user=user, plan=plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def maxed(alice):
    return on_plan(alice, Plan.MAX)


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def through_google(client, *, answer: str = "allow"):
    """Press Connect, answer Google's consent screen, and follow it back: the callback's
    response."""
    started = client.post(reverse("gmail:connect"))
    assert started.status_code == 302
    consent = started["Location"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(consent).query).items()}
    base = consent.split("/o/oauth2", 1)[0]
    back = httpx.get(f"{base}/o/oauth2/v2/approve", params={**query, "answer": answer})
    callback = urlsplit(back.headers["location"])
    return client.get(f"{callback.path}?{callback.query}")


def connection(user) -> GmailConnection | None:
    with as_user(user.pk):
        return GmailConnection.objects.filter(user=user).first()


def test_connecting_through_googles_screen(signed_in, maxed, fake):
    page = signed_in.get(SETTINGS).content.decode()
    assert "data-gmail-connect" in page and "never sends, replies" in page
    done = through_google(signed_in)
    assert done.status_code == 302 and done["Location"] == EMAIL
    found = connection(maxed)
    assert found is not None and found.email_address == "someone@example.com"
    assert CONSENT not in signed_in.session  # used once
    shown = signed_in.get(SETTINGS).content.decode()
    assert "someone@example.com" in shown and "data-gmail-disconnect" in shown
    assert crypto.decrypt(found.refresh_token_encrypted) not in shown


def test_the_consent_screen_is_asked_with_the_callback_of_this_server(signed_in, maxed, fake):
    started = signed_in.post(reverse("gmail:connect"))
    query = parse_qs(urlsplit(started["Location"]).query)
    assert query["redirect_uri"] == ["http://testserver/accounts/settings/email/callback/"]
    assert query["state"] == [signed_in.session[CONSENT]["state"]]


def test_a_callback_with_another_state_connects_nothing(signed_in, maxed, fake):
    signed_in.post(reverse("gmail:connect"))
    answer = signed_in.get(reverse("gmail:callback"), {"code": "4/abc", "state": "forged"})
    assert answer.status_code == 302 and answer["Location"] == SETTINGS
    assert connection(maxed) is None
    assert not [p for p in fake.paths() if p == "POST /token"]  # Google never asked
    page = signed_in.get(SETTINGS).content.decode()
    assert "That sign-in was not started here" in page


def test_a_callback_without_a_sign_in_started_connects_nothing(signed_in, maxed, fake):
    answer = signed_in.get(reverse("gmail:callback"), {"code": "4/abc", "state": ""})
    assert answer["Location"] == SETTINGS and connection(maxed) is None


def test_saying_no_at_google_is_said_plainly(signed_in, maxed, fake):
    done = through_google(signed_in, answer="cancel")
    assert done["Location"] == SETTINGS and connection(maxed) is None
    assert "access was not allowed at Google" in signed_in.get(SETTINGS).content.decode()


@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO])
def test_free_and_pro_see_what_it_does_and_which_plan_has_it(signed_in, alice, fake, plan):
    on_plan(alice, plan)
    for url in (SETTINGS, EMAIL):
        page = signed_in.get(url).content.decode()
        assert "data-plan-needed" in page and "part of Max" in page
        assert "data-gmail-connect" not in page and "data-gmail-pull" not in page
    refused = signed_in.post(reverse("gmail:connect"))
    assert refused["Location"] == SETTINGS
    assert signed_in.post(reverse("gmail:pull"), headers=HTMX).status_code == 403
    assert fake.requests == []


def test_a_server_without_a_client_says_how_to_set_one_up(signed_in, maxed, settings):
    settings.GOOGLE_CLIENT_ID = ""
    page = signed_in.get(SETTINGS).content.decode()
    assert "data-gmail-not-configured" in page
    assert "GOOGLE_CLIENT_ID" in page
    assert "http://testserver/accounts/settings/email/callback/" in page
    assert "data-gmail-connect" not in page


def test_pulling_lists_the_messages_with_their_two_actions(signed_in, maxed, fake):
    through_google(signed_in)
    assert "data-gmail-pull" in signed_in.get(EMAIL).content.decode()
    answer = signed_in.post(reverse("gmail:pull"), headers=HTMX)
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'id="gmail-inbox"' in html and "<html" not in html
    assert "Read the latest 30 messages." in html
    assert html.count("data-gmail-message=") == 30
    assert html.count('data-action="to-inbox"') == 30 and html.count('data-action="task"') == 30
    assert "Message number 29" in html and "Message number 30" not in html


def test_pulling_without_javascript_redirects_back(signed_in, maxed, fake):
    through_google(signed_in)
    answer = signed_in.post(reverse("gmail:pull"))
    assert answer.status_code == 302 and answer["Location"] == EMAIL
    page = signed_in.get(EMAIL).content.decode()
    assert "Read the latest 30 messages." in page and page.count("data-gmail-message=") == 30


def test_a_revoked_access_shows_the_reconnect_state(signed_in, maxed, fake):
    through_google(signed_in)
    fake.break_grants()
    answer = signed_in.post(reverse("gmail:pull"), headers=HTMX)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "Connect Gmail again" in html and "data-gmail-pull" not in html
    settings_page = signed_in.get(SETTINGS).content.decode()
    assert "data-gmail-reconnect" in settings_page and "Connect again" in settings_page
    found = connection(maxed)
    assert found is not None and found.state == ConnectionState.RECONNECT


def test_google_down_keeps_the_last_pull(signed_in, maxed, fake, settings):
    through_google(signed_in)
    signed_in.post(reverse("gmail:pull"))
    settings.GMAIL_API_URL = "http://127.0.0.1:9"
    answer = signed_in.post(reverse("gmail:pull"), headers=HTMX)
    assert answer.status_code == 422
    html = answer.content.decode()
    assert "could not be reached" in html and html.count("data-gmail-message=") == 30


def test_add_to_inbox_makes_an_inbox_item(signed_in, maxed, fake):
    through_google(signed_in)
    signed_in.post(reverse("gmail:pull"))
    with as_user(maxed.pk):
        message = PulledMessage.objects.get(user=maxed, position=1)
    answer = signed_in.post(reverse("gmail:to_inbox", kwargs={"uuid": message.uuid}), headers=HTMX)
    assert answer.status_code == 200
    assert "“Message number 1” is in your inbox." in answer.content.decode()
    with as_user(maxed.pk):
        item = CaptureItem.objects.get()
    assert item.source == CaptureSource.EMAIL and item.text.startswith("Message number 1\n")


def test_a_message_no_longer_kept_says_so(signed_in, maxed, fake, bob):
    through_google(signed_in)
    signed_in.post(reverse("gmail:pull"))
    with as_user(maxed.pk):
        message = PulledMessage.objects.get(user=maxed, position=1)
    services.disconnect(user=maxed)
    answer = signed_in.post(reverse("gmail:to_inbox", kwargs={"uuid": message.uuid}))
    assert answer["Location"] == EMAIL
    assert "no longer kept" in signed_in.get(EMAIL).content.decode()


def test_make_a_task_goes_through_smart_adds_preview_and_back(signed_in, maxed, fake):
    through_google(signed_in)
    signed_in.post(reverse("gmail:pull"))
    page = signed_in.get(EMAIL).content.decode()
    form = page.split('data-gmail-message="19a00003f"')[1].split("</li>")[0]
    assert f'action="{reverse("ai:smart_add")}"' in form
    assert 'name="text" value="Message number 3"' in form and 'name="back" value="email"' in form
    preview = signed_in.post(reverse("ai:smart_add"), {"text": "Message number 3", "back": "email"})
    assert preview.status_code == 200
    html = preview.content.decode()
    assert f'href="{EMAIL}" data-smart-add-cancel' in html
    created = signed_in.post(
        reverse("ai:smart_add_create"), _formset({"title": "Message number 3"}, back="email")
    )
    assert created.status_code == 302 and created["Location"] == EMAIL
    with as_user(maxed.pk):
        assert Task.objects.filter(title="Message number 3").exists()


def test_disconnect_revokes_and_deletes(signed_in, maxed, fake):
    through_google(signed_in)
    signed_in.post(reverse("gmail:pull"))
    answer = signed_in.post(reverse("gmail:disconnect"))
    assert answer["Location"] == SETTINGS
    assert len(fake.revoked) == 1
    assert connection(maxed) is None
    with as_user(maxed.pk):
        assert not PulledMessage.objects.exists()
    assert "Google was told to withdraw the access" in signed_in.get(SETTINGS).content.decode()


def test_the_email_page_makes_the_same_number_of_queries_for_few_or_many(
    signed_in, maxed, fake, django_assert_max_num_queries, django_assert_num_queries
):
    through_google(signed_in)
    fake.inbox = fake_google.sample_inbox(2)
    signed_in.post(reverse("gmail:pull"))
    with django_assert_max_num_queries(25) as few:
        assert signed_in.get(EMAIL).status_code == 200
    counted = len(few)  # read now: the next request clears the connection's query log
    fake.inbox = fake_google.sample_inbox(30)
    signed_in.post(reverse("gmail:pull"))
    with django_assert_num_queries(counted):
        signed_in.get(EMAIL)


def test_the_pages_belong_to_inbox_and_settings_in_the_navigation(signed_in, maxed):
    email = signed_in.get(EMAIL).content.decode()
    assert 'class="side-link" href="/capture/" aria-current="page"' in email
    assert 'href="/email/" aria-current="page">Email<' in email  # the Capture sub-navigation
    settings_page = signed_in.get(SETTINGS).content.decode()
    nav = settings_page.split('aria-label="Settings"')[1].split("</nav>")[0]
    assert f'href="{SETTINGS}" aria-current="page">Email<' in nav


def test_signed_out_visitors_are_sent_to_sign_in(client, db):
    for url in (SETTINGS, EMAIL, reverse("gmail:callback")):
        assert client.get(url).status_code == 302
    assert client.post(reverse("gmail:pull")).status_code == 302
