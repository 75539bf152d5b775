"""Friendly cadences ↔ RRULE (no database)."""

from __future__ import annotations

import pytest

from minime.core import recurrence
from minime.core.errors import Invalid
from minime.routines.services import Cadence, cadence_of, cadence_rule


@pytest.mark.parametrize(
    ("kind", "options", "rule", "text"),
    [
        ("daily", {}, "FREQ=DAILY", "Every day"),
        ("weekdays", {}, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", "Every weekday"),
        ("weekly_on", {"weekdays": ["fr", "MO", "we"]}, "FREQ=WEEKLY;BYDAY=MO,WE,FR",
         "Every week on Mon, Wed and Fri"),
        ("weekly_on", {"weekdays": [6]}, "FREQ=WEEKLY;BYDAY=SU", "Every week on Sunday"),
        ("every_n_days", {"every_n": 3}, "FREQ=DAILY;INTERVAL=3", "Every 3 days"),
        ("every_n_days", {"every_n": 1}, "FREQ=DAILY", "Every day"),
        ("weekly", {}, "FREQ=WEEKLY", "Every week"),
        ("monthly", {}, "FREQ=MONTHLY", "Every month"),
        ("monthly", {"month_day": 15}, "FREQ=MONTHLY;BYMONTHDAY=15", "Every month on the 15th"),
        ("monthly", {"month_day": -1}, "FREQ=MONTHLY;BYMONTHDAY=-1",
         "Every month on the last day"),
    ],
)  # fmt: skip
def test_each_friendly_cadence_becomes_a_valid_rule(kind, options, rule, text):
    built = cadence_rule(kind, **options)
    assert built == rule
    assert recurrence.validate(built) == rule
    assert recurrence.describe(built) == text


@pytest.mark.parametrize(
    ("kind", "options", "field"),
    [
        ("weekly_on", {}, "weekdays"),
        ("weekly_on", {"weekdays": ["XX"]}, "weekdays"),
        ("every_n_days", {}, "every_n"),
        ("every_n_days", {"every_n": 0}, "every_n"),
        ("monthly", {"month_day": 32}, "month_day"),
        ("monthly", {"month_day": 0}, "month_day"),
        ("hourly", {}, "kind"),
    ],
)
def test_an_incomplete_cadence_is_refused_on_the_field_to_fix(kind, options, field):
    with pytest.raises(Invalid) as caught:
        cadence_rule(kind, **options)
    assert field in caught.value.fields


@pytest.mark.parametrize(
    ("rule", "cadence"),
    [
        ("FREQ=DAILY", Cadence("daily")),
        ("FREQ=WEEKLY;BYDAY=FR,MO,TU,WE,TH", Cadence("weekdays")),
        ("FREQ=WEEKLY;BYDAY=SA,TU", Cadence("weekly_on", weekdays=("TU", "SA"))),
        ("FREQ=DAILY;INTERVAL=3", Cadence("every_n_days", every_n=3)),
        ("FREQ=WEEKLY", Cadence("weekly")),
        ("FREQ=MONTHLY", Cadence("monthly")),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", Cadence("monthly", month_day=-1)),
        ("FREQ=WEEKLY;INTERVAL=2", None),
        ("FREQ=YEARLY", None),
        ("FREQ=MONTHLY;BYDAY=1MO", None),
        ("nonsense", None),
    ],
)
def test_a_rule_reads_back_as_its_friendly_cadence_or_none_when_custom(rule, cadence):
    assert cadence_of(rule) == cadence
