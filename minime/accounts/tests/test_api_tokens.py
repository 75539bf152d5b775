"""Personal access tokens: made and revoked in Settings, used by API clients."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from minime.accounts.models import PersonalAccessToken
from minime.accounts.tokens import token_create, token_revoke
from minime.core.db import as_user

TOKENS = reverse("accounts:api_tokens")
ME = "/api/v1/me"


def bearer(secret: str, **more: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}", **more}


def test_a_new_token_is_shown_once_and_stored_only_as_a_hash(client, alice):
    client.force_login(alice)
    page = client.post(TOKENS, {"name": "Laptop script"}).content.decode()
    found = re.search(r"<code>(mm_[A-Za-z0-9_-]+)</code>", page)
    assert found, page
    secret = found.group(1)
    with as_user(alice.pk):
        token = PersonalAccessToken.objects.get(user=alice)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in token.token_hash and token.prefix == secret[:10]
    listing = client.get(TOKENS).content.decode()
    assert "Laptop script" in listing
    assert secret not in listing
    assert token.prefix in listing


def test_a_token_needs_a_name_and_the_page_says_so(client, alice):
    client.force_login(alice)
    page = client.post(TOKENS, {"name": "   "}).content.decode()
    assert "Give the token a name." in page
    with as_user(alice.pk):
        assert not PersonalAccessToken.objects.exists()


def test_an_api_client_with_a_token_reads_its_own_account(client, alice):
    _, secret = token_create(user=alice, name="cli")
    response = Client().get(ME, headers=bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "alice@example.com"
    assert {w["name"] for w in body["workspaces"]} == {"Alice's workspace", "Alice & Bob"}
    assert [w["name"] for w in body["workspaces"] if w["active"]] == ["Alice's workspace"]
    with as_user(alice.pk):
        assert PersonalAccessToken.objects.get().last_used_at is not None


def test_a_revoked_token_stops_working_at_once(client, alice):
    token, secret = token_create(user=alice, name="cli")
    assert Client().get(ME, headers=bearer(secret)).status_code == 200
    client.force_login(alice)
    client.post(TOKENS, {"revoke": str(token.pk)})
    response = Client().get(ME, headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_someone_elses_token_cannot_be_revoked(client, alice, bob):
    token, secret = token_create(user=alice, name="cli")
    client.force_login(bob)
    client.post(TOKENS, {"revoke": str(token.pk)}, follow=True)
    assert Client().get(ME, headers=bearer(secret)).status_code == 200
    with pytest.raises(Exception, match="doesn't exist"):
        token_revoke(user=bob, token_id=token.pk)


@pytest.mark.parametrize("secret", ["mm_not-a-real-token", "garbage", ""])
def test_a_wrong_token_is_refused_with_the_error_envelope(db, secret):
    response = Client().get(ME, headers=bearer(secret))
    assert response.status_code == 401
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_an_inactive_users_tokens_stop_working(alice):
    _, secret = token_create(user=alice, name="cli")
    alice.is_active = False
    alice.save()
    assert Client().get(ME, headers=bearer(secret)).status_code == 401


def test_x_workspace_picks_a_shared_workspace(bob, personas):
    _, secret = token_create(user=bob, name="cli")
    body = (
        Client()
        .get(ME, headers=bearer(secret, **{"X-Workspace": str(personas.shared.uuid)}))
        .json()
    )
    assert [w["name"] for w in body["workspaces"] if w["active"]] == ["Alice & Bob"]


def test_x_workspace_of_a_workspace_you_are_not_in_is_a_404(charlie, personas):
    _, secret = token_create(user=charlie, name="cli")
    response = Client().get(
        ME, headers=bearer(secret, **{"X-Workspace": str(personas.shared.uuid)})
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_browser_session_works_for_the_api(client, alice):
    client.force_login(alice)
    assert client.get(ME).json()["email"] == "alice@example.com"


def test_the_api_docs_are_served_locally(client, alice):
    client.force_login(alice)
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle" in page
    assert "cdn" not in page.lower()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Mini Me OS API"
    assert "/api/v1/me" in schema["paths"]
