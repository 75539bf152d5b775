"""Account emails are rate limited, so the site cannot be used to flood someone's inbox."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from minime.accounts.models import SignUpRequest

SIGN_UP = reverse("accounts:sign_up")
RESET = reverse("accounts:password_reset")


@pytest.fixture
def limits(settings):
    settings.EMAIL_LIMIT_PER_RECIPIENT = 2
    settings.EMAIL_LIMIT_PER_ADDRESS = 4
    return settings


def _sign_up(client: Client, email: str, address: str = "198.51.100.7"):
    return client.post(
        SIGN_UP,
        {"email": email, "password": "a sturdy passphrase 42", "time_zone": "UTC"},
        REMOTE_ADDR=address,
    )


def test_past_the_recipient_limit_the_page_is_the_same_but_no_email_goes_out(
    client, db, limits, mailoutbox
):
    responses = [_sign_up(client, "target@example.com", f"203.0.113.{i}") for i in range(4)]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("accounts:sign_up_sent")}
    assert len(mailoutbox) == 2
    assert SignUpRequest.objects.count() == 2


def test_past_the_recipient_limit_reset_links_stop_silently(client, alice, limits, mailoutbox):
    for i in range(3):
        response = client.post(RESET, {"email": "alice@example.com"}, REMOTE_ADDR=f"203.0.113.{i}")
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:password_reset_sent")
    assert len(mailoutbox) == 2


def test_the_limit_counts_emails_of_every_kind_for_one_inbox(client, alice, limits, mailoutbox):
    _sign_up(client, "alice@example.com", "203.0.113.1")  # "you already have an account"
    client.post(RESET, {"email": "alice@example.com"}, REMOTE_ADDR="203.0.113.2")
    client.post(RESET, {"email": "alice@example.com"}, REMOTE_ADDR="203.0.113.3")
    assert len(mailoutbox) == 2


def test_one_network_asking_for_too_many_emails_is_asked_to_wait(client, db, limits, mailoutbox):
    for i in range(4):
        assert _sign_up(client, f"person{i}@example.com").status_code == 302
    response = _sign_up(client, "person9@example.com")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many requests from this network" in page
    assert "person9@example.com" in page  # what was typed is kept
    assert len(mailoutbox) == 4

    reset = client.post(RESET, {"email": "person1@example.com"}, REMOTE_ADDR="198.51.100.7")
    assert reset.status_code == 429


def test_other_networks_are_not_held_back_by_one(client, db, limits, mailoutbox):
    for i in range(5):
        _sign_up(client, f"person{i}@example.com")
    assert _sign_up(client, "someone@example.com", "192.0.2.50").status_code == 302
