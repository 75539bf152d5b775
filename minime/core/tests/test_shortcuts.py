"""The shared helpers: a uuid outside the workspace is a field error; returning goes only to a
path on this site."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from minime.areas.models import LifeArea
from minime.areas.services import area_create
from minime.core.db import as_user
from minime.core.errors import Invalid
from minime.core.shortcuts import in_workspace_or_422, return_path


@pytest.mark.parametrize(
    "wanted",
    ["//evil.example", "https://evil.example", "javascript:alert(1)", "/\\evil.example", "tasks/"],
)
def test_return_path_refuses_anything_but_a_local_path(wanted):
    posted = RequestFactory().post("/tasks/x/complete/", {"next": wanted})
    asked = RequestFactory().get("/sign-in/", {"next": wanted})
    assert return_path(posted, "/tasks/") == "/tasks/"
    assert return_path(asked, "/today/") == "/today/"


def test_return_path_accepts_a_local_path_with_its_query():
    posted = RequestFactory().post("/tasks/x/complete/", {"next": "/tasks/?status=open"})
    assert return_path(posted, "/tasks/") == "/tasks/?status=open"
    asked = RequestFactory().get("/capture/", {"back": "/capture/notes/"})
    assert return_path(asked, "/capture/", param="back") == "/capture/notes/"


def test_return_path_without_one_is_the_default():
    assert return_path(RequestFactory().post("/x/"), "/tasks/") == "/tasks/"


def test_a_uuid_of_the_workspace_becomes_its_object(personas):
    home = personas.personal(personas.alice)
    with as_user(personas.alice.pk):
        area = area_create(workspace=home, name="Health")
        data = in_workspace_or_422(home, {"area": area.uuid, "title": "x"}, {"area": LifeArea})
    assert data == {"area": area, "title": "x"}
    assert in_workspace_or_422(home, {"area": None}, {"area": LifeArea}) == {"area": None}


def test_a_uuid_of_another_workspace_is_a_field_error(personas):
    charlie = personas.charlie
    with as_user(charlie.pk):
        theirs = area_create(workspace=personas.personal(charlie), name="Secret")
    home = personas.personal(personas.alice)
    with as_user(personas.alice.pk), pytest.raises(Invalid) as caught:
        in_workspace_or_422(home, {"area": theirs.uuid}, {"area": LifeArea})
    assert caught.value.message == "Some fields need another look."
    assert caught.value.fields == {"area": ["No such life area in this workspace."]}
