from __future__ import annotations

import pytest

from minime.areas import services
from minime.areas.models import LifeArea
from minime.areas.selectors import area_list
from minime.core.db import as_user
from minime.core.errors import Conflict, Invalid


@pytest.fixture
def ws(personas):
    with as_user(personas.alice.pk):
        yield personas.personal(personas.alice)


def test_new_areas_go_to_the_end_of_the_list(ws):
    for name in ("Health", "Work", "Family"):
        services.area_create(workspace=ws, name=name)
    assert [a.name for a in area_list(ws)] == ["Health", "Work", "Family"]


def test_names_are_unique_per_workspace_whatever_the_case(ws, personas):
    services.area_create(workspace=ws, name="Health")
    with pytest.raises(Invalid) as caught:
        services.area_create(workspace=ws, name=" health ")
    assert caught.value.fields == {"name": ["You already have an area with this name."]}
    services.area_create(workspace=personas.shared, name="Health")  # another workspace: fine


def test_importance_must_be_between_one_and_five(ws):
    with pytest.raises(Invalid) as caught:
        services.area_create(workspace=ws, name="Fun", importance=9)
    assert "importance" in caught.value.fields


def test_an_update_from_a_stale_version_is_a_conflict(ws):
    area = services.area_create(workspace=ws, name="Health")
    services.area_update(area=area, expected_version=1, importance=5)
    stale = LifeArea.objects.get(pk=area.pk)
    stale.version = 1
    with pytest.raises(Conflict):
        services.area_update(area=stale, expected_version=1, name="Body")
    assert LifeArea.objects.get(pk=area.pk).name == "Health"


def test_renaming_to_an_existing_name_is_refused(ws):
    services.area_create(workspace=ws, name="Health")
    work = services.area_create(workspace=ws, name="Work")
    with pytest.raises(Invalid):
        services.area_update(area=work, expected_version=work.version, name="HEALTH")


def test_moving_and_reordering(ws):
    a, b, c = (services.area_create(workspace=ws, name=n) for n in "ABC")
    services.area_move(area=c, offset=-1)
    assert [x.name for x in area_list(ws)] == ["A", "C", "B"]
    services.area_move(area=a, offset=-1)  # already first: stays
    assert [x.name for x in area_list(ws)] == ["A", "C", "B"]
    services.area_reorder(workspace=ws, order=[b.uuid, a.uuid])
    assert [x.name for x in area_list(ws)] == ["B", "A", "C"]


def test_active_filter(ws):
    services.area_create(workspace=ws, name="Health")
    services.area_create(workspace=ws, name="Old hobby", is_active=False)
    assert [a.name for a in area_list(ws, active=True)] == ["Health"]
    assert [a.name for a in area_list(ws, active=False)] == ["Old hobby"]
