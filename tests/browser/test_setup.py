"""The onboarding wizard and the rules page in a real browser."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from minime.areas.models import LifeArea
from minime.core.db import as_user
from minime.preferences.models import OnboardingAnswers, RuleSettings
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Page, base: str) -> User:
    user = User.objects.create_user("finn@example.com", PASSWORD, display_name="Finn")
    sign_in(page, base, user.email)
    return user


def test_finishing_the_wizard_in_a_browser(page: Page, live_server, console_errors):
    user = _sign_in(page, live_server.url)
    page.goto(live_server.url + "/accounts/welcome/")
    expect(page.get_by_role("heading", name="Welcome, Finn")).to_be_visible()
    page.get_by_label("Feel less overwhelmed").check()
    page.get_by_label("Tell me what to do").check()
    page.get_by_label("Plan the evening before").check()
    page.get_by_label("1–2 hours").check()
    page.get_by_label("Low", exact=True).check()
    page.get_by_label("Name for Health").fill("Body")
    page.get_by_label("Keep Money").uncheck()
    page.get_by_label("An area of your own").fill("Music")
    page.get_by_role("button", name="Finish and open my day").click()
    expect(page.get_by_text("You're all set.")).to_be_visible()
    assert page.url.endswith("/today/")

    with as_user(user.pk):  # the answers and areas are the user's own rows (RLS)
        answers = OnboardingAnswers.objects.get(user=user)
        names = set(LifeArea.objects.values_list("name", flat=True))
    assert answers.completed_at and answers.primary_needs == ["overwhelm"]
    assert names == {"Body", "Work", "Relationships", "Growth", "Home", "Fun", "Music"}
    assert console_errors == []


def test_the_rules_page(page: Page, live_server, console_errors):
    user = _sign_in(page, live_server.url)
    page.goto(live_server.url + "/accounts/settings/rules/")
    page.get_by_label("Saturday").check()
    page.get_by_label("Work day ends").fill("17:30")
    page.get_by_role("button", name="Save rules").click()
    expect(page.get_by_text("Rules saved.")).to_be_visible()
    with as_user(user.pk):  # rule settings are the user's own rows (RLS)
        rules = RuleSettings.objects.get(user=user)
    assert rules.work_days == [0, 1, 2, 3, 4, 5] and rules.workday_end.hour == 17
    assert console_errors == []
