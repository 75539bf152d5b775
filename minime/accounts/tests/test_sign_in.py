"""Sign-in, its rate limit, sign-out, CSRF and the session cookie."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD
from minime.accounts import throttle
from minime.accounts.models import RateLimitEvent

SIGN_IN = reverse("accounts:sign_in")
SIGN_OUT = reverse("accounts:sign_out")
HOME = reverse("workspaces:home")
TODAY = reverse("today:index")  # where signing in lands
PROFILE = reverse("accounts:profile")
WRONG = "not the right password"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra})


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def low_limits(settings):
    settings.SIGN_IN_LIMIT_PER_ACCOUNT = 3
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 5
    settings.SIGN_IN_LIMIT_WINDOW_MINUTES = 15
    return settings


# --- Signing in --------------------------------------------------------------------------------
def test_sign_in_page_shows_the_form(client: Client, db: None) -> None:
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="email"' in html
    assert 'name="password"' in html


def test_correct_credentials_sign_in_and_redirect_home(client: Client, alice) -> None:
    response = sign_in(client, "alice@example.com")

    assert response.status_code == 302
    assert response["Location"] == TODAY
    assert signed_in_as(client) == str(alice.pk)
    assert client.get(HOME).status_code == 200


def test_sign_in_email_is_case_insensitive(client: Client, alice) -> None:
    response = sign_in(client, "  ALICE@Example.COM ")

    assert response.status_code == 302
    assert signed_in_as(client) == str(alice.pk)


@pytest.mark.parametrize("where", ["post", "query"])
def test_sign_in_redirects_to_a_safe_next(client: Client, alice, where: str) -> None:
    if where == "post":
        response = sign_in(client, "alice@example.com", next=PROFILE)
    else:
        response = client.post(
            f"{SIGN_IN}?next={PROFILE}", {"email": "alice@example.com", "password": PASSWORD}
        )

    assert response.status_code == 302
    assert response["Location"] == PROFILE


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example",
        "https://evil.example/accounts/settings/profile/",
        "//evil.example/",
        "http://evil.example",
        "javascript:alert(1)",
        "/\\evil.example",
    ],
)
def test_sign_in_never_redirects_to_an_external_next(client: Client, alice, evil: str) -> None:
    response = sign_in(client, "alice@example.com", next=evil)

    assert response.status_code == 302
    assert response["Location"] == TODAY
    assert signed_in_as(client) == str(alice.pk)


def test_protected_page_sends_to_sign_in_and_back(client: Client, alice) -> None:
    bounced = client.get(PROFILE)
    assert bounced.status_code == 302
    assert bounced["Location"] == f"{SIGN_IN}?next={PROFILE}"

    page = client.get(bounced["Location"])
    assert f'name="next" value="{PROFILE}"' in page.content.decode()

    response = sign_in(client, "alice@example.com", next=PROFILE)
    assert response["Location"] == PROFILE


def test_signed_in_user_visiting_sign_in_goes_home(client: Client, alice) -> None:
    client.force_login(alice)
    response = client.get(SIGN_IN)
    assert response.status_code == 302
    assert response["Location"] == TODAY


def test_wrong_password_gives_a_clear_message(client: Client, alice) -> None:
    response = sign_in(client, "alice@example.com", WRONG)

    assert response.status_code == 200
    html = response.content.decode()
    assert "That email and password don&#x27;t match an account" in html
    assert 'value="alice@example.com"' in html  # the email is kept
    assert signed_in_as(client) is None


def test_unknown_email_gives_the_same_message_as_a_wrong_password(client: Client, alice) -> None:
    unknown = sign_in(Client(), "nobody@example.com", WRONG)
    wrong = sign_in(Client(), "alice@example.com", WRONG)

    assert unknown.status_code == wrong.status_code == 200
    assert unknown.context["form"].non_field_errors() == wrong.context["form"].non_field_errors()


def test_inactive_user_cannot_sign_in(client: Client, alice) -> None:
    alice.is_active = False
    alice.save(update_fields=["is_active"])

    response = sign_in(client, "alice@example.com")

    assert response.status_code == 200
    assert "don&#x27;t match an account" in response.content.decode()
    assert signed_in_as(client) is None


# --- Rate limit --------------------------------------------------------------------------------
def test_too_many_failures_hold_the_account_even_with_the_right_password(
    client: Client, alice, low_limits
) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        assert sign_in(client, "alice@example.com", WRONG).status_code == 200

    response = sign_in(client, "alice@example.com")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins" in html
    assert "Try again in" in html
    assert "15 minutes" in html
    assert signed_in_as(client) is None


def test_failures_below_the_limit_do_not_hold_the_account(
    client: Client, alice, low_limits
) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT - 1):
        sign_in(client, "alice@example.com", WRONG)

    assert sign_in(client, "alice@example.com").status_code == 302


def test_account_hold_follows_the_account_whatever_the_case_or_address(alice, low_limits) -> None:
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        sign_in(Client(REMOTE_ADDR=f"10.0.0.{n}"), "ALICE@example.com", WRONG)

    response = sign_in(Client(REMOTE_ADDR="10.0.1.1"), "alice@example.com")

    assert response.status_code == 429
    assert "for this account" in response.content.decode()


def test_other_accounts_from_the_same_address_are_allowed_until_the_address_limit(
    alice, bob, charlie, low_limits
) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        sign_in(Client(), "alice@example.com", WRONG)
    assert sign_in(Client(), "alice@example.com").status_code == 429

    # Same address (the test client's 127.0.0.1), another account: still fine.
    assert sign_in(Client(), "bob@example.com").status_code == 302

    # Fill the address's allowance with failures on a third account.
    remaining = low_limits.SIGN_IN_LIMIT_PER_ADDRESS - low_limits.SIGN_IN_LIMIT_PER_ACCOUNT
    for _ in range(remaining):
        assert sign_in(Client(), "charlie@example.com", WRONG).status_code == 200

    browser = Client()
    response = sign_in(browser, "bob@example.com")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins from this network" in html
    assert "Try again in" in html
    assert signed_in_as(browser) is None

    # Another address is not held back.
    assert sign_in(Client(REMOTE_ADDR="10.9.9.9"), "bob@example.com").status_code == 302


def test_a_success_clears_the_accounts_failures(client: Client, alice, low_limits) -> None:
    limit = low_limits.SIGN_IN_LIMIT_PER_ACCOUNT
    for _ in range(limit - 1):
        sign_in(Client(), "alice@example.com", WRONG)
    assert sign_in(Client(), "alice@example.com").status_code == 302

    account_key = throttle._key("account", "alice@example.com")
    assert not RateLimitEvent.objects.filter(key=account_key).exists()
    for _ in range(limit - 1):
        sign_in(Client(), "alice@example.com", WRONG)
    assert sign_in(Client(), "alice@example.com").status_code == 302


@pytest.mark.parametrize(
    ("minutes_ago", "status"),
    [
        (16, 302),  # older than the 15-minute window: forgotten
        (14, 429),  # inside the window: counted
    ],
)
def test_failures_older_than_the_window_do_not_count(
    client: Client, alice, low_limits, minutes_ago: int, status: int
) -> None:
    at = timezone.now() - timedelta(minutes=minutes_ago)
    key = throttle._key("account", "alice@example.com")
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(key=key, at=at) for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT)]
    )

    assert sign_in(client, "alice@example.com").status_code == status


def test_hold_message_counts_down_to_when_the_oldest_failure_leaves_the_window(
    client: Client, alice, low_limits
) -> None:
    key = throttle._key("account", "alice@example.com")
    at = timezone.now() - timedelta(minutes=12, seconds=30)
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(key=key, at=at) for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT)]
    )

    response = sign_in(client, "alice@example.com")

    assert response.status_code == 429
    assert "Try again in 3 minutes" in response.content.decode()


def test_failure_records_hold_no_email_or_address_in_the_clear(
    client: Client, alice, low_limits
) -> None:
    sign_in(client, "alice@example.com", WRONG)

    keys = list(RateLimitEvent.objects.values_list("key", flat=True))
    assert len(keys) == 2
    for key in keys:
        assert re.fullmatch(r"[0-9a-f]{64}", key)
        assert "alice" not in key
        assert "127.0.0.1" not in key


def test_pruning_forgets_only_events_past_the_longest_window(db: None, low_limits) -> None:
    # Sign-in failures count for 15 minutes, account emails for an hour: prune after the hour.
    now = timezone.now()
    RateLimitEvent.objects.bulk_create(
        [
            RateLimitEvent(key="old", at=now - timedelta(minutes=61)),
            RateLimitEvent(key="new", at=now - timedelta(minutes=16)),
        ]
    )

    assert throttle.prune() == 1
    assert list(RateLimitEvent.objects.values_list("key", flat=True)) == ["new"]


# --- Signing out -------------------------------------------------------------------------------
def test_sign_out_needs_post(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.get(SIGN_OUT)

    assert response.status_code == 405
    assert signed_in_as(client) == str(alice.pk)


def test_sign_out_ends_the_session(client: Client, alice) -> None:
    sign_in(client, "alice@example.com")
    old_session = client.cookies[django_settings.SESSION_COOKIE_NAME].value

    response = client.post(SIGN_OUT)

    assert response.status_code == 302
    assert response["Location"] == reverse("pages:landing")
    assert signed_in_as(client) is None
    assert client.get(HOME)["Location"].startswith(SIGN_IN)
    # The old session id no longer signs anyone in.
    replay = Client()
    replay.cookies[django_settings.SESSION_COOKIE_NAME] = old_session
    assert replay.get(HOME).status_code == 302


# --- CSRF and cookies --------------------------------------------------------------------------
FORMS = [
    (reverse("accounts:sign_in"), {"email": "alice@example.com", "password": PASSWORD}),
    (
        reverse("accounts:sign_up"),
        {"email": "dora@example.com", "password": "purple elephant dancing", "time_zone": "UTC"},
    ),
    (reverse("accounts:password_reset"), {"email": "alice@example.com"}),
]


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_forms_refuse_a_post_without_a_csrf_token(alice, url: str, data: dict) -> None:
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(url, data)

    assert response.status_code == 403


@pytest.mark.parametrize(("url", "data"), FORMS)
def test_forms_accept_a_post_with_the_pages_csrf_token(alice, url: str, data: dict) -> None:
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token

    response = browser.post(url, {**data, "csrfmiddlewaretoken": token[1]})

    assert response.status_code == 302


def test_session_cookie_is_httponly_and_samesite_lax(client: Client, alice) -> None:
    response = sign_in(client, "alice@example.com")

    cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_sign_in_rotates_the_session_id(client: Client, alice) -> None:
    client.get(SIGN_IN)
    session = client.session
    session["probe"] = "x"
    session.save()
    before = session.session_key

    sign_in(client, "alice@example.com")

    assert client.cookies[django_settings.SESSION_COOKIE_NAME].value != before
