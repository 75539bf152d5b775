"""``Item``: one proposed item of the Smart Add preview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Final, Literal, get_args

# What Smart Add can make of a line: defined here once, read by the provider contract
# (``minime.ai.features``), the API schema and the preview form.
ItemKind = Literal["task", "project", "goal", "routine", "note"]
KINDS: Final[tuple[ItemKind, ...]] = get_args(ItemKind)


@dataclass(frozen=True)
class Item:
    """One item of the preview. Field names and values are the preview's contract, shared by
    the page, the API and the providers: ``kind`` is one of ``KINDS``; ``priority`` and
    ``energy`` are "high", "medium" or "low"; ``recurrence`` is an RFC 5545 RRULE
    without DTSTART; ``project`` and ``area`` are names as typed (hyphens and underscores read as
    spaces), matched to existing ones case-insensitively by the caller; None means "not
    said"."""

    kind: str
    title: str
    due_date: date | None = None
    due_time: time | None = None
    recurrence: str | None = None
    priority: str | None = None
    estimate_minutes: int | None = None
    energy: str | None = None
    project: str | None = None
    area: str | None = None
    labels: tuple[str, ...] = ()

    def to_json(self) -> dict[str, object]:
        """Every field, under its README name: dates "YYYY-MM-DD", times "HH:MM", absent
        fields None, labels a list."""
        return {
            "kind": self.kind,
            "title": self.title,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "due_time": self.due_time.strftime("%H:%M") if self.due_time else None,
            "recurrence": self.recurrence,
            "priority": self.priority,
            "estimate_minutes": self.estimate_minutes,
            "energy": self.energy,
            "project": self.project,
            "area": self.area,
            "labels": list(self.labels),
        }
