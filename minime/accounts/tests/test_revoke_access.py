"""A password reset closes every way into the account; a password change offers to.

A reset is the "someone else may know my password" path: API tokens are revoked and every session
of the user is deleted. A password change does the same when its box is ticked (the default),
keeping only the browser that made the change.
"""

from __future__ import annotations

import re

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from minime.accounts import services
from minime.accounts.models import PersonalAccessToken, User
from minime.accounts.tests.test_password import (
    NEW_PASSWORD,
    request_reset,
    reset_link_path,
    set_password_via,
)
from minime.accounts.tokens import token_create, token_revoke
from minime.core.db import as_user

ME = "/api/v1/me"
HOME = reverse("pages:home")
CHANGE = reverse("accounts:password_change")


def make_token(user: User, name: str) -> tuple[PersonalAccessToken, str]:
    with as_user(user.pk):
        return token_create(user=user, name=name)


def api_status(secret: str) -> int:
    return Client().get(ME, headers={"Authorization": f"Bearer {secret}"}).status_code


def signed_in_browser(user: User) -> Client:
    browser = Client()
    browser.force_login(user)
    assert browser.get(HOME).status_code == 200
    return browser


def session_keys_of(user: User) -> set[str]:
    return {
        s.session_key
        for s in Session.objects.all()
        if s.get_decoded().get(SESSION_KEY) == str(user.pk)
    }


def reset_password(mailoutbox: list) -> Client:
    browser = Client()
    request_reset(browser, "alice@example.com")
    set_password_via(browser, reset_link_path(mailoutbox[-1]))
    return browser


# --- Reset -------------------------------------------------------------------------------------
def test_a_password_reset_revokes_every_api_token_and_says_how_many(
    alice, bob, mailoutbox: list
) -> None:
    _, laptop = make_token(alice, "laptop")
    _, phone = make_token(alice, "phone")
    _, bobs = make_token(bob, "bob's script")
    assert api_status(laptop) == api_status(phone) == 200

    browser = reset_password(mailoutbox)

    assert api_status(laptop) == api_status(phone) == 401
    assert api_status(bobs) == 200
    page = browser.get(reverse("accounts:password_reset_complete")).content.decode()
    assert "Every device was signed out and 2 API tokens revoked." in page


def test_a_password_reset_deletes_every_session_of_the_user(alice, bob, mailoutbox: list) -> None:
    desk, phone = signed_in_browser(alice), signed_in_browser(alice)
    bobs = signed_in_browser(bob)
    assert len(session_keys_of(alice)) == 2

    reset_password(mailoutbox)

    assert session_keys_of(alice) == set()  # gone from the store, not merely outdated
    assert desk.get(HOME).status_code == 302
    assert phone.get(HOME).status_code == 302
    assert bobs.get(HOME).status_code == 200


def test_the_reset_page_warns_before_the_new_password_is_saved(alice, mailoutbox: list) -> None:
    browser = Client()
    request_reset(browser, "alice@example.com")
    form_url = browser.get(reset_link_path(mailoutbox[0]))["Location"]

    page = browser.get(form_url).content.decode()

    assert "signs you out on every device and revokes all your API tokens" in page


# --- Change ------------------------------------------------------------------------------------
def change_password(browser: Client, *, revoke: bool):
    data = {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    if revoke:
        data["revoke_access"] = "on"
    return browser.post(CHANGE, data)


def test_the_change_form_offers_revoking_access_ticked_by_default(client: Client, alice) -> None:
    client.force_login(alice)

    page = client.get(CHANGE).content.decode()

    box = re.search(r'<input[^>]*name="revoke_access"[^>]*>', page)
    assert box, page
    assert "checked" in box.group(0)
    assert "Sign out other devices and revoke API tokens" in page


def test_a_change_with_the_box_ticked_revokes_tokens_and_other_sessions(alice) -> None:
    _, laptop = make_token(alice, "laptop")
    _, phone = make_token(alice, "phone")
    other = signed_in_browser(alice)
    here = signed_in_browser(alice)

    response = change_password(here, revoke=True)

    assert response.status_code == 302
    assert api_status(laptop) == api_status(phone) == 401
    page = here.get(response["Location"]).content.decode()
    assert "other devices were signed out and 2 API tokens revoked" in page
    assert other.get(HOME).status_code == 302
    assert here.get(HOME).status_code == 200
    assert session_keys_of(alice) == {here.session.session_key}


def test_a_change_with_the_box_unticked_keeps_tokens_and_this_session(alice) -> None:
    _, laptop = make_token(alice, "laptop")
    other = signed_in_browser(alice)
    here = signed_in_browser(alice)

    response = change_password(here, revoke=False)

    assert response.status_code == 302
    assert api_status(laptop) == 200
    page = here.get(response["Location"]).content.decode()
    assert "Your API tokens still work" in page
    assert here.get(HOME).status_code == 200
    assert other.get(HOME).status_code == 302  # a new password always ends other sessions


# --- The service -------------------------------------------------------------------------------
def test_revoke_access_counts_only_live_tokens_and_spares_the_kept_session(alice, bob) -> None:
    token, _ = make_token(alice, "old")
    with as_user(alice.pk):
        token_revoke(user=alice, token_id=token.pk)
    _, live = make_token(alice, "live")
    _, bobs = make_token(bob, "bob's")
    kept, ended = signed_in_browser(alice), signed_in_browser(alice)
    bobs_browser = signed_in_browser(bob)

    revoked = services.revoke_access(user=alice, keep_session=kept.session.session_key)

    assert (revoked.tokens, revoked.sessions) == (1, 1)
    assert api_status(live) == 401
    assert api_status(bobs) == 200
    assert kept.get(HOME).status_code == 200
    assert ended.get(HOME).status_code == 302
    assert bobs_browser.get(HOME).status_code == 200
