"""Voice → text: the server fallback endpoint and the microphone button's include."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from minime.accounts.services import plan_set
from minime.ai.models import AIRequest, Outcome
from minime.core.db import as_user

URL = "/ai/voice/transcribe/"
CLIP = b"\x1aE\xdf\xa3fake-webm-clip" + bytes(range(256)) * 4


@pytest.fixture
def pro(client, alice):
    plan_set(user=alice, plan="pro")
    client.force_login(alice)
    return client


def _clip(content: bytes = CLIP, kind: str = "audio/webm", name: str = "clip.webm"):
    return SimpleUploadedFile(name, content, content_type=kind)


def _post(client, **fields):
    data = {"audio": _clip(), "seconds": "4.2", **fields}
    return client.post(URL, {k: v for k, v in data.items() if v is not None})


def test_it_transcribes_a_clip_through_the_provider(pro, provider, alice):
    provider.reply_text("Call the dentist tomorrow")
    response = _post(pro)
    assert response.status_code == 200
    assert response.json() == {"text": "Call the dentist tomorrow"}

    [request] = provider.requests
    assert request.path == "/v1/audio/transcriptions"
    # The multipart body carries the clip and the model, nothing else.
    assert set(request.files) == {"file"}
    assert request.files["file"].content == CLIP
    assert request.files["file"].content_type == "audio/webm"
    assert request.form == {"model": "whisper-1"}


def test_the_log_records_the_clip_size_and_type_not_its_bytes(pro, provider, alice):
    provider.reply_text("Water the plants")
    assert _post(pro).status_code == 200
    with as_user(alice.pk):
        entry = AIRequest.objects.get(user=alice)
    assert entry.feature == "transcribe"
    assert entry.outcome == Outcome.OK
    assert entry.provider == "openai-compatible"
    assert entry.sent == {"audio": f"<audio/webm, {len(CLIP):,} bytes>", "mime_type": "audio/webm"}
    assert "fake-webm-clip" not in str(entry.sent)
    assert entry.answer_bytes > 0


def test_free_plan_gets_403_with_a_plain_message(client, alice, provider):
    client.force_login(alice)  # alice is on Free
    response = _post(client)
    assert response.status_code == 403
    assert "part of Pro and Max" in response.json()["error"]
    assert provider.requests == []
    with as_user(alice.pk):
        assert not AIRequest.objects.filter(user=alice).exists()


def test_without_a_provider_it_says_so(pro, settings):
    settings.AI_PROVIDER = "local"
    response = _post(pro)
    assert response.status_code == 403
    assert "no speech-to-text provider configured" in response.json()["error"]


def test_a_clip_that_is_too_big_is_refused_unread(pro, provider, settings):
    settings.VOICE_MAX_BYTES = 512
    response = _post(pro, audio=_clip(b"x" * 2048))
    assert response.status_code == 400
    assert "too big" in response.json()["error"]
    assert provider.requests == []


def test_a_clip_that_is_too_long_is_refused(pro, provider, settings):
    settings.VOICE_MAX_SECONDS = 30
    response = _post(pro, seconds="31")
    assert response.status_code == 400
    assert "at most 30 seconds" in response.json()["error"]
    assert provider.requests == []


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"audio": _clip(b"hello", "text/plain", "notes.txt")}, "not an audio clip"),
        ({"audio": _clip(b"", "audio/webm")}, "empty"),
        ({"audio": None}, "No recording arrived"),
        ({"seconds": "soon"}, "not a number"),
        ({"seconds": "-3"}, "not a number"),
    ],
)
def test_bad_clips_get_400_and_are_not_sent(pro, provider, fields, words):
    response = _post(pro, **fields)
    assert response.status_code == 400
    assert words in response.json()["error"]
    assert provider.requests == []


def test_a_provider_failure_is_a_message_and_is_logged(pro, provider, alice):
    provider.reply_status(500)
    response = _post(pro)
    assert response.status_code == 400
    message = response.json()["error"]
    assert "Nothing was transcribed" in message
    with as_user(alice.pk):
        entry = AIRequest.objects.get(user=alice)
    assert entry.outcome == Outcome.FALLBACK
    assert entry.error and entry.error in message


def test_the_quota_applies(pro, provider, settings):
    settings.AI_MONTHLY_QUOTA = {"free": 0, "pro": 0, "max": 0}
    response = _post(pro)
    assert response.status_code == 429
    assert "AI requests" in response.json()["error"]
    assert provider.requests == []


def test_only_post_and_only_signed_in(client, alice, provider):
    assert _post(client).status_code == 401
    client.force_login(alice)
    assert client.get(URL).status_code == 405


def test_it_needs_the_csrf_token(alice, provider):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert _post(strict).status_code == 403


def _button(user) -> str:
    return render_to_string("ai/_voice_button.html", {"target": "id_text", "user": user})


def test_the_button_tells_the_script_what_the_server_allows(alice, settings, fake_openai):
    settings.VOICE_MAX_SECONDS = 45
    settings.AI_PROVIDER = "local"
    html = _button(alice)
    assert 'data-voice-target="id_text"' in html
    assert f'data-voice-url="{URL}"' in html
    assert 'data-voice-fallback-plan="false"' in html
    assert 'data-voice-provider="false"' in html
    assert 'data-voice-max-seconds="45"' in html
    assert "hidden" in html.split("data-voice-button", 1)[1].split(">", 1)[0]
    assert "ai/voice.js" in html

    plan_set(user=alice, plan="max")
    settings.AI_PROVIDER = "openai-compatible"
    settings.AI_BASE_URL = fake_openai.base_url
    settings.AI_MODEL = "test-model"
    html = _button(alice)
    assert 'data-voice-fallback-plan="true"' in html
    assert 'data-voice-provider="true"' in html
