"""/api/v1/gmail: the connection, Pull inbox, the kept messages, to inbox and disconnect, against
a real local fake Google; the plan, other people's messages, the grant that is never answered,
and the queries a list costs."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import resolve

from minime.accounts.plans import Plan
from minime.accounts.services import plan_set
from minime.accounts.tokens import token_create
from minime.capture.models import CaptureItem, CaptureSource
from minime.core import crypto
from minime.core.db import as_user
from minime.core.outside import runs_outside
from minime.gmail.models import ConnectionState, GmailConnection, PulledMessage
from minime.gmail.tests import fake_google
from minime.gmail.tests.test_gmail_services import connected

JSON = "application/json"
GMAIL = "/api/v1/gmail"
PULL = f"{GMAIL}/pull"
MESSAGES = f"{GMAIL}/messages"
MESSAGE_FIELDS = {"uuid", "sender", "subject", "snippet", "received_at", "pulled_at"}


def on_plan(user, plan: str):
    plan_set(user=user, plan=plan)
    user.refresh_from_db()
    return user


@pytest.fixture
def maxed(alice):
    return on_plan(alice, Plan.MAX)


def _error(answer, status: int) -> dict:
    assert answer.status_code == status, answer.content
    return answer.json()["error"]


def _client_for(user) -> Client:
    _, secret = token_create(user=user, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def to_inbox(message_uuid: str) -> str:
    return f"{MESSAGES}/{message_uuid}/to-inbox"


def kept(user) -> list[PulledMessage]:
    with as_user(user.pk):
        return list(PulledMessage.objects.filter(user=user))


def connection(user) -> GmailConnection | None:
    with as_user(user.pk):
        return GmailConnection.objects.filter(user=user).first()


# --- The connection -----------------------------------------------------------------------------
def test_the_connection_before_and_after_connecting_and_pulling(api, maxed, fake):
    before = api.get(GMAIL)
    assert before.status_code == 200, before.content
    assert before.json() == {
        "connected": False,
        "email_address": None,
        "state": None,
        "problem": None,
        "connected_at": None,
        "pulled_at": None,
        "server_configured": True,
        "plan_allows": True,
    }
    connected(maxed, fake)
    after = api.get(GMAIL).json()
    assert after == {
        "connected": True,
        "email_address": "someone@example.com",
        "state": "connected",
        "problem": "",
        "connected_at": "2026-12-07T09:00:00Z",  # the helper connects at its NOW
        "pulled_at": None,
        "server_configured": True,
        "plan_allows": True,
    }
    pulled = api.post(PULL).json()
    assert api.get(GMAIL).json()["pulled_at"] == pulled[0]["pulled_at"] is not None


def test_a_server_without_a_client_and_a_plan_without_gmail_are_said(api, alice, settings):
    settings.GOOGLE_CLIENT_ID = ""
    answer = api.get(GMAIL).json()
    assert (answer["server_configured"], answer["plan_allows"]) == (False, False)


def test_the_openapi_says_connecting_is_done_in_the_browser(api, alice):
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    gmail = {path for path in paths if path.startswith(GMAIL)}
    assert gmail == {GMAIL, PULL, MESSAGES, f"{MESSAGES}/{{uuid}}/to-inbox"}
    assert set(paths[GMAIL]) == {"get", "delete"}  # nothing connects
    assert "only done in the browser" in paths[GMAIL]["get"]["description"]
    assert set(paths[PULL]["post"]["responses"]) >= {"200", "403", "422", "503"}


def test_what_waits_on_google_runs_outside_the_request_transaction(db):
    """Pull and disconnect hold no transaction while Google answers; reading the connection
    shares disconnect's path. Listing and to inbox are ordinary requests."""
    assert runs_outside(resolve(PULL).func) and runs_outside(resolve(GMAIL).func)
    assert not runs_outside(resolve(MESSAGES).func)
    assert not runs_outside(resolve(to_inbox("00000000-0000-0000-0000-000000000000")).func)


# --- Pulling ------------------------------------------------------------------------------------
def test_a_pull_answers_the_latest_thirty_messages(api, maxed, fake):
    connected(maxed, fake)
    answer = api.post(PULL)
    assert answer.status_code == 200, answer.content
    messages = answer.json()
    assert len(messages) == 30
    assert set(messages[0]) == MESSAGE_FIELDS
    assert [m["subject"] for m in messages[:2]] == ["Message number 0", "Message number 1"]
    first = messages[0]
    assert first["sender"] == '"Sender 0" <sender0@example.com>'
    assert first["snippet"] == "This is the start of message 0 & more"
    assert first["received_at"] == "2026-11-30T00:53:20Z"
    assert [m["uuid"] for m in messages] == [str(m.uuid) for m in kept(maxed)]


@pytest.mark.parametrize("plan", [Plan.FREE, Plan.PRO])
def test_a_pull_is_part_of_max_only_and_google_is_never_asked(api, maxed, fake, plan):
    connected(maxed, fake)  # a connection left from Max
    on_plan(maxed, plan)
    fake.requests.clear()
    error = _error(api.post(PULL), 403)
    assert error["code"] == "not_allowed" and "Max" in error["message"]
    assert fake.requests == []
    assert kept(maxed) == []
    assert api.get(GMAIL).json()["plan_allows"] is False


def test_a_pull_without_a_connection_is_a_422(api, maxed, fake):
    error = _error(api.post(PULL), 422)
    assert error["code"] == "invalid" and "Connect Gmail first" in error["message"]
    assert fake.requests == []


def test_a_revoked_grant_is_a_422_and_the_connection_says_reconnect(api, maxed, fake):
    connected(maxed, fake)
    assert api.post(PULL).status_code == 200
    fake.break_grants()
    error = _error(api.post(PULL), 422)
    assert "Connect Gmail again" in error["message"]
    state = api.get(GMAIL).json()
    assert state["connected"] is True and state["state"] == ConnectionState.RECONNECT
    assert "no longer accepts" in state["problem"]
    assert api.get(MESSAGES).json() == {"items": [], "count": 0}  # the mail went with the access
    requests = len(fake.requests)
    assert _error(api.post(PULL), 422)["code"] == "invalid"
    assert len(fake.requests) == requests  # nothing is tried until it is connected again


def test_google_unreachable_is_a_503_and_changes_nothing(api, maxed, fake, settings):
    connected(maxed, fake)
    assert api.post(PULL).status_code == 200
    settings.GMAIL_API_URL = "http://127.0.0.1:9"  # nothing listens there
    error = _error(api.post(PULL), 503)
    assert error["code"] == "unavailable" and "could not be reached" in error["message"]
    assert api.get(MESSAGES).json()["count"] == 30
    assert api.get(GMAIL).json()["state"] == "connected"


# --- The kept messages --------------------------------------------------------------------------
def test_the_kept_messages_are_listed_in_inbox_order_and_paged(api, maxed, fake):
    connected(maxed, fake)
    pulled = api.post(PULL).json()
    listed = api.get(MESSAGES)
    assert listed.status_code == 200, listed.content
    assert listed.json() == {"items": pulled, "count": 30}
    page = api.get(f"{MESSAGES}?limit=10&offset=25").json()
    assert page["count"] == 30
    assert [m["subject"] for m in page["items"]] == [f"Message number {i}" for i in range(25, 30)]
    assert _error(api.get(f"{MESSAGES}?limit=0"), 422)["fields"].keys() == {"limit"}


def test_nothing_pulled_lists_nothing(api, alice):
    assert api.get(MESSAGES).json() == {"items": [], "count": 0}


# --- To inbox -----------------------------------------------------------------------------------
def test_a_message_becomes_an_inbox_item_of_the_workspace(api, maxed, fake, personas):
    connected(maxed, fake)
    message = api.post(PULL).json()[2]
    answer = api.post(to_inbox(message["uuid"]))
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert set(body) == {"uuid", "text"}
    assert body["text"].splitlines() == [
        "Message number 2",
        'From: "Sender 2" <sender2@example.com>',
        "This is the start of message 2 & more",
    ]
    with as_user(maxed.pk):
        item = CaptureItem.objects.select_related("workspace").get(uuid=body["uuid"])
    assert item.source == CaptureSource.EMAIL and item.text == body["text"]
    assert item.workspace == personas.personal(maxed)
    assert item.created_by_id == maxed.pk

    shared = api.post(to_inbox(message["uuid"]), headers={"X-Workspace": str(personas.shared.uuid)})
    assert shared.status_code == 201, shared.content
    with as_user(maxed.pk):
        assert CaptureItem.objects.get(uuid=shared.json()["uuid"]).workspace == personas.shared


def test_another_persons_message_or_one_no_longer_kept_is_a_404(api, maxed, fake, bob, personas):
    on_plan(bob, Plan.MAX)
    connected(bob, fake)
    as_bob = _client_for(bob)
    theirs = as_bob.post(PULL).json()[0]["uuid"]
    error = _error(api.post(to_inbox(theirs)), 404)
    assert error["code"] == "not_found"
    shared = {"X-Workspace": str(personas.shared.uuid)}
    assert api.get(MESSAGES, headers=shared).json()["count"] == 0
    # bob is a member of alice's shared workspace: her messages are still not his.
    connected(maxed, fake)
    mine = api.post(PULL).json()[0]["uuid"]
    assert _error(as_bob.post(to_inbox(mine), headers=shared), 404)["code"] == "not_found"
    assert as_bob.get(MESSAGES).json()["count"] == 30  # his own only
    api.delete(GMAIL)
    assert "no longer kept" in _error(api.post(to_inbox(mine)), 404)["message"]
    assert _error(api.post(to_inbox("00000000-0000-0000-0000-000000000000")), 404)
    with as_user(maxed.pk):
        assert not CaptureItem.objects.filter(source=CaptureSource.EMAIL).exists()


def test_to_inbox_is_part_of_max_only(api, maxed, fake):
    connected(maxed, fake)
    message = api.post(PULL).json()[0]
    on_plan(maxed, Plan.PRO)
    assert _error(api.post(to_inbox(message["uuid"])), 403)["code"] == "not_allowed"
    with as_user(maxed.pk):
        assert not CaptureItem.objects.filter(source=CaptureSource.EMAIL).exists()


# --- Disconnecting ------------------------------------------------------------------------------
def test_disconnect_revokes_at_google_and_deletes_everything(api, maxed, fake):
    token = crypto.decrypt(connected(maxed, fake).refresh_token_encrypted)
    assert api.post(PULL).status_code == 200
    answer = api.delete(GMAIL)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"revoked_at_google": True}
    assert fake.revoked == [token] and token not in fake.refresh_tokens
    assert connection(maxed) is None and kept(maxed) == []
    assert api.get(GMAIL).json()["connected"] is False
    assert _error(api.delete(GMAIL), 404)["code"] == "not_found"  # nothing left to disconnect
    assert fake.revoked == [token]


def test_disconnect_works_on_any_plan_and_when_google_cannot_be_told(api, maxed, fake, settings):
    connected(maxed, fake)
    on_plan(maxed, Plan.FREE)
    settings.GOOGLE_REVOKE_URL = "http://127.0.0.1:9/revoke"
    answer = api.delete(GMAIL)
    assert answer.status_code == 200 and answer.json() == {"revoked_at_google": False}
    assert connection(maxed) is None


def test_nothing_connected_is_a_404_to_disconnect(api, alice, fake):
    assert _error(api.delete(GMAIL), 404)["code"] == "not_found"
    assert fake.requests == []


# --- The grant is never answered ----------------------------------------------------------------
def test_no_answer_ever_contains_the_grant(api, maxed, fake, settings):
    stored = connected(maxed, fake).refresh_token_encrypted
    token = crypto.decrypt(stored)
    pulled = api.post(PULL)
    message = pulled.json()[0]["uuid"]
    answers = [
        api.get(GMAIL),
        pulled,
        api.get(MESSAGES),
        api.post(to_inbox(message)),
    ]
    settings.GMAIL_API_URL = "http://127.0.0.1:9"
    answers.append(api.post(PULL))  # a 503
    settings.GMAIL_API_URL = fake.base
    fake.break_grants()
    answers += [api.post(PULL), api.get(GMAIL), api.delete(GMAIL)]  # a 422, reconnect, gone
    assert [a.status_code for a in answers] == [200, 200, 200, 201, 503, 422, 200, 200]
    secrets = [token, stored, *fake.access_tokens, *fake.codes]
    assert fake.revoked == [token]  # the revoke sent it, so it was there to leak
    for answer in answers:
        text = answer.content.decode() + str(answer.headers)
        assert not [s for s in secrets if s in text], (answer.request["PATH_INFO"], text)


# --- Who may call it ----------------------------------------------------------------------------
def test_a_signed_in_browser_pulls_and_needs_the_csrf_token_to_write(maxed, fake):
    connected(maxed, fake)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(maxed)
    assert browser.get(GMAIL).json()["email_address"] == "someone@example.com"
    fake.requests.clear()
    assert browser.post(PULL).status_code in {401, 403}
    assert browser.delete(GMAIL).status_code in {401, 403}
    assert fake.requests == [] and connection(maxed) is not None
    signed_in = Client()  # the test client's CSRF checks off, as a page's token would pass
    signed_in.force_login(maxed)
    assert len(signed_in.post(PULL).json()) == 30
    assert signed_in.get(MESSAGES).json()["count"] == 30


def test_without_a_token_or_session_every_endpoint_is_a_401(db, fake):
    anonymous = Client()
    one = to_inbox("00000000-0000-0000-0000-000000000000")
    for answer in [
        anonymous.get(GMAIL),
        anonymous.delete(GMAIL),
        anonymous.post(PULL),
        anonymous.get(MESSAGES),
        anonymous.post(one),
    ]:
        assert _error(answer, 401)["code"] == "unauthenticated"
    assert fake.requests == []


# --- Queries ------------------------------------------------------------------------------------
def test_the_message_list_costs_the_same_queries_for_2_or_30_messages(
    api, maxed, fake, django_assert_max_num_queries, django_assert_num_queries
):
    connected(maxed, fake)
    fake.inbox = fake_google.sample_inbox(2)
    assert len(api.post(PULL).json()) == 2  # the token's first use is recorded here too
    with django_assert_max_num_queries(15) as measured:
        assert api.get(MESSAGES).json()["count"] == 2
    few = len(measured)  # read now: the next request clears the connection's query log
    fake.inbox = fake_google.sample_inbox(30)
    assert len(api.post(PULL).json()) == 30
    with django_assert_num_queries(few):
        assert api.get(f"{MESSAGES}?limit=30").json()["count"] == 30


def test_a_connection_is_the_persons_in_every_workspace(api, maxed, fake, personas):
    connected(maxed, fake)
    shared = {"X-Workspace": str(personas.shared.uuid)}
    assert api.get(GMAIL, headers=shared).json()["email_address"] == "someone@example.com"
    assert len(api.post(PULL, headers=shared).json()) == 30
    as_bob = _client_for(personas.bob)
    assert as_bob.get(GMAIL, headers=shared).json()["connected"] is False
    assert _error(as_bob.delete(GMAIL, headers=shared), 404)["code"] == "not_found"
    assert connection(maxed) is not None
