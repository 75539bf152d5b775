"""``{{ moment|ago }}``: how long ago something happened, the one way pages say it.

Under a minute is "just now" (never "0 minutes ago"); after that Django's ``timesince`` with its
two largest units: "1 minute ago", "3 hours, 5 minutes ago", "2 days, 4 hours ago" (a number and
its unit joined by a no-break space). A moment in the future (a clock a little ahead) is "just
now" too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()

JUST_NOW = timedelta(minutes=1)


@register.filter(name="ago")
def ago(moment: datetime | None, now: datetime | None = None) -> str:
    """``moment`` relative to ``now`` (default: the current time), or "" for None."""
    if moment is None:
        return ""
    now = now or timezone.now()
    if now - moment < JUST_NOW:
        return "just now"
    return f"{timesince(moment, now)} ago"
