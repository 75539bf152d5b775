"""The profile page: who you are, your plan, your name and time zone."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from minime.accounts.services import profile_update

PROFILE = reverse("accounts:profile")
SIGN_IN = reverse("accounts:sign_in")


def test_anonymous_visitor_is_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(PROFILE)

    assert response.status_code == 302
    assert response["Location"] == f"{SIGN_IN}?next={PROFILE}"


def test_anonymous_post_changes_nothing(client: Client, alice) -> None:
    response = client.post(PROFILE, {"display_name": "Mallory", "time_zone": "Europe/Berlin"})

    assert response.status_code == 302
    assert response["Location"].startswith(SIGN_IN)
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_profile_shows_email_and_plan(client: Client, alice) -> None:
    alice.plan = "pro"
    alice.save(update_fields=["plan"])
    client.force_login(alice)

    response = client.get(PROFILE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "alice@example.com" in html
    assert '<span class="badge">Pro</span>' in html
    assert 'value="Alice"' in html
    assert reverse("accounts:password_change") in html


def test_profile_shows_only_the_signed_in_users_details(client: Client, alice, bob) -> None:
    client.force_login(bob)

    html = client.get(PROFILE).content.decode()

    assert "bob@example.com" in html
    assert "alice@example.com" not in html


def test_updating_display_name_and_time_zone_saves(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.post(
        PROFILE, {"display_name": "  Alice Liddell ", "time_zone": "Europe/Berlin"}
    )

    assert response.status_code == 302
    assert response["Location"] == PROFILE
    alice.refresh_from_db()
    assert alice.display_name == "Alice Liddell"
    assert alice.time_zone == "Europe/Berlin"
    page = client.get(PROFILE).content.decode()
    assert "Profile saved." in page
    assert '<option value="Europe/Berlin" selected>' in page


def test_display_name_may_be_cleared(client: Client, alice) -> None:
    client.force_login(alice)

    client.post(PROFILE, {"display_name": "", "time_zone": "UTC"})

    alice.refresh_from_db()
    assert alice.display_name == ""
    assert alice.name == "alice"  # falls back to the part before the @


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        ("Mars/Olympus_Mons", "Select a valid choice. Mars/Olympus_Mons is not one of"),
        ("Europe/berlin", "Select a valid choice. Europe/berlin is not one of"),
        ("../../etc/passwd", "Select a valid choice. ../../etc/passwd is not one of"),
        ("", "This field is required."),
    ],
)
def test_an_invalid_time_zone_is_refused_with_a_clear_error(
    client: Client, alice, zone: str, message: str
) -> None:
    client.force_login(alice)

    response = client.post(PROFILE, {"display_name": "Alice", "time_zone": zone})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_time_zone_errors"' in html
    assert message in html
    alice.refresh_from_db()
    assert alice.time_zone == "UTC"


def test_an_overlong_display_name_is_refused(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.post(PROFILE, {"display_name": "x" * 81, "time_zone": "UTC"})

    assert response.status_code == 200
    assert "at most 80 characters" in response.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


def test_profile_update_service_refuses_an_unknown_time_zone(alice) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="not a time zone we know"):
        profile_update(user=alice, display_name="Alice", time_zone="Nowhere/Land")
    alice.refresh_from_db()
    assert alice.time_zone == "UTC"


def test_the_time_zone_list_offers_region_zones_and_utc(client: Client, alice) -> None:
    client.force_login(alice)

    choices = dict(client.get(PROFILE).context["form"].fields["time_zone"].choices)

    assert "UTC" in choices
    assert "Europe/Berlin" in choices
    assert choices["America/New_York"] == "America/New York"
