"""One-time sign-in links by email: the way in that no failed-password count blocks."""

from __future__ import annotations

import copy
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from minime.accounts import services, throttle
from minime.accounts.models import RateLimitEvent

SIGN_IN = reverse("accounts:sign_in")
REQUEST = reverse("accounts:sign_in_link_request")
SENT = reverse("accounts:sign_in_link_sent")
TODAY = reverse("today:index")
HOME = reverse("pages:home")
CSRF_VALUE = re.compile(r"[A-Za-z0-9]{64}")


def ask_for_link(browser: Client, email: str, address: str = "198.51.100.10"):
    return browser.post(REQUEST, {"email": email}, REMOTE_ADDR=address)


def link_path(message) -> str:
    links = [u for u in re.findall(r"https?://\S+", message.body) if "/sign-in/link/" in u]
    assert len(links) == 1, message.body
    assert links[0].startswith(django_settings.SITE_URL + "/")
    return urlsplit(links[0]).path


def reason_held(address: str) -> str | None:
    hold = throttle.check(email="alice@example.com", address=address)
    return None if hold is None else hold.reason


def signed_in_as(browser: Client):
    return browser.session.get("_auth_user_id")


@pytest.fixture
def link(alice, mailoutbox: list) -> str:
    ask_for_link(Client(), "alice@example.com")
    assert len(mailoutbox) == 1
    return link_path(mailoutbox[0])


# --- Asking for a link -------------------------------------------------------------------------
def test_the_sign_in_page_offers_a_sign_in_link(client: Client, db: None) -> None:
    page = client.get(SIGN_IN).content.decode()
    assert f'href="{REQUEST}"' in page
    assert "Email me a sign-in link" in page


def test_asking_reads_the_same_whether_or_not_the_address_has_an_account(
    alice, mailoutbox: list
) -> None:
    known_browser, unknown_browser = Client(), Client()
    known = ask_for_link(known_browser, "ALICE@example.com")
    unknown = ask_for_link(unknown_browser, "nobody@example.com")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == SENT
    known_page = CSRF_VALUE.sub("", known_browser.get(SENT).content.decode())
    unknown_page = CSRF_VALUE.sub("", unknown_browser.get(SENT).content.decode())
    assert known_page == unknown_page
    assert "expires in 15 minutes" in known_page
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert "sign-in link" in mailoutbox[0].subject


def test_an_inactive_account_gets_no_link(alice, mailoutbox: list) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    assert ask_for_link(Client(), "alice@example.com")["Location"] == SENT
    assert mailoutbox == []


def test_link_emails_are_limited_like_every_account_email(
    alice, settings, mailoutbox: list
) -> None:
    settings.EMAIL_LIMIT_PER_RECIPIENT = 2
    settings.EMAIL_LIMIT_PER_ADDRESS = 4
    for n in range(3):
        assert ask_for_link(Client(), "alice@example.com", f"203.0.113.{n}").status_code == 302
    assert len(mailoutbox) == 2  # past the inbox's share: same page, nothing sent

    for n in range(settings.EMAIL_LIMIT_PER_ADDRESS):
        ask_for_link(Client(), f"person{n}@example.com", "192.0.2.1")
    held = ask_for_link(Client(), "alice@example.com", "192.0.2.1")
    assert held.status_code == 429
    assert "Too many requests from this network" in held.content.decode()


# --- Using the link ----------------------------------------------------------------------------
def test_opening_the_link_only_shows_a_button_and_pressing_it_signs_in(alice, link: str) -> None:
    browser = Client()

    page = browser.get(link)
    assert page.status_code == 200
    assert f'action="{link}"' in page.content.decode()
    assert signed_in_as(browser) is None  # a mail scanner opening it signs no one in

    response = browser.post(link)

    assert response.status_code == 302
    assert response["Location"] == TODAY
    assert signed_in_as(browser) == str(alice.pk)
    assert browser.get(HOME).status_code == 200


def test_a_link_works_only_once(alice, link: str) -> None:
    assert Client().post(link).status_code == 302

    for method in ("get", "post"):
        browser = Client()
        again = getattr(browser, method)(link)
        assert again.status_code == 400
        assert "already been used" in again.content.decode()
        assert signed_in_as(browser) is None


def test_two_racing_uses_of_one_link_sign_in_only_once(alice, link: str, monkeypatch) -> None:
    uidb64, token = link.rstrip("/").split("/")[-2:]
    # Both requests checked the token (and loaded the user) before either used it.
    checked = services.sign_in_link_user(uidb64=uidb64, token=token)
    monkeypatch.setattr(services, "sign_in_link_user", lambda **_: copy.copy(checked))

    services.sign_in_link_use(uidb64=uidb64, token=token)
    with pytest.raises(services.SignInLinkInvalid):
        services.sign_in_link_use(uidb64=uidb64, token=token)


@pytest.mark.parametrize(("minutes_later", "status"), [(14, 302), (16, 400)])
def test_a_link_expires_after_its_minutes(
    alice, link: str, monkeypatch, minutes_later: int, status: int
) -> None:
    later = timezone.now() + timedelta(minutes=minutes_later)
    monkeypatch.setattr(services.sign_in_link_tokens, "_now", lambda: later.replace(tzinfo=None))

    response = Client().post(link)

    assert response.status_code == status


def test_a_new_password_kills_an_outstanding_link(alice, link: str) -> None:
    alice.set_password("another sturdy passphrase")
    alice.save(update_fields=["password"])

    assert Client().post(link).status_code == 400


def test_a_tampered_link_or_a_reset_token_does_not_sign_in(alice, link: str) -> None:
    uidb64, token = link.rstrip("/").split("/")[-2:]
    tampered = link.replace(token, token[:-2] + ("00" if token[-2:] != "00" else "11"))
    reset_token = default_token_generator.make_token(alice)
    reused = reverse("accounts:sign_in_link", kwargs={"uidb64": uidb64, "token": reset_token})
    garbage = reverse("accounts:sign_in_link", kwargs={"uidb64": "zz", "token": token})

    for path in (tampered, reused, garbage):
        browser = Client()
        assert browser.post(path).status_code == 400
        assert signed_in_as(browser) is None


def test_the_link_works_while_every_password_limit_holds(
    alice, bob, settings, mailoutbox: list
) -> None:
    settings.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK = 3
    settings.SIGN_IN_LIMIT_PER_ACCOUNT = 3
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 3
    home = "198.51.100.10"
    for _ in range(3):
        Client().post(SIGN_IN, {"email": "alice@example.com", "password": "x"}, REMOTE_ADDR=home)
    browser = Client(REMOTE_ADDR=home)
    held = browser.post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD})
    assert held.status_code == 429
    assert reason_held(home) == "account-network"
    RateLimitEvent.objects.filter(
        key=throttle.pair_key("alice@example.com", home)
    ).delete()  # leave the account-wide hold and the slowed network
    assert reason_held(home) == "account"

    # The held-back page's button asks for a link for the typed address.
    page = held.content.decode()
    assert f'action="{REQUEST}"' in page
    assert browser.post(REQUEST, {"email": "alice@example.com"})["Location"] == SENT
    response = browser.post(link_path(mailoutbox[0]))

    assert response.status_code == 302
    assert signed_in_as(browser) == str(alice.pk)


def test_the_link_token_is_not_logged(alice, link: str, caplog: pytest.LogCaptureFixture) -> None:
    token = link.rstrip("/").rsplit("/", 1)[-1]
    with caplog.at_level("INFO"):
        Client().get(link)
        Client().post(link)

    assert caplog.records
    assert token not in caplog.text
