"""Sign-up: a link by email first, the account only once the link is confirmed (POST)."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, personal_workspaces
from minime.accounts.models import SignUpRequest, User
from minime.workspaces.models import Role

SIGN_UP = reverse("accounts:sign_up")
SENT = reverse("accounts:sign_up_sent")
HOME = reverse("pages:home")
TODAY = reverse("today:index")  # where a signed-in user lands
NEW_PASSWORD = "purple elephant dancing slowly"
CSRF_VALUE = re.compile(r"[A-Za-z0-9]{64}")


def sign_up(client: Client, email: str = "dora@example.com", **extra: str):
    data = {"email": email, "display_name": "Dora", "password": NEW_PASSWORD, "time_zone": "UTC"}
    data.update(extra)
    return client.post(SIGN_UP, data)


def link_path(message) -> str:
    """The path of the one link in an email; links are absolute (SITE_URL + path)."""
    links = re.findall(r"https?://\S+", message.body)
    confirm = [u for u in links if "/sign-up/confirm/" in u]
    assert len(confirm) == 1, message.body
    assert confirm[0].startswith(django_settings.SITE_URL + "/")
    return urlsplit(confirm[0]).path


def token_from(path: str) -> str:
    match = re.fullmatch(r"/accounts/sign-up/confirm/(?P<token>[^/]+)/", path)
    assert match, path
    return match["token"]


@pytest.fixture
def confirm_path(client: Client, db: None, mailoutbox: list) -> str:
    response = sign_up(client)
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    return link_path(mailoutbox[0])


# --- Requesting a sign-up ----------------------------------------------------------------------
def test_sign_up_page_shows_the_form(client: Client, db: None) -> None:
    response = client.get(SIGN_UP)
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("email", "display_name", "password", "time_zone"):
        assert f'name="{name}"' in html
    assert 'type="hidden" name="time_zone"' in html


def test_sign_up_with_a_new_email_creates_no_user_but_a_pending_request(
    client: Client, db: None
) -> None:
    response = sign_up(client)

    assert response.status_code == 302
    assert response["Location"] == SENT
    assert not User.objects.filter(email="dora@example.com").exists()
    request = SignUpRequest.objects.get(email="dora@example.com")
    assert request.display_name == "Dora"
    assert request.password != NEW_PASSWORD  # a hash, never the password itself
    assert request.password.startswith("md5$")  # the configured hasher (MD5 in tests)


def test_sign_up_sends_one_email_with_a_confirmation_link(
    client: Client, db: None, mailoutbox: list
) -> None:
    sign_up(client)

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["dora@example.com"]
    assert "Confirm" in message.subject
    path = link_path(message)
    assert path.startswith("/accounts/sign-up/confirm/")
    assert f"{django_settings.SIGN_UP_LINK_HOURS} hours" in message.body


def test_sign_up_sent_page_names_the_address(client: Client, db: None) -> None:
    response = sign_up(client, email="Dora@Example.com")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "dora@example.com" in page.content.decode()


def test_signed_in_user_visiting_sign_up_goes_home(client: Client, alice) -> None:
    client.force_login(alice)
    response = client.get(SIGN_UP)
    assert response.status_code == 302
    assert response["Location"] == TODAY


# --- Opening the link ------------------------------------------------------------------------
def test_opening_the_link_shows_a_confirm_button_and_creates_nothing(
    client: Client, confirm_path: str
) -> None:
    response = Client().get(confirm_path)  # a mail scanner: no session, just a GET

    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{confirm_path}"' in html
    assert 'method="post"' in html
    assert "<button" in html
    assert not User.objects.filter(email="dora@example.com").exists()
    assert SignUpRequest.objects.filter(email="dora@example.com").count() == 1
    # Opening it again still works: GET uses nothing up.
    assert Client().get(confirm_path).status_code == 200


def test_confirming_creates_an_active_user_on_the_new_account_plan(
    client: Client, confirm_path: str, settings
) -> None:
    settings.NEW_ACCOUNT_PLAN = "pro"  # proves the plan comes from the setting, not a default

    response = Client().post(confirm_path)

    assert response.status_code == 302
    user = User.objects.get(email="dora@example.com")
    assert user.is_active
    assert user.plan == "pro"
    assert user.display_name == "Dora"
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_staff
    assert not user.is_superuser


def test_confirming_gives_the_configured_default_plan(confirm_path: str) -> None:
    Client().post(confirm_path)
    assert User.objects.get(email="dora@example.com").plan == django_settings.NEW_ACCOUNT_PLAN


def test_confirming_creates_the_personal_workspace_with_an_owner_membership(
    confirm_path: str,
) -> None:
    Client().post(confirm_path)

    user = User.objects.get(email="dora@example.com")
    assert personal_workspaces(user) == [[(user.pk, Role.OWNER)]]


def test_confirming_signs_in_and_opens_the_onboarding_wizard(confirm_path: str) -> None:
    browser = Client()
    response = browser.post(confirm_path)

    assert response.status_code == 302
    assert response["Location"] == reverse("preferences:onboarding")
    user = User.objects.get(email="dora@example.com")
    assert browser.session["_auth_user_id"] == str(user.pk)
    welcome = browser.get(response["Location"])
    assert welcome.status_code == 200
    assert "Your account is ready" in welcome.content.decode()
    assert "Set up Mini Me OS" in browser.get(HOME).content.decode()  # until it is finished


@pytest.mark.parametrize(
    ("sent_zone", "stored_zone"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
        ("Mars/Olympus_Mons", "UTC"),
        ("", "UTC"),
    ],
)
def test_time_zone_comes_from_the_hidden_field_and_unknown_falls_back_to_utc(
    client: Client, db: None, mailoutbox: list, sent_zone: str, stored_zone: str
) -> None:
    sign_up(client, time_zone=sent_zone)
    Client().post(link_path(mailoutbox[0]))

    assert User.objects.get(email="dora@example.com").time_zone == stored_zone


def test_the_link_works_once(confirm_path: str) -> None:
    assert Client().post(confirm_path).status_code == 302

    again = Client().post(confirm_path)

    assert again.status_code == 400
    assert "already been used" in again.content.decode()
    assert User.objects.filter(email="dora@example.com").count() == 1


def test_an_unknown_link_is_refused(db: None) -> None:
    response = Client().post(reverse("accounts:sign_up_confirm", kwargs={"token": "nope"}))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_an_expired_link_fails_with_a_clear_message(confirm_path: str) -> None:
    too_old = timezone.now() - timedelta(hours=django_settings.SIGN_UP_LINK_HOURS, minutes=1)
    SignUpRequest.objects.filter(email="dora@example.com").update(created_at=too_old)

    response = Client().post(confirm_path)

    assert response.status_code == 400
    assert "This link has expired" in response.content.decode()
    assert not User.objects.filter(email="dora@example.com").exists()
    assert not SignUpRequest.objects.filter(email="dora@example.com").exists()


def test_a_link_just_inside_its_lifetime_still_works(confirm_path: str) -> None:
    recent = timezone.now() - timedelta(hours=django_settings.SIGN_UP_LINK_HOURS, minutes=-5)
    SignUpRequest.objects.filter(email="dora@example.com").update(created_at=recent)

    assert Client().post(confirm_path).status_code == 302
    assert User.objects.filter(email="dora@example.com").exists()


def test_confirming_one_link_voids_the_other_pending_links_for_that_email(
    client: Client, db: None, mailoutbox: list
) -> None:
    sign_up(client)
    sign_up(client)
    first, second = (link_path(m) for m in mailoutbox)
    assert first != second

    assert Client().post(second).status_code == 302
    response = Client().post(first)

    assert response.status_code == 400
    assert not SignUpRequest.objects.filter(email="dora@example.com").exists()


def test_confirming_after_the_email_got_an_account_meanwhile_is_refused(
    confirm_path: str,
) -> None:
    from minime.accounts.services import user_create

    user_create(email="dora@example.com", password=PASSWORD)

    response = Client().post(confirm_path)

    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert User.objects.filter(email="dora@example.com").count() == 1
    assert not SignUpRequest.objects.filter(email="dora@example.com").exists()


# --- An email that already has an account ------------------------------------------------------
def _page_without_secrets(client: Client, response, email: str) -> str:
    page = client.get(response["Location"]).content.decode()
    return CSRF_VALUE.sub("<csrf>", page.replace(email, "<email>"))


def test_sign_up_with_an_existing_email_looks_exactly_like_a_new_one(alice) -> None:
    new_client, taken_client = Client(), Client()
    new = sign_up(new_client, email="dora@example.com")
    taken = sign_up(taken_client, email="alice@example.com")

    assert taken.status_code == new.status_code == 302
    assert taken["Location"] == new["Location"]
    assert _page_without_secrets(taken_client, taken, "alice@example.com") == (
        _page_without_secrets(new_client, new, "dora@example.com")
    )


def test_sign_up_with_an_existing_email_sends_the_already_have_an_account_email(
    client: Client, alice, mailoutbox: list
) -> None:
    sign_up(client, email="alice@example.com", password="another long passphrase")

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["alice@example.com"]
    assert "already have" in message.subject
    assert "/sign-up/confirm/" not in message.body
    assert django_settings.SITE_URL + reverse("accounts:password_reset") in message.body
    assert not SignUpRequest.objects.exists()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)  # nothing about the account changed


def test_sign_up_email_is_case_insensitive(client: Client, alice, mailoutbox: list) -> None:
    response = sign_up(client, email="ALICE@Example.com")

    assert response.status_code == 302
    assert [m.to for m in mailoutbox] == [["alice@example.com"]]
    assert "already have" in mailoutbox[0].subject
    assert not SignUpRequest.objects.exists()
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1


def test_sign_up_stores_the_email_lower_cased(client: Client, db: None, mailoutbox: list) -> None:
    sign_up(client, email="  Dora@EXAMPLE.com ")

    assert SignUpRequest.objects.get().email == "dora@example.com"
    assert mailoutbox[0].to == ["dora@example.com"]


# --- Refused input -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("1234567890", "This password is too common."),
        ("1234567890", "This password is entirely numeric."),
        ("dora@example.com", "The password is too similar to the email address."),
    ],
)
def test_weak_password_is_refused_and_keeps_what_was_typed(
    client: Client, db: None, mailoutbox: list, password: str, message: str
) -> None:
    response = sign_up(client, display_name="Dora Explorer", password=password)

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert 'value="dora@example.com"' in html
    assert 'value="Dora Explorer"' in html
    assert password not in html.replace('value="dora@example.com"', "")
    assert not SignUpRequest.objects.exists()
    assert not User.objects.exists()
    assert mailoutbox == []


def test_invalid_email_is_refused(client: Client, db: None, mailoutbox: list) -> None:
    response = sign_up(client, email="not-an-email")

    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode()
    assert not SignUpRequest.objects.exists()
    assert mailoutbox == []


# --- Secrets at rest ---------------------------------------------------------------------------
def test_only_a_sha256_of_the_link_token_is_stored(
    client: Client, db: None, mailoutbox: list
) -> None:
    sign_up(client)
    token = token_from(link_path(mailoutbox[0]))
    request = SignUpRequest.objects.get()

    assert re.fullmatch(r"[0-9a-f]{64}", request.token_hash)
    assert request.token_hash != token
    assert request.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = [str(getattr(request, f.attname)) for f in SignUpRequest._meta.concrete_fields]
    assert not any(token in value for value in stored)


def test_the_queued_email_task_carries_only_an_id(client: Client, db: None, settings) -> None:
    from django_tasks_db.models import DBTaskResult

    # The production queue: the job is stored, not run, so what it carries can be read.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }

    sign_up(client)

    request = SignUpRequest.objects.get()
    job = DBTaskResult.objects.get()
    assert job.task_path.endswith("send_sign_up_link")
    assert job.args_kwargs == {"args": [], "kwargs": {"sign_up_request_id": request.pk}}
    assert request.token_hash == ""  # the token is made by the worker, not in the request
