"""Home and the landing page describe what this build does, from the same facts as the plan
gates (`minime.accounts.plans`) and the AI quotas (settings), so they cannot promise more."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from minime.accounts.plans import (
    AVAILABLE_FEATURES,
    FEATURE_INFO,
    FEATURES_BY_PLAN,
    Feature,
    Plan,
)
from minime.accounts.services import plan_set
from minime.ai.features import FEATURES as AI_FEATURES
from minime.preferences.forms import AnswersForm

LANDING = reverse("pages:landing")
HOME = reverse("pages:home")
UNAVAILABLE = [f for f in Feature if not FEATURE_INFO[f].available]


class Marked(HTMLParser):
    """The tag and `data-*` attributes of every element that has any, in document order."""

    def __init__(self) -> None:
        super().__init__()
        self.marked: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = {k: v for k, v in attrs if k.startswith("data-")}
        if data:
            self.marked.append({"tag": tag, **data})

    def with_attr(self, name: str) -> list[dict[str, str | None]]:
        return [m for m in self.marked if name in m]


def marked(html: str) -> Marked:
    parser = Marked()
    parser.feed(html)
    parser.close()
    return parser


def section(html: str, marker: str) -> str:
    """The HTML from `marker` to the end of the section it is in."""
    start = html.index(marker)
    return html[start : html.index("</section>", start)]


# --- Home ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("plan", list(Plan))
def test_home_ticks_the_plans_features_this_build_has_and_nothing_else(
    client: Client, alice, plan: Plan
) -> None:
    plan_set(user=alice, plan=plan)
    client.force_login(alice)

    html = client.get(HOME).content.decode()

    card = section(html, "data-plan-features")
    lines = marked(card).with_attr("data-feature")
    assert [line["data-feature"] for line in lines] == [str(f) for f in AVAILABLE_FEATURES]
    for line in lines:
        feature = Feature(str(line["data-feature"]))
        assert line["data-included"] == str(feature in FEATURES_BY_PLAN[plan]).lower()
    for feature in UNAVAILABLE:
        assert FEATURE_INFO[feature].label not in card
    assert "✓" not in html  # the tick is an icon, not a character


def test_home_on_max_ticks_every_built_feature(client: Client, alice) -> None:
    plan_set(user=alice, plan=Plan.MAX)
    client.force_login(alice)

    card = section(client.get(HOME).content.decode(), 'aria-labelledby="plan-title"')

    assert FEATURE_INFO[Feature.SHARED_WORKSPACES].label in card
    assert FEATURE_INFO[Feature.CALENDAR].label in card  # built: Max has it
    assert FEATURE_INFO[Feature.EMAIL].label in card


def test_home_shows_the_months_ai_requests_against_the_plans_quota(
    client: Client, alice, settings
) -> None:
    settings.AI_PROVIDER = "openai-compatible"
    settings.AI_BASE_URL = "http://127.0.0.1:9/v1"
    settings.AI_MODEL = "test-model"
    settings.AI_API_KEY = "test-key"
    settings.AI_MONTHLY_QUOTA = {"free": 7, "pro": 70, "max": 700}
    plan_set(user=alice, plan=Plan.PRO)
    client.force_login(alice)

    card = section(client.get(HOME).content.decode(), "data-plan-features")

    assert "0 of 70" in card


def test_home_says_the_built_in_engine_has_no_quota(client: Client, alice, settings) -> None:
    settings.AI_PROVIDER = "local"
    client.force_login(alice)

    card = section(client.get(HOME).content.decode(), "data-plan-features")

    assert "built-in engine: no limit" in card


def test_home_counts_the_onboarding_questions_from_the_form(client: Client, alice) -> None:
    client.force_login(alice)

    html = client.get(HOME).content.decode()

    assert "Five quick questions" not in html
    assert f"{len(AnswersForm.base_fields)} questions" in html


# --- Landing -------------------------------------------------------------------------------------
def test_the_landing_plan_table_matches_the_plan_gates(client: Client, db: None, settings) -> None:
    settings.AI_MONTHLY_QUOTA = {"free": 7, "pro": 70, "max": 700}

    html = client.get(LANDING).content.decode()

    table = marked(section(html, "data-plan-table"))
    assert [h["data-plan"] for h in table.marked if h["tag"] == "th" and "data-plan" in h] == [
        p.value for p in Plan
    ]
    rows = table.with_attr("data-feature")
    assert [r["data-feature"] for r in rows] == [str(f) for f in AVAILABLE_FEATURES]
    cells = [c for c in table.marked if c["tag"] == "td" and "data-included" in c]
    expected = [
        (plan.value, str(feature in FEATURES_BY_PLAN[plan]).lower())
        for feature in AVAILABLE_FEATURES
        for plan in Plan
    ]
    assert [(c["data-plan"], c["data-included"]) for c in cells] == expected
    quotas = [(q["data-plan"], q["data-quota"]) for q in table.with_attr("data-quota")]
    assert quotas == [("free", "7"), ("pro", "70"), ("max", "700")]


def test_the_landing_page_promises_nothing_this_build_lacks(client: Client, db: None) -> None:
    html = client.get(LANDING).content.decode()

    for feature in UNAVAILABLE:
        assert FEATURE_INFO[feature].label not in html
    lowered = html.lower()
    for phrase in ("being built", "on its way", "coming soon", "will be"):
        assert phrase not in lowered, phrase


def test_the_landing_page_names_every_ai_button_and_links_the_disclosure(
    client: Client, db: None
) -> None:
    html = client.get(LANDING).content.decode()

    for feature in AI_FEATURES.values():
        assert escape(feature.label) in html
    assert f'href="{reverse("ai:disclosure")}"' in html


def test_the_landing_page_says_which_plan_new_accounts_get(
    client: Client, db: None, settings
) -> None:
    settings.NEW_ACCOUNT_PLAN = "max"

    html = client.get(LANDING).content.decode()

    assert "New accounts on this server start on Max" in html
