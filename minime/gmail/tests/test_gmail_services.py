"""Connecting Gmail, pulling the inbox and disconnecting, against a real local fake Google."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.capture.models import CaptureItem, CaptureSource
from minime.core import crypto
from minime.core.db import SERVICE_DB, as_user
from minime.core.errors import Invalid, NotAllowed, Unavailable
from minime.gmail import google, services
from minime.gmail.models import ConnectionState, GmailConnection, PulledMessage
from minime.gmail.tests import fake_google

CALLBACK = "http://testserver/accounts/settings/email/callback/"
NOW = datetime(2026, 12, 7, 9, tzinfo=UTC)


@pytest.fixture
def maxed(alice):
    plan_set(user=alice, plan=Plan.MAX)
    alice.refresh_from_db()
    return alice


def consent_code(consent: google.Consent, *, answer: str = "allow") -> dict[str, str]:
    """What a person's browser brings back from the fake consent screen."""
    query = {k: v[0] for k, v in parse_qs(urlsplit(consent.url).query).items()}
    page = httpx.get(consent.url)
    assert page.status_code == 200 and "View your email messages" in page.text
    base = consent.url.split("/o/oauth2", 1)[0]
    back = httpx.get(f"{base}/o/oauth2/v2/approve", params={**query, "answer": answer})
    assert back.status_code == 302
    location = back.headers["location"]
    assert location.startswith(CALLBACK)
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def connected(user, fake) -> GmailConnection:
    consent = services.connect_start(user=user, redirect_uri=CALLBACK)
    answer = consent_code(consent)
    assert answer["state"] == consent.state
    return services.connect_finish(
        user=user, code=answer["code"], verifier=consent.verifier, redirect_uri=CALLBACK, now=NOW
    )


def kept(user) -> list[PulledMessage]:
    with as_user(user.pk):
        return list(PulledMessage.objects.filter(user=user))


def test_the_consent_address_asks_for_read_only_access_with_pkce_and_state(fake, maxed):
    consent = services.connect_start(user=maxed, redirect_uri=CALLBACK)
    query = parse_qs(urlsplit(consent.url).query)
    assert query["scope"] == ["https://www.googleapis.com/auth/gmail.readonly"]
    assert query["code_challenge_method"] == ["S256"]
    assert query["state"] == [consent.state] and len(consent.state) >= 32
    assert query["access_type"] == ["offline"] and query["response_type"] == ["code"]
    assert consent.verifier not in consent.url  # only the challenge travels
    assert 43 <= len(consent.verifier) <= 128


def test_connecting_keeps_the_grant_encrypted_and_the_account_address(fake, maxed):
    connection = connected(maxed, fake)
    assert connection.email_address == "someone@example.com"
    assert connection.state == ConnectionState.CONNECTED
    token = crypto.decrypt(connection.refresh_token_encrypted)
    assert token in fake.refresh_tokens
    assert token not in connection.refresh_token_encrypted
    assert connection.scopes == google.SCOPE


def test_a_code_is_useless_without_the_verifier_it_was_made_for(fake, maxed):
    consent = services.connect_start(user=maxed, redirect_uri=CALLBACK)
    answer = consent_code(consent)
    other = services.connect_start(user=maxed, redirect_uri=CALLBACK)
    with pytest.raises(Unavailable):
        services.connect_finish(
            user=maxed, code=answer["code"], verifier=other.verifier, redirect_uri=CALLBACK
        )
    with as_user(maxed.pk):
        assert not GmailConnection.objects.exists()


def test_refusing_read_access_at_google_connects_nothing(fake, maxed):
    fake.grant_scope = "openid email"
    consent = services.connect_start(user=maxed, redirect_uri=CALLBACK)
    answer = consent_code(consent)
    with pytest.raises(Invalid, match="did not grant read access"):
        services.connect_finish(
            user=maxed, code=answer["code"], verifier=consent.verifier, redirect_uri=CALLBACK
        )
    with as_user(maxed.pk):
        assert not GmailConnection.objects.exists()


@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO])
def test_gmail_is_part_of_max_only(fake, alice, plan):
    plan_set(user=alice, plan=plan)
    alice.refresh_from_db()
    with pytest.raises(NotAllowed, match="Max"):
        services.connect_start(user=alice, redirect_uri=CALLBACK)
    with pytest.raises(NotAllowed):
        services.pull(user=alice)
    assert fake.requests == []


def test_without_a_client_set_up_the_server_says_so(settings, maxed):
    settings.GOOGLE_CLIENT_ID = ""
    with pytest.raises(Unavailable, match="no Gmail client"):
        services.connect_start(user=maxed, redirect_uri=CALLBACK)


def test_a_pull_keeps_the_latest_thirty_messages_metadata_only(fake, maxed):
    connected(maxed, fake)
    fake.inbox[0].subject = "=?utf-8?q?Caf=C3=A9_on_Friday?="
    fake.requests.clear()
    pulled = services.pull(user=maxed, now=NOW)
    assert len(pulled) == 30
    rows = kept(maxed)
    assert [r.gmail_id for r in rows] == [m.id for m in fake.inbox[:30]]
    first = rows[0]
    assert first.subject == "Café on Friday"
    assert first.sender == '"Sender 0" <sender0@example.com>'
    assert first.snippet == "This is the start of message 0 & more"
    assert first.received_at == datetime.fromtimestamp(1_796_000_000, tz=UTC)
    gets = [
        q for method, path, q in fake.requests if path.startswith("/gmail/v1/users/me/messages/")
    ]
    assert len(gets) == 30
    assert all(q["format"] == ["metadata"] for q in gets)
    assert all(sorted(q["metadataHeaders"]) == ["Date", "From", "Subject"] for q in gets)
    with as_user(maxed.pk):
        assert GmailConnection.objects.get(user=maxed).pulled_at == NOW


def test_the_next_pull_replaces_the_last(fake, maxed):
    connected(maxed, fake)
    services.pull(user=maxed)
    fake.inbox = fake_google.sample_inbox(3)
    fake.inbox[0].id = "19anew0001"
    services.pull(user=maxed)
    assert [r.gmail_id for r in kept(maxed)] == ["19anew0001", "19a00001f", "19a00002f"]


def test_only_the_allowed_requests_are_ever_made(fake, maxed):
    """Connect, pull, pull with a lost access token, disconnect: every request Google saw is
    one of the adapter's list, and none could change mail."""
    connected(maxed, fake)
    services.pull(user=maxed)
    services.disconnect(user=maxed)
    assert fake.requests
    for method, path, _ in fake.requests:
        if path.startswith("/o/oauth2/"):
            continue  # the person's browser, not the server
        assert google.allowed(method, fake.base + path), f"{method} {path}"
    called = {p for p in fake.paths() if not p.startswith("GET /o/oauth2/")}
    assert called == {
        "POST /token",
        "POST /revoke",
        "GET /gmail/v1/users/me/profile",
        "GET /gmail/v1/users/me/messages",
        *{f"GET /gmail/v1/users/me/messages/{m.id}" for m in fake.inbox[:30]},
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/gmail/v1/users/me/messages/send"),
        ("POST", "/gmail/v1/users/me/messages/19a00001f/modify"),
        ("POST", "/gmail/v1/users/me/messages/19a00001f/trash"),
        ("DELETE", "/gmail/v1/users/me/messages/19a00001f"),
        ("POST", "/gmail/v1/users/me/drafts"),
        ("GET", "/gmail/v1/users/me/messages/19a00001f/attachments/1"),
        ("GET", "/gmail/v1/users/me/threads"),
        ("POST", "/upload/gmail/v1/users/me/messages/send"),
        ("GET", "/gmail/v1/users/other/messages"),
    ],
)
def test_anything_else_is_refused_before_it_is_sent(fake, method, path):
    assert not google.allowed(method, fake.base + path)
    with pytest.raises(google.GoogleError) as refused:
        google._call(method, fake.base + path, token="x")
    assert refused.value.code == "not_allowed"
    assert fake.requests == []


def test_a_revoked_grant_turns_the_connection_to_reconnect(fake, maxed):
    connected(maxed, fake)
    services.pull(user=maxed)
    fake.break_grants()
    with pytest.raises(Invalid, match="Connect Gmail again"):
        services.pull(user=maxed)
    with as_user(maxed.pk):
        connection = GmailConnection.objects.get(user=maxed)
    assert connection.state == ConnectionState.RECONNECT
    assert "no longer accepts" in connection.problem
    assert kept(maxed) == []  # the pulled mail goes with the access
    requests = len(fake.requests)
    with pytest.raises(Invalid):
        services.pull(user=maxed)
    assert len(fake.requests) == requests  # nothing is tried until it is connected again
    connected(maxed, fake)
    assert len(services.pull(user=maxed)) == 30


def test_an_access_token_lost_between_two_requests_is_made_again_once(fake, maxed, monkeypatch):
    connected(maxed, fake)
    real = google.refresh
    handed: list[str] = []

    def refresh_then_lose(token: str) -> str:
        access = real(token)
        if not handed:
            fake.access_tokens.pop(access)  # revoked at once: the list answers 401
        handed.append(access)
        return access

    monkeypatch.setattr(google, "refresh", refresh_then_lose)
    assert len(services.pull(user=maxed)) == 30
    assert len(handed) == 2


def test_google_unreachable_changes_nothing(fake, maxed, settings):
    connected(maxed, fake)
    services.pull(user=maxed)
    settings.GMAIL_API_URL = "http://127.0.0.1:9"  # nothing listens there
    with pytest.raises(Unavailable, match="could not be reached"):
        services.pull(user=maxed)
    assert len(kept(maxed)) == 30
    with as_user(maxed.pk):
        assert GmailConnection.objects.get(user=maxed).state == ConnectionState.CONNECTED


def test_a_message_becomes_an_inbox_item(fake, maxed):
    connected(maxed, fake)
    services.pull(user=maxed)
    message = kept(maxed)[2]
    with as_user(maxed.pk):
        workspace = maxed.memberships.get(workspace__is_personal=True).workspace
        item = services.to_inbox(user=maxed, workspace=workspace, message=message)
        item = CaptureItem.objects.get(pk=item.pk)
    assert item.source == CaptureSource.EMAIL
    assert item.text.splitlines() == [
        "Message number 2",
        'From: "Sender 2" <sender2@example.com>',
        "This is the start of message 2 & more",
    ]
    assert services.task_text(message) == "Message number 2"


def test_disconnect_revokes_at_google_and_deletes_everything(fake, maxed):
    connection = connected(maxed, fake)
    token = crypto.decrypt(connection.refresh_token_encrypted)
    services.pull(user=maxed)
    assert services.disconnect(user=maxed) is True
    assert fake.revoked == [token]
    assert token not in fake.refresh_tokens
    with as_user(maxed.pk):
        assert not GmailConnection.objects.exists()
        assert not PulledMessage.objects.exists()


def test_disconnect_still_deletes_when_google_cannot_be_told(fake, maxed, settings):
    connected(maxed, fake)
    services.pull(user=maxed)
    settings.GOOGLE_REVOKE_URL = "http://127.0.0.1:9/revoke"
    assert services.disconnect(user=maxed) is False
    with as_user(maxed.pk):
        assert not GmailConnection.objects.exists()
        assert not PulledMessage.objects.exists()


def test_disconnect_works_on_any_plan(fake, maxed):
    connected(maxed, fake)
    plan_set(user=maxed, plan=Plan.FREE)
    maxed.refresh_from_db()
    assert services.disconnect(user=maxed) is True
    with as_user(maxed.pk):
        assert not GmailConnection.objects.exists()


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_pulled_messages_are_deleted_a_day_after_the_pull(fake, maxed, bob):
    connected(maxed, fake)
    services.pull(user=maxed, now=NOW - timedelta(hours=25))
    plan_set(user=bob, plan=Plan.MAX)
    bob.refresh_from_db()
    connected(bob, fake)
    services.pull(user=bob, now=NOW - timedelta(hours=1))
    assert services.prune(now=NOW) == 30
    assert kept(maxed) == [] and len(kept(bob)) == 30


def test_what_is_shown_is_only_what_is_still_kept(fake, maxed, monkeypatch):
    connected(maxed, fake)
    services.pull(user=maxed, now=NOW)
    monkeypatch.setattr(services.timezone, "now", lambda: NOW + timedelta(hours=23))
    assert len(services.pulled(maxed)) == 30
    monkeypatch.setattr(services.timezone, "now", lambda: NOW + timedelta(hours=25))
    assert services.pulled(maxed) == []


def test_parsing_a_message_never_fails_on_missing_parts():
    message = google.parse_message("abc", {"snippet": "Hi &lt;there&gt;"})
    assert message == google.Message("abc", "", "", "Hi <there>", None)
    odd = google.parse_message("abc", {"payload": {"headers": [{"name": "Subject"}, "junk"]}})
    assert odd.subject == ""


@pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])
def test_a_key_rotation_keeps_the_connection(fake, maxed, settings):
    """The grant is re-encrypted under a new key by `manage.py reencrypt`; once the old key is
    dropped, pulling still works."""
    from cryptography.fernet import Fernet
    from django.core.management import call_command

    old = settings.ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    connection = connected(maxed, fake)
    settings.ENCRYPTION_KEYS = [new, old]
    call_command("reencrypt", verbosity=0)
    settings.ENCRYPTION_KEYS = [new]
    with as_user(maxed.pk):
        stored = GmailConnection.objects.get(user=maxed).refresh_token_encrypted
    assert stored != connection.refresh_token_encrypted
    assert len(services.pull(user=maxed)) == 30
    settings.ENCRYPTION_KEYS = [old]
    with pytest.raises(crypto.SecretUnreadable):
        crypto.decrypt(stored)


def test_deleting_the_account_withdraws_the_access_at_google(fake, maxed):
    from minime.yourdata.data import account_delete

    connection = connected(maxed, fake)
    token = crypto.decrypt(connection.refresh_token_encrypted)
    counts = account_delete(user=maxed)
    assert counts["gmail access revoked at Google"] == 1
    assert fake.revoked == [token]
