"""Rule settings: the per-user rules Today, Focus, the recap and reviews follow.

`rules_for(user)` always answers, without writing (the product's defaults, unsaved, until the
user changes something); `rules_update` is the one way to change them, and makes the row.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from minime.accounts.models import User
from minime.core.db import binds_user
from minime.core.errors import Invalid
from minime.preferences.models import RuleSettings

EDITABLE = (
    "priorities_per_day",
    "workday_start",
    "workday_end",
    "work_days",
    "week_start",
    "quick_win_minutes",
    "deep_work_minutes",
    "focus_minutes",
    "break_minutes",
    "recap_enabled",
    "recap_time",
    "recap_when_empty",
    "stuck_project_days",
    "capture_backlog_items",
    "capture_backlog_days",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
END_BEFORE_START = "The work day must end after it starts."
NO_WORK_DAY = "Pick at least one work day."
BAD_WORK_DAY = "Work days are numbers from 0 (Monday) to 6 (Sunday)."


@binds_user
def rules_for(user: User) -> RuleSettings:
    """The user's rules: the stored ones, else the defaults (not saved: reads never write)."""
    return RuleSettings.objects.filter(user=user).first() or RuleSettings(user=user)


def _clean_work_days(value: Any) -> list[int]:
    """Sorted, once each; raises ValueError with the message to show."""
    if not isinstance(value, list | tuple | set):
        raise ValueError(BAD_WORK_DAY)
    days = set()
    for day in value:
        try:
            number = int(day)
        except (TypeError, ValueError):
            number = -1
        if isinstance(day, bool) or not 0 <= number <= 6:
            raise ValueError(BAD_WORK_DAY)
        days.add(number)
    if not days:
        raise ValueError(NO_WORK_DAY)
    return sorted(days)


@binds_user
def rules_update(*, user: User, **fields: Any) -> RuleSettings:
    """Change some of EDITABLE and save. Raises Invalid with a message per field: the work day
    must end after it starts, at least one work day, every number in its range."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise Invalid(f"Unknown fields: {', '.join(sorted(unknown))}.")
    rules, _ = RuleSettings.objects.get_or_create(user=user)
    errors: dict[str, list[str]] = {}
    if "work_days" in fields:
        try:
            fields["work_days"] = _clean_work_days(fields["work_days"])
        except ValueError as exc:
            errors["work_days"] = [str(exc)]
            del fields["work_days"]
    for field, value in fields.items():
        setattr(rules, field, value)
    try:
        rules.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    start, end = rules.workday_start, rules.workday_end
    if "workday_end" not in errors and "workday_start" not in errors and end <= start:
        errors["workday_end"] = [END_BEFORE_START]
    if errors:
        rules.refresh_from_db()
        raise Invalid("Some fields need another look.", fields=errors)
    rules.save()
    return rules
