"""Public pages, the installable-app files, security headers, and a crawl for dead links."""

from __future__ import annotations

import json
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import Resolver404, resolve, reverse

LANDING = reverse("pages:landing")
OFFLINE = reverse("pages:offline")
MANIFEST = reverse("pages:manifest")
SERVICE_WORKER = reverse("pages:service_worker")
HOME = reverse("pages:home")
TODAY = reverse("today:index")  # where a signed-in user lands
SIGN_IN = reverse("accounts:sign_in")
SIGN_UP = reverse("accounts:sign_up")


class PageParser(HTMLParser):
    """Collects what a page points at, and anything a strict CSP would block."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.forms: list[str | None] = []
        self.inline_scripts = 0
        self.inline_handlers: list[str] = []
        self.style_attributes = 0
        self._in_script_without_src = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("href") is not None:
            self.hrefs.append(found["href"] or "")
        if found.get("src") is not None:
            self.srcs.append(found["src"] or "")
        if tag == "form":
            self.forms.append(found.get("action"))
        if tag == "script" and "src" not in found:
            self._in_script_without_src = True
        self.inline_handlers += [name for name in found if name.startswith("on")]
        self.style_attributes += "style" in found

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script_without_src = False

    def handle_data(self, data: str) -> None:
        if self._in_script_without_src and data.strip():
            self.inline_scripts += 1


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def same_site(url: str) -> bool:
    if not url or url.startswith(("#", "mailto:")):
        return False
    parts = urlsplit(url)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    return not parts.netloc or parts.netloc == "testserver"


def is_html(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


# --- Landing -----------------------------------------------------------------------------------
def test_landing_invites_anonymous_visitors_to_sign_in_or_create_an_account(
    client: Client, db: None
) -> None:
    response = client.get(LANDING)

    assert response.status_code == 200
    page = parse(response.content.decode())
    assert SIGN_IN in page.hrefs
    assert SIGN_UP in page.hrefs
    html = response.content.decode()
    assert "Sign in" in html
    assert "Create account" in html


def test_landing_sends_a_signed_in_user_home(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.get(LANDING)

    assert response.status_code == 302
    assert response["Location"] == TODAY


def test_landing_only_answers_safe_methods(client: Client, db: None) -> None:
    assert client.head(LANDING).status_code == 200
    assert client.post(LANDING).status_code == 405


# --- Installable app: manifest, service worker, offline page -----------------------------------
def test_manifest_is_json_with_the_manifest_content_type(client: Client, db: None) -> None:
    response = client.get(MANIFEST)

    assert response.status_code == 200
    assert response["Content-Type"].split(";")[0] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == "Mini Me OS"
    assert manifest["scope"] == "/"
    assert resolve(manifest["start_url"]).view_name == "pages:home"
    assert manifest["display"] == "standalone"


def test_manifest_icons_exist_as_static_files(client: Client, db: None) -> None:
    manifest = json.loads(client.get(MANIFEST).content)

    assert manifest["icons"]
    purposes = set()
    for icon in manifest["icons"]:
        src = icon["src"]
        assert src.startswith(settings.STATIC_URL), src
        assert finders.find(src.removeprefix(settings.STATIC_URL)), f"missing icon {src}"
        assert client.get(src).status_code == 200
        purposes.add(icon["purpose"])
    assert {"any", "maskable"} <= purposes
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes


def test_service_worker_is_javascript_for_the_whole_site(client: Client, db: None) -> None:
    response = client.get(SERVICE_WORKER)

    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert f'"{OFFLINE}"' in body


def test_service_worker_precaches_only_files_that_exist(client: Client, db: None) -> None:
    body = client.get(SERVICE_WORKER).content.decode()
    static_urls = [
        token.strip('",')
        for token in body.split()
        if token.strip('",').startswith(settings.STATIC_URL) and "." in token
    ]

    assert static_urls
    for url in static_urls:
        assert client.get(url).status_code == 200, url


def test_offline_page_is_served(client: Client, db: None) -> None:
    response = client.get(OFFLINE)

    assert response.status_code == 200
    assert "offline" in response.content.decode().lower()


def test_offline_page_shows_nothing_about_the_signed_in_user(client: Client, alice) -> None:
    client.force_login(alice)

    html = re.sub(r"[A-Za-z0-9]{64}", "", client.get(OFFLINE).content.decode())  # CSRF token

    assert "alice" not in html.lower()
    assert "Alice &amp; Bob" not in html
    assert reverse("accounts:sign_out") not in html


# --- Security headers --------------------------------------------------------------------------
def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.parametrize("url", [LANDING, SIGN_IN, SIGN_UP, OFFLINE, MANIFEST, SERVICE_WORKER])
def test_responses_carry_a_strict_content_security_policy(
    client: Client, db: None, url: str
) -> None:
    response = client.get(url)

    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]


def test_signed_in_pages_carry_the_content_security_policy(client: Client, alice) -> None:
    client.force_login(alice)

    response = client.get(HOME)

    assert csp_directives(response)["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_pages_cannot_be_framed_or_sniffed(client: Client, db: None) -> None:
    response = client.get(LANDING)

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


# --- No dead links -----------------------------------------------------------------------------
def crawl(client: Client, starts: list[str], limit: int = 80) -> dict[str, PageParser]:
    """Visit every same-site page reachable by links from `starts`; check every link and form.

    Returns the parsed pages. Fails on a link that is 404 or 500 (after redirects) and on a form
    whose action does not resolve.
    """
    pages: dict[str, PageParser] = {}
    queue = deque(starts)
    checked: set[str] = set()
    while queue:
        url = queue.popleft()
        if url in checked:
            continue
        checked.add(url)
        assert len(checked) <= limit, "the crawl found more pages than expected"
        response = client.get(url, follow=True)
        assert response.status_code not in (404, 500), f"{url} is {response.status_code}"
        if not is_html(response) or url in pages:
            continue
        page_url = response.request["PATH_INFO"]
        page = parse(response.content.decode())
        pages[url] = page
        for action in page.forms:
            target = urlsplit(urljoin(page_url, action or page_url)).path
            try:
                resolve(target)
            except Resolver404:
                pytest.fail(f"form on {url} posts to {target}, which does not exist")
        for link in page.hrefs + page.srcs:
            if same_site(link):
                queue.append(urlsplit(urljoin(page_url, link)).path)
    return pages


def test_no_dead_links_for_an_anonymous_visitor(client: Client, db: None) -> None:
    starts = [LANDING, SIGN_IN, SIGN_UP, reverse("accounts:password_reset")]

    pages = crawl(client, starts)

    assert set(starts) <= set(pages)
    assert reverse("accounts:password_reset") in {h for page in pages.values() for h in page.hrefs}


def test_no_dead_links_for_a_signed_in_user(client: Client, alice) -> None:
    client.force_login(alice)
    starts = [HOME, reverse("accounts:profile")]

    pages = crawl(client, starts)

    assert set(starts) <= set(pages)
    actions = {a for page in pages.values() for a in page.forms}
    assert reverse("accounts:sign_out") in actions
    assert reverse("workspaces:switch") in actions  # alice has two workspaces


@pytest.mark.parametrize(
    "url",
    [
        LANDING,
        SIGN_IN,
        SIGN_UP,
        OFFLINE,
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_sent"),
        reverse("accounts:password_reset_complete"),
        reverse("accounts:sign_up_sent"),
    ],
)
def test_pages_have_no_inline_script_or_style_for_the_strict_csp(
    client: Client, db: None, url: str
) -> None:
    page = parse(client.get(url).content.decode())

    assert page.inline_scripts == 0
    assert page.inline_handlers == []
    assert page.style_attributes == 0


@pytest.mark.parametrize("name", ["pages:home", "accounts:profile", "accounts:password_change"])
def test_signed_in_pages_have_no_inline_script_or_style(client: Client, alice, name: str) -> None:
    client.force_login(alice)

    page = parse(client.get(reverse(name)).content.decode())

    assert page.inline_scripts == 0
    assert page.inline_handlers == []
    assert page.style_attributes == 0


# --- Error pages ---------------------------------------------------------------------------------
def test_an_unknown_page_gets_the_friendly_404(client, db, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_an_expired_form_explains_itself_and_loses_nothing_silently(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(
        "/accounts/sign-in/", {"email": "a@example.com", "password": "x"}
    )
    assert response.status_code == 403
    assert "This page expired" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()


def test_a_server_error_gets_a_page_that_needs_nothing_but_the_stylesheet(db, settings):
    from django.test import Client
    from django.urls import path

    def boom(request):
        raise RuntimeError("boom")

    settings.DEBUG = False
    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": [path("boom/", boom)]})
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
