"""Password reset by emailed link, and password change while signed in."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

RESET = reverse("accounts:password_reset")
RESET_SENT = reverse("accounts:password_reset_sent")
RESET_DONE = reverse("accounts:password_reset_complete")
CHANGE = reverse("accounts:password_change")
SIGN_IN = reverse("accounts:sign_in")
HOME = reverse("pages:home")
TODAY = reverse("today:index")  # where signing in lands
NEW_PASSWORD = "a brand new passphrase for alice"
CSRF_VALUE = re.compile(r"[A-Za-z0-9]{64}")


def request_reset(client: Client, email: str):
    return client.post(RESET, {"email": email})


def reset_link_path(message) -> str:
    links = [u for u in re.findall(r"https?://\S+", message.body) if "/password/reset/" in u]
    assert len(links) == 1, message.body
    assert links[0].startswith(django_settings.SITE_URL + "/")
    return urlsplit(links[0]).path


def set_password_via(client: Client, link: str, password: str = NEW_PASSWORD):
    """Open the emailed link, follow Django's redirect to the form, and submit it."""
    opened = client.get(link)
    assert opened.status_code == 302
    form_url = opened["Location"]
    assert form_url.endswith("/set-password/")
    assert client.get(form_url).status_code == 200
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.fixture
def reset_link(alice, mailoutbox: list) -> str:
    request_reset(Client(), "alice@example.com")
    assert len(mailoutbox) == 1
    return reset_link_path(mailoutbox[0])


# --- Asking for a link -------------------------------------------------------------------------
def test_reset_for_an_existing_account_sends_one_email_with_a_link(
    client: Client, alice, mailoutbox: list
) -> None:
    response = request_reset(client, "alice@example.com")

    assert response.status_code == 302
    assert response["Location"] == RESET_SENT
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["alice@example.com"]
    assert "Reset" in mailoutbox[0].subject
    assert reset_link_path(mailoutbox[0]).startswith("/accounts/password/reset/")


def test_reset_email_is_case_insensitive(client: Client, alice, mailoutbox: list) -> None:
    request_reset(client, "ALICE@Example.com")

    assert [m.to for m in mailoutbox] == [["alice@example.com"]]


def test_reset_for_an_unknown_email_shows_the_same_page_and_sends_nothing(
    alice, mailoutbox: list
) -> None:
    known_client, unknown_client = Client(), Client()
    known = request_reset(known_client, "alice@example.com")
    unknown = request_reset(unknown_client, "nobody@example.com")

    assert unknown.status_code == known.status_code == 302
    assert unknown["Location"] == known["Location"]
    known_page = CSRF_VALUE.sub("", known_client.get(known["Location"]).content.decode())
    unknown_page = CSRF_VALUE.sub("", unknown_client.get(unknown["Location"]).content.decode())
    assert unknown_page == known_page
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]


def test_reset_for_an_inactive_account_sends_nothing(
    client: Client, alice, mailoutbox: list
) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = request_reset(client, "alice@example.com")

    assert response["Location"] == RESET_SENT
    assert mailoutbox == []


def test_reset_sent_page_says_how_long_the_link_lives(client: Client, db: None) -> None:
    page = client.get(RESET_SENT).content.decode()
    assert f"{django_settings.PASSWORD_RESET_TIMEOUT // 3600} hours" in page


# --- Using the link ----------------------------------------------------------------------------
def test_the_link_sets_a_new_password(client: Client, alice, reset_link: str) -> None:
    response = set_password_via(client, reset_link)

    assert response.status_code == 302
    assert response["Location"] == RESET_DONE
    assert authenticate(email="alice@example.com", password=PASSWORD) is None
    assert authenticate(email="alice@example.com", password=NEW_PASSWORD) == alice
    assert (
        Client().post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD}).status_code
        == 200
    )
    assert (
        Client().post(SIGN_IN, {"email": "alice@example.com", "password": NEW_PASSWORD})["Location"]
        == TODAY
    )


def test_the_reset_done_page_links_to_sign_in(client: Client, db: None) -> None:
    page = client.get(RESET_DONE)
    assert page.status_code == 200
    assert f'href="{SIGN_IN}"' in page.content.decode()


def test_the_link_refuses_a_weak_new_password(client: Client, alice, reset_link: str) -> None:
    response = set_password_via(client, reset_link, password="short")

    assert response.status_code == 200
    assert "This password is too short" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_the_link_works_only_once(client: Client, alice, reset_link: str) -> None:
    set_password_via(client, reset_link)

    for browser in (client, Client()):
        again = browser.get(reset_link, follow=True)
        assert again.status_code == 200
        assert "This link doesn't work" in again.content.decode()
        assert 'name="new_password1"' not in again.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_a_tampered_link_does_not_work(client: Client, alice, reset_link: str) -> None:
    tampered = reset_link.rstrip("/")[:-2] + "zz/"

    page = client.get(tampered, follow=True)

    assert page.status_code == 200
    assert "This link doesn't work" in page.content.decode()


def test_the_reset_clears_the_accounts_sign_in_failures(
    client: Client, alice, mailoutbox: list, settings
) -> None:
    settings.SIGN_IN_LIMIT_PER_ACCOUNT = 3
    for _ in range(3):
        Client().post(SIGN_IN, {"email": "alice@example.com", "password": "wrong guess"})
    held = Client().post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD})
    assert held.status_code == 429

    request_reset(client, "alice@example.com")
    set_password_via(client, reset_link_path(mailoutbox[0]))

    response = Client().post(SIGN_IN, {"email": "alice@example.com", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == TODAY


def test_the_reset_link_path_is_not_logged(
    client: Client, alice, reset_link: str, caplog: pytest.LogCaptureFixture
) -> None:
    token = reset_link.rstrip("/").rsplit("/", 1)[-1]
    with caplog.at_level("INFO"):
        client.get(reset_link)

    assert caplog.records
    assert token not in caplog.text


# --- Changing the password while signed in -----------------------------------------------------
def test_password_change_needs_sign_in(client: Client, db: None) -> None:
    response = client.get(CHANGE)
    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={CHANGE}"


def change_password(client: Client, old: str, new: str = NEW_PASSWORD):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new})


def test_password_change_requires_the_old_password(client: Client, alice) -> None:
    client.force_login(alice)

    response = change_password(client, old="not my password")

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_password_change_keeps_the_user_signed_in(client: Client, alice) -> None:
    client.post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD})

    response = change_password(client, old=PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")
    assert client.get(HOME).status_code == 200
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert not alice.check_password(PASSWORD)


def test_password_change_signs_out_other_devices_and_says_so(client: Client, alice) -> None:
    other_device = Client()
    other_device.post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD})
    assert other_device.get(HOME).status_code == 200
    client.post(SIGN_IN, {"email": "alice@example.com", "password": PASSWORD})

    response = change_password(client, old=PASSWORD)
    page = client.get(response["Location"]).content.decode()

    assert other_device.get(HOME).status_code == 302
    assert "Password changed" in page
    assert "other devices were signed out" in page


def test_password_change_refuses_mismatched_new_passwords(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.post(
        CHANGE,
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": "different!"},
    )

    assert response.status_code == 200
    assert "The two password fields didn\u2019t match." in response.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)
