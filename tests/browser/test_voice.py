"""Voice in a real browser, where the browser has no on-device dictation: a Pro user records a
clip (Chromium's fake microphone), the server's provider (a fake on 127.0.0.1) transcribes it
and the transcript lands in the text box after what was typed; a Free user is told why voice
is not available."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from minime.accounts.models import User
from minime.accounts.services import user_create
from minime.ai.models import AIRequest
from minime.ai.tests.fakes import FakeOpenAI
from minime.core.db import as_user
from tests.browser.conftest import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# This browser has no speech recognition at all: the clip path (or the message) is what remains.
NO_DICTATION = "delete window.SpeechRecognition; delete window.webkitSpeechRecognition;"


def _sign_in(page: Page, base: str, plan: str) -> User:
    user = user_create(email=f"{plan}@example.com", password=PASSWORD, display_name="Gil")
    User.objects.filter(pk=user.pk).update(plan=plan)
    page.add_init_script(NO_DICTATION)
    sign_in(page, base, user.email)
    expect(page).to_have_url(base + "/today/")
    return user


def test_a_clip_is_transcribed_into_the_box(page: Page, live_server, settings, console_errors):
    with FakeOpenAI() as fake:
        fake.reply_text("call the plumber on Monday")
        settings.AI_PROVIDER = "openai-compatible"
        settings.AI_BASE_URL = fake.base_url
        settings.AI_MODEL = "test-model"
        settings.AI_TRANSCRIBE_MODEL = "whisper-1"
        settings.AI_TIMEOUT_SECONDS = 2
        user = _sign_in(page, live_server.url, "pro")
        page.goto(live_server.url + "/capture/")
        box = page.locator(".capture-add textarea")
        box.fill("Remember:")
        mic = page.get_by_role("button", name="Dictate")
        expect(mic).to_be_visible()
        mic.click()  # starts recording from the fake microphone
        page.wait_for_timeout(700)
        page.locator("[data-voice-button]").click()  # stops and sends the clip
        expect(box).to_have_value("Remember: call the plumber on Monday")
        (request,) = [r for r in fake.requests if r.path.endswith("/audio/transcriptions")]
        assert set(request.files) == {"file"} and request.form == {"model": "whisper-1"}
        assert request.files["file"].content_type.startswith("audio/")
    with as_user(user.pk):  # the AI log is the user's own (RLS)
        logged = AIRequest.objects.get(user=user)
    assert (logged.feature, logged.outcome) == ("transcribe", "ok")
    assert "bytes" in str(logged.sent)
    assert console_errors == []


def test_a_free_user_is_told_why_voice_is_not_available(page: Page, live_server, console_errors):
    _sign_in(page, live_server.url, "free")
    mic = page.get_by_role("button", name="Dictate")
    expect(mic).to_be_visible()
    mic.click()
    expect(page.locator("[data-voice-status]")).to_contain_text("part of Pro and Max")
    assert console_errors == []
