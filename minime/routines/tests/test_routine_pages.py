from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from minime.areas.services import area_create
from minime.core.db import as_user
from minime.routines import services
from minime.routines.models import Routine, RoutineOccurrence, RoutineStep
from minime.routines.services import cadence_rule
from minime.routines.tests.helpers import make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def today(alice):
    return timezone.localdate(timezone=alice.tz)


@pytest.fixture
def mine(personas):
    return personas.personal(personas.alice)


def _create(alice, mine, **kwargs):
    with as_user(alice.pk):
        return make_routine(mine, **kwargs)


def _occurrences(user):
    with as_user(user.pk):
        return list(RoutineOccurrence.objects.values_list("date", "status", "checked_steps"))


def _form(**overrides):
    data = {
        "title": "Gym",
        "kind": "weekly_on",
        "weekdays": ["MO", "WE"],
        "starts_on": "2026-03-02",
        "time_of_day": "evening",
        "estimate_minutes": "45",
    }
    return {**data, **overrides}


def test_adding_a_routine_with_the_cadence_picker(signed_in, alice):
    response = signed_in.post("/routines/", _form())
    with as_user(alice.pk):
        routine = Routine.objects.get()
    assert response.status_code == 302 and response.url == f"/routines/{routine.uuid}/"
    assert routine.recurrence == "FREQ=WEEKLY;BYDAY=MO,WE"
    page = signed_in.get("/routines/").content.decode()
    assert "Every week on Mon and Wed" in page and "Evening" in page and "45 min" in page


def test_bad_input_is_explained_and_what_was_typed_is_kept(signed_in, alice):
    response = signed_in.post("/routines/", _form(title="Gym twice", weekdays=[]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose at least one weekday." in page and 'value="Gym twice"' in page
    response = signed_in.post("/routines/", _form(kind="custom", rule="FREQ=HOURLY"))
    assert response.status_code == 422
    assert "more often than daily" in response.content.decode()
    with as_user(alice.pk):
        assert not Routine.objects.exists()


def test_an_area_of_another_workspace_cannot_be_chosen(signed_in, alice, personas):
    with as_user(alice.pk):
        shared_area = area_create(workspace=personas.shared, name="Shared area")
    response = signed_in.post("/routines/", _form(area=str(shared_area.uuid)))
    assert response.status_code == 422
    assert "Select a valid choice" in response.content.decode()


def test_the_list_shows_due_today_first_with_its_checklist(signed_in, alice, mine, today):
    _create(alice, mine, title="Morning pages", starts_on=today, steps=["Coffee", "Write"])
    later = (today + timedelta(days=1)).strftime("%a").upper()[:2]
    _create(alice, mine, title="Not today", rule=cadence_rule("weekly_on", weekdays=[later]))
    page = signed_in.get("/routines/").content.decode()
    due = page.index("Due today")
    assert due < page.index("Morning pages") < page.index("All routines")
    assert page.index("All routines") < page.index("Not today")
    assert 'name="steps"' in page and "Coffee" in page and 'data-hotkey="add"' in page


def test_ticking_a_step_with_htmx_returns_the_card_and_records_partly(
    signed_in, alice, mine, today
):
    routine = _create(alice, mine, starts_on=today, steps=["Coffee", "Write"])
    with as_user(alice.pk):
        coffee = routine.steps.get(title="Coffee")
    url = f"/routines/{routine.uuid}/check-in/"
    form = {"day": today.isoformat(), "checklist": "1", "steps": [str(coffee.uuid)]}
    response = signed_in.post(url, form, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert f'id="routine-today-{routine.uuid}"' in page and "Partly done" in page
    assert _occurrences(alice) == [(today, "partly", [str(coffee.uuid)])]


def test_done_and_skip_without_javascript_redirect(signed_in, alice, mine, today):
    routine = _create(alice, mine, starts_on=today)
    url = f"/routines/{routine.uuid}/check-in/"
    response = signed_in.post(url, {"day": today.isoformat(), "status": "done"})
    assert response.status_code == 302 and response.url == "/routines/"
    assert _occurrences(alice) == [(today, "done", [])]
    signed_in.post(url, {"day": today.isoformat(), "status": "skipped"})
    assert _occurrences(alice) == [(today, "skipped", [])]
    signed_in.post(url, {"day": today.isoformat(), "status": "clear"})
    assert _occurrences(alice) == []


def test_a_check_in_on_a_future_day_is_refused_with_a_message(signed_in, alice, mine, today):
    routine = _create(alice, mine, starts_on=today)
    tomorrow = (today + timedelta(days=1)).isoformat()
    response = signed_in.post(
        f"/routines/{routine.uuid}/check-in/", {"day": tomorrow, "status": "done"}, follow=True
    )
    assert "That day hasn&#x27;t come yet" in response.content.decode()
    response = signed_in.post(
        f"/routines/{routine.uuid}/check-in/", {"day": tomorrow, "status": "done"}, **HTMX
    )
    assert (
        response.status_code == 200 and "That day hasn&#x27;t come yet" in response.content.decode()
    )
    assert _occurrences(alice) == []


def test_the_detail_page_shows_history_and_checks_in_a_past_day(signed_in, alice, mine, today):
    routine = _create(alice, mine, starts_on=today - timedelta(days=3))
    with as_user(alice.pk):
        services.check_in(routine=routine, day=today - timedelta(days=3), status="done")
    url = f"/routines/{routine.uuid}/"
    page = signed_in.get(url).content.decode()
    assert page.count('class="history-day day-') == 30
    assert "day-done" in page and "day-missed" in page and "day-pending" in page
    assert "day-off" in page and "style=" not in page

    two_days_ago = (today - timedelta(days=2)).isoformat()
    page = signed_in.get(f"{url}?day={two_days_ago}").content.decode()
    assert 'id="check-in"' in page and f'value="{two_days_ago}"' in page
    response = signed_in.post(
        f"{url}check-in/", {"day": two_days_ago, "status": "partly", "from": "detail"}
    )
    assert response.status_code == 302 and response.url.startswith(f"{url}?day={two_days_ago}")
    assert (today - timedelta(days=2), "partly", []) in _occurrences(alice)
    assert "day-partly" in signed_in.get(url).content.decode()


def test_editing_with_a_stale_version_is_refused_with_a_clear_message(signed_in, alice, mine):
    routine = _create(alice, mine)
    with as_user(alice.pk):
        services.routine_update(routine=routine, expected_version=1, title="Stretch more")
    form = _form(title="Yoga", kind="daily", version=1)
    response = signed_in.post(f"/routines/{routine.uuid}/", form)
    assert response.status_code == 422
    assert "changed somewhere else" in response.content.decode()
    form["version"] = 2
    assert signed_in.post(f"/routines/{routine.uuid}/", form).status_code == 302
    with as_user(alice.pk):
        assert Routine.objects.get().title == "Yoga"


def test_the_edit_form_is_filled_from_the_rule(signed_in, alice, mine):
    routine = _create(alice, mine, rule=cadence_rule("every_n_days", every_n=3))
    page = signed_in.get(f"/routines/{routine.uuid}/").content.decode()
    assert '<option value="every_n_days" selected>' in page and 'value="3"' in page


def test_pausing_and_resuming(signed_in, alice, mine, today):
    routine = _create(alice, mine, starts_on=today)
    signed_in.post(f"/routines/{routine.uuid}/active/", {"active": "0"})
    page = signed_in.get("/routines/").content.decode()
    assert "Paused" in page and "Nothing due today." in page
    signed_in.post(f"/routines/{routine.uuid}/active/", {"active": "1"})
    assert "Nothing due today." not in signed_in.get("/routines/").content.decode()


def test_steps_with_htmx_return_the_steps_block_and_without_js_redirect(signed_in, alice, mine):
    routine = _create(alice, mine)
    base = f"/routines/{routine.uuid}/"
    response = signed_in.post(f"{base}steps/", {"title": "Water"}, **HTMX)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="routine-steps"' in page and "<html" not in page
    response = signed_in.post(f"{base}steps/", {"title": "Stretch"})
    assert response.status_code == 302 and response.url == f"{base}#steps"
    with as_user(alice.pk):
        water, stretch = RoutineStep.objects.order_by("position")

    signed_in.post(f"/routines/steps/{stretch.uuid}/move/", {"direction": "up"}, **HTMX)
    signed_in.post(f"/routines/steps/{water.uuid}/", {"title": "Big glass", "version": 1})
    with as_user(alice.pk):
        assert [s.title for s in RoutineStep.objects.order_by("position")] == [
            "Stretch",
            "Big glass",
        ]
    signed_in.post(f"/routines/steps/{water.uuid}/delete/")
    with as_user(alice.pk):
        assert [s.title for s in RoutineStep.objects.all()] == ["Stretch"]


def test_step_errors_are_explained_and_keep_what_was_typed(signed_in, alice, mine):
    routine = _create(alice, mine, steps=["Water"])
    with as_user(alice.pk):
        step = routine.steps.get()
        services.step_update(step=step, expected_version=1, title="Tea")  # another device
    response = signed_in.post(f"/routines/steps/{step.uuid}/", {"title": "Juice", "version": 1})
    page = response.content.decode()
    assert response.status_code == 422
    assert "changed somewhere else" in page and 'value="Juice"' in page
    response = signed_in.post(f"/routines/{routine.uuid}/steps/", {"title": "  "}, **HTMX)
    assert response.status_code == 200 and "Give the step a name." in response.content.decode()


def _steps_block(page: str) -> str:
    start = page.index('id="routine-steps"')
    return page[start : page.index('class="step-add"', start)]


def test_each_step_keeps_its_actions_in_one_row_menu(signed_in, alice, mine):
    routine = _create(alice, mine, steps=["Water", "Stretch"])
    block = _steps_block(signed_in.get(f"/routines/{routine.uuid}/").content.decode())

    assert "btn-danger" not in block  # no red button per step
    rows = block.split('class="step-row"')[1:]
    assert len(rows) == 2
    for row, title in zip(rows, ("Water", "Stretch"), strict=True):
        menu = row[row.index("<details") : row.index("</details>")]
        assert 'class="menu"' in row[: row.index(">", row.index("<details")) + 1]
        assert f'<span class="visually-hidden">Actions for {title}</span>' in menu
        assert "<svg" in menu and "✕" not in menu and "↑" not in menu
        for action in ("Rename", "Move up", "Move down", "Delete"):
            assert action in menu, action
        assert "/move/" in menu and "/delete/" in menu
    assert 'aria-label="Move up: Water" disabled' in rows[0]  # the first cannot go up
    assert 'aria-label="Move down: Stretch" disabled' in rows[1]  # nor the last down


def test_a_failed_rename_opens_its_steps_menu_with_the_error(signed_in, alice, mine):
    routine = _create(alice, mine, steps=["Water", "Stretch"])
    with as_user(alice.pk):
        water = routine.steps.get(title="Water")
        services.step_update(step=water, expected_version=1, title="Tea")  # another device

    response = signed_in.post(
        f"/routines/steps/{water.uuid}/", {"title": "Juice", "version": 1}, **HTMX
    )

    rows = _steps_block(response.content.decode()).split('class="step-row"')[1:]
    tea, stretch = rows
    assert "data-row-menu open" in tea and 'value="Juice"' in tea and 'role="alert"' in tea
    assert "data-row-menu open" not in stretch


def test_moving_routines_with_htmx_and_without(signed_in, alice, mine):
    _create(alice, mine, title="A")
    b = _create(alice, mine, title="B")
    response = signed_in.post(f"/routines/{b.uuid}/move/", {"direction": "up"}, **HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    response = signed_in.post(f"/routines/{b.uuid}/move/", {"direction": "down"})
    assert response.status_code == 302
    with as_user(alice.pk):
        assert [r.title for r in Routine.objects.order_by("position")] == ["A", "B"]


def test_deleting_a_routine(signed_in, alice, mine):
    routine = _create(alice, mine)
    assert signed_in.post(f"/routines/{routine.uuid}/delete/").status_code == 302
    with as_user(alice.pk):
        assert not Routine.objects.exists()


def test_another_workspaces_routine_answers_404(client, charlie, alice, mine, today):
    routine = _create(alice, mine, starts_on=today, steps=["Water"])
    with as_user(alice.pk):
        step = routine.steps.get()
    client.force_login(charlie)
    base = f"/routines/{routine.uuid}/"
    assert client.get(base).status_code == 404
    assert client.post(f"{base}check-in/", {"status": "done"}).status_code == 404
    assert client.post(f"{base}delete/").status_code == 404
    assert client.post(f"{base}steps/", {"title": "x"}).status_code == 404
    assert client.post(f"/routines/steps/{step.uuid}/", {"title": "x"}).status_code == 404
    assert client.post(f"/routines/steps/{step.uuid}/delete/").status_code == 404
    assert _occurrences(alice) == []


def _fill(alice, mine, today, count, start=0):
    with as_user(alice.pk):
        area = area_create(workspace=mine, name=f"Area {start}")
        for i in range(start, start + count):
            routine = make_routine(mine, title=f"Routine {i}", starts_on=today - timedelta(days=9),
                                   area=area, steps=["one", "two", "three"])  # fmt: skip
            services.check_in(routine=routine, day=today - timedelta(days=1), status="done")
            services.check_in(routine=routine, day=today,
                              checked_steps=[routine.steps.first().uuid])  # fmt: skip


def test_the_list_page_makes_the_same_number_of_queries_for_3_or_30_routines(
    signed_in, alice, mine, today, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(alice, mine, today, 3)
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get("/routines/").status_code == 200
    few = len(measured)
    _fill(alice, mine, today, 27, start=3)
    with django_assert_num_queries(few):
        assert signed_in.get("/routines/").status_code == 200


def test_the_detail_page_makes_the_same_number_of_queries_for_3_or_30_routines(
    signed_in, alice, mine, today, django_assert_max_num_queries, django_assert_num_queries
):
    _fill(alice, mine, today, 3)
    with as_user(alice.pk):
        first = Routine.objects.order_by("position")[0]
    url = f"/routines/{first.uuid}/"
    with django_assert_max_num_queries(20) as measured:
        assert signed_in.get(url).status_code == 200
    few = len(measured)
    _fill(alice, mine, today, 27, start=3)
    with as_user(alice.pk):
        for i in range(20):
            services.step_add(routine=first, title=f"extra {i}")
    with django_assert_num_queries(few):
        assert signed_in.get(url).status_code == 200
