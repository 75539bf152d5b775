"""Both providers against their fakes: the exact request, the answer, every failure's kind."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest

from minime.ai.features import (
    FEATURES,
    Feature,
    encode_payload,
    read_smart_add,
    read_steps,
    read_summary,
    read_transcript,
)
from minime.ai.providers import (
    Answer,
    Provider,
    ProviderConfig,
    ProviderError,
    make_provider,
)
from minime.ai.providers.gemini import GeminiProvider
from minime.ai.providers.openai_compat import OpenAICompatProvider

from .fakes import FakeGemini, FakeOpenAI, FakeServer, gemini_config, openai_config

SUMMARY = (
    "Today's plan holds five tasks and two are overdue. Start with the product page because "
    "its deadline is tomorrow and it moves your launch forward. The garage and the novel can "
    "wait until the weekend. Two overdue tasks and a stuck website project need a look when "
    "you have a moment. Your plan fits the time you have, with an hour to spare for the "
    "things that come up during the day."
)

# For each feature: a payload, a valid answer, and how the caller reads it.
CASES: dict[str, tuple[dict[str, Any], Any]] = {
    "smart_add": (
        {"text": "Call mom tomorrow at 5pm\nGym every Mon, Wed and Fri #Health"},
        {
            "items": [
                {
                    "kind": "task",
                    "title": "Call mom",
                    "when": "tomorrow at 5pm",
                    "recurrence": None,
                    "priority": None,
                    "estimate_minutes": None,
                    "energy": None,
                    "project": None,
                    "area": None,
                    "labels": [],
                },
                {
                    "kind": "routine",
                    "title": "Gym",
                    "when": None,
                    "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE,FR",
                    "priority": None,
                    "estimate_minutes": None,
                    "energy": None,
                    "project": "Health",
                    "area": None,
                    "labels": [],
                },
            ]
        },
    ),
    "break_task": (
        {"title": "Write the quarterly report", "description": "For the board", "project": "Work"},
        {"steps": ["Gather the figures", "Outline the report", "Draft it", "Send it"]},
    ),
    "break_project": (
        {"title": "Kitchen renovation", "description": "New cupboards and a new floor"},
        {"steps": ["Define the outcome", "Set the budget", "Measure", "Get quotes", "Book"]},
    ),
    "explain_today": (
        {
            "tasks_today": 5,
            "overdue": 2,
            "top_task": "Finish the product page",
            "top_reasons": ["its deadline is tomorrow", "it moves your goal Launch v2 forward"],
            "can_wait": ["Clean the garage", "Read Dune"],
            "attention": ["2 overdue tasks", "Website is stuck"],
            "workload": "fits: 180 of 240 free minutes",
        },
        {"summary": SUMMARY},
    ),
}
GENERATED = sorted(CASES)
AUDIO = b"\x1aE\xdf\xa3\x9fB\x86\x81\x01" * 50  # the start of a WebM file, repeated


def read(feature: Feature, data: object) -> object:
    """How the Django side reads an answer; raises if the answer is not usable."""
    if feature.name == "smart_add":
        return read_smart_add(data)
    if feature.name == "explain_today":
        return read_summary(data)
    assert feature.bounds is not None
    return read_steps(data, *feature.bounds)


def provider_for(fake: FakeServer, **overrides: Any) -> Provider:
    config = (
        gemini_config(fake, **overrides)
        if isinstance(fake, FakeGemini)
        else openai_config(fake, **overrides)  # type: ignore[arg-type]
    )
    provider = make_provider(config)
    assert provider is not None
    return provider


@pytest.fixture(params=["gemini", "openai"])
def fake(request: pytest.FixtureRequest) -> FakeServer:
    name = "fake_gemini" if request.param == "gemini" else "fake_openai"
    fixture: FakeServer = request.getfixturevalue(name)
    return fixture


# --- The exact request -------------------------------------------------------------------------
@pytest.mark.parametrize("name", GENERATED)
def test_gemini_sends_the_instruction_the_payload_json_and_the_schema_only(
    fake_gemini: FakeGemini, name: str
) -> None:
    feature = FEATURES[name]
    values, answer = CASES[name]
    payload = feature.payload(**values)
    fake_gemini.reply_json(answer)

    got = provider_for(fake_gemini).generate(feature, payload)

    (request,) = fake_gemini.requests
    assert request.method == "POST"
    assert request.path == "/v1/models/gemini-2.5-flash:generateContent"
    assert request.headers["x-goog-api-key"] == "test-gemini-key"
    assert request.json == {
        "contents": [{"parts": [{"text": encode_payload(payload)}], "role": "user"}],
        "systemInstruction": {"parts": [{"text": feature.instruction}], "role": "user"},
        "generationConfig": {
            "temperature": 0.2,
            "responseMimeType": "application/json",
            "responseJsonSchema": feature.schema,
        },
    }
    sent = json.loads(request.json["contents"][0]["parts"][0]["text"])
    assert sent == values
    assert tuple(sent) == feature.keys  # nothing but what the disclosure page names
    assert got.data == answer
    assert got.model == "gemini-2.5-flash"
    assert got.size == len(_body_of_last_answer(fake_gemini, answer))
    read(feature, got.data)


def _body_of_last_answer(fake: FakeGemini, answer: object) -> bytes:
    # The fake's envelope for this answer, to check Answer.size is the body's byte count.
    return fake._wrap_text(fake.requests[-1], json.dumps(answer), as_json=True).body


@pytest.mark.parametrize("name", GENERATED)
def test_openai_sends_the_instruction_the_payload_json_and_the_schema_only(
    fake_openai: FakeOpenAI, name: str
) -> None:
    feature = FEATURES[name]
    values, answer = CASES[name]
    payload = feature.payload(**values)
    fake_openai.reply_json(answer)

    got = provider_for(fake_openai).generate(feature, payload)

    (request,) = fake_openai.requests
    assert request.method == "POST"
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-openai-key"
    assert request.json == {
        "model": "gpt-4o-mini",
        "messages": [
            {"role": "system", "content": feature.instruction},
            {"role": "user", "content": encode_payload(payload)},
        ],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": name, "schema": feature.schema, "strict": True},
        },
        "temperature": 0.2,
    }
    sent = json.loads(request.json["messages"][1]["content"])
    assert sent == values
    assert tuple(sent) == feature.keys
    assert got == Answer(answer, "gpt-4o-mini", got.size)
    assert got.size > len(json.dumps(answer))
    read(feature, got.data)


def test_a_payload_with_anything_extra_is_never_sent(fake: FakeServer) -> None:
    fake.reply_json(CASES["smart_add"][1])
    payload: dict[str, object] = {"text": "Call mom", "email": "alice@example.com"}
    with pytest.raises(ProviderError) as caught:
        provider_for(fake).generate(FEATURES["smart_add"], payload)
    assert caught.value.kind == "refused"
    assert "email" in caught.value.detail
    assert fake.requests == []


def test_a_payload_over_the_limits_is_never_sent(fake: FakeServer) -> None:
    with pytest.raises(ProviderError) as caught:
        provider_for(fake).generate(FEATURES["smart_add"], {"text": "x" * 4001})
    assert caught.value.kind == "refused"
    assert fake.requests == []


def test_generate_refuses_the_transcribe_feature(fake: FakeServer) -> None:
    with pytest.raises(ProviderError) as caught:
        provider_for(fake).generate(
            FEATURES["transcribe"], {"audio": AUDIO, "mime_type": "audio/webm"}
        )
    assert caught.value.kind == "unsupported"
    assert fake.requests == []


def test_gemini_reports_the_model_that_answered(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_json(CASES["break_task"][1])
    provider = provider_for(fake_gemini, model="gemini-2.5-flash-lite")
    answer = provider.generate(FEATURES["break_task"], CASES["break_task"][0])
    assert fake_gemini.requests[0].path == "/v1/models/gemini-2.5-flash-lite:generateContent"
    assert answer.model == "gemini-2.5-flash-lite"


def test_openai_without_a_key_sends_no_authorization(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_json(CASES["break_task"][1])
    provider_for(fake_openai, api_key="").generate(FEATURES["break_task"], CASES["break_task"][0])
    assert "authorization" not in fake_openai.requests[0].headers


def test_openai_base_url_may_end_with_a_slash(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_json(CASES["break_task"][1])
    provider = provider_for(fake_openai, base_url=fake_openai.base_url + "/")
    provider.generate(FEATURES["break_task"], CASES["break_task"][0])
    assert fake_openai.requests[0].path == "/v1/chat/completions"


def test_openai_accepts_json_in_a_code_fence(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_text('```json\n{"steps": ["One", "Two", "Three"]}\n```')
    answer = provider_for(fake_openai).generate(FEATURES["break_task"], CASES["break_task"][0])
    assert answer.data == {"steps": ["One", "Two", "Three"]}


def test_a_failed_call_is_made_once_not_retried(fake: FakeServer) -> None:
    fake.reply_status(503)
    with pytest.raises(ProviderError):
        provider_for(fake).generate(FEATURES["break_task"], CASES["break_task"][0])
    assert len(fake.requests) == 1


# --- Transcription -----------------------------------------------------------------------------
def test_gemini_transcribes_an_inline_clip(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_text(" Call the dentist tomorrow at nine \n")
    answer = provider_for(fake_gemini).transcribe(AUDIO, "audio/webm;codecs=opus")

    (request,) = fake_gemini.requests
    assert request.path == "/v1/models/gemini-2.5-flash:generateContent"
    (content,) = request.json["contents"]
    audio_part, text_part = content["parts"]
    assert base64.b64decode(audio_part["inlineData"]["data"]) == AUDIO
    assert audio_part["inlineData"]["mime_type"] == "audio/webm;codecs=opus"
    assert text_part == {"text": FEATURES["transcribe"].instruction}
    assert "systemInstruction" not in request.json
    assert answer.data == "Call the dentist tomorrow at nine"
    assert read_transcript(answer.data) == answer.data


def test_gemini_transcribes_with_the_transcribe_model_when_set(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_text("hello")
    provider_for(fake_gemini, transcribe_model="gemini-2.5-pro").transcribe(AUDIO, "audio/ogg")
    assert fake_gemini.requests[0].path == "/v1/models/gemini-2.5-pro:generateContent"


def test_openai_transcribes_through_the_audio_endpoint(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_text("Call the dentist tomorrow at nine")
    answer = provider_for(fake_openai).transcribe(AUDIO, "audio/webm;codecs=opus")

    (request,) = fake_openai.requests
    assert request.path == "/v1/audio/transcriptions"
    assert request.headers["authorization"] == "Bearer test-openai-key"
    assert request.form == {"model": "whisper-1"}
    clip = request.files["file"]
    assert clip.filename == "clip.webm"  # Whisper reads the format from the name
    assert clip.content_type == "audio/webm"
    assert clip.content == AUDIO
    assert answer == Answer("Call the dentist tomorrow at nine", "whisper-1", answer.size)
    assert answer.size > 0


@pytest.mark.parametrize(
    ("mime_type", "filename"),
    [("audio/mp4", "clip.m4a"), ("audio/mpeg", "clip.mp3"), ("audio/x-wav", "clip.wav")],
)
def test_openai_names_the_clip_after_its_type(
    fake_openai: FakeOpenAI, mime_type: str, filename: str
) -> None:
    fake_openai.reply_text("hi")
    provider_for(fake_openai).transcribe(AUDIO, mime_type)
    assert fake_openai.requests[0].files["file"].filename == filename


def test_openai_without_a_transcribe_model_does_not_transcribe(fake_openai: FakeOpenAI) -> None:
    with pytest.raises(ProviderError) as caught:
        provider_for(fake_openai, transcribe_model="").transcribe(AUDIO, "audio/webm")
    assert caught.value.kind == "unsupported"
    assert fake_openai.requests == []


def test_an_endpoint_without_speech_to_text_is_unsupported(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_status(404)
    with pytest.raises(ProviderError) as caught:
        provider_for(fake_openai).transcribe(AUDIO, "audio/webm")
    assert caught.value.kind == "unsupported"


@pytest.mark.parametrize(("audio", "mime_type"), [(b"", "audio/webm"), (AUDIO, "video/mp4")])
def test_a_clip_that_fails_the_feature_is_never_sent(
    fake: FakeServer, audio: bytes, mime_type: str
) -> None:
    with pytest.raises(ProviderError) as caught:
        provider_for(fake).transcribe(audio, mime_type)
    assert caught.value.kind == "refused"
    assert fake.requests == []


def test_an_empty_transcript_is_malformed(fake: FakeServer) -> None:
    fake.reply_text("   ")
    with pytest.raises(ProviderError) as caught:
        provider_for(fake).transcribe(AUDIO, "audio/webm")
    assert caught.value.kind == "malformed"
    assert caught.value.message == "No speech was recognised."


# --- Failures ----------------------------------------------------------------------------------
def generate(fake: FakeServer, **overrides: Any) -> ProviderError:
    feature = FEATURES["break_task"]
    with pytest.raises(ProviderError) as caught:
        provider_for(fake, **overrides).generate(feature, feature.payload(**CASES["break_task"][0]))
    return caught.value


def assert_plain(error: ProviderError) -> None:
    """A message for the user: one calm sentence, no codes, no exception names."""
    assert error.message.endswith(".")
    assert error.message[0].isupper()
    for jargon in ("HTTP", "Error", "Exception", "429", "500", "{", "json", "JSON"):
        assert jargon not in error.message
    assert error.detail  # the log gets the technical story


@pytest.mark.parametrize(
    ("status", "kind"),
    [
        (500, "unavailable"),
        (502, "unavailable"),
        (503, "unavailable"),
        (504, "timeout"),
        (429, "rate_limited"),
        (401, "auth"),
        (403, "auth"),
        (400, "refused"),
        (404, "refused"),
        (422, "refused"),
    ],
)
def test_http_errors_map_to_a_kind_and_a_plain_message(
    fake: FakeServer, status: int, kind: str
) -> None:
    fake.reply_status(status)
    error = generate(fake)
    assert error.kind == kind
    assert str(status) in error.detail
    assert_plain(error)


def test_the_messages_say_what_happened(fake: FakeServer) -> None:
    fake.reply_status(429)
    assert generate(fake).message == "The AI provider is busy. Try again in a minute."
    fake.reply_status(401)
    assert generate(fake).message == "The AI provider did not accept the API key."


def test_gemini_bad_key_is_an_auth_error_even_though_gemini_says_400() -> None:
    with FakeGemini(api_key="the-right-key") as fake:
        fake.reply_json(CASES["break_task"][1])
        error = generate(fake, api_key="a-wrong-key")
        assert error.kind == "auth"
        assert provider_for(fake).generate(FEATURES["break_task"], CASES["break_task"][0])


def test_openai_bad_key_is_an_auth_error() -> None:
    with FakeOpenAI(api_key="sk-right") as fake:
        fake.reply_json(CASES["break_task"][1])
        assert generate(fake, api_key="sk-wrong").kind == "auth"
        assert provider_for(fake).generate(FEATURES["break_task"], CASES["break_task"][0])


def test_a_slow_provider_times_out_within_the_configured_time(fake: FakeServer) -> None:
    fake.reply_slow(1.0, CASES["break_task"][1])
    started = time.monotonic()
    error = generate(fake, timeout_seconds=0.3)
    assert error.kind == "timeout"
    assert error.message == "The AI provider took too long to answer."
    assert time.monotonic() - started < 0.9
    assert_plain(error)


def test_a_slow_answer_within_the_timeout_is_fine(fake: FakeServer) -> None:
    fake.reply_slow(0.1, CASES["break_task"][1])
    feature = FEATURES["break_task"]
    answer = provider_for(fake, timeout_seconds=1.0).generate(feature, CASES["break_task"][0])
    assert answer.data == CASES["break_task"][1]


def test_transcription_times_out_too(fake: FakeServer) -> None:
    fake.reply_slow(1.0)
    with pytest.raises(ProviderError) as caught:
        provider_for(fake, timeout_seconds=0.3).transcribe(AUDIO, "audio/webm")
    assert caught.value.kind == "timeout"


@pytest.mark.parametrize("factory", [FakeGemini, FakeOpenAI])
def test_a_provider_that_is_down_is_unavailable(factory: type[FakeServer]) -> None:
    with factory() as fake:
        pass  # closed: nothing listens on the port any more
    error = generate(fake)
    assert error.kind == "unavailable"
    assert_plain(error)


def test_a_body_that_is_not_json_is_malformed(fake: FakeServer) -> None:
    fake.reply_raw("<html>Bad gateway</html>")
    error = generate(fake)
    assert error.kind == "malformed"
    assert error.message == "The AI provider's answer could not be used."


def test_an_answer_that_is_not_json_is_malformed(fake: FakeServer) -> None:
    fake.reply_text("Sure! Here are your steps: 1. Outline 2. Draft")
    assert generate(fake).kind == "malformed"


@pytest.mark.parametrize(
    "answer",
    [
        {"stepz": ["One", "Two", "Three"]},
        {"steps": "One, two, three"},
        {"steps": ["One", 2, "Three"]},
        {"steps": ["One", "Two", "Three"], "extra": True},
        ["One", "Two", "Three"],
        "One, two, three",
        None,
    ],
)
def test_an_answer_of_the_wrong_shape_is_malformed(fake: FakeServer, answer: object) -> None:
    fake.reply_json(answer)
    error = generate(fake)
    assert error.kind == "malformed"
    assert error.detail


def test_gemini_without_candidates_is_malformed(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_envelope({"candidates": []})
    assert generate(fake_gemini).kind == "malformed"


def test_gemini_blocking_the_prompt_is_malformed_and_says_so(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_blocked("SAFETY")
    error = generate(fake_gemini)
    assert error.kind == "malformed"
    assert error.message == "The AI provider declined to answer this request."
    assert "SAFETY" in error.detail


@pytest.mark.parametrize("reason", ["SAFETY", "RECITATION", "MAX_TOKENS"])
def test_gemini_stopping_for_safety_or_length_is_malformed(
    fake_gemini: FakeGemini, reason: str
) -> None:
    fake_gemini.reply_envelope(
        {
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": '{"steps": ['}]},
                    "finishReason": reason,
                }
            ]
        }
    )
    error = generate(fake_gemini)
    assert error.kind == "malformed"
    assert reason in error.detail


def test_gemini_candidate_without_text_is_malformed(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_envelope({"candidates": [{"content": {"role": "model", "parts": []}}]})
    assert generate(fake_gemini).kind == "malformed"


def test_openai_refusal_is_malformed_and_says_so(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_refusal()
    error = generate(fake_openai)
    assert error.kind == "malformed"
    assert error.message == "The AI provider declined to answer this request."


@pytest.mark.parametrize(
    "envelope",
    [
        {"choices": []},
        {"object": "chat.completion"},
        {"choices": [{"message": "text"}]},
        {"choices": [{"message": {"content": None}, "finish_reason": "stop"}]},
        {"choices": [{"message": {"content": '{"steps": ['}, "finish_reason": "length"}]},
        {"choices": [{"message": {"content": "{}"}, "finish_reason": "content_filter"}]},
        ["not", "an", "object"],
    ],
)
def test_openai_envelopes_without_a_usable_answer_are_malformed(
    fake_openai: FakeOpenAI, envelope: object
) -> None:
    fake_openai.reply_envelope(envelope)
    assert generate(fake_openai).kind == "malformed"


def test_an_oversized_answer_is_malformed(fake_openai: FakeOpenAI) -> None:
    fake_openai.reply_raw("x" * (1024 * 1024 + 10))
    error = generate(fake_openai)
    assert error.kind == "malformed"
    assert "1 MiB" in error.detail


def test_an_empty_200_is_malformed(fake: FakeServer) -> None:
    fake.reply_raw("")
    assert generate(fake).kind == "malformed"


def test_no_other_exception_type_escapes(fake: FakeServer) -> None:
    script = [
        lambda: fake.reply_raw("{", status=200),
        lambda: fake.reply_raw("null"),
        lambda: fake.reply_raw("[]"),
        lambda: fake.reply_raw('{"candidates": "x", "choices": "x"}'),
        lambda: fake.reply_status(418, "I'm a teapot"),
        lambda: fake.reply_status(500, {"unexpected": ["shape"]}),
        lambda: fake.reply_raw("\udcff".encode("utf-8", "surrogatepass").decode("latin-1")),
    ]
    for setup in script:
        fake.reset()
        setup()
        for call in (
            lambda: provider_for(fake).generate(FEATURES["break_task"], CASES["break_task"][0]),
            lambda: provider_for(fake).transcribe(AUDIO, "audio/webm"),
        ):
            with pytest.raises(ProviderError):
                call()


# --- Configuration -----------------------------------------------------------------------------
def test_make_provider_picks_the_adapter() -> None:
    assert make_provider(ProviderConfig("local")) is None
    gemini = make_provider(ProviderConfig("gemini", model="gemini-2.5-flash", api_key="k"))
    assert isinstance(gemini, GeminiProvider)
    assert (gemini.name, gemini.model) == ("gemini", "gemini-2.5-flash")
    openai = make_provider(
        ProviderConfig("openai-compatible", model="llama3", api_key="", base_url="http://h/v1")
    )
    assert isinstance(openai, OpenAICompatProvider)
    assert (openai.name, openai.model) == ("openai-compatible", "llama3")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"provider": "anthropic", "model": "m"},
        {"provider": "gemini", "model": ""},
        {"provider": "openai-compatible", "model": "m", "base_url": ""},
        {"provider": "openai-compatible", "model": "m", "base_url": "ftp://host"},
        {"provider": "gemini", "model": "m", "timeout_seconds": 0},
    ],
)
def test_a_nonsensical_configuration_is_refused(kwargs: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        ProviderConfig(**kwargs)


def test_the_api_key_never_shows_in_a_repr() -> None:
    config = ProviderConfig("gemini", model="m", api_key="sk-secret-123")
    provider = make_provider(config)
    assert "sk-secret-123" not in repr(config)
    assert "sk-secret-123" not in repr(provider)


def test_provider_error_carries_kind_message_and_detail() -> None:
    error = ProviderError("timeout", detail="ReadTimeout after 20 s")
    assert error.kind == "timeout"
    assert error.message == "The AI provider took too long to answer."
    assert str(error) == "timeout: ReadTimeout after 20 s"
    assert isinstance(error, Exception)
    custom = ProviderError("unsupported", "Voice to text is not set up.", "")
    assert custom.message == "Voice to text is not set up."


def test_gemini_without_a_key_fails_as_auth_and_sends_nothing(fake_gemini: FakeGemini) -> None:
    fake_gemini.reply_json(CASES["break_task"][1])
    error = generate(fake_gemini, api_key="")
    assert error.kind == "auth"
    assert error.message == "No API key is set up for the AI provider."
    assert fake_gemini.requests == []


def test_the_registry_schema_is_not_changed_by_a_call(fake: FakeServer) -> None:
    before = json.dumps(FEATURES["smart_add"].schema, sort_keys=True)
    fake.reply_json(CASES["smart_add"][1])
    provider_for(fake).generate(FEATURES["smart_add"], CASES["smart_add"][0])
    assert json.dumps(FEATURES["smart_add"].schema, sort_keys=True) == before
