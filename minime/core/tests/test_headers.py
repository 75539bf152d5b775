"""Headers every response owes: a Permissions-Policy everywhere, and signed-in answers that no
cache but the person's own browser memory may keep. Static files stay long-cacheable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from minime.accounts.tokens import token_create


def _policy(response) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in response["Permissions-Policy"].split(","))


def _directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


@pytest.mark.parametrize(
    "path", ["/", "/accounts/sign-in/", "/healthz", "/no-such-page/", "/api/v1/me", "/sw.js"]
)
def test_every_response_turns_powerful_features_off_but_keeps_the_microphone(client, db, path):
    policy = _policy(client.get(path))
    for feature in ("camera", "geolocation", "payment", "usb", "display-capture", "serial"):
        assert policy[feature] == "()", feature
    assert policy["microphone"] == "(self)"  # dictation in capture


def test_static_files_carry_the_policy_too(client, db):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert _policy(response)["camera"] == "()"


@pytest.mark.parametrize("name", ["today:index", "pages:home", "accounts:profile"])
def test_signed_in_pages_are_private_and_never_stored(client, alice, name):
    client.force_login(alice)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_api_answers_to_a_signed_in_session_are_private(client, alice):
    client.force_login(alice)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_api_answers_to_a_personal_access_token_are_private(client, alice):
    _, secret = token_create(user=alice, name="tests")
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_a_signed_in_view_keeps_its_own_cache_directives_alongside(client, alice):
    """The service worker script must still revalidate on every visit."""
    client.force_login(alice)
    assert {"no-cache", "private", "no-store"} <= _directives(client.get("/sw.js"))


def test_static_files_stay_cacheable_for_a_signed_in_visitor(client, alice):
    client.force_login(alice)
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    directives = _directives(response)
    assert "public" in directives
    assert not {"private", "no-store"} & directives
