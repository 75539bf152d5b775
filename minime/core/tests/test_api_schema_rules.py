"""Rules the services hold are stated in the OpenAPI too, so a client can read what is refused."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from minime.accounts.tokens import token_create
from minime.preferences.models import OnboardingAnswers

JSON = "application/json"
BLANKS = ["", " ", "\n\t", "\x1c\x1f", "\u00a0\u3000", "\x85"]


@pytest.fixture
def openapi(client, db) -> dict:
    return client.get("/api/v1/openapi.json").json()


@pytest.fixture
def api(alice) -> Client:
    _, secret = token_create(user=alice, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


@pytest.mark.parametrize(
    ("component", "path"),
    [("CaptureIn", "/api/v1/capture"), ("PreviewIn", "/api/v1/smart-add/preview")],
)
def test_text_that_must_not_be_blank_says_so_in_its_pattern(openapi, api, component, path):
    pattern = re.compile(
        openapi["components"]["schemas"][component]["properties"]["text"]["pattern"]
    )

    assert pattern.search("Call mum")
    for blank in BLANKS:
        assert not pattern.search(blank), repr(blank)
        assert api.post(path, {"text": blank}, content_type=JSON).status_code == 422, repr(blank)


def test_the_onboarding_needs_are_listed_in_the_schema(openapi):
    needs = openapi["components"]["schemas"]["OnboardingIn"]["properties"]["primary_needs"]
    [array] = [option for option in needs["anyOf"] if option.get("type") == "array"]

    assert array["items"]["enum"] == list(OnboardingAnswers.NEEDS)
