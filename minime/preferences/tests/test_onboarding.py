"""The onboarding wizard: answers, starter life areas, the page and /api/v1/me/onboarding."""

from __future__ import annotations

import pytest

from minime.areas.models import LifeArea
from minime.areas.services import area_create
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.preferences.forms import ONBOARDING_QUESTIONS, AnswersForm
from minime.preferences.models import OnboardingAnswers
from minime.preferences.onboarding import (
    ANSWERS,
    STARTER_AREAS,
    needs_onboarding,
    onboarding_finish,
    onboarding_save,
    proposed_areas,
)

PAGE = "/accounts/welcome/"
SETTINGS_PAGE = "/accounts/settings/preferences/"  # the same form inside Settings


def _areas(user, workspace=None):
    with as_user(user.pk):
        rows = LifeArea.objects.all()
        if workspace is not None:
            rows = rows.filter(workspace=workspace)
        return sorted(rows.values_list("name", flat=True))


def _form(names=None, keep=None, own="", **answers):
    """The wizard's POST: answers, then one row per proposed area (+ one of the user's own)."""
    names = list(STARTER_AREAS) if names is None else names
    keep = set(range(len(names))) if keep is None else set(keep)
    data = {
        "primary_needs": ["tasks", "overwhelm"],
        "guidance": "strong",
        "available_time": "1-2",
        "default_energy": "low",
        "planning_style": "evening",
        "areas-TOTAL_FORMS": str(len(names) + 1),
        "areas-INITIAL_FORMS": str(len(names)),
        "areas-MIN_NUM_FORMS": "0",
        "areas-MAX_NUM_FORMS": "1000",
    }
    data.update(answers)
    for i, name in enumerate(names):
        data[f"areas-{i}-name"] = name
        if i in keep:
            data[f"areas-{i}-keep"] = "on"
    data[f"areas-{len(names)}-name"] = own
    return {k: v for k, v in data.items() if v is not None}


# --- services ----------------------------------------------------------------------------------
def test_a_new_user_needs_onboarding_until_they_finish(alice, personas):
    assert needs_onboarding(alice)
    onboarding_save(user=alice, guidance="lists")
    assert needs_onboarding(alice)  # answering is not finishing
    with as_user(alice.pk):
        onboarding_finish(user=alice, workspace=personas.personal(alice), areas=[])
    assert not needs_onboarding(alice)
    assert needs_onboarding(personas.bob)


def test_saving_answers_keeps_the_needs_in_the_lists_order(alice):
    answers = onboarding_save(
        user=alice,
        primary_needs=["overwhelm", "tasks", "tasks"],
        guidance="strong",
        available_time="gt6",
        default_energy="high",
        planning_style="week",
    )
    with as_user(alice.pk):
        stored = OnboardingAnswers.objects.get(user=alice)
    assert stored.pk == answers.pk and stored.primary_needs == ["tasks", "overwhelm"]
    assert (stored.guidance, stored.available_time) == ("strong", "gt6")
    assert (stored.default_energy, stored.planning_style) == ("high", "week")
    onboarding_save(user=alice, default_energy="low")
    with as_user(alice.pk):
        stored.refresh_from_db()
    assert stored.default_energy == "low" and stored.guidance == "strong"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("primary_needs", ["world peace"]),
        ("primary_needs", "tasks"),
        ("guidance", "shout"),
        ("available_time", "10h"),
        ("default_energy", "max"),
        ("planning_style", "never"),
    ],
)
def test_answers_outside_the_choices_are_refused(alice, field, value):
    with pytest.raises(Invalid) as caught:
        onboarding_save(user=alice, **{field: value})
    assert field in caught.value.fields
    with as_user(alice.pk):
        assert not OnboardingAnswers.objects.filter(user=alice).exists()


def test_unknown_answers_are_refused(alice):
    with pytest.raises(Invalid):
        onboarding_save(user=alice, completed_at=None)


def test_finishing_creates_the_kept_areas_and_skips_names_that_exist(alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        area_create(workspace=ws, name="health")
        created = onboarding_finish(
            user=alice,
            workspace=ws,
            areas=["Health", " Work ", "Family", "family", "", "  "],
        )
        assert [a.name for a in created] == ["Work", "Family"]
        assert LifeArea.objects.get(workspace=ws, name="Work").icon == "briefcase"
        assert LifeArea.objects.get(workspace=ws, name="Work").is_work  # left out on days off
        assert not LifeArea.objects.get(workspace=ws, name="Family").is_work
    assert _areas(alice) == ["Family", "Work", "health"]
    with as_user(alice.pk):
        first = OnboardingAnswers.objects.get(user=alice).completed_at
    assert first is not None
    with as_user(alice.pk):
        onboarding_finish(user=alice, workspace=ws, areas=["Fun"])
    with as_user(alice.pk):
        assert OnboardingAnswers.objects.get(user=alice).completed_at == first  # first finish stays


def test_an_overlong_area_name_creates_nothing(alice, personas):
    with as_user(alice.pk), pytest.raises(Invalid) as caught:
        onboarding_finish(user=alice, workspace=personas.personal(alice), areas=["Ok", "x" * 61])
    assert "areas" in caught.value.fields
    assert _areas(alice) == []
    assert needs_onboarding(alice)


def test_proposals_leave_out_the_areas_the_workspace_has(alice, personas):
    ws = personas.personal(alice)
    with as_user(alice.pk):
        assert proposed_areas(ws) == list(STARTER_AREAS)
        area_create(workspace=ws, name="MONEY")
        assert "Money" not in proposed_areas(ws) and len(proposed_areas(ws)) == 6
        assert proposed_areas(personas.shared) == list(STARTER_AREAS)


# --- page --------------------------------------------------------------------------------------
def test_the_wizard_asks_every_question_and_proposes_the_starter_areas(client, alice):
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert "Welcome, Alice" in page
    assert page.count('name="primary_needs"') == len(OnboardingAnswers.NEEDS)
    for label in ("Tell me what to do", "Under 1 hour", "Medium", "Go with the flow"):
        assert label in page
    for name in STARTER_AREAS:
        assert f'value="{name}"' in page
    assert page.count('-keep" id=') == len(STARTER_AREAS)
    assert "settings-nav" not in page  # the first visit is the wizard, not a settings page


def test_the_wizard_says_how_many_questions_its_one_page_asks(client, alice):
    client.force_login(alice)
    page = client.get(PAGE).content.decode()
    assert "Five quick questions" not in page
    assert f"{ONBOARDING_QUESTIONS} questions about how you work" in page
    assert "all on this page" in page
    assert ONBOARDING_QUESTIONS == len(AnswersForm.base_fields) == len(ANSWERS)
    for name in AnswersForm.base_fields:  # every counted question is on the page
        assert f'name="{name}"' in page


def test_finishing_the_wizard_stores_the_answers_creates_areas_and_goes_home(
    client, alice, personas
):
    client.force_login(alice)
    names = list(STARTER_AREAS)
    names[0] = "Body and mind"  # renamed
    keep = {0, 1, 2}  # Money, Home… dropped
    response = client.post(PAGE, _form(names=names, keep=keep, own="Music"))
    assert response.status_code == 302 and response["Location"] == "/today/"
    with as_user(alice.pk):
        answers = OnboardingAnswers.objects.get(user=alice)
    assert answers.primary_needs == ["tasks", "overwhelm"] and answers.guidance == "strong"
    assert answers.available_time == "1-2" and answers.default_energy == "low"
    assert answers.planning_style == "evening" and answers.completed_at is not None
    assert _areas(alice, personas.personal(alice)) == [
        "Body and mind",
        "Music",
        "Relationships",
        "Work",
    ]
    assert not needs_onboarding(alice)


def test_bad_input_is_explained_and_what_was_typed_is_kept(client, alice):
    client.force_login(alice)
    long_name = "A very long area name " * 4
    names = list(STARTER_AREAS)
    names[1] = long_name
    response = client.post(PAGE, _form(names=names, guidance=None, own="Music"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Keep area names to 60 characters." in page
    assert "This field is required." in page  # no guidance picked
    assert f'value="{long_name}"' in page and 'value="Music"' in page
    assert 'value="overwhelm" id="id_primary_needs_5" checked' in page
    assert _areas(alice) == []
    assert needs_onboarding(alice)


def test_revisiting_from_settings_changes_answers_and_proposes_only_missing_areas(
    client, alice, personas
):
    client.force_login(alice)
    names = list(STARTER_AREAS)
    client.post(PAGE, _form(names=names, keep={0, 1}))
    page = client.get(SETTINGS_PAGE).content.decode()
    assert "Preferences" in page and 'aria-current="page">Preferences' in page
    assert 'value="Health"' not in page and 'value="Money"' in page
    assert 'value="strong" id="id_guidance_0" required checked' in page  # the stored answer
    missing = names[2:]
    response = client.post(SETTINGS_PAGE, _form(names=missing, keep={0}, guidance="lists"))
    assert response.status_code == 302 and response["Location"] == SETTINGS_PAGE
    with as_user(alice.pk):
        assert OnboardingAnswers.objects.get(user=alice).guidance == "lists"
    assert _areas(alice) == ["Health", "Relationships", "Work"]
    assert "Preferences saved. Added 1 area." in client.get(SETTINGS_PAGE).content.decode()


def test_preferences_are_in_the_settings_nav(client, alice):
    client.force_login(alice)
    page = client.get("/accounts/settings/profile/").content.decode()
    assert f'href="{SETTINGS_PAGE}"' in page and ">Preferences<" in page


def test_areas_go_to_the_active_workspace(client, alice, personas):
    client.force_login(alice)
    client.post("/workspaces/switch/", {"workspace": str(personas.shared.uuid)})
    client.post(PAGE, _form(names=["Health"]))
    assert _areas(alice, personas.shared) == ["Health"]
    assert _areas(alice, personas.personal(alice)) == []


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


# --- API ---------------------------------------------------------------------------------------
def test_reading_and_changing_answers_through_the_api(api, alice):
    body = api.get("/api/v1/me/onboarding").json()
    assert body["needs_onboarding"] is True and body["completed_at"] is None
    assert body["guidance"] == "suggest" and body["proposed_areas"] == list(STARTER_AREAS)
    response = api.put(
        "/api/v1/me/onboarding",
        {"primary_needs": ["goals"], "default_energy": "high"},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["primary_needs"] == ["goals"] and body["default_energy"] == "high"
    assert body["needs_onboarding"] is True


def test_finishing_through_the_api(api, alice):
    response = api.put(
        "/api/v1/me/onboarding",
        {"finish": True, "areas": ["Health", "Side project"]},
        content_type="application/json",
    )
    body = response.json()
    assert body["needs_onboarding"] is False and body["completed_at"]
    assert "Health" not in body["proposed_areas"]
    assert _areas(alice) == ["Health", "Side project"]


def test_invalid_answers_through_the_api_use_the_error_envelope(api, alice):
    response = api.put(
        "/api/v1/me/onboarding", {"guidance": "shout"}, content_type="application/json"
    )
    assert response.status_code == 422 and "guidance" in response.json()["error"]["fields"]
    response = api.put(
        "/api/v1/me/onboarding", {"primary_needs": ["nope"]}, content_type="application/json"
    )
    assert response.json()["error"]["fields"] == {"primary_needs": ["Pick needs from the list."]}
    assert needs_onboarding(alice)


def test_the_onboarding_api_needs_a_user(client, db):
    assert client.get("/api/v1/me/onboarding").status_code == 401
