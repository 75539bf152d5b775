"""The deployment checks refuse an unsafe public configuration."""

from __future__ import annotations

from cryptography.fernet import Fernet

from config.checks import check_public_deployment

SAFE = {
    "SITE_URL": "https://app.example.com",
    "SITE_IS_HTTPS": True,
    "ALLOW_PUBLIC_HTTP": False,
    "ALLOWED_HOSTS": ["app.example.com"],
    "PUBLIC_HOSTS": ["app.example.com"],
    "PUBLIC_DEPLOYMENT": True,
    "DEBUG": False,
    "SECRET_KEY": "a-long-production-secret-that-is-not-the-development-one",
    "ENCRYPTION_KEYS_FROM_ENV": True,
    "OUTBOUND_ALLOW_HOSTS": [],
}


def _ids(settings, **overrides):
    for key, value in {**SAFE, **overrides}.items():
        setattr(settings, key, value)
    if "ENCRYPTION_KEYS" not in overrides:
        settings.ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    return sorted(m.id for m in check_public_deployment())


def test_a_safe_public_configuration_passes(settings):
    assert _ids(settings) == []


def test_debug_on_a_public_host_is_refused(settings):
    assert _ids(settings, DEBUG=True) == ["minime.E001"]


def test_the_development_secret_on_a_public_host_is_refused(settings):
    assert _ids(settings, SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY) == ["minime.E002"]


def test_no_encryption_key_of_its_own_on_a_public_host_is_refused(settings):
    assert _ids(
        settings,
        ENCRYPTION_KEYS_FROM_ENV=False,
        ENCRYPTION_KEYS=[settings.DEVELOPMENT_ENCRYPTION_KEY],
    ) == ["minime.E003"]


def test_a_public_site_on_plain_http_is_refused(settings):
    ids = _ids(settings, SITE_URL="http://app.example.com", SITE_IS_HTTPS=False)
    assert ids == ["minime.E006"]


def test_fetching_private_addresses_on_a_public_host_is_refused(settings):
    assert _ids(settings, OUTBOUND_ALLOW_HOSTS=["127.0.0.1"]) == ["minime.E007"]


def test_a_public_site_on_plain_http_passes_when_allowed_explicitly(settings):
    ids = _ids(
        settings, SITE_URL="http://app.example.com", SITE_IS_HTTPS=False, ALLOW_PUBLIC_HTTP=True
    )
    assert ids == []


def test_local_development_may_use_debug_plain_http_and_development_secrets(settings):
    ids = _ids(
        settings,
        SITE_URL="http://127.0.0.1:8000",
        SITE_IS_HTTPS=False,
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        PUBLIC_HOSTS=[],
        PUBLIC_DEPLOYMENT=False,
        DEBUG=True,
        SECRET_KEY=settings.DEVELOPMENT_SECRET_KEY,
        ENCRYPTION_KEYS_FROM_ENV=False,
        ENCRYPTION_KEYS=[settings.DEVELOPMENT_ENCRYPTION_KEY],
    )
    assert ids == []


def test_a_malformed_encryption_key_or_plan_is_refused_everywhere(settings):
    assert _ids(settings, ENCRYPTION_KEYS=["not-a-key"], NEW_ACCOUNT_PLAN="gold") == [
        "minime.E004",
        "minime.E005",
    ]


def test_the_checks_run_at_startup(settings):
    """`manage.py check` (and so runserver, migrate and the WSGI app) runs them."""
    from django.core import checks

    settings.DEBUG = True
    settings.PUBLIC_DEPLOYMENT = True
    settings.ALLOWED_HOSTS = ["app.example.com"]
    settings.PUBLIC_HOSTS = ["app.example.com"]
    assert "minime.E001" in {m.id for m in checks.run_checks()}
