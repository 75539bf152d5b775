"""The public AI disclosure page: generated from FEATURES, so it cannot drift from the code."""

from __future__ import annotations

from django.utils.html import escape

from minime.ai.features import FEATURES

URL = "/ai/disclosure/"


def test_it_is_public(client, db):
    assert client.get(URL).status_code == 200


def test_it_lists_every_field_every_feature_sends(client, db):
    page = client.get(URL).content.decode()
    for feature in FEATURES.values():
        section = page.split(f'data-feature="{feature.name}"', 1)[1].split("</section>", 1)[0]
        assert escape(feature.label) in section
        assert escape(feature.where) in section
        assert escape(feature.never_sends) in section
        assert escape(feature.returns) in section
        listed = [part.split('"', 1)[0] for part in section.split('data-sends="')[1:]]
        assert listed == list(feature.keys), feature.name
        for field in feature.sends:
            assert escape(field.description) in section
            assert f"<code>{field.key}</code>" in section


def test_it_states_the_principles_and_quotas(client, db, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 11, "pro": 222, "max": 3333}
    page = client.get(URL).content.decode()
    assert "Only when you press the button" in page
    assert "Nothing is saved until you do" in page
    assert "built-in engine" in page.lower()
    assert "Free 11, Pro 222, Max 3333 requests a month" in page
    assert "Each press that goes to the AI provider counts once" in page
    assert "The built-in engine's answers never count" in page
    assert "Settings → AI" in page


def test_it_says_which_provider_this_server_uses(client, db, settings):
    settings.AI_PROVIDER = "gemini"
    settings.AI_MODEL = "gemini-2.5-pro"
    settings.AI_API_KEY = "never-show-me"
    page = client.get(URL).content.decode()
    assert "Google Gemini, model gemini-2.5-pro" in page
    assert "never-show-me" not in page


def test_every_page_links_to_it(client, db):
    assert f'href="{URL}"' in client.get("/").content.decode()
