"""The weekly review's charts (minime.insights' own, each with its table), drawn from a period's
numbers in their stored form (`PeriodNumbers.as_json()`): the same code draws a review in
progress from live numbers and a finished one from its snapshot, so a past review's charts read
the same after the data changes."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from minime.insights.charts import Chart, areas_chart, routines_chart
from minime.insights.selectors import AreaWeek, ItemRef, RoutineWeek


def routines(numbers: dict[str, Any]) -> Chart:
    """Each routine's completion over the period (one column: the review's week)."""
    row = [
        [RoutineWeek(_ref(r["routine"]), r["due"], r["done"], r["partly"], r["skipped"])]
        for r in numbers.get("routines") or []
    ]
    return routines_chart([date.fromisoformat(numbers["start"])], row)


def areas(numbers: dict[str, Any]) -> Chart:
    """Time per life area against its weekly target, and completions."""
    return areas_chart(
        [
            AreaWeek(
                _ref(a["area"]), a["colour"], a["minutes"], a["completions"], a["target_minutes"]
            )
            for a in numbers.get("areas") or []
        ]
    )


def _ref(value: dict[str, Any]) -> ItemRef:
    return ItemRef(value["kind"], UUID(value["uuid"]), value["title"])
