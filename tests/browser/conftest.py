"""What every browser test shares: Debian's Chromium, the console watch, signing in.

Every test here drives a real browser (Playwright's sync API) against ``live_server`` and is
marked ``browser`` (see pyproject.toml).
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from conftest import PASSWORD as PERSONA_PASSWORD  # alice, bob and charlie's (the root conftest)

__all__ = ["PASSWORD", "PERSONA_PASSWORD", "sign_in"]

PASSWORD = "a sturdy passphrase 42"  # for the people a test signs up or creates itself
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            # A fake microphone that needs no permission prompt (the voice journey).
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
        ],
    }


@pytest.fixture
def console_errors(page: Page) -> list[str]:
    """The page's console errors and uncaught exceptions, CSP violations included; a test
    asserts there were none."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def sign_in(page: Page, base: str, email: str, password: str = PASSWORD) -> None:
    """Fill in and send the sign-in form (the caller checks where it lands)."""
    page.goto(base + "/accounts/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def fake(settings):
    """A local push service (it checks the VAPID signature and decrypts every push), reachable
    as a device's endpoint."""
    from minime.notifications.tests import fake_push

    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    settings.PUSH_TIMEOUT_SECONDS = 2
    service = fake_push.start()
    yield service
    service.close()


def wait_for(condition: Callable[[], object], seconds: float = 10) -> None:
    """Poll ``condition`` every 0.1 s until it holds (work the server does after answering)."""
    for _ in range(int(seconds * 10)):
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError("the condition never held")
