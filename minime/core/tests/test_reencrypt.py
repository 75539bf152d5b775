"""Rotating the encryption key: `manage.py reencrypt` rewrites every user's stored secrets with
the newest key, through the service connection (row-level security on PostgreSQL), and says which
values no configured key can read."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import CharField, TextField

from minime.calendars.models import Calendar
from minime.core import crypto
from minime.core.db import SERVICE_DB, as_user
from minime.core.management.commands.reencrypt import Command

KEY_A, KEY_B, KEY_C = (Fernet.generate_key().decode() for _ in range(3))
URLS = {
    "alice": ["https://calendar.example/alice-work.ics", "https://calendar.example/alice-home.ics"],
    "bob": ["https://calendar.example/bob.ics"],
}
service = pytest.mark.django_db(transaction=True, databases=["default", SERVICE_DB])


def connect(user, url: str) -> Calendar:
    """A calendar of `user` whose address is encrypted with the keys configured now."""
    with as_user(user.pk):
        return Calendar.objects.create(
            user=user, name=url[-12:], url_encrypted=crypto.encrypt(url), url_hint="example"
        )


def addresses(user) -> list[str]:
    """The person's calendar addresses, read as the app reads them: as that user."""
    with as_user(user.pk):
        return [crypto.decrypt(c.url_encrypted) for c in Calendar.objects.filter(user=user)]


def stored() -> dict[int, str]:
    return dict(Calendar.objects.using(SERVICE_DB).values_list("pk", "url_encrypted"))


def reencrypt(*args: str) -> tuple[list[str], str]:
    out, err = StringIO(), StringIO()
    call_command("reencrypt", *args, stdout=out, stderr=err)
    return out.getvalue().splitlines(), err.getvalue()


@service
def test_rotation_rewrites_every_users_secrets_and_the_old_key_can_then_go(
    alice, bob, charlie, settings
):
    settings.ENCRYPTION_KEYS = [KEY_A]
    for url in URLS["alice"]:
        connect(alice, url)
    connect(bob, URLS["bob"][0])
    with as_user(charlie.pk):  # an empty value holds no secret: left alone, not counted
        empty = Calendar.objects.create(user=charlie, name="Empty", url_encrypted="", url_hint="-")
    before = stored()

    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out, err = reencrypt("--batch-size", "2")  # two batches

    assert "calendars.Calendar.url_encrypted: 3 re-encrypted, 0 unreadable" in out
    assert err == ""
    after = stored()
    assert [pk for pk in before if before[pk] == after[pk]] == [empty.pk]
    settings.ENCRYPTION_KEYS = [KEY_B]
    assert addresses(alice) == URLS["alice"]
    assert addresses(bob) == URLS["bob"]
    settings.ENCRYPTION_KEYS = [KEY_A]
    for token in filter(None, after.values()):
        with pytest.raises(crypto.SecretUnreadable):
            crypto.decrypt(token)


@service
def test_an_unreadable_secret_is_reported_and_fails_the_run_after_the_others_are_rotated(
    alice, bob, settings
):
    settings.ENCRYPTION_KEYS = [KEY_C]
    lost = connect(bob, URLS["bob"][0])
    settings.ENCRYPTION_KEYS = [KEY_A]
    for url in URLS["alice"]:
        connect(alice, url)
    lost_token = stored()[lost.pk]

    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match="Keep the old key configured") as failed:
        call_command("reencrypt", stdout=out, stderr=err)

    assert failed.value.returncode != 0
    assert "1 stored secret(s)" in str(failed.value)
    assert "calendars.Calendar.url_encrypted: 2 re-encrypted, 1 unreadable" in (
        out.getvalue().splitlines()
    )
    assert (
        err.getvalue()
        == f"calendars.Calendar {lost.pk}: url_encrypted cannot be read with any configured key\n"
    )
    assert stored()[lost.pk] == lost_token
    settings.ENCRYPTION_KEYS = [KEY_B]
    assert addresses(alice) == URLS["alice"]


@service
def test_from_the_command_line_an_unreadable_secret_exits_non_zero_with_the_reason(
    bob, settings, capsys
):
    settings.ENCRYPTION_KEYS = [KEY_C]
    connect(bob, URLS["bob"][0])
    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]

    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "reencrypt", "--skip-checks"])

    assert exited.value.code == 1
    assert "Keep the old key configured until they are resolved" in capsys.readouterr().err


@service
def test_a_dry_run_counts_and_writes_nothing(alice, bob, settings):
    settings.ENCRYPTION_KEYS = [KEY_A]
    connect(alice, URLS["alice"][0])
    connect(bob, URLS["bob"][0])
    before = stored()

    settings.ENCRYPTION_KEYS = [KEY_B, KEY_A]
    out, _ = reencrypt("--dry-run")

    assert "calendars.Calendar.url_encrypted: 2 to re-encrypt, 0 unreadable" in out
    assert out[-1] == "Dry run: nothing was written."
    assert stored() == before
    settings.ENCRYPTION_KEYS = [KEY_B]
    for token in before.values():
        with pytest.raises(crypto.SecretUnreadable):
            crypto.decrypt(token)


def test_the_registry_finds_the_calendar_address():
    assert (Calendar, "url_encrypted") in crypto.encrypted_fields()


def test_every_field_named_encrypted_is_text_and_registered():
    named = [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name.endswith("_encrypted")
    ]
    registered = crypto.encrypted_fields()
    assert named
    for model, field in named:
        where = f"{model._meta.label}.{field.name}"
        assert type(field) in (TextField, CharField), f"{where} is a {type(field).__name__}"
        assert (field.model, field.name) in registered, f"{where} is not registered"
