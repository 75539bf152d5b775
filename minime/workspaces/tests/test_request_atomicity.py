"""A request that ends in a server error leaves nothing behind, whichever layer turned the
exception into the 500 (Django's handler for pages, the API's for its endpoints)."""

from __future__ import annotations

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.core.db import as_user
from minime.routines import services
from minime.routines.models import Routine

JSON = "application/json"
FORM = {"title": "Stretch", "kind": "daily", "starts_on": "2026-03-01", "time_of_day": "anytime"}


class Boom(RuntimeError):
    pass


@pytest.fixture
def create_then_fail(monkeypatch):
    """`routine_create` writes its row, then the request fails after it (as a bug in a later step
    of the same request would)."""
    real = services.routine_create

    def failing(**kwargs):
        real(**kwargs)
        raise Boom("after the write")

    monkeypatch.setattr(services, "routine_create", failing)


def _rows(user) -> int:
    with as_user(user.pk):
        return Routine.objects.count()


def test_an_api_request_that_fails_after_a_write_saves_nothing(alice, create_then_fail):
    _, secret = token_create(user=alice, name="tests")
    api = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {secret}")

    body = {"title": "Stretch", "recurrence": "FREQ=DAILY", "starts_on": "2026-03-01"}
    answer = api.post("/api/v1/routines", body, content_type=JSON)

    assert answer.status_code == 500
    assert _rows(alice) == 0


def test_a_page_request_that_fails_after_a_write_saves_nothing(alice, create_then_fail):
    browser = Client(raise_request_exception=False)
    browser.force_login(alice)

    answer = browser.post("/routines/", FORM)

    assert answer.status_code == 500
    assert _rows(alice) == 0


def test_a_request_that_succeeds_keeps_its_write(alice):
    browser = Client()
    browser.force_login(alice)

    answer = browser.post("/routines/", FORM)

    assert answer.status_code == 302
    assert _rows(alice) == 1
