"""Privacy, terms, data processing, security and security.txt: public, linked from every page,
and true. Each fact the code decides is checked against the definition it comes from, and a
changed definition changes the page (they are generated, not copied)."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import get_default_password_validators
from django.contrib.messages.storage.cookie import CookieStorage
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from minime.accounts import throttle
from minime.accounts.plans import AVAILABLE_FEATURES, FEATURES_BY_PLAN, Feature, Plan
from minime.ai.features import FEATURES as AI_FEATURES
from minime.ai.features import Field
from minime.ai.views.settings import provider_status
from minime.automations import scan
from minime.calendars.integration import CALENDAR
from minime.core import crypto, limits, outbound
from minime.core.models import WorkspaceOwned
from minime.gmail import google
from minime.gmail import services as gmail_services
from minime.gmail.integration import GMAIL
from minime.pages import views
from minime.pages.navigation import COLLAPSED_COOKIE
from minime.pages.tests.test_pages import parse
from minime.yourdata.data import DATA_CATALOGUE, export_key, export_user_data, workspace_models

PRIVACY = reverse("pages:privacy")
TERMS = reverse("pages:terms")
DATA_PROCESSING = reverse("pages:data_processing")
SECURITY = reverse("pages:security")
SECURITY_TXT = reverse("pages:security_txt")
PAGES = [PRIVACY, TERMS, DATA_PROCESSING, SECURITY]
CONTACT = reverse("support:contact")
ROOT = Path(__file__).resolve().parents[3]


class Marked(HTMLParser):
    """Every element with a `data-*` attribute: its attributes and the text inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[dict[str, str | None], list[str]]] = []
        self._open: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if any(k.startswith("data-") for k, _ in attrs):
            text: list[str] = []
            self.found.append((dict(attrs), text))
            self._open.append((tag, text))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index]
                break

    def handle_data(self, data: str) -> None:
        for _, text in self._open:
            text.append(data)

    def values(self, name: str) -> list[str]:
        return [str(attrs[name]) for attrs, _ in self.found if name in attrs]

    def text(self, name: str, value: str = "") -> str:
        """The text of the first element whose `name` attribute is `value` (or present)."""
        for attrs, text in self.found:
            if name in attrs and (not value or attrs[name] == value):
                return " ".join("".join(text).split())
        raise AssertionError(f"no element with {name}={value!r}")


def marked(html: str) -> Marked:
    parser = Marked()
    parser.feed(html)
    parser.close()
    return parser


def html_of(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def block(html: str, marker: str, end: str = "</section>") -> str:
    start = html.index(marker)
    return html[start : html.index(end, start)]


def words(text: str) -> str:
    return " ".join(text.split())


# --- Public, linked, and plain pages -------------------------------------------------------------
@pytest.mark.parametrize("url", PAGES)
def test_each_page_is_public_and_links_to_the_others(client: Client, db: None, url: str) -> None:
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    hrefs = parse(response.content.decode()).hrefs
    assert set(PAGES) <= set(hrefs)
    assert reverse("ai:disclosure") in hrefs
    assert CONTACT in hrefs


@pytest.mark.parametrize("url", PAGES)
def test_each_page_works_for_a_signed_in_user_in_the_shell(client: Client, alice, url: str) -> None:
    client.force_login(alice)

    html = html_of(client, url)

    assert 'class="sidebar"' in html
    assert set(PAGES) <= set(parse(html).hrefs)


@pytest.mark.parametrize("url", [*PAGES, SECURITY_TXT])
def test_each_page_only_answers_safe_methods(client: Client, db: None, url: str) -> None:
    assert client.head(url).status_code == 200
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", PAGES)
def test_each_page_has_no_inline_script_or_style_for_the_strict_csp(
    client: Client, db: None, url: str
) -> None:
    page = parse(html_of(client, url))

    assert page.inline_scripts == 0
    assert page.inline_handlers == []
    assert page.style_attributes == 0
    assert all(src.startswith("/") for src in page.srcs)


def test_the_footer_links_every_public_page_signed_out_and_signed_in(client: Client, alice) -> None:
    wanted = {*PAGES, CONTACT, reverse("ai:disclosure")}
    landing = html_of(client, reverse("pages:landing"))
    assert wanted <= set(parse(block(landing, '<footer class="site-footer">', "</footer>")).hrefs)

    client.force_login(alice)
    home = html_of(client, reverse("pages:home"))
    assert wanted <= set(parse(block(home, '<footer class="site-footer">', "</footer>")).hrefs)


def test_the_landing_page_points_to_the_public_pages(client: Client, db: None) -> None:
    about = block(html_of(client, reverse("pages:landing")), "data-public-pages")

    assert {*PAGES, CONTACT} <= set(parse(about).hrefs)


# --- Who is responsible --------------------------------------------------------------------------
@pytest.mark.parametrize("url", [PRIVACY, TERMS, DATA_PROCESSING])
def test_the_operator_is_named_from_the_setting_or_described(
    client: Client, db: None, settings, url: str
) -> None:
    settings.OPERATOR_NAME = ""
    unnamed = marked(html_of(client, url)).text("data-operator")
    assert "The person or organisation that runs this server, its operator," in unnamed

    settings.OPERATOR_NAME = "Jane Example & Co"
    named = marked(html_of(client, url)).text("data-operator")
    assert named.startswith("Jane Example & Co, the operator of this server,")


# --- Data processing: what is kept, and for how long ----------------------------------------------
def _personal_data_models() -> set[str]:
    """Every model that holds someone's data: catalogued as such, or a workspace item."""
    labels = {
        label
        for label, kind in DATA_CATALOGUE.items()
        if kind != "system" and label in {m._meta.label for m in apps.get_models()}
    }
    return labels | {
        m._meta.label
        for m in apps.get_models()
        if issubclass(m, WorkspaceOwned) and ".tests." not in m.__module__
    }


def test_what_is_kept_covers_every_model_that_holds_personal_data() -> None:
    listed = [label for kept in views.kept_data() for label in kept.models]

    assert len(listed) == len(set(listed)), "a model is listed twice"
    assert _personal_data_models() <= set(listed)
    registry = {m._meta.label for m in apps.get_models()}
    assert set(listed) <= registry, "the page names a model that does not exist"
    assert set(listed) <= _personal_data_models(), "the page lists a model with no personal data"


def test_the_page_shows_every_kind_of_kept_data_and_how_long(client: Client, db: None) -> None:
    page = marked(html_of(client, DATA_PROCESSING))
    kept = views.kept_data()

    assert page.values("data-kept") == [k.key for k in kept]
    for item in kept:
        assert page.text("data-kept", item.key) == words(item.what)
        assert page.text("data-kept-for", item.key) == words(item.how_long)


def test_the_workspace_items_named_are_the_workspace_models(client: Client, db: None) -> None:
    page = marked(html_of(client, DATA_PROCESSING))
    pruned = {"outbox.Event", "automations.Run", "activity.Activity"}  # their own retention

    text = page.text("data-kept", "workspaces")
    named = text.split("everything in them: ", 1)[1].removesuffix(".").split(", ")
    assert named == [
        str(m._meta.verbose_name_plural)
        for m in workspace_models()
        if ".tests." not in m.__module__ and m._meta.label not in pruned
    ]
    assert pruned <= {m._meta.label for m in workspace_models()}


def test_retention_is_stated_from_the_constants_that_prune(client: Client, db: None) -> None:
    page = marked(html_of(client, DATA_PROCESSING))

    hours = int(gmail_services.KEEP_PULLED.total_seconds() // 3600)
    assert f"older than {hours} hours" in page.text("data-kept-for", "gmail")
    assert f"older than {scan.EVENT_KEEP.days} days" in page.text("data-kept-for", "events")
    assert f"older than {scan.RUN_KEEP.days} days" in page.text("data-kept-for", "runs")
    days = django_settings.SESSION_COOKIE_AGE // 86400
    assert page.text("data-kept-for", "sessions").startswith(f"{days} days from signing in")


def test_a_changed_retention_changes_the_page(client: Client, db: None, monkeypatch) -> None:
    monkeypatch.setattr(gmail_services, "KEEP_PULLED", timedelta(hours=5))
    monkeypatch.setattr(scan, "RUN_KEEP", timedelta(days=30))

    page = marked(html_of(client, DATA_PROCESSING))

    assert "deleted once older than 5 hours" in page.text("data-kept-for", "gmail")
    assert page.text("data-kept-for", "runs") == "Deleted once older than 30 days."


def test_the_integrations_are_rendered_from_their_definitions(client: Client, db: None) -> None:
    html = html_of(client, DATA_PROCESSING)

    for integration in (CALENDAR, GMAIL):
        part = block(html, f'data-integration="{integration.key}"', "</dl>")
        assert escape(integration.label) in part
        assert escape(integration.plans) in part
        for line in (*integration.reads, *integration.keeps, *integration.never):
            assert escape(line) in part
        assert escape(integration.removed) in part


# --- Data processing: AI and where data goes ----------------------------------------------------
def test_every_ai_feature_and_each_field_it_sends_is_listed(client: Client, db: None) -> None:
    html = html_of(client, DATA_PROCESSING)
    page = marked(html)

    assert page.values("data-ai-feature") == list(AI_FEATURES)
    for feature in AI_FEATURES.values():
        assert page.text("data-ai-feature", feature.name).startswith(feature.label)
        part = block(html, f'data-ai-feature="{feature.name}"', "</dd>")
        assert marked(part).values("data-sends") == list(feature.keys)
        for field in feature.sends:
            assert f'data-sends="{field.key}">{escape(field.description)}</li>' in part


def test_a_changed_ai_feature_changes_the_page(client: Client, db: None, monkeypatch) -> None:
    smart_add = AI_FEATURES["smart_add"]
    changed = dataclasses.replace(
        smart_add,
        label="Quick Sort",
        sends=(*smart_add.sends, Field("hint", "a hint you picked from a list")),
    )
    monkeypatch.setitem(AI_FEATURES, "smart_add", changed)

    part = block(html_of(client, DATA_PROCESSING), 'data-ai-feature="smart_add"', "</dd>")

    assert "Quick Sort" in part
    assert marked(part).values("data-sends") == ["text", "hint"]
    assert "a hint you picked from a list" in part


def test_the_ai_provider_named_follows_the_settings(client: Client, db: None, settings) -> None:
    settings.AI_PROVIDER = "local"
    local = marked(html_of(client, DATA_PROCESSING))
    status = provider_status()
    assert status.local
    assert local.text("data-provider-status") == f"On this server: {status.name}. {status.summary}"
    assert local.text("data-recipient", "ai") == "No AI service"

    settings.AI_PROVIDER = "gemini"
    settings.AI_MODEL = "gemini-2.5-pro"
    settings.AI_API_KEY = "never-show-this-key"
    html = html_of(client, DATA_PROCESSING)
    remote = marked(html)
    assert "Google Gemini, model gemini-2.5-pro" in remote.text("data-provider-status")
    assert remote.text("data-recipient", "ai") == "Gemini"
    assert "A feature's text goes to Google only when you press its button" in html.replace(
        "&#x27;", "'"
    )
    assert "never-show-this-key" not in html
    for url in (PRIVACY, SECURITY):
        other = html_of(client, url)
        assert "Google Gemini, model gemini-2.5-pro" in other
        assert "never-show-this-key" not in other


def test_google_is_named_only_when_this_server_has_a_client(
    client: Client, db: None, settings
) -> None:
    settings.GOOGLE_CLIENT_ID = ""
    settings.GOOGLE_CLIENT_SECRET = ""
    none = marked(html_of(client, DATA_PROCESSING)).text("data-recipient", "google")
    assert none == "Google (Gmail)"
    assert "Gmail cannot be connected" in html_of(client, DATA_PROCESSING)

    settings.GOOGLE_CLIENT_ID = "client-id"
    settings.GOOGLE_CLIENT_SECRET = "client-secret"
    html = html_of(client, DATA_PROCESSING)
    assert f"Only for people on {GMAIL.plans} who connect a Gmail account" in html
    assert "client-secret" not in html


def test_the_push_services_and_mail_server_come_from_the_settings(
    client: Client, db: None, settings
) -> None:
    settings.PUSH_SERVICE_HOSTS = ["push.example.net"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "smtp.example.org"

    page = marked(html_of(client, DATA_PROCESSING))

    assert page.text("data-recipient", "push") == "Your browser's push service (push.example.net)"
    assert page.text("data-recipient", "mail") == "The mail server at smtp.example.org"


# --- Data processing: download and deletion ------------------------------------------------------
def test_the_export_sections_are_the_ones_the_export_writes(client: Client, alice) -> None:
    written = [k for k in export_user_data(alice) if k not in {"format", "version", "exported_at"}]

    assert [key for key, _ in views.EXPORT_SECTIONS] == written
    page = marked(html_of(client, DATA_PROCESSING))
    assert page.values("data-export-section") == written


def test_the_export_item_kinds_are_every_workspace_model(client: Client, db: None) -> None:
    page = marked(html_of(client, DATA_PROCESSING))

    expected = [export_key(m) for m in workspace_models() if ".tests." not in m.__module__]
    assert page.values("data-export-item") == expected
    for model in workspace_models():
        if ".tests." not in model.__module__:
            assert page.text("data-export-item", export_key(model)) == str(
                model._meta.verbose_name_plural
            )


# --- Terms ----------------------------------------------------------------------------------------
def test_terms_show_each_plans_features_from_the_plan_definitions(
    client: Client, db: None, settings
) -> None:
    settings.NEW_ACCOUNT_PLAN = "pro"
    page = marked(html_of(client, TERMS))

    assert page.values("data-feature") == [str(f) for f in AVAILABLE_FEATURES]
    cells = [attrs for attrs, _ in page.found if "data-included" in attrs]
    expected = [
        {"plan": str(plan), "included": str(feature in FEATURES_BY_PLAN[plan]).lower()}
        for feature in AVAILABLE_FEATURES
        for plan in Plan
    ]
    assert [{"plan": c["data-plan"], "included": c["data-included"]} for c in cells] == expected
    assert page.text("data-new-account-plan") == "Pro"


def test_a_changed_plan_changes_the_terms(client: Client, db: None, monkeypatch) -> None:
    monkeypatch.setitem(FEATURES_BY_PLAN, Plan.FREE, frozenset({Feature.CALENDAR}))

    html = html_of(client, TERMS)

    row = block(html, f'data-feature="{Feature.CALENDAR}"', "</tr>")
    assert 'data-plan="free" data-included="true"' in row


def test_terms_name_the_licence_of_the_project(client: Client, db: None) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    assert marked(html_of(client, TERMS)).text("data-license") == project["license"]


def test_terms_say_what_connected_services_never_do(client: Client, db: None) -> None:
    page = marked(html_of(client, TERMS))

    for integration in (CALENDAR, GMAIL):
        text = page.text("data-integration", integration.key)
        assert all(words(line) in text for line in integration.never)


# --- Privacy --------------------------------------------------------------------------------------
def test_privacy_lists_the_cookies_the_code_sets(client: Client, db: None, settings) -> None:
    settings.SESSION_COOKIE_AGE = 7 * 86400
    html = html_of(client, PRIVACY)

    names = marked(html).values("data-cookie")
    assert names == [
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        throttle.DEVICE_COOKIE,
        COLLAPSED_COOKIE,
        CookieStorage.cookie_name,  # notices, while the message storage starts with cookies
    ]
    assert "Keeps you signed in. Kept for 7 days." in html
    assert f"Kept for {throttle.DEVICE_COOKIE_AGE.days} days" in html


def test_no_message_cookie_is_listed_when_messages_live_in_the_session(
    client: Client, db: None, settings
) -> None:
    settings.MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

    names = marked(html_of(client, PRIVACY)).values("data-cookie")

    assert CookieStorage.cookie_name not in names


def test_the_sidebar_cookie_lifetime_is_the_one_the_script_sets() -> None:
    script = (ROOT / "static" / "js" / "app.js").read_text()

    found = re.search(rf'"{COLLAPSED_COOKIE}=".*?max-age=(\d+)', script, re.S)
    assert found is not None
    assert int(found.group(1)) == views.SIDEBAR_COOKIE_AGE.total_seconds()
    assert script.count("document.cookie") == 1  # no other cookie is set by a script


# --- Security -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("hasher", "shown"),
    [
        ("django.contrib.auth.hashers.Argon2PasswordHasher", "Argon2"),
        ("django.contrib.auth.hashers.PBKDF2PasswordHasher", "PBKDF2-SHA256"),
    ],
)
def test_security_names_the_password_hash_in_use(
    client: Client, db: None, settings, hasher: str, shown: str
) -> None:
    settings.PASSWORD_HASHERS = [hasher]

    text = marked(html_of(client, SECURITY)).text("data-password-hasher")

    assert text.startswith(f"Passwords are stored only as {shown} hashes")


def test_security_states_the_password_rules_and_sign_in_limits(
    client: Client, db: None, settings
) -> None:
    settings.SIGN_IN_LIMIT_PER_ACCOUNT_NETWORK = 4
    settings.SIGN_IN_LIMIT_WINDOW_MINUTES = 10
    settings.SIGN_IN_LIMIT_PER_ACCOUNT = 40
    settings.SIGN_IN_LIMIT_ACCOUNT_WINDOW_MINUTES = 120
    settings.SIGN_IN_LIMIT_PER_ADDRESS = 25
    settings.SIGN_IN_SLOW_SECONDS = 45
    page = marked(html_of(client, SECURITY))

    lengths = [v.min_length for v in get_default_password_validators() if hasattr(v, "min_length")]
    assert f"at least {max(lengths)} characters" in page.text("data-password-hasher")
    assert page.text("data-sign-in-limits") == words(
        "After 4 failed passwords for an account from one network within 10 minutes, that "
        "network waits. After 40 within 2 hours from anywhere, the password form is closed for "
        "the account, except in a browser that signed in to it before; an emailed sign-in link "
        "still works. A network that fails more than 25 times across accounts is slowed to one "
        "try every 45 seconds."
    )


def test_security_follows_https_and_hsts(client: Client, db: None, settings) -> None:
    settings.SITE_IS_HTTPS = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 180
    page = marked(html_of(client, SECURITY))
    assert page.values("data-transport") == ["https"]
    assert "for 180 days (HSTS)" in page.text("data-transport")

    settings.SITE_IS_HTTPS = False
    settings.SECURE_HSTS_SECONDS = 0
    assert marked(html_of(client, SECURITY)).values("data-transport") == ["http"]


def test_security_says_whether_the_database_enforces_row_level_security(
    client: Client, db: None, settings
) -> None:
    current = "postgresql" if settings.DATABASE_IS_POSTGRES else "sqlite"
    assert marked(html_of(client, SECURITY)).values("data-database") == [current]

    settings.DATABASE_IS_POSTGRES = False
    sqlite = marked(html_of(client, SECURITY)).text("data-database")
    assert "SQLite has no row-level security" in sqlite

    settings.DATABASE_IS_POSTGRES = True
    postgres = marked(html_of(client, SECURITY)).text("data-database")
    assert "row-level security" in postgres
    assert "the database itself admits only the rows" in postgres


def test_security_lists_every_encrypted_field_and_the_csp(
    client: Client, db: None, settings
) -> None:
    page = marked(html_of(client, SECURITY))

    expected = [
        f"{m._meta.app_label}.{m._meta.object_name}.{f}" for m, f in crypto.encrypted_fields()
    ]
    assert expected
    assert page.values("data-encrypted") == expected
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    shown = [text for attrs, text in page.found if "data-csp" in attrs]
    assert ["".join(t) for t in shown] == [f"{k} {' '.join(v)}" for k, v in directives.items()]


def test_security_states_the_limits_of_the_requests_it_makes(
    client: Client, db: None, settings, monkeypatch
) -> None:
    monkeypatch.setattr(outbound, "MAX_REDIRECTS", 2)
    monkeypatch.setattr(outbound, "DEADLINE_SECONDS", 12.0)
    monkeypatch.setattr(limits, "CALENDAR_FEED_MAX_BYTES", 4_000_000)
    settings.PUSH_SERVICE_HOSTS = ["push.example.net"]
    html = html_of(client, SECURITY)
    page = marked(html)

    text = page.text("data-outbound")
    assert "at most 2;" in text
    assert "gives up after 12 seconds" in text
    assert "a calendar may be at most 4 MB" in text
    assert f"<code>{google.SCOPE.rsplit('/', 1)[-1]}</code>" in html
    assert "push services (push.example.net)" in html


def test_security_states_how_long_a_sign_in_lasts(client: Client, db: None, settings) -> None:
    settings.SESSION_COOKIE_AGE = 14 * 86400

    text = marked(html_of(client, SECURITY)).text("data-session")

    assert text.startswith("A sign-in lasts 14 days. Its cookie cannot be read by scripts.")


def test_the_security_contact_defaults_to_the_contact_page(
    client: Client, db: None, settings
) -> None:
    settings.SECURITY_CONTACT = ""
    settings.SITE_URL = "https://minime.example.com"
    page = marked(html_of(client, SECURITY))
    assert page.text("data-security-contact") == "https://minime.example.com/contact/"

    settings.SECURITY_CONTACT = "mailto:security@example.com"
    html = html_of(client, SECURITY)
    assert 'href="mailto:security@example.com" data-security-contact' in html
    assert marked(html).text("data-security-contact") == "security@example.com"


# --- security.txt ---------------------------------------------------------------------------------
def security_txt(client: Client) -> dict[str, str]:
    response = client.get(SECURITY_TXT)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert body.endswith("\n") and "\n\n" not in body
    return dict(line.split(": ", 1) for line in body.splitlines())


def test_security_txt_has_the_fields_rfc_9116_asks_for(client: Client, db: None, settings) -> None:
    settings.SITE_URL = "https://minime.example.com"
    settings.SECURITY_CONTACT = ""

    fields = security_txt(client)

    assert list(fields) == ["Contact", "Expires", "Canonical", "Policy", "Preferred-Languages"]
    assert fields["Contact"] == "https://minime.example.com/contact/"
    assert fields["Canonical"] == "https://minime.example.com/.well-known/security.txt"
    assert fields["Policy"] == "https://minime.example.com/security/"
    assert fields["Preferred-Languages"] == "en"
    expires = datetime.strptime(fields["Expires"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    now = timezone.now()
    assert now + timedelta(days=364) < expires <= now + timedelta(days=365)


def test_security_txt_contact_comes_from_the_setting(client: Client, db: None, settings) -> None:
    settings.SECURITY_CONTACT = "mailto:security@example.com"

    assert security_txt(client)["Contact"] == "mailto:security@example.com"
