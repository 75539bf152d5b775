"""The one relative-time helper: ``{{ moment|ago }}``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.template import Context, Template

from minime.core.templatetags.relative_time import ago

NOW = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("elapsed", "text"),
    [
        (timedelta(0), "just now"),
        (timedelta(seconds=59), "just now"),
        (timedelta(minutes=1), "1 minute ago"),
        (timedelta(minutes=5, seconds=30), "5 minutes ago"),
        (timedelta(hours=3, minutes=5), "3 hours, 5 minutes ago"),
        (timedelta(days=1), "1 day ago"),
        (timedelta(days=2, hours=4), "2 days, 4 hours ago"),
    ],
)
def test_it_says_how_long_ago(elapsed: timedelta, text: str) -> None:
    # Django joins a number and its unit with a no-break space, so "5 minutes" never wraps.
    assert ago(NOW - elapsed, NOW).replace("\xa0", " ") == text


def test_a_moment_a_little_in_the_future_is_just_now() -> None:
    assert ago(NOW + timedelta(seconds=5), NOW) == "just now"


def test_nothing_is_an_empty_string() -> None:
    assert ago(None, NOW) == ""


def test_the_template_filter_never_says_zero_minutes() -> None:
    from django.utils import timezone

    rendered = Template("{% load relative_time %}{{ moment|ago }}").render(
        Context({"moment": timezone.now()})
    )

    assert rendered == "just now"
    assert "0 minutes" not in rendered


def test_pages_say_how_long_ago_only_through_the_helper() -> None:
    """A template that used ``timesince`` itself would say "0 minutes ago" again."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    templates = [*root.glob("minime/*/templates/**/*.html"), *root.glob("templates/**/*.html")]

    assert templates
    offenders = [str(p.relative_to(root)) for p in templates if "timesince" in p.read_text()]
    assert offenders == []
