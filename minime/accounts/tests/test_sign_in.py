"""Sign-in, its rate limits, sign-out, CSRF and the session cookie."""

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
SIGN_IN_LINK = reverse("accounts:sign_in_link_request")
HOME = reverse("pages:home")
TODAY = reverse("today:index")  # where signing in lands
PROFILE = reverse("accounts:profile")
WRONG = "not the right password"


def sign_in(client: Client, email: str, password: str = PASSWORD, **extra: str):
    return client.post(SIGN_IN, {"email": email, "password": password, **extra})


def signed_in_as(client: Client):
    return client.session.get("_auth_user_id")


@pytest.fixture
def low_limits(settings):
    settings.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK = 3
    settings.SIGN_IN_LIMIT_WINDOW_MINUTES = 15
    settings.SIGN_IN_LIMIT_PER_ACCOUNT = 6
    settings.SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES = 60
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 5
    settings.SIGN_IN_SLOW_SECONDS = 30
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
HOME_NET = "198.51.100.10"  # where alice signs in
GUESSER_NET = "203.0.113.66"  # a stranger who knows her address


def sign_in_from(address: str, email: str, password: str = PASSWORD):
    return sign_in(Client(REMOTE_ADDR=address), email, password)


def test_failures_from_one_network_hold_that_network_for_that_account(alice, low_limits) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK):
        assert sign_in_from(GUESSER_NET, "alice@example.com", WRONG).status_code == 200

    browser = Client(REMOTE_ADDR=GUESSER_NET)
    response = sign_in(browser, "alice@example.com")

    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed sign-ins for this account from this network" in html
    assert "Try again in 15 minutes" in html
    assert signed_in_as(browser) is None
    # The way in that no failure count blocks is offered, for the address typed.
    assert f'action="{SIGN_IN_LINK}"' in html
    assert 'name="email" value="alice@example.com"' in html


def test_a_strangers_wrong_guesses_from_another_network_never_refuse_the_owner(alice) -> None:
    # With the default limits, five wrong guesses: the guesser's network is held for the account,
    for _ in range(5):
        assert sign_in_from(GUESSER_NET, "alice@example.com", WRONG).status_code == 200
    assert sign_in_from(GUESSER_NET, "alice@example.com").status_code == 429

    # and the owner, at home, signs in with her password as if nothing happened.
    at_home = Client(REMOTE_ADDR=HOME_NET)
    response = sign_in(at_home, "alice@example.com")

    assert response.status_code == 302
    assert signed_in_as(at_home) == str(alice.pk)


def test_failures_below_the_limit_do_not_hold_the_account(
    client: Client, alice, low_limits
) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK - 1):
        sign_in(client, "alice@example.com", WRONG)

    assert sign_in(client, "alice@example.com").status_code == 302


def test_the_network_hold_follows_the_account_whatever_the_case(alice, low_limits) -> None:
    for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK):
        sign_in_from(GUESSER_NET, "ALICE@example.com", WRONG)

    assert sign_in_from(GUESSER_NET, "alice@Example.com").status_code == 429


def test_failures_spread_over_many_networks_pause_the_accounts_password_everywhere(
    alice, low_limits
) -> None:
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        sign_in_from(f"203.0.113.{n}", "alice@example.com", WRONG)

    response = sign_in_from(HOME_NET, "alice@example.com")

    assert response.status_code == 429
    html = response.content.decode()
    assert "from many places" in html
    assert "Email yourself a sign-in link" in html
    assert f'action="{SIGN_IN_LINK}"' in html


def hold_account_everywhere(limits) -> None:
    for n in range(limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        sign_in_from(f"203.0.113.{n}", "alice@example.com", WRONG)


def browser_that_signed_in_before(address: str = HOME_NET) -> Client:
    browser = Client(REMOTE_ADDR=address)
    assert sign_in(browser, "alice@example.com").status_code == 302
    assert browser.cookies[throttle.DEVICE_COOKIE]["httponly"] is True
    browser.post(SIGN_OUT)
    return browser


def test_a_browser_that_signed_in_before_is_not_paused_by_guessing_from_elsewhere(
    alice, low_limits
) -> None:
    laptop = browser_that_signed_in_before()
    hold_account_everywhere(low_limits)
    assert sign_in_from(HOME_NET, "alice@example.com").status_code == 429  # a new browser

    # Travelling: another network, the same browser.
    laptop.defaults["REMOTE_ADDR"] = "192.0.2.77"
    response = sign_in(laptop, "alice@example.com")

    assert response.status_code == 302
    assert signed_in_as(laptop) == str(alice.pk)


def test_a_device_cookie_counts_only_for_its_own_account(alice, bob, low_limits) -> None:
    laptop = browser_that_signed_in_before()
    cookie = laptop.cookies[throttle.DEVICE_COOKIE].value
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT):
        sign_in_from(f"203.0.113.{n}", "bob@example.com", WRONG)

    response = sign_in(laptop, "bob@example.com")
    assert response.status_code == 429
    forged = Client(REMOTE_ADDR=HOME_NET)
    nonce, _, tag = cookie.partition(".")
    forged.cookies[throttle.DEVICE_COOKIE] = f"{nonce}x.{tag}"
    hold_account_everywhere(low_limits)
    assert sign_in(forged, "alice@example.com").status_code == 429


def test_a_stolen_device_cookie_buys_a_few_guesses_not_a_way_round_the_limit(
    alice, low_limits
) -> None:
    cookie = browser_that_signed_in_before().cookies[throttle.DEVICE_COOKIE].value
    thief = Client()
    thief.cookies[throttle.DEVICE_COOKIE] = cookie
    hold_account_everywhere(low_limits)
    # Each guess from a fresh network, so no network's own limit is reached.
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK):
        thief.defaults["REMOTE_ADDR"] = f"192.0.2.{n}"
        assert sign_in(thief, "alice@example.com", WRONG).status_code == 200

    thief.defaults["REMOTE_ADDR"] = "192.0.2.200"
    assert sign_in(thief, "alice@example.com").status_code == 429


def test_the_account_wide_count_spans_its_own_longer_window(
    client: Client, alice, low_limits
) -> None:
    key = throttle.account_key("alice@example.com")
    old = timezone.now() - timedelta(minutes=50)  # past the short window, inside the long one
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(key=key, at=old) for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT)]
    )
    held = sign_in(client, "alice@example.com")
    assert held.status_code == 429
    assert "paused for 10 minutes" in held.content.decode()

    RateLimitEvent.objects.filter(key=key).update(at=timezone.now() - timedelta(minutes=61))
    assert sign_in(client, "alice@example.com").status_code == 302


def test_a_network_past_its_limit_is_slowed_not_blocked(alice, bob, charlie, low_limits) -> None:
    # Failures on several accounts from one network, none reaching an account's own limit.
    emails = ["charlie@example.com", "nobody@example.com", "bob@example.com"]
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ADDRESS):
        sign_in_from(GUESSER_NET, emails[n % len(emails)], WRONG)

    browser = Client(REMOTE_ADDR=GUESSER_NET)
    held = sign_in(browser, "alice@example.com")
    assert held.status_code == 429
    html = held.content.decode()
    assert "Too many failed sign-ins from this network" in html
    assert "Try again in 30 seconds" in html
    assert signed_in_as(browser) is None
    # Other networks do not notice.
    assert sign_in_from(HOME_NET, "bob@example.com").status_code == 302

    # Once the spacing has passed, the next attempt from that network is heard.
    address_key = throttle.address_key(GUESSER_NET)
    RateLimitEvent.objects.filter(key=address_key).update(
        at=timezone.now() - timedelta(seconds=low_limits.SIGN_IN_SLOW_SECONDS + 1)
    )
    assert sign_in(browser, "alice@example.com").status_code == 302
    assert signed_in_as(browser) == str(alice.pk)


def test_a_slowed_network_still_counts_its_failures_and_spaces_them(alice, low_limits) -> None:
    address_key = throttle.address_key(GUESSER_NET)
    spaced = timezone.now() - timedelta(seconds=low_limits.SIGN_IN_SLOW_SECONDS + 1)
    RateLimitEvent.objects.bulk_create(
        [RateLimitEvent(key=address_key, at=spaced)] * low_limits.SIGN_IN_LIMIT_PER_ADDRESS
    )

    assert sign_in_from(GUESSER_NET, "bob@example.com", WRONG).status_code == 200
    assert sign_in_from(GUESSER_NET, "alice@example.com").status_code == 429


def test_one_ipv6_host_cannot_escape_the_network_limits_by_changing_address(
    alice, low_limits
) -> None:
    for n in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK):
        sign_in_from(f"2001:db8:1:2::{n + 1:x}", "alice@example.com", WRONG)

    assert sign_in_from("2001:db8:1:2:ffff::9", "alice@example.com").status_code == 429
    assert sign_in_from("2001:db8:1:3::1", "alice@example.com").status_code == 302


def test_a_success_is_never_counted_and_forgives_only_its_own_networks_failures(
    alice, low_limits
) -> None:
    sign_in_from(GUESSER_NET, "alice@example.com", WRONG)
    sign_in_from(HOME_NET, "alice@example.com", WRONG)
    before = RateLimitEvent.objects.count()

    assert sign_in_from(HOME_NET, "alice@example.com").status_code == 302

    def count(key: str) -> int:
        return RateLimitEvent.objects.filter(key=key).count()

    assert count(throttle.pair_key("alice@example.com", HOME_NET)) == 0
    assert count(throttle.pair_key("alice@example.com", GUESSER_NET)) == 1
    assert count(throttle.account_key("alice@example.com")) == 2  # guesses stay counted
    assert RateLimitEvent.objects.count() == before - 1


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
    key = throttle.pair_key("alice@example.com", "127.0.0.1")
    RateLimitEvent.objects.bulk_create(
        [
            RateLimitEvent(key=key, at=at)
            for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK)
        ]
    )

    assert sign_in(client, "alice@example.com").status_code == status


def test_hold_message_counts_down_to_when_the_oldest_failure_leaves_the_window(
    client: Client, alice, low_limits
) -> None:
    key = throttle.pair_key("alice@example.com", "127.0.0.1")
    at = timezone.now() - timedelta(minutes=12, seconds=30)
    RateLimitEvent.objects.bulk_create(
        [
            RateLimitEvent(key=key, at=at)
            for _ in range(low_limits.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK)
        ]
    )

    response = sign_in(client, "alice@example.com")

    assert response.status_code == 429
    assert "Try again in 3 minutes" in response.content.decode()


def test_failure_records_hold_no_email_or_address_in_the_clear(
    client: Client, alice, low_limits
) -> None:
    sign_in(client, "alice@example.com", WRONG)

    keys = list(RateLimitEvent.objects.values_list("key", flat=True))
    assert len(keys) == 3  # this account from this network, this account, this network
    for key in keys:
        assert re.fullmatch(r"[0-9a-f]{64}", key)
        assert "alice" not in key
        assert "127.0.0.1" not in key


def test_pruning_forgets_only_events_past_the_longest_window(db: None, low_limits) -> None:
    # Sign-in failures count for up to an hour (per account), account emails for an hour.
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
