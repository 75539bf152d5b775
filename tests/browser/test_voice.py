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


# A browser with on-device speech recognition, faked: `available()` answers `state` for every
# language; `install()` answers `installs`. The running recognition is window.__recognition.
def _fake_recognition(state: str, installs: str = "false") -> str:
    return f"""
    class FakeRecognition {{
      static available() {{ return Promise.resolve("{state}"); }}
      static install() {{ return Promise.resolve({installs}); }}
      start() {{ window.__recognition = this; }}
      stop() {{ if (this.onend) {{ this.onend(); }} }}
    }}
    window.SpeechRecognition = FakeRecognition;
    delete window.webkitSpeechRecognition;
    """


def _sign_in_with(page: Page, base: str, plan: str, script: str) -> User:
    user = user_create(email=f"{plan}@example.com", password=PASSWORD, display_name="Gil")
    User.objects.filter(pk=user.pk).update(plan=plan)
    page.add_init_script(script)
    sign_in(page, base, user.email)
    expect(page).to_have_url(base + "/today/")
    return user


def test_on_device_dictation_fills_the_box(page: Page, live_server, console_errors):
    _sign_in_with(page, live_server.url, "free", _fake_recognition("available"))
    box = page.locator(".today-add textarea")
    box.fill("Remember:")
    page.get_by_role("button", name="Dictate").click()
    status = page.locator("[data-voice-status]")
    expect(status).to_have_text("Listening on this device… press Stop when done.")
    page.evaluate(
        """() => {
          const result = Object.assign([{ transcript: "buy oat milk" }], { isFinal: true });
          window.__recognition.onresult({ resultIndex: 0, results: [result] });
          window.__recognition.stop();
        }"""
    )
    expect(box).to_have_value("Remember: buy oat milk")
    expect(status).to_have_text("Added what you said. Edit it before you add it.")
    assert console_errors == []


def test_no_on_device_model_for_the_language_says_to_type(page: Page, live_server, console_errors):
    _sign_in_with(page, live_server.url, "free", _fake_recognition("downloadable"))
    page.get_by_role("button", name="Dictate").click()
    status = page.locator("[data-voice-status]")
    expect(status).to_contain_text("This browser has no on-device dictation for your language (")
    expect(status).to_contain_text(
        "Type instead; sending a voice clip to the server is part of Pro and Max."
    )
    assert "Press again" not in status.inner_text()
    assert console_errors == []


def test_no_on_device_model_offers_the_server_clip_where_the_plan_has_it(
    page: Page, live_server, settings, console_errors
):
    with FakeOpenAI() as fake:
        fake.reply_text("water the plants")
        settings.AI_PROVIDER = "openai-compatible"
        settings.AI_BASE_URL = fake.base_url
        settings.AI_MODEL = "test-model"
        settings.AI_TRANSCRIBE_MODEL = "whisper-1"
        settings.AI_TIMEOUT_SECONDS = 2
        _sign_in_with(page, live_server.url, "pro", _fake_recognition("downloadable"))
        box = page.locator(".today-add textarea")
        mic = page.get_by_role("button", name="Dictate")
        mic.click()
        status = page.locator("[data-voice-status]")
        expect(status).to_contain_text(
            "Press Dictate again to record a clip instead; this server turns it into text."
        )
        mic.click()  # records from the fake microphone
        expect(status).to_contain_text("Recording…")
        page.wait_for_timeout(700)
        page.locator("[data-voice-button]").click()  # stops and sends the clip
        expect(box).to_have_value("water the plants")
    assert console_errors == []
