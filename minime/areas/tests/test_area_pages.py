from __future__ import annotations

import pytest

from minime.areas import services
from minime.areas.models import LifeArea
from minime.core.db import as_user


@pytest.fixture
def signed_in(client, alice):
    client.force_login(alice)
    return client


def _areas(user):
    with as_user(user.pk):
        return list(LifeArea.objects.order_by("position").values_list("name", flat=True))


def test_adding_an_area_from_the_list_page(signed_in, alice):
    response = signed_in.post(
        "/areas/", {"name": "Health", "icon": "run", "colour": "green", "importance": 4}
    )
    assert response.status_code == 302
    assert _areas(alice) == ["Health"]
    page = signed_in.get("/areas/").content.decode()
    assert "Health" in page and "4/5" in page
    # Its icon is drawn as an SVG (the "run" icon is heroicons' bolt), never an emoji.
    swatch = page.split('class="area-swatch')[1].split("</span>")[0]
    assert "<svg" in swatch and "🏃" not in page


def test_bad_input_is_explained_and_what_was_typed_is_kept(signed_in, alice):
    signed_in.post("/areas/", {"name": "Health", "icon": "run", "colour": "green", "importance": 3})
    response = signed_in.post(
        "/areas/", {"name": "health", "icon": "run", "colour": "green", "importance": 3}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "You already have an area with this name." in page
    assert 'value="health"' in page
    assert _areas(alice) == ["Health"]


def test_editing_with_a_stale_version_is_refused_with_a_clear_message(signed_in, alice, personas):
    with as_user(alice.pk):
        area = services.area_create(workspace=personas.personal(alice), name="Health")
        services.area_update(area=area, expected_version=1, importance=5)  # another device
    form = {"name": "Body", "icon": "run", "colour": "green", "importance": 3, "version": 1}
    response = signed_in.post(f"/areas/{area.uuid}/edit/", form)
    assert response.status_code == 422
    assert "changed somewhere else" in response.content.decode()
    assert _areas(alice) == ["Health"]


def test_moving_with_htmx_returns_the_rows_and_without_js_redirects(signed_in, alice, personas):
    with as_user(alice.pk):
        for name in ("A", "B"):
            services.area_create(workspace=personas.personal(alice), name=name)
        b = LifeArea.objects.get(name="B")
    response = signed_in.post(f"/areas/{b.uuid}/move/", {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "<li" in response.content.decode() and "<html" not in response.content.decode()
    assert _areas(alice) == ["B", "A"]
    response = signed_in.post(f"/areas/{b.uuid}/move/", {"direction": "down"})
    assert response.status_code == 302
    assert _areas(alice) == ["A", "B"]


def test_deleting_an_area(signed_in, alice, personas):
    with as_user(alice.pk):
        area = services.area_create(workspace=personas.personal(alice), name="Health")
    assert signed_in.post(f"/areas/{area.uuid}/delete/").status_code == 302
    assert _areas(alice) == []


def test_another_workspaces_area_answers_404(client, charlie, alice, personas):
    with as_user(alice.pk):
        area = services.area_create(workspace=personas.personal(alice), name="Health")
    client.force_login(charlie)
    assert client.get(f"/areas/{area.uuid}/edit/").status_code == 404
    assert client.post(f"/areas/{area.uuid}/delete/").status_code == 404
    assert _areas(alice) == ["Health"]


def test_the_list_page_makes_the_same_number_of_queries_for_3_or_30_areas(
    signed_in, alice, personas, django_assert_max_num_queries, django_assert_num_queries
):
    with as_user(alice.pk):
        for i in range(3):
            services.area_create(workspace=personas.personal(alice), name=f"Area {i}")
    with django_assert_max_num_queries(15) as measured:
        assert signed_in.get("/areas/").status_code == 200
    few = len(measured)
    with as_user(alice.pk):
        for i in range(3, 30):
            services.area_create(workspace=personas.personal(alice), name=f"Area {i}")
    with django_assert_num_queries(few):
        assert signed_in.get("/areas/").status_code == 200
