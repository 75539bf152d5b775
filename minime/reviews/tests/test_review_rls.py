"""On PostgreSQL the database itself keeps reviews in their workspace: row-level security hides
and refuses other workspaces' reviews."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from minime.core.db import as_user
from minime.reviews import services
from minime.reviews.models import Review

pytestmark = pytest.mark.postgres

DAY = date(2026, 3, 4)


@pytest.fixture
def reviews(personas):
    p = personas
    for user in (p.alice, p.charlie):
        with as_user(user.pk):
            services.weekly_start(workspace=p.personal(user), user=user, today=DAY)
    return p


def test_an_unscoped_query_sees_only_the_users_workspaces(reviews):
    with as_user(reviews.charlie.pk):
        assert Review.objects.count() == 1
        assert Review.objects.get().created_by == reviews.charlie
    with transaction.atomic():  # no user: nothing
        assert Review.objects.count() == 0


def test_a_request_never_lists_another_workspaces_reviews(reviews):
    client = Client()
    client.force_login(reviews.bob)
    assert client.get("/api/v1/reviews").json()["count"] == 0


def test_writing_a_review_into_another_workspace_fails(reviews):
    p = reviews
    with pytest.raises(DatabaseError, match="row-level security"), as_user(p.charlie.pk):
        Review.objects.create(
            workspace=p.personal(p.alice),
            created_by=p.charlie,
            kind="daily",
            period_start=DAY,
            period_end=DAY,
        )


def test_changing_another_workspaces_review_touches_nothing(reviews):
    p = reviews
    with as_user(p.charlie.pk):
        changed = Review.objects.filter(created_by=p.alice).update(notes="mine now")
    assert changed == 0
    with as_user(p.alice.pk):
        assert Review.objects.get().notes == ""
