"""The real settings (config.settings, not the test settings) keep accounts safe."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[3]
PROBE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; "
    "from django.conf import settings; "
    "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)"
)
# Variables that would change what the probe sees; the tests choose them explicitly.
ENV_KNOBS = ("SITE_URL", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "SECURE_SSL_REDIRECT")


@pytest.fixture(scope="module")
def real_settings():
    return importlib.import_module("config.settings")


def test_real_settings_hash_passwords_with_argon2_first(real_settings) -> None:
    assert real_settings.PASSWORD_HASHERS[0] == ("django.contrib.auth.hashers.Argon2PasswordHasher")
    assert "django.contrib.auth.hashers.MD5PasswordHasher" not in real_settings.PASSWORD_HASHERS


def test_argon2_is_installed() -> None:
    from django.contrib.auth.hashers import Argon2PasswordHasher

    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("a passphrase", hasher.salt())
    assert encoded.startswith("argon2$")
    assert hasher.verify("a passphrase", encoded)


def test_real_settings_session_cookie_is_httponly_and_lax(real_settings) -> None:
    assert real_settings.SESSION_COOKIE_HTTPONLY is True
    assert real_settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert real_settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_real_settings_require_long_uncommon_passwords(real_settings) -> None:
    validators = {v["NAME"].rsplit(".", 1)[-1]: v for v in real_settings.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10
    assert "CommonPasswordValidator" in validators
    assert "UserAttributeSimilarityValidator" in validators


def run_probe(tmp_path: Path, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ENV_KNOBS}
    clean.update(MINIME_VAR_DIR=str(tmp_path), **env)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_cookies_are_secure_when_the_site_is_https(tmp_path: Path) -> None:
    assert run_probe(tmp_path, SITE_URL="https://app.example.com") == "True True"


def test_cookies_are_not_secure_for_local_http_development(tmp_path: Path) -> None:
    assert run_probe(tmp_path) == "False False"
