"""Configuration: every variable the code reads is documented in .env.example, and the settings a
fresh process derives from its environment are safe (DEBUG, public hosts, the mail folder)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from config.local_secrets import load_or_create_local_secrets, vapid_key_pair

ROOT = Path(__file__).resolve().parent.parent
READS = re.compile(r'(?:env(?:\(\))?\.\w+|environ\.get|getenv)\(\s*"([A-Z][A-Z0-9_]+)"')


def _variables_read() -> set[str]:
    sources = [ROOT / "config" / "settings.py", *ROOT.glob("minime/**/*.py")]
    found: set[str] = set()
    for path in sources:
        if "tests" not in path.parts:
            found |= set(READS.findall(path.read_text()))
    return found


def test_every_variable_the_code_reads_is_in_env_example():
    documented = set(
        re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M)
    )
    read = _variables_read()
    assert {"DATABASE_URL", "SECRET_KEY", "ENCRYPTION_KEYS", "ALLOWED_HOSTS"} <= read
    assert read - documented == set()


# --- Settings as a fresh process computes them from its environment -----------------------------
# Variables that decide the outcomes below; the parent's values must not leak into the child.
_DECIDING = {
    "DEBUG",
    "SITE_URL",
    "ALLOWED_HOSTS",
    "ALLOW_PUBLIC_HTTP",
    "BEHIND_PROXY",
    "EMAIL_URL",
    "SECRET_KEY",
    "ENCRYPTION_KEYS",
    "DJANGO_SETTINGS_MODULE",
}


def _child_env(var_dir: Path, **overrides: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in _DECIDING and not k.startswith("DATABASE_")
    }
    env.update(MINIME_VAR_DIR=str(var_dir), DJANGO_SETTINGS_MODULE="config.settings")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(overrides)
    return env


def _settings(tmp_path: Path, cwd: Path | None = None, **env: str) -> dict:
    """The production settings module, imported by a new process with exactly `env` set."""
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k, "
        "None) for k in ('DEBUG', 'PUBLIC_DEPLOYMENT', 'PUBLIC_HOSTS', 'EMAIL_BACKEND', "
        "'EMAIL_FILE_PATH')}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd or ROOT, env=_child_env(tmp_path / "var", **env),
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(out.splitlines()[-1])


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT, env=_child_env(tmp_path / "var", **env), capture_output=True, text=True,
    )  # fmt: skip


OWN_SECRETS = {
    "SECRET_KEY": "a-long-production-secret-that-is-not-the-development-one-0123456789",
    "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    **{key.upper(): value for key, value in vapid_key_pair().items()},
    "VAPID_SUBJECT": "mailto:ops@minime.example.com",
}


def test_debug_is_on_by_default_for_a_site_on_this_machine(tmp_path):
    """What scripts/run gets: http://127.0.0.1:8000, nothing configured."""
    assert _settings(tmp_path)["DEBUG"] is True
    assert _settings(tmp_path, ALLOWED_HOSTS="localhost,127.0.0.1,[::1]")["DEBUG"] is True


@pytest.mark.parametrize(
    "env",
    [
        {"SITE_URL": "https://minime.example.com", "ALLOWED_HOSTS": "127.0.0.1"},
        {"SITE_URL": "http://minime.example.com"},
        {"ALLOWED_HOSTS": "127.0.0.1,minime.example.com"},
    ],
    ids=["public-site-url-local-host-header", "public-site-url", "public-allowed-host"],
)
def test_debug_is_off_by_default_when_any_configured_address_is_public(tmp_path, env):
    values = _settings(tmp_path, **env)
    assert values["DEBUG"] is False
    assert values["PUBLIC_DEPLOYMENT"] is True
    assert values["PUBLIC_HOSTS"] == ["minime.example.com"]


def test_debug_is_on_when_asked_for_explicitly(tmp_path):
    assert _settings(tmp_path, DEBUG="true", SITE_URL="https://minime.example.com")["DEBUG"]


def test_a_public_site_url_behind_a_proxy_needs_its_own_secrets(tmp_path):
    """The proxy passes Host 127.0.0.1, so ALLOWED_HOSTS is all local; SITE_URL is public."""
    result = _check(tmp_path, SITE_URL="https://minime.example.com", ALLOWED_HOSTS="127.0.0.1")
    assert result.returncode != 0
    assert "minime.E002" in result.stderr and "minime.E003" in result.stderr
    assert "minime.E001" not in result.stderr  # DEBUG stayed off on its own


def test_a_public_site_on_plain_http_does_not_start_unless_allowed(tmp_path):
    public_http = {"SITE_URL": "http://minime.example.com", **OWN_SECRETS}
    refused = _check(tmp_path, **public_http)
    assert refused.returncode != 0
    assert "minime.E006" in refused.stderr
    allowed = _check(tmp_path, ALLOW_PUBLIC_HTTP="true", **public_http)
    assert allowed.returncode == 0, allowed.stderr


def test_a_public_https_site_with_its_own_secrets_starts(tmp_path):
    result = _check(tmp_path, SITE_URL="https://minime.example.com", **OWN_SECRETS)
    assert result.returncode == 0, result.stderr


def test_a_public_site_needs_its_own_web_push_keys(tmp_path):
    site = {"SITE_URL": "https://minime.example.com", **OWN_SECRETS}
    for key in ("VAPID_PRIVATE_KEY", "VAPID_PUBLIC_KEY", "VAPID_SUBJECT"):
        site.pop(key)
    refused = _check(tmp_path, **site)
    assert refused.returncode != 0 and "minime.notifications.E003" in refused.stderr
    broken = _check(tmp_path, **(site | {"VAPID_PRIVATE_KEY": "x", "VAPID_PUBLIC_KEY": "y"}))
    assert broken.returncode != 0 and "minime.notifications.E001" in broken.stderr
    local = _check(
        tmp_path, PUSH_ALLOW_LOCAL_ENDPOINTS="true", SITE_URL=site["SITE_URL"], **OWN_SECRETS
    )
    assert local.returncode != 0 and "minime.notifications.E005" in local.stderr


def test_development_secrets_gain_a_web_push_key_pair_and_keep_the_rest(tmp_path):
    path = tmp_path / "local-secrets.json"
    path.write_text('{"secret_key": "old-secret", "encryption_key": "old-key"}')
    secrets = load_or_create_local_secrets(path)
    assert secrets["secret_key"] == "old-secret" and secrets["encryption_key"] == "old-key"
    assert len(secrets["vapid_private_key"]) == 43 and len(secrets["vapid_public_key"]) == 87
    assert load_or_create_local_secrets(path) == secrets  # kept from then on


def test_mail_is_written_to_var_mail_wherever_the_process_starts(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    values = _settings(tmp_path, cwd=elsewhere)
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(tmp_path / "var" / "mail")
    send = (
        "import django; django.setup(); from django.core.mail import send_mail; "
        "send_mail('Reset', 'Body', None, ['a@example.com'])"
    )
    subprocess.run(
        [sys.executable, "-c", send],
        cwd=elsewhere, env=_child_env(tmp_path / "var"), check=True, capture_output=True,
    )  # fmt: skip
    assert len(list((tmp_path / "var" / "mail").glob("*.log"))) == 1
    assert not any(elsewhere.rglob("*.log"))


@pytest.mark.parametrize(
    ("url", "folder"),
    [
        ("filemail:///srv/minime/mail", "/srv/minime/mail"),
        ("filemail:///srv/mini%20me/mail", "/srv/mini me/mail"),
        ("filemail://./var/mail", str(ROOT / "var" / "mail")),
    ],
)
def test_a_filemail_url_names_the_same_folder_from_any_working_directory(tmp_path, url, folder):
    assert _settings(tmp_path, cwd=tmp_path, EMAIL_URL=url)["EMAIL_FILE_PATH"] == folder
